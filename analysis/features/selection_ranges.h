#pragma once
#include <cstdint>
#include <string_view>
#include <vector>

#include "analysis/markdown/parsed_note.h"
#include "analysis/text/line_index.h"

namespace slipbox {

// textDocument/selectionRange at one offset: the ranges an "expand selection" steps through,
// innermost first, each strictly containing the one before — the word, the link's target,
// the link, the line, the enclosing blocks (list item, list, quote, paragraph, code, front
// matter), the heading sections from the innermost out, the whole note. Never empty: at
// least the whole note (or an empty range at the offset for an empty note).
std::vector<ByteRange> selection_ranges(const ParsedNote& note, std::string_view text, const LineIndex& lines,
                                        uint32_t offset);

}  // namespace slipbox
