#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "analysis/text/byte_range.h"
#include "analysis/text/line_index.h"
#include "lsp/protocol.h"

namespace slipbox::lsp {

// Byte offsets (analysis) <-> LSP positions (line, column in the negotiated encoding: UTF-16
// code units, or bytes for a client that offered utf-8): the only conversion between the
// two, on top of LineIndex.
Position to_position(const LineIndex& lines, uint32_t offset_bytes, PositionEncoding encoding);
Range to_range(const LineIndex& lines, ByteRange range, PositionEncoding encoding);
// The same as to_range without a LineIndex, scanning the text up to the range: cheaper for a
// text asked about once or twice (a reference in another note). nullopt when the text holds
// a '\r' (then build the LineIndex, which knows what a lone '\r' or "\r\n" is).
std::optional<Range> to_range_by_scanning(std::string_view text, ByteRange range, PositionEncoding encoding);
// Clamps positions past a line's end or the text's end (LineIndex semantics); a column inside
// a character gives the character's start.
uint32_t to_offset(const LineIndex& lines, const Position& position, PositionEncoding encoding);

// Applies one didChange event: a whole-text replacement, or a range edit.
// A range past the end is clamped; an end before the start is treated as empty.
// Returns where a range edit's new text ends (the cursor after typing it), as a byte offset
// into the new text; nullopt for a whole-text replacement.
std::optional<uint32_t> apply_change(std::string& text, const TextDocumentContentChangeEvent& change,
                                     PositionEncoding encoding);

}  // namespace slipbox::lsp
