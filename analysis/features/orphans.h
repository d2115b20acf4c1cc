#pragma once
#include <vector>

#include "analysis/vault/link_graph.h"

namespace slipbox {

// `slipbox check --orphans`: notes no other note links to (a note's links to itself don't
// count; links in `%% comments %%` and front matter do). Ascending path.
std::vector<FileId> orphan_notes(const LinkGraph& graph);

// `slipbox check --unused-attachments`: files that are not notes and that no link or embed
// resolves to. Ascending path.
std::vector<FileId> unused_attachments(const LinkGraph& graph);

}  // namespace slipbox
