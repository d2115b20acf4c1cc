#include "lsp/convert.h"

#include <algorithm>
#include <cstring>

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

namespace {

// LineIndex::position_of and to_position's UTF-8 branch for a text without '\r'.
Position scanned_position(std::string_view text, uint32_t offset, PositionEncoding encoding) {
  offset = std::min<uint32_t>(offset, static_cast<uint32_t>(text.size()));
  uint32_t line = 0;
  uint32_t start = 0;
  const char* const begin = text.data();
  const char* const end = begin + offset;
  for (const char* at = begin;
       (at = static_cast<const char*>(std::memchr(at, '\n', static_cast<size_t>(end - at)))) != nullptr;) {
    ++line;
    ++at;
    start = static_cast<uint32_t>(at - begin);
  }
  if (encoding == PositionEncoding::Utf8) return Position{line, character_start(text, start, offset) - start};
  uint32_t units = 0;
  for (uint32_t i = start; i < offset;) {  // whole characters only, as LineIndex counts
    char32_t code_point;
    const uint32_t length = decode_utf8(text, i, code_point);
    if (i + length > offset) break;
    units += code_point >= 0x10000 ? 2 : 1;
    i += length;
  }
  return Position{line, units};
}

}  // namespace

std::optional<Range> to_range_by_scanning(std::string_view text, ByteRange range, PositionEncoding encoding) {
  if (text.find('\r') != std::string_view::npos) return std::nullopt;
  return Range{scanned_position(text, range.begin, encoding), scanned_position(text, range.end, encoding)};
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
