#pragma once
#include <cstdint>
#include <string_view>
#include <vector>

namespace slipbox {

// A position as LSP counts it: zero-based line, column in UTF-16 code units.
struct LineColumnUtf16 {
  uint32_t line = 0;
  uint32_t column_utf16 = 0;
  friend bool operator==(const LineColumnUtf16&, const LineColumnUtf16&) = default;
};

// Converts byte offsets to (line, UTF-16 column) and back, for one text.
// Lines end at "\n", "\r\n" or a lone "\r" (as LSP says). Invalid UTF-8 bytes count
// as U+FFFD, one UTF-16 unit each. Keeps a view of the text: the text must outlive it.
class LineIndex {
 public:
  explicit LineIndex(std::string_view text);

  LineColumnUtf16 position_of(uint32_t byte_offset) const;
  // Clamps: a line past the end gives the text's end, a column past the line's end
  // gives the line's end, a column inside a surrogate pair gives the character's start.
  uint32_t offset_of(LineColumnUtf16 position) const;

  uint32_t line_of(uint32_t byte_offset) const;
  uint32_t line_count() const { return static_cast<uint32_t>(line_starts_bytes_.size()); }
  uint32_t line_start(uint32_t line) const;
  // The end of the line's content, before its line break.
  uint32_t line_end(uint32_t line) const;
  std::string_view text() const { return text_; }

 private:
  // A known (byte, UTF-16 column) pair at a character boundary, at least every
  // kCheckpointStrideBytes within a line, so a conversion on a 1 MB line scans at most one
  // stride instead of the whole line (many links on one line stay linear).
  struct Checkpoint {
    uint32_t byte_offset;
    uint32_t column_utf16;
  };
  static constexpr uint32_t kCheckpointStrideBytes = 256;

  std::string_view text_;
  std::vector<uint32_t> line_starts_bytes_;
  std::vector<Checkpoint> checkpoints_;  // sorted by byte_offset
};

// Decodes one UTF-8 sequence at `offset`; returns its length in bytes (1 for an invalid
// byte) and stores the code point (U+FFFD for invalid input).
uint32_t decode_utf8(std::string_view text, uint32_t offset, char32_t& code_point);
// UTF-16 length of text[begin, end).
uint32_t utf16_length(std::string_view text);

}  // namespace slipbox
