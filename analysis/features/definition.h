#pragma once
#include <optional>

#include "analysis/features/note_context.h"

namespace slipbox {

struct DefinitionTarget {
  // Meaningless when `is_self` and the note is outside the vault: use the current document.
  FileId file = 0;
  // The heading or block in the target (byte range into its text and its line);
  // for a whole note or an attachment: the start of the file.
  ByteRange range;
  uint32_t line = 0;
  bool is_self = false;  // the target is the note itself (`[[#Heading]]`)
};

// Go-to-definition on any link form under the cursor. A missing heading or block still
// goes to the note (as Obsidian opens it); a missing note or attachment gives nullopt.
std::optional<DefinitionTarget> find_definition(const NoteContext& note, uint32_t cursor_offset);

}  // namespace slipbox
