#include "lsp/convert.h"

#include <algorithm>

namespace slipbox::lsp {
namespace {

// The start of the character around `offset` (at most 3 bytes back, never before `floor`).
uint32_t character_start(std::string_view text, uint32_t floor, uint32_t offset) {
  if (offset >= text.size() || (static_cast<unsigned char>(text[offset]) & 0xC0) != 0x80) return offset;
  for (uint32_t back = 1; back <= 3 && offset >= floor + back; ++back) {
    const uint32_t at = offset - back;
    if ((static_cast<unsigned char>(text[at]) & 0xC0) == 0x80) continue;
    char32_t code_point;
    return at + decode_utf8(text, at, code_point) > offset ? at : offset;
  }
  return offset;  // a stray continuation byte: a character of its own
}

}  // namespace

Position to_position(const LineIndex& lines, uint32_t offset_bytes, PositionEncoding encoding) {
  if (encoding == PositionEncoding::Utf8) {
    const std::string_view text = lines.text();
    const uint32_t offset = std::min<uint32_t>(offset_bytes, static_cast<uint32_t>(text.size()));
    const uint32_t line = lines.line_of(offset);
    const uint32_t start = lines.line_start(line);
    return Position{line, character_start(text, start, offset) - start};
  }
  const LineColumnUtf16 at = lines.position_of(offset_bytes);
  return Position{at.line, at.column_utf16};
}

Range to_range(const LineIndex& lines, ByteRange range, PositionEncoding encoding) {
  return Range{to_position(lines, range.begin, encoding), to_position(lines, range.end, encoding)};
}

uint32_t to_offset(const LineIndex& lines, const Position& position, PositionEncoding encoding) {
  if (encoding == PositionEncoding::Utf8) {
    if (position.line >= lines.line_count()) return static_cast<uint32_t>(lines.text().size());
    const uint32_t start = lines.line_start(position.line);
    const uint32_t end = lines.line_end(position.line);
    return character_start(lines.text(), start, start + std::min(position.character, end - start));
  }
  return lines.offset_of(LineColumnUtf16{position.line, position.character});
}

std::optional<uint32_t> apply_change(std::string& text, const TextDocumentContentChangeEvent& change,
                                     PositionEncoding encoding) {
  if (!change.range) {
    text = change.text;
    return std::nullopt;
  }
  const LineIndex lines(text);
  const uint32_t begin = to_offset(lines, change.range->start, encoding);
  const uint32_t end = std::max(begin, to_offset(lines, change.range->end, encoding));
  text.replace(begin, end - begin, change.text);
  return static_cast<uint32_t>(begin + change.text.size());
}

}  // namespace slipbox::lsp
