#include "lsp/convert.h"

#include <algorithm>

namespace slipbox::lsp {

Position to_position(const LineIndex& lines, uint32_t offset_bytes) {
  const LineColumnUtf16 at = lines.position_of(offset_bytes);
  return Position{at.line, at.column_utf16};
}

Range to_range(const LineIndex& lines, ByteRange range) {
  return Range{to_position(lines, range.begin), to_position(lines, range.end)};
}

uint32_t to_offset(const LineIndex& lines, const Position& position) {
  return lines.offset_of(LineColumnUtf16{position.line, position.character});
}

void apply_change(std::string& text, const TextDocumentContentChangeEvent& change) {
  if (!change.range) {
    text = change.text;
    return;
  }
  const LineIndex lines(text);
  const uint32_t begin = to_offset(lines, change.range->start);
  const uint32_t end = std::max(begin, to_offset(lines, change.range->end));
  text.replace(begin, end - begin, change.text);
}

}  // namespace slipbox::lsp
