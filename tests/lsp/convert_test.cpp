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
  apply_change(text, change);
  EXPECT_EQ(text, c.expected) << c.annotated;
}

INSTANTIATE_TEST_SUITE_P(
    Table, IncrementalChange,
    ::testing::Values(
        ChangeCase{"abc⟦⟧", "d", "abcd"},
        ChangeCase{"a🙂⟦b⟧c", "X", "a🙂Xc"},
        ChangeCase{"🛠 Ressurser/⟦Agile⟧ Metoder", "Smidige", "🛠 Ressurser/Smidige Metoder"},
        ChangeCase{"😀😀⟦😀⟧😀", "[[", "😀😀[[😀"},
        ChangeCase{"Kjøpe ⟦hus⟧ – sjekkliste", "leilighet", "Kjøpe leilighet – sjekkliste"},
        ChangeCase{"line1\n⟦li🙂ne2\nli⟧ne3", "", "line1\nne3"},
        ChangeCase{"a\r\n⟦b⟧\r\nc", "Z", "a\r\nZ\r\nc"},
        ChangeCase{"a\r⟦b⟧", "Z", "a\rZ"},
        ChangeCase{"e\u0301⟦x⟧", "y", "e\u0301y"},
        ChangeCase{"⟦whole text⟧", "new", "new"},
        ChangeCase{"日本語⟦の⟧基本", "ノ", "日本語ノ基本"}));

TEST(Conversion, FullTextChangeReplacesEverything) {
  std::string text = "old 🙂 text";
  apply_change(text, TextDocumentContentChangeEvent{std::nullopt, "brand new"});
  EXPECT_EQ(text, "brand new");
}

TEST(Conversion, PositionsPastTheEndAreClamped) {
  std::string text = "ab\ncd";
  // A line past the end appends; a column past the line's end stops at the line's end.
  apply_change(text, TextDocumentContentChangeEvent{Range{{99, 0}, {99, 5}}, "!"});
  EXPECT_EQ(text, "ab\ncd!");
  apply_change(text, TextDocumentContentChangeEvent{Range{{0, 40}, {0, 40}}, "?"});
  EXPECT_EQ(text, "ab?\ncd!");
}

TEST(Conversion, ReversedRangeIsAnInsertion) {
  std::string text = "abcd";
  apply_change(text, TextDocumentContentChangeEvent{Range{{0, 3}, {0, 1}}, "X"});
  EXPECT_EQ(text, "abcXd");
}

TEST(Conversion, ByteRangesBecomeUtf16Ranges) {
  const char* cases[] = {
      "⟦[[Note]]⟧",
      "🛠 ⟦[[Agile Metoder]]⟧ 🛠",
      "first\r\nsecond 😀😀 ⟦[[x]]⟧",
      "a\n\n⟦b\n🙂c⟧",
      "ø⟦⟧",
  };
  for (const char* annotated_text : cases) {
    const auto annotated = slipbox::testing::parse_annotated(annotated_text);
    const LineIndex lines(annotated.text);
    const ByteRange range = annotated.ranges.at(0);
    const Range expected = oracle_range(annotated.text, range.begin, range.end);
    EXPECT_EQ(to_range(lines, range), expected) << annotated_text;
    EXPECT_EQ(to_offset(lines, expected.start), range.begin) << annotated_text;
    EXPECT_EQ(to_offset(lines, expected.end), range.end) << annotated_text;
  }
}

}  // namespace
}  // namespace slipbox::lsp
