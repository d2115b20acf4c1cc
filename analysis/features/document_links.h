#pragma once
#include <optional>
#include <string>
#include <vector>

#include "analysis/features/note_context.h"

namespace slipbox {

struct DocumentLinkTarget {
  ByteRange range;               // the whole link
  std::optional<FileId> file;    // the note or attachment it opens; nullopt: external, or this note outside the vault
  bool is_self = false;          // `[[#Heading]]`
  std::optional<uint32_t> line;  // the heading's or block's line in the target
  std::string external;          // the URI of an external link (`https://…`)
};

// textDocument/documentLink: every link that leads somewhere — wiki links, embeds, Markdown
// links, front-matter links, external URIs — in document order. Broken links are left out
// (their diagnostics say why); a missing heading or block still opens the note.
std::vector<DocumentLinkTarget> document_links(const NoteContext& note);

}  // namespace slipbox
