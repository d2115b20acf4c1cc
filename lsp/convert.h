#pragma once
#include <cstdint>
#include <string>

#include "analysis/text/byte_range.h"
#include "analysis/text/line_index.h"
#include "lsp/protocol.h"

namespace slipbox::lsp {

// Byte offsets (analysis) <-> LSP positions (line, UTF-16 column): the only conversion
// between the two, on top of LineIndex.
Position to_position(const LineIndex& lines, uint32_t offset_bytes);
Range to_range(const LineIndex& lines, ByteRange range);
// Clamps positions past a line's end or the text's end (LineIndex semantics).
uint32_t to_offset(const LineIndex& lines, const Position& position);

// Applies one didChange event: a whole-text replacement, or a UTF-16 range edit.
// A range past the end is clamped; an end before the start is treated as empty.
void apply_change(std::string& text, const TextDocumentContentChangeEvent& change);

}  // namespace slipbox::lsp
