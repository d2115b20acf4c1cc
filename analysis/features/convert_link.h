#pragma once
#include <optional>
#include <string>
#include <vector>

#include "analysis/features/refactor.h"

namespace slipbox {

// The link written in the other syntax, same target, heading chain or block, display text
// and `!`: `[[Note#Heading|shown]]` ↔ `[shown](Note.md#Heading)`. The path is written in
// `style.format` when the link resolves, else kept. Nullopt for links that cannot be
// converted (external, front matter, a display text a wiki link cannot hold).
std::optional<std::string> converted_link(const NoteContext& note, const Link& link, const LinkStyle& style);

// On a link: convert it, and convert every link of its syntax in the note
// (kind "refactor.rewrite").
std::vector<Refactor> convert_link_actions(const NoteContext& note, ByteRange selection,
                                           const RefactorOptions& options);

}  // namespace slipbox
