#include "analysis/text/line_index.h"

#include <algorithm>

#include "analysis/text/byte_scan.h"

namespace slipbox {

uint32_t decode_utf8(std::string_view text, uint32_t offset, char32_t& code_point) {
  const auto byte = [&](uint32_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(offset);
  if (lead < 0x80) {
    code_point = lead;
    return 1;
  }
  uint32_t length = 0;
  char32_t value = 0;
  char32_t minimum = 0;
  if ((lead & 0xE0) == 0xC0) {
    length = 2, value = lead & 0x1F, minimum = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3, value = lead & 0x0F, minimum = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4, value = lead & 0x07, minimum = 0x10000;
  } else {
    code_point = 0xFFFD;
    return 1;
  }
  if (offset + length > text.size()) {
    code_point = 0xFFFD;
    return 1;
  }
  for (uint32_t i = 1; i < length; ++i) {
    const unsigned char continuation = byte(offset + i);
    if ((continuation & 0xC0) != 0x80) {
      code_point = 0xFFFD;
      return 1;
    }
    value = (value << 6) | (continuation & 0x3F);
  }
  // Overlong forms, surrogates and values past U+10FFFF are invalid.
  if (value < minimum || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) {
    code_point = 0xFFFD;
    return 1;
  }
  code_point = value;
  return length;
}

uint32_t utf16_length(std::string_view text) {
  uint32_t units = 0;
  for (uint32_t i = 0; i < text.size();) {
    if (static_cast<unsigned char>(text[i]) < 0x80) {
      ++units, ++i;
      continue;
    }
    char32_t code_point;
    i += decode_utf8(text, i, code_point);
    units += code_point >= 0x10000 ? 2 : 1;
  }
  return units;
}

LineIndex::LineIndex(std::string_view text) : text_(text) {
  line_starts_bytes_.push_back(0);
  uint32_t column = 0;
  uint32_t last_checkpoint = 0;
  for (uint32_t i = 0; i < text.size();) {
    const char c = text[i];
    if (c == '\n' || c == '\r') {
      i += (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ? 2 : 1;
      line_starts_bytes_.push_back(i);
      column = 0;
      last_checkpoint = i;
      continue;
    }
    if (i - last_checkpoint >= kCheckpointStrideBytes) {
      checkpoints_.push_back({i, column});
      last_checkpoint = i;
    }
    // Plain ASCII, no line break: eight columns at once.
    if (i + 8 <= text.size() && byte_scan::ascii_and_none_of<'\n', '\r'>(text.data() + i)) {
      column += 8, i += 8;
      continue;
    }
    if (static_cast<unsigned char>(c) < 0x80) {
      ++column, ++i;
      continue;
    }
    char32_t code_point;
    i += decode_utf8(text, i, code_point);
    column += code_point >= 0x10000 ? 2 : 1;
  }
}

uint32_t LineIndex::line_of(uint32_t byte_offset) const {
  const auto after = std::upper_bound(line_starts_bytes_.begin(), line_starts_bytes_.end(), byte_offset);
  return static_cast<uint32_t>(after - line_starts_bytes_.begin()) - 1;
}

uint32_t LineIndex::line_start(uint32_t line) const {
  if (line >= line_starts_bytes_.size()) return static_cast<uint32_t>(text_.size());
  return line_starts_bytes_[line];
}

uint32_t LineIndex::line_end(uint32_t line) const {
  if (line >= line_starts_bytes_.size()) return static_cast<uint32_t>(text_.size());
  uint32_t end =
      line + 1 < line_starts_bytes_.size() ? line_starts_bytes_[line + 1] : static_cast<uint32_t>(text_.size());
  if (end > line_starts_bytes_[line] && line + 1 < line_starts_bytes_.size()) {
    if (text_[end - 1] == '\n') --end;
    if (end > line_starts_bytes_[line] && text_[end - 1] == '\r') --end;
  }
  return end;
}

LineColumnUtf16 LineIndex::position_of(uint32_t byte_offset) const {
  byte_offset = std::min<uint32_t>(byte_offset, static_cast<uint32_t>(text_.size()));
  const uint32_t line = line_of(byte_offset);
  uint32_t i = line_starts_bytes_[line];
  uint32_t units = 0;
  // Start from the closest checkpoint on this line at or before the offset.
  const auto after = std::upper_bound(checkpoints_.begin(), checkpoints_.end(), byte_offset,
                                      [](uint32_t value, const Checkpoint& c) { return value < c.byte_offset; });
  if (after != checkpoints_.begin() && std::prev(after)->byte_offset >= i) {
    i = std::prev(after)->byte_offset;
    units = std::prev(after)->column_utf16;
  }
  // Count whole characters only: an offset inside a sequence counts from its start.
  while (i < byte_offset) {
    char32_t code_point;
    const uint32_t length = decode_utf8(text_, i, code_point);
    if (i + length > byte_offset) break;
    units += code_point >= 0x10000 ? 2 : 1;
    i += length;
  }
  return {line, units};
}

uint32_t LineIndex::offset_of(LineColumnUtf16 position) const {
  if (position.line >= line_starts_bytes_.size()) return static_cast<uint32_t>(text_.size());
  const uint32_t start = line_starts_bytes_[position.line];
  const uint32_t end = line_end(position.line);
  uint32_t i = start;
  uint32_t units = 0;
  // The line's checkpoints, then the last one whose column does not pass the target.
  const auto first = std::lower_bound(checkpoints_.begin(), checkpoints_.end(), start,
                                      [](const Checkpoint& c, uint32_t value) { return c.byte_offset < value; });
  const auto last = std::lower_bound(first, checkpoints_.end(), end + 1,
                                     [](const Checkpoint& c, uint32_t value) { return c.byte_offset < value; });
  const auto past = std::upper_bound(first, last, position.column_utf16,
                                     [](uint32_t value, const Checkpoint& c) { return value < c.column_utf16; });
  if (past != first) {
    i = std::prev(past)->byte_offset;
    units = std::prev(past)->column_utf16;
  }
  while (i < end) {
    char32_t code_point;
    const uint32_t length = decode_utf8(text_, i, code_point);
    const uint32_t width = code_point >= 0x10000 ? 2 : 1;
    if (units + width > position.column_utf16) break;
    units += width;
    i += length;
  }
  return i;
}

}  // namespace slipbox
