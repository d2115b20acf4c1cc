// Resource limits for the parser on top of robustness_test.cpp: 10,000-deep nesting of
// quotes and lists (through md4c), binary input, NUL bytes and invalid UTF-8 with exact
// offsets and UTF-16 positions (each invalid byte counts as one U+FFFD).
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>

#include "analysis/markdown/parsed_note.h"
#include "analysis/text/line_index.h"

namespace slipbox {
namespace {

using namespace std::literals;

std::string repeat(std::string_view unit, size_t count) {
  std::string out;
  out.reserve(unit.size() * count);
  for (size_t i = 0; i < count; ++i) out += unit;
  return out;
}

void expect_ranges_inside(std::string_view text, const ParsedNote& note) {
  const auto n = static_cast<uint32_t>(text.size());
  for (const Link& link : note.links) {
    ASSERT_LE(link.range.begin, link.range.end);
    ASSERT_LE(link.range.end, n);
  }
  for (const Heading& heading : note.headings) ASSERT_LE(heading.range.end, n);
  for (const BlockAnchor& block : note.blocks) ASSERT_LE(block.block_range.end, n);
  for (const Tag& tag : note.tags) ASSERT_LE(tag.range.end, n);
}

// A link, a tag, a block id and a heading at the bottom of 10,000 levels of each container.
TEST(ParseNoteLimits, TenThousandDeepNestingKeepsExactOffsets) {
  for (const std::string_view unit : {"> "sv, ">"sv, "- "sv, "* "sv, "1. "sv, "> - "sv, "- > "sv, "+ 1) "sv}) {
    SCOPED_TRACE(std::string(unit));
    const std::string prefix = repeat(unit, 10'000);
    const std::string text = prefix + "deep [[Target]] #tag ^blk\n" + prefix + "[[Second]]\n";
    const ParsedNote note = parse_note(text);
    expect_ranges_inside(text, note);
    ASSERT_EQ(note.links.size(), 2u);
    EXPECT_EQ(note.links[0].path(), "Target");
    EXPECT_EQ(note.links[0].range.begin, text.find("[[Target]]"));
    EXPECT_EQ(note.links[1].range.begin, text.find("[[Second]]"));
    const LineIndex lines(text);
    EXPECT_EQ(lines.position_of(note.links[1].range.begin), (LineColumnUtf16{1, static_cast<uint32_t>(prefix.size())}));
  }
}

TEST(ParseNoteLimits, DeepNestingOnManyLines) {
  // 200 lines, each 10,000 quote levels deep: md4c re-matches the containers per line.
  const std::string prefix(10'000, '>');
  std::string text;
  for (int i = 0; i < 200; ++i) text += prefix + " [[N" + std::to_string(i) + "]]\n";
  const ParsedNote note = parse_note(text);
  ASSERT_EQ(note.links.size(), 200u);
  EXPECT_EQ(note.links[199].path(), "N199");
  EXPECT_EQ(note.links[199].range.begin, text.rfind("[[N199]]"));
}

TEST(ParseNoteLimits, DeepEmphasisBracketsAndHtml) {
  const std::string text = repeat("*", 50'000) + "[[A]]" + repeat("*", 50'000) + "\n" + repeat("<div>", 10'000) +
                           "\n\n[[B]]\n" + repeat("[", 10'000) + "[[C]]" + repeat("]", 10'000) + "\n";
  const ParsedNote note = parse_note(text);
  expect_ranges_inside(text, note);
  std::vector<std::string> paths;
  for (const Link& link : note.links) paths.emplace_back(link.path());
  EXPECT_NE(std::find(paths.begin(), paths.end(), "A"), paths.end());
  EXPECT_NE(std::find(paths.begin(), paths.end(), "C"), paths.end());
}

TEST(ParseNoteLimits, DeepHeadingsInsideContainers) {
  const std::string text = repeat("> ", 10'000) + "## Deep heading\n";
  const ParsedNote note = parse_note(text);
  ASSERT_EQ(note.headings.size(), 1u);
  EXPECT_EQ(note.headings[0].text, "Deep heading");
  EXPECT_EQ(note.headings[0].text_range.begin, text.find("Deep"));
}

// Random bytes (a binary file named .md): parsing finishes and every range is in bounds.
TEST(ParseNoteLimits, BinaryInput) {
  std::mt19937 random(7);
  for (int round = 0; round < 20; ++round) {
    std::string text(64 * 1024, '\0');
    for (char& c : text) c = static_cast<char>(random());
    if (round % 2) text.replace(1000, 8, "[[Bin]]\n");
    const ParsedNote note = parse_note(text);
    expect_ranges_inside(text, note);
    const LineIndex lines(text);
    for (const Link& link : note.links) {
      const LineColumnUtf16 at = lines.position_of(link.range.begin);
      EXPECT_EQ(lines.offset_of(at), link.range.begin);
    }
  }
}

// Invalid bytes count as one UTF-16 unit each (U+FFFD), NUL as one, so a link after them
// sits where an editor that decodes with replacement shows it.
TEST(ParseNoteLimits, InvalidUtf8AndNulPositions) {
  struct Case {
    std::string text;
    uint32_t character;  // of the link on line 0
  };
  const Case cases[] = {
      {"\xFF[[x]]"s, 1},
      {"\xFF\xFE\xFD [[x]]"s, 4},
      {"\xC3[[x]]"s, 1},              // a lead byte without its continuation
      {"\xE2\x82[[x]]"s, 2},          // a truncated 3-byte sequence: two invalid bytes
      {"\xF0\x9F\x98\x80[[x]]"s, 2},  // a real emoji: a surrogate pair
      {"\xED\xA0\x80[[x]]"s, 3},      // an encoded surrogate is invalid: three bytes, three units
      {"\xC0\xAF[[x]]"s, 2},          // an overlong '/'
      {"a\0b\0[[x]]"s, 4},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(testing::PrintToString(c.text));
    const ParsedNote note = parse_note(c.text);
    ASSERT_EQ(note.links.size(), 1u);
    const LineIndex lines(c.text);
    EXPECT_EQ(lines.position_of(note.links[0].range.begin), (LineColumnUtf16{0, c.character}));
    EXPECT_EQ(lines.offset_of(LineColumnUtf16{0, c.character}), note.links[0].range.begin);
  }
}

}  // namespace
}  // namespace slipbox
