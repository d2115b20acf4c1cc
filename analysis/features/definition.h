#pragma once
#include <optional>

#include "analysis/features/note_context.h"

namespace slipbox {

struct DefinitionTarget {
  FileId file;
  // The heading or block in the target (byte range into its text and its line);
  // for a whole note or an attachment: the start of the file.
  ByteRange range;
  uint32_t line = 0;
  bool is_self = false;  // the target is the note itself (`[[#Heading]]`)
};

// Go-to-definition on any link form under the cursor.
std::optional<DefinitionTarget> find_definition(const NoteContext& note, uint32_t cursor_offset);

}  // namespace slipbox
