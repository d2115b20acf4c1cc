#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/features/completion.h"

namespace slipbox {

// A block a link can point at with `#^id` (Obsidian's "link to a block"): a paragraph, a list
// item, a quote (callouts included) or a table — with the id it has, or where a new one goes.
struct ReferableBlock {
  ByteRange range;      // the block as written
  std::string excerpt;  // its text on one line (markers left out), at most ~100 bytes
  std::string id;       // its id, empty when it has none
  // Where a new id goes and how it is written around the id (Obsidian's documented forms):
  // ` ^id` at the end of a paragraph or of a list item's line; `\n\n^id` on a line of its own
  // after a quote or table (and `\n` after it when text follows at once).
  uint32_t insert_at = 0;
  std::string before_id;
  std::string after_id;
};

// The text of `range` on one line, as a list or a detail shows a block: line breaks and runs of
// blanks become one space, quote markers at line starts are dropped, the block's own ` ^id`
// (when `id` is given) is left out; at most ~100 bytes, cut at a character boundary with "…".
std::string block_excerpt(std::string_view text, ByteRange range, std::string_view id = {});

// The note's referable blocks in document order (none in front matter, code or HTML).
std::vector<ReferableBlock> referable_blocks(const ParsedNote& note, std::string_view text);

// A new id for a block of `note`: `^` + 6 lowercase letters and digits as Obsidian writes
// them, unique in the note (ignoring case) and not in `taken`; the same inputs give the same
// id. `seed` picks among the possible ids (the block's offset, say).
std::string new_block_id(const ParsedNote& note, uint32_t seed, const std::vector<std::string>& taken = {});

// The edit that labels `block` with `id` (without the caret).
BlockIdInsertion block_id_insertion(const ReferableBlock& block, const std::string& id);

// `[[^^query`: paragraphs, list items, quotes and tables of every note whose text matches
// the query (ignoring case and accents), those of the current note first; picking one links
// to it and labels it with a new id when it has none. Reads notes through
// `options.read_text` (only the current note without it) and stops after a budget of bytes,
// then says the list is incomplete.
CompletionResult complete_vault_block(const NoteContext& note, uint32_t query_begin, uint32_t cursor, bool closed,
                                      const CompletionOptions& options);

}  // namespace slipbox
