#include "analysis/text/line_index.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace slipbox {
namespace {

// Each case: a text, a byte offset, and the LSP position it must map to (UTF-16 columns).
struct PositionCase {
  std::string name;
  std::string text;
  uint32_t offset;
  LineColumnUtf16 expected;
};

class PositionOf : public ::testing::TestWithParam<PositionCase> {};

TEST_P(PositionOf, MapsBytesToUtf16AndBack) {
  const PositionCase& c = GetParam();
  const LineIndex lines(c.text);
  EXPECT_EQ(lines.position_of(c.offset), c.expected) << c.name;
  EXPECT_EQ(lines.offset_of(c.expected), c.offset) << c.name;
}

INSTANTIATE_TEST_SUITE_P(
    LineIndex, PositionOf,
    ::testing::Values(PositionCase{"empty", "", 0, {0, 0}}, PositionCase{"ascii", "abc", 2, {0, 2}},
                      PositionCase{"end_of_text", "abc", 3, {0, 3}},
                      PositionCase{"second_line_lf", "ab\ncd", 4, {1, 1}},
                      PositionCase{"start_of_line_after_lf", "ab\ncd", 3, {1, 0}},
                      PositionCase{"crlf_line", "ab\r\ncd", 5, {1, 1}},
                      PositionCase{"lone_cr_ends_a_line", "ab\rcd", 4, {1, 1}},
                      PositionCase{"cr_cr_lf_is_two_breaks", "a\r\r\nb", 4, {2, 0}},
                      PositionCase{"two_byte_char", "\xC3\xA6x", 2, {0, 1}},                  // æ = 1 unit
                      PositionCase{"three_byte_cjk", "\xE6\x97\xA5\xE6\x9C\xAC", 3, {0, 1}},  // 日 = 1 unit
                      PositionCase{"emoji_is_two_units", "\xF0\x9F\x9B\xA0 R", 5, {0, 3}},    // 🛠 = 2 units
                      PositionCase{"emoji_then_crlf", "\xF0\x9F\x98\x80\r\nx", 7, {1, 1}},
                      PositionCase{"invalid_byte_is_one_unit",
                                   "a\xFF"
                                   "b",
                                   2,
                                   {0, 2}},
                      PositionCase{"truncated_sequence_counts_each_byte",
                                   "\xE6\x97"
                                   "b",
                                   2,
                                   {0, 2}},
                      PositionCase{"nul_byte", std::string("a\0b", 3), 2, {0, 2}},
                      PositionCase{"surrogate_encoding_is_invalid", "\xED\xA0\x80x", 3, {0, 3}},
                      PositionCase{"overlong_is_invalid", "\xC0\xAFx", 2, {0, 2}}),
    [](const ::testing::TestParamInfo<PositionCase>& param_info) { return param_info.param.name; });

TEST(LineIndex, OffsetInsideACharacterCountsFromItsStart) {
  const std::string text = "\xF0\x9F\x98\x80z";  // 😀z
  const LineIndex lines(text);
  EXPECT_EQ(lines.position_of(2), (LineColumnUtf16{0, 0}));
  EXPECT_EQ(lines.position_of(4), (LineColumnUtf16{0, 2}));
}

TEST(LineIndex, OffsetOfClamps) {
  const std::string text = "\xF0\x9F\x98\x80z\nsecond";
  const LineIndex lines(text);
  EXPECT_EQ(lines.offset_of({0, 1}), 0u) << "inside a surrogate pair goes to the character's start";
  EXPECT_EQ(lines.offset_of({0, 99}), 5u) << "past the line's end stops before the line break";
  EXPECT_EQ(lines.offset_of({7, 0}), text.size()) << "past the last line gives the text's end";
  EXPECT_EQ(lines.position_of(999), lines.position_of(static_cast<uint32_t>(text.size())));
}

TEST(LineIndex, LinesAndTheirEnds) {
  const std::string text = "one\r\ntwo\n\nfour\rfive";
  const LineIndex lines(text);
  ASSERT_EQ(lines.line_count(), 5u);
  const std::vector<std::pair<uint32_t, uint32_t>> expected = {{0, 3}, {5, 8}, {9, 9}, {10, 14}, {15, 19}};
  for (uint32_t line = 0; line < expected.size(); ++line) {
    EXPECT_EQ(lines.line_start(line), expected[line].first) << line;
    EXPECT_EQ(lines.line_end(line), expected[line].second) << line;
  }
  EXPECT_EQ(lines.line_of(4), 0u) << "the \\n of a CRLF belongs to its line";
  EXPECT_EQ(lines.line_of(5), 1u);
  EXPECT_EQ(lines.line_start(9), text.size());
  EXPECT_EQ(lines.line_end(9), text.size());
}

TEST(LineIndex, TrailingLineBreakStartsAnEmptyLastLine) {
  const LineIndex lines("a\n");
  EXPECT_EQ(lines.line_count(), 2u);
  EXPECT_EQ(lines.position_of(2), (LineColumnUtf16{1, 0}));
  EXPECT_EQ(lines.line_end(1), 2u);
}

// Every offset on a mixed line round-trips, and columns only grow.
TEST(LineIndex, RoundTripsEveryCharacterBoundary) {
  const std::string text =
      "a\xC3\xA6\xE6\x97\xA5\xF0\x9F\x98\x80\xFF"
      "b\r\n\xF0\x9F\x9B\xA0 x";
  const LineIndex lines(text);
  uint32_t previous_line = 0, previous_column = 0;
  for (uint32_t i = 0; i <= text.size();) {
    const LineColumnUtf16 p = lines.position_of(i);
    EXPECT_EQ(lines.offset_of(p), i) << i;
    if (p.line == previous_line) {
      EXPECT_GE(p.column_utf16, previous_column) << i;
    }
    previous_line = p.line, previous_column = p.column_utf16;
    if (i == text.size()) break;
    char32_t code_point;
    i += decode_utf8(text, i, code_point);
    if (text[i - 1] == '\r') ++i;  // skip to after "\r\n"
  }
}

// A straightforward count from the line's start: the oracle for long lines, where
// LineIndex jumps in from checkpoints.
LineColumnUtf16 naive_position(std::string_view text, uint32_t offset) {
  uint32_t line = 0, column = 0;
  for (uint32_t i = 0; i < offset;) {
    if (text[i] == '\n' || text[i] == '\r') {
      const uint32_t next = (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ? i + 2 : i + 1;
      if (next > offset) {  // between \r and \n: still on this line, after the \r
        ++column;
        break;
      }
      ++line, column = 0, i = next;
      continue;
    }
    char32_t code_point;
    const uint32_t length = decode_utf8(text, i, code_point);
    if (i + length > offset) break;
    column += code_point >= 0x10000 ? 2 : 1;
    i += length;
  }
  return {line, column};
}

TEST(LineIndex, LongMixedLinesMatchANaiveCount) {
  std::string text;
  const char* const pieces[] = {"a", "\xC3\xA6", "\xE6\x97\xA5", "\xF0\x9F\x9B\xA0", "\xFF", "[[x]] ", "\xE6\x97"};
  for (int line = 0; line < 3; ++line) {
    for (int i = 0; i < 3000; ++i) text += pieces[(i * 5 + line) % std::size(pieces)];
    text += line == 0 ? "\r\n" : "\n";
  }
  const LineIndex lines(text);
  for (uint32_t offset = 0; offset <= text.size(); offset += 1) {
    const LineColumnUtf16 expected = naive_position(text, offset);
    ASSERT_EQ(lines.position_of(offset), expected) << offset;
  }
  // Every character start round-trips through offset_of.
  for (uint32_t i = 0; i < text.size();) {
    ASSERT_EQ(lines.offset_of(lines.position_of(i)), i) << i;
    char32_t code_point;
    i += text[i] == '\r' ? 2 : decode_utf8(text, i, code_point);
  }
  // A column inside a surrogate pair far into a line snaps to the emoji's start.
  const uint32_t emoji = static_cast<uint32_t>(text.find("\xF0\x9F\x9B\xA0", 5000));
  const LineColumnUtf16 at = lines.position_of(emoji);
  EXPECT_EQ(lines.offset_of({at.line, at.column_utf16 + 1}), emoji);
  EXPECT_EQ(lines.offset_of({at.line, at.column_utf16 + 2}), emoji + 4);
  EXPECT_EQ(lines.offset_of({0, 1u << 30}), lines.line_end(0));
}

// Long ASCII runs (which LineIndex crosses eight bytes at a time) broken at every distance by
// line breaks and multibyte characters: every offset agrees with the naive count.
TEST(LineIndex, AsciiRunsOfEveryLengthMatchANaiveCount) {
  const char* const breaks[] = {"\n", "\r\n", "\r", "\xC3\xA6", "\xF0\x9F\x9B\xA0", "\xFF", "\t"};
  std::string text;
  uint32_t seed = 7;
  for (int piece = 0; piece < 400; ++piece) {
    seed = seed * 1103515245u + 12345u;
    const size_t run = (seed >> 8) % 40;
    for (size_t i = 0; i < run; ++i) text += static_cast<char>('a' + (i + piece) % 26);
    text += breaks[(seed >> 20) % std::size(breaks)];
  }
  text += "tail without a break";
  const LineIndex lines(text);
  for (uint32_t offset = 0; offset <= text.size(); ++offset)
    ASSERT_EQ(lines.position_of(offset), naive_position(text, offset)) << offset;
}

TEST(DecodeUtf8, CodePointsAndLengths) {
  char32_t cp = 0;
  EXPECT_EQ(decode_utf8("A", 0, cp), 1u);
  EXPECT_EQ(cp, U'A');
  EXPECT_EQ(decode_utf8("\xC3\xA6", 0, cp), 2u);
  EXPECT_EQ(cp, U'\u00E6');
  EXPECT_EQ(decode_utf8("\xF0\x9F\x9B\xA0", 0, cp), 4u);
  EXPECT_EQ(cp, U'\U0001F6E0');
  EXPECT_EQ(decode_utf8("\xF4\x90\x80\x80", 0, cp), 1u) << "past U+10FFFF";
  EXPECT_EQ(cp, U'\uFFFD');
  EXPECT_EQ(decode_utf8("\x80", 0, cp), 1u) << "lone continuation byte";
  EXPECT_EQ(cp, U'\uFFFD');
  EXPECT_EQ(decode_utf8("\xF0\x9F", 0, cp), 1u) << "truncated at the end";
  EXPECT_EQ(cp, U'\uFFFD');
}

TEST(Utf16Length, CountsSurrogatePairsAndInvalidBytes) {
  EXPECT_EQ(utf16_length(""), 0u);
  EXPECT_EQ(utf16_length("abc"), 3u);
  EXPECT_EQ(utf16_length("\xF0\x9F\x9B\xA0 Ressurser"), 12u);
  EXPECT_EQ(utf16_length("\xE6\x97\xA5\xE6\x9C\xAC"), 2u);
  EXPECT_EQ(utf16_length("\xFF\xFE"), 2u);
}

}  // namespace
}  // namespace slipbox
