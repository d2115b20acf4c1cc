#pragma once
#include <cstdint>
#include <optional>
#include <vector>

#include "analysis/features/note_context.h"

namespace slipbox {

// The token types and modifiers of the legend, in legend order (README documents it).
enum class TokenType : uint8_t {
  WikiLink,      // `[[Note|display]]`: the brackets, path and display text
  MarkdownLink,  // `[display](path)`
  Embed,         // `![[Note]]`, `![alt](image.png)`
  LinkHeading,   // `#Heading` (or `#A#B`) inside a link's target
  LinkBlock,     // `#^block` inside a link's target
  BlockId,       // `^block` labelling a paragraph or block
  Tag,           // `#tag`, and each tag of front matter `tags:`
  Property,      // a front-matter key (`aliases`, `tags`, `status`)
  Comment,       // `%% … %%`, around the links inside it
  Footnote,      // `[^label]` references and definitions
};
inline constexpr const char* kTokenTypeNames[] = {"wikiLink", "markdownLink", "embed",    "linkHeading", "linkBlock",
                                                  "blockId",  "tag",          "property", "comment",     "footnote"};
enum TokenModifier : uint8_t {
  kUnresolved = 1 << 0,   // a link (every piece of it) that diagnostics report broken
  kDeclaration = 1 << 1,  // where a block id or a footnote is defined
};
inline constexpr const char* kTokenModifierNames[] = {"unresolved", "declaration"};

struct SemanticToken {
  ByteRange range;  // may span lines (comments); never overlaps another token
  TokenType type = TokenType::WikiLink;
  uint8_t modifiers = 0;
  friend bool operator==(const SemanticToken&, const SemanticToken&) = default;
};

// The note's tokens in document order; with `within`, only those that overlap it.
// `resolve`: judge links against the vault (false outside every folder: no link but one into
// the note itself is marked unresolved then).
std::vector<SemanticToken> semantic_tokens(const NoteContext& note, std::optional<ByteRange> within = std::nullopt,
                                           bool resolve = true);

}  // namespace slipbox
