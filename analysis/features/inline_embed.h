#pragma once
#include <optional>
#include <string>
#include <vector>

#include "analysis/features/refactor.h"

namespace slipbox {

// The text an embed shows: the heading's section (heading line included), the block
// without its `^id`, or the whole note without its front matter; trailing blank lines
// dropped. Nullopt for an embed that does not resolve to a note, its heading or block.
std::optional<std::string> embedded_text(const NoteContext& note, const Link& embed, const ReadText& read_text);

// On an embed of a note, a heading or a block (`![[Note#Section]]`): replace it with the
// text it shows (kind "refactor.inline").
std::vector<Refactor> inline_embed_actions(const NoteContext& note, ByteRange selection, const ReadText& read_text);

}  // namespace slipbox
