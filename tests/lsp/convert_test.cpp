// UTF-16 positions <-> bytes at the protocol edge, and applying didChange events.
#include "lsp/convert.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/lsp/utf16_oracle.h"
#include "tests/support/fixture.h"

namespace slipbox::lsp {
namespace {

using testing::oracle_range;

struct ChangeCase {
  const char* annotated;  // ⟦…⟧ marks the range the edit replaces
  const char* new_text;
  const char* expected;
};

class IncrementalChange : public ::testing::TestWithParam<ChangeCase> {};

TEST_P(IncrementalChange, ReplacesTheUtf16Range) {
  const ChangeCase& c = GetParam();
  const auto annotated = slipbox::testing::parse_annotated(c.annotated);
  ASSERT_EQ(annotated.ranges.size(), 1u);
  TextDocumentContentChangeEvent change;
  change.range = oracle_range(annotated.text, annotated.ranges[0].begin, annotated.ranges[0].end);
  change.text = c.new_text;
  std::string text = annotated.text;
  const std::optional<uint32_t> cursor = apply_change(text, change, PositionEncoding::Utf16);
  EXPECT_EQ(text, c.expected) << c.annotated;
  // The cursor after typing: right after the new text.
  EXPECT_EQ(cursor, annotated.ranges[0].begin + std::string_view(c.new_text).size()) << c.annotated;
}

INSTANTIATE_TEST_SUITE_P(
    Table, IncrementalChange,
    ::testing::Values(ChangeCase{"abc⟦⟧", "d", "abcd"}, ChangeCase{"a🙂⟦b⟧c", "X", "a🙂Xc"},
                      ChangeCase{"🛠 Ressurser/⟦Agile⟧ Metoder", "Smidige", "🛠 Ressurser/Smidige Metoder"},
                      ChangeCase{"😀😀⟦😀⟧😀", "[[", "😀😀[[😀"},
                      ChangeCase{"Kjøpe ⟦hus⟧ – sjekkliste", "leilighet", "Kjøpe leilighet – sjekkliste"},
                      ChangeCase{"line1\n⟦li🙂ne2\nli⟧ne3", "", "line1\nne3"},
                      ChangeCase{"a\r\n⟦b⟧\r\nc", "Z", "a\r\nZ\r\nc"}, ChangeCase{"a\r⟦b⟧", "Z", "a\rZ"},
                      ChangeCase{"e\u0301⟦x⟧", "y", "e\u0301y"}, ChangeCase{"⟦whole text⟧", "new", "new"},
                      ChangeCase{"日本語⟦の⟧基本", "ノ", "日本語ノ基本"}));

TEST(Conversion, FullTextChangeReplacesEverything) {
  std::string text = "old 🙂 text";
  EXPECT_EQ(apply_change(text, TextDocumentContentChangeEvent{std::nullopt, "brand new"}, PositionEncoding::Utf16),
            std::nullopt);  // no cursor to tell
  EXPECT_EQ(text, "brand new");
}

TEST(Conversion, PositionsPastTheEndAreClamped) {
  std::string text = "ab\ncd";
  // A line past the end appends; a column past the line's end stops at the line's end.
  apply_change(text, TextDocumentContentChangeEvent{Range{{99, 0}, {99, 5}}, "!"}, PositionEncoding::Utf16);
  EXPECT_EQ(text, "ab\ncd!");
  apply_change(text, TextDocumentContentChangeEvent{Range{{0, 40}, {0, 40}}, "?"}, PositionEncoding::Utf16);
  EXPECT_EQ(text, "ab?\ncd!");
}

TEST(Conversion, ReversedRangeIsAnInsertion) {
  std::string text = "abcd";
  EXPECT_EQ(apply_change(text, TextDocumentContentChangeEvent{Range{{0, 3}, {0, 1}}, "X"}, PositionEncoding::Utf16),
            4u);
  EXPECT_EQ(text, "abcXd");
}

TEST(Conversion, ByteRangesBecomeUtf16Ranges) {
  const char* cases[] = {
      "⟦[[Note]]⟧", "🛠 ⟦[[Agile Metoder]]⟧ 🛠", "first\r\nsecond 😀😀 ⟦[[x]]⟧", "a\n\n⟦b\n🙂c⟧", "ø⟦⟧",
  };
  for (const char* annotated_text : cases) {
    const auto annotated = slipbox::testing::parse_annotated(annotated_text);
    const LineIndex lines(annotated.text);
    const ByteRange range = annotated.ranges.at(0);
    const Range expected = oracle_range(annotated.text, range.begin, range.end);
    EXPECT_EQ(to_range(lines, range, PositionEncoding::Utf16), expected) << annotated_text;
    EXPECT_EQ(to_offset(lines, expected.start, PositionEncoding::Utf16), range.begin) << annotated_text;
    EXPECT_EQ(to_offset(lines, expected.end, PositionEncoding::Utf16), range.end) << annotated_text;
  }
}

// With utf-8 negotiated, a column is a byte count within the line.
TEST(Conversion, Utf8ColumnsAreBytesWithinTheLine) {
  constexpr auto utf8 = PositionEncoding::Utf8;
  const std::string text = "a🙂b\r\nø[[x]]\n";
  const LineIndex lines(text);
  EXPECT_EQ(to_position(lines, 5, utf8), (Position{0, 5}));   // after "a🙂"
  EXPECT_EQ(to_position(lines, 10, utf8), (Position{1, 2}));  // after "ø"
  EXPECT_EQ(to_position(lines, 3, utf8), (Position{0, 1}));   // inside the emoji: its start
  EXPECT_EQ(to_position(lines, 999, utf8), (Position{2, 0}));
  EXPECT_EQ(to_offset(lines, Position{1, 2}, utf8), 10u);
  EXPECT_EQ(to_offset(lines, Position{0, 3}, utf8), 1u);   // inside the emoji: its start
  EXPECT_EQ(to_offset(lines, Position{0, 99}, utf8), 6u);  // past the line's end: before \r\n
  EXPECT_EQ(to_offset(lines, Position{9, 0}, utf8), static_cast<uint32_t>(text.size()));
  std::string edited = text;
  apply_change(edited, TextDocumentContentChangeEvent{Range{{1, 4}, {1, 5}}, "y"}, utf8);
  EXPECT_EQ(edited, "a🙂b\r\nø[[y]]\n");
}

}  // namespace
}  // namespace slipbox::lsp

