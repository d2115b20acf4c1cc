#pragma once
#include <cstdint>
#include <string_view>
#include <vector>

#include "analysis/markdown/parsed_note.h"
#include "analysis/text/line_index.h"

namespace slipbox {

enum class FoldKind : uint8_t {
  Section,      // a heading to the end of its section (trailing blank lines left out)
  FrontMatter,  // `---` … `---`
  Code,         // a fenced code block, fences included
  Callout,      // `> [!type]` and the quote lines that follow it
  Comment,      // a `%% … %%` comment over several lines
  List,         // a list, or a list item with lines below it (nested items, continuation)
};

// A foldable stretch of lines (zero-based, inclusive): start_line stays visible.
struct Fold {
  uint32_t start_line = 0;
  uint32_t end_line = 0;
  FoldKind kind = FoldKind::Section;
  friend bool operator==(const Fold&, const Fold&) = default;
};

// textDocument/foldingRange: every stretch of at least two lines, sorted by start line (then
// the longer first); no two folds with the same start and end. `lines` indexes `text`.
std::vector<Fold> folding_ranges(const ParsedNote& note, std::string_view text, const LineIndex& lines);

}  // namespace slipbox
