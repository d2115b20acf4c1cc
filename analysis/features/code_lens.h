#pragma once
#include <vector>

#include "analysis/features/note_context.h"
#include "analysis/vault/link_graph.h"

namespace slipbox {

struct BacklinkLens {
  ByteRange range;             // the note's title (first `# heading`, else the start) or a heading
  size_t count = 0;            // links from other notes
  bool is_note = true;         // counts links to the note; false: to that heading
  std::vector<LinkRef> links;  // the links counted (`count` of them), by source then position
};

// Code lens: how many links from other notes point at this note (on its title) and at
// each of its headings. Nothing for a note outside the vault.
std::vector<BacklinkLens> backlink_lenses(const NoteContext& note, const LinkGraph& graph);

}  // namespace slipbox