namespace slipbox::lsp {
namespace {

// Scanning to a range gives what the line table gives, at every pair of offsets, in both
// encodings, on text with multibyte characters, invalid bytes and empty lines; and declines
// text with a '\r'.
TEST(Conversion, ScanningToARangeAgreesWithTheLineTable) {
  const std::string text = "a\xC3\xA6 [[x]]\n\n\xF0\x9F\x9B\xA0 \xE6\x97\xA5\xFF\xE6\x97\nlast \xC3";
  const LineIndex lines(text);
  for (const PositionEncoding encoding : {PositionEncoding::Utf16, PositionEncoding::Utf8}) {
    for (uint32_t begin = 0; begin <= text.size(); ++begin) {
      for (uint32_t end = begin; end <= text.size(); ++end) {
        const auto scanned = to_range_by_scanning(text, {begin, end}, encoding);
        ASSERT_TRUE(scanned.has_value());
        const Range expected = to_range(lines, {begin, end}, encoding);
        ASSERT_EQ(scanned->start.line, expected.start.line) << begin;
        ASSERT_EQ(scanned->start.character, expected.start.character) << begin;
        ASSERT_EQ(scanned->end.line, expected.end.line) << end;
        ASSERT_EQ(scanned->end.character, expected.end.character) << end;
      }
    }
  }
  EXPECT_FALSE(to_range_by_scanning("a\r\nb", {3, 4}, PositionEncoding::Utf16).has_value());
}

}  // namespace
}  // namespace slipbox::lsp
