// parse_note on hostile input: invalid UTF-8, NUL bytes, huge lines, many links, random
// Markdown soup. Checks invariants and exact offsets, never time.
#include <gtest/gtest.h>

#include <random>
#include <string>

#include "analysis/markdown/parsed_note.h"
#include "analysis/text/line_index.h"

namespace slipbox {
namespace {

using namespace std::string_literals;

// Every range lies inside the text, nested ranges nest, and items come in document order.
void expect_invariants(std::string_view text, const ParsedNote& note) {
  const auto n = static_cast<uint32_t>(text.size());
  const auto valid = [&](ByteRange r) { return r.begin <= r.end && r.end <= n; };
  ASSERT_LE(note.body_begin, n);
  ASSERT_TRUE(valid(note.front_matter));
  uint32_t previous_body_link = 0;
  for (const Link& link : note.links) {
    ASSERT_TRUE(valid(link.range));
    ASSERT_FALSE(link.range.empty());
    ASSERT_TRUE(valid(link.target_range));
    EXPECT_LE(link.range.begin, link.target_range.begin);
    EXPECT_LE(link.target_range.end, link.range.end);
    if (link.in_front_matter) {
      EXPECT_LE(link.range.end, note.body_begin);
    } else {
      EXPECT_GE(link.range.begin, note.body_begin);
      EXPECT_GE(link.range.begin, previous_body_link) << "document order";
      previous_body_link = link.range.end;
    }
    EXPECT_EQ(text[link.embed ? link.range.begin + 1 : link.range.begin], '[');
  }
  uint32_t previous_heading_line = 0;
  for (const Heading& heading : note.headings) {
    ASSERT_TRUE(valid(heading.range));
    ASSERT_TRUE(valid(heading.text_range));
    EXPECT_GE(heading.level, 1);
    EXPECT_LE(heading.level, 6);
    EXPECT_EQ(text.substr(heading.text_range.begin, heading.text_range.size()), heading.text);
    EXPECT_GE(heading.line, previous_heading_line);
    previous_heading_line = heading.line;
  }
  for (const Tag& tag : note.tags) {
    ASSERT_TRUE(valid(tag.range));
    EXPECT_FALSE(tag.name.empty());
    if (!tag.in_front_matter) {
      EXPECT_EQ(text.substr(tag.range.begin + 1, tag.range.size() - 1), tag.name);
    }
  }
  for (const BlockAnchor& block : note.blocks) {
    ASSERT_TRUE(valid(block.id_range));
    ASSERT_TRUE(valid(block.block_range));
    EXPECT_EQ(text.substr(block.id_range.begin + 1, block.id_range.size() - 1), block.id);
    EXPECT_LE(block.block_range.begin, block.id_range.begin) << "the id follows its block";
  }
}

TEST(ParseNoteRobustness, InvalidUtf8AndNulDoNotShiftOffsets) {
  const std::string text = "\xFF\xFE [[a\0b]] \xE6\x97 #t\xC3 [[\xC0\xAF]]\n# H\0\n"s;
  const ParsedNote note = parse_note(text);
  expect_invariants(text, note);
  ASSERT_EQ(note.links.size(), 2u);
  EXPECT_EQ(note.links[0].range, (ByteRange{3, 10}));
  EXPECT_EQ(note.links[0].path(), "a\0b"s);
  EXPECT_EQ(note.links[1].range, (ByteRange{18, 24}));
  ASSERT_EQ(note.tags.size(), 1u);
  EXPECT_EQ(note.tags[0].range, (ByteRange{14, 16})) << "an invalid byte ends the tag";
  ASSERT_EQ(note.headings.size(), 1u);
  EXPECT_EQ(note.headings[0].line, 1u);
}

TEST(ParseNoteRobustness, OneMegabyteLine) {
  std::string text(1 << 20, 'x');
  text.replace(100, 8, "[[Long]]");
  text.replace(text.size() - 8, 8, "[[Tail]]");
  const ParsedNote note = parse_note(text);
  expect_invariants(text, note);
  ASSERT_EQ(note.links.size(), 2u);
  EXPECT_EQ(note.links[1].range,
            (ByteRange{static_cast<uint32_t>(text.size() - 8), static_cast<uint32_t>(text.size())}));
}

TEST(ParseNoteRobustness, HundredThousandLinks) {
  std::string text;
  // One paragraph of 50,000 lines: md4c alone is quadratic in the brackets of a paragraph.
  for (int i = 0; i < 50000; ++i) text += "[[N" + std::to_string(i) + "]] [m](x" + std::to_string(i) + ".md) #t\n";
  const ParsedNote note = parse_note(text);
  ASSERT_EQ(note.links.size(), 100000u);
  EXPECT_EQ(note.tags.size(), 50000u);
  EXPECT_EQ(note.links.back().path(), "x49999.md");
}

// Pathological openers must not make the scanner rescan: these finish and find nothing
// (or only what is really there).
TEST(ParseNoteRobustness, UnclosedOpenersEverywhere) {
  const std::string brackets(200000, '[');
  expect_invariants(brackets, parse_note(brackets));
  std::string pairs;
  for (int i = 0; i < 50000; ++i) pairs += "[[a ";
  pairs += "]]";
  const ParsedNote nested = parse_note(pairs);
  ASSERT_EQ(nested.links.size(), 1u) << "only the innermost opener closes";
  EXPECT_EQ(nested.links[0].path(), "a");
  std::string md;
  for (int i = 0; i < 50000; ++i) md += "[a](x";
  expect_invariants(md, parse_note(md));
  std::string comments(100001, '%');
  expect_invariants(comments, parse_note(comments));
  std::string backticks;
  for (int i = 0; i < 20000; ++i) backticks += "`[[x]] ";
  expect_invariants(backticks, parse_note(backticks));
}

TEST(ParseNoteRobustness, DeepYamlDoesNotEscape) {
  std::string yaml = "---\na: " + std::string(5000, '[') + "\n---\n[[body]]";
  const ParsedNote note = parse_note(yaml);
  EXPECT_FALSE(note.front_matter.empty());
  ASSERT_EQ(note.links.size(), 1u);
  EXPECT_EQ(note.links[0].path(), "body");
}

TEST(ParseNoteRobustness, RandomMarkdownSoup) {
  static const char* const pieces[] = {"[[",
                                       "]]",
                                       "[",
                                       "]",
                                       "(",
                                       ")",
                                       "!",
                                       "#",
                                       "##",
                                       "^id",
                                       " ^b",
                                       "|",
                                       "\\",
                                       "\\|",
                                       "%%",
                                       "`",
                                       "```",
                                       "~~~",
                                       "$",
                                       "$$",
                                       "<!--",
                                       "-->",
                                       "<div>",
                                       "</div>",
                                       "\n",
                                       "\r\n",
                                       "\r",
                                       "\n\n",
                                       "    ",
                                       "> ",
                                       "- ",
                                       "1. ",
                                       "---",
                                       "===",
                                       "| a |",
                                       "x",
                                       "word ",
                                       "\xF0\x9F\x9B\xA0",
                                       "\xE6\x97\xA5",
                                       "\xFF",
                                       "\xC3",
                                       "",  // "" stands for a NUL byte
                                       "http://x.org",
                                       "#tag",
                                       "[t](a.md)",
                                       "<",
                                       ">",
                                       "\"",
                                       "tags: [a]"};
  std::mt19937 random(12345);
  for (int round = 0; round < 400; ++round) {
    std::string text = round % 3 == 0 ? "---\n" : "";
    const int count = 1 + static_cast<int>(random() % 120);
    for (int i = 0; i < count; ++i) {
      const size_t pick = random() % std::size(pieces);
      if (pieces[pick][0] == '\0') {
        text += '\0';
      } else {
        text += pieces[pick];
      }
    }
    SCOPED_TRACE(text);
    expect_invariants(text, parse_note(text));
  }
}

TEST(ParseNoteRobustness, EmptyAndTinyInputs) {
  for (const std::string& text : {""s, "\n"s, "-"s, "---"s, "---\n"s, "[["s, "!"s, "#"s, "^"s, "%%"s, "\0"s}) {
    SCOPED_TRACE(text);
    expect_invariants(text, parse_note(text));
  }
}

}  // namespace
}  // namespace slipbox
