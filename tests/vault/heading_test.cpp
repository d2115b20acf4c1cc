// Heading normalisation (docs/link-resolution.md §4.1), heading chains and block ids (§4.2).
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "analysis/vault/resolve.h"

namespace slipbox {
namespace {

struct SameRow {
  std::string heading;  // as written in the note
  std::string link;     // as written after '#'
};

TEST(NormalizeHeading, MatchesObsidianStyleLinks) {
  const std::vector<SameRow> rows = {
      {"wifi 2.4 vs 5.0", "wifi 2 4 vs 5 0"},  // obsidian-html#303
      {"wifi 2.4 vs 5.0", "wifi 2.4 vs 5.0"},
      {"Minecraft: The Video Game", "Minecraft The Video Game"},  // webpage-export#609
      {"Minecraft: The Video Game", "minecraft: the video game"},
      {"Questions and advice", "questions AND Advice"},
      {"A | B", "A B"},
      {"Tasks ^ and # and [x]", "Tasks and and x"},
      {"Back\\slash", "Back slash"},
      {"100%% done", "100 done"},
      {"  Leading and   inner   spaces  ", "Leading and inner spaces"},
      {"Tab\there", "Tab here"},
      {"Caf\xC3\xA9", "Cafe\xCC\x81"},                                         // NFC on both sides
      {"CAF\xC3\x89", "caf\xC3\xA9"},                                          // non-ASCII case folding
      {"\xC3\x86rlig talt om m\xC3\xA5l", "\xC3\xA6rlig talt om M\xC3\x85L"},  // Ærlig talt om mål
      {"\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E\xE3\x81\xAE\xE8\xA6\x8B\xE5\x87\xBA\xE3\x81\x97",
       "\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E\xE3\x81\xAE\xE8\xA6\x8B\xE5\x87\xBA\xE3\x81\x97"},  // 日本語の見出し
      {"Ideas \xF0\x9F\x92\xA1", "ideas \xF0\x9F\x92\xA1"},                                      // emoji kept
      {"non\xC2\xA0"
       "breaking",
       "non breaking"},  // NBSP is a space
      {"C++ (2020)", "C 2020"},
  };
  for (const SameRow& row : rows) {
    SCOPED_TRACE(row.heading + " ~ " + row.link);
    EXPECT_EQ(normalize_heading(row.heading), normalize_heading(row.link));
  }
}

TEST(NormalizeHeading, KeepsWhatDistinguishesHeadings) {
  const std::vector<SameRow> rows = {
      {"Cafe", "Caf\xC3\xA9"},              // accents are not stripped
      {"\xC3\xA6rlig", "aerlig"},           // æ is not "ae"
      {"Ideas \xF0\x9F\x92\xA1", "Ideas"},  // emoji are content
      {"wifi 2.4", "wifi 24"},              // punctuation separates words
      {"It\xE2\x80\x99s", "It s"},          // ’ (non-ASCII punctuation) is kept, as Obsidian keeps it
      {"\xEF\xBC\xA1", "A"},                // fullwidth Ａ: NFC, not NFKC
  };
  for (const SameRow& row : rows) {
    SCOPED_TRACE(row.heading + " !~ " + row.link);
    EXPECT_NE(normalize_heading(row.heading), normalize_heading(row.link));
  }
}

TEST(NormalizeHeading, ExactOutput) {
  EXPECT_EQ(normalize_heading("  Minecraft:  The Video Game "), "minecraft the video game");
  EXPECT_EQ(normalize_heading("wifi 2.4 vs 5.0"), "wifi 2 4 vs 5 0");
  EXPECT_EQ(normalize_heading(":#|^"), "");
  EXPECT_EQ(normalize_heading(""), "");
  EXPECT_EQ(normalize_heading("\xFF\xFE"), normalize_heading("\xEF\xBF\xBD\xEF\xBF\xBD"));  // invalid UTF-8
}

// A note outline: {level, text} in document order.
ParsedNote outline(const std::vector<std::pair<int, std::string>>& headings) {
  ParsedNote note;
  uint32_t line = 0;
  for (const auto& [level, text] : headings) {
    Heading heading;
    heading.level = static_cast<uint8_t>(level);
    heading.text = text;
    heading.line = line++;
    note.headings.push_back(heading);
  }
  note.own_strings();  // the views point into `headings`, which the caller may drop
  return note;
}

struct ChainRow {
  std::vector<std::string> chain;
  int expected_line;  // -1: no heading
};

TEST(FindHeading, ChainsDisambiguateDuplicates) {
  const ParsedNote note = outline({
      {1, "Help and support"},                  // 0
      {2, "Questions and advice"},              // 1
      {3, "Report bugs and request features"},  // 2
      {2, "Other"},                             // 3
      {3, "Details"},                           // 4
      {1, "Second"},                            // 5
      {2, "Details"},                           // 6
      {3, "myheading"},                         // 7
      {2, "heading2"},                          // 8
      {4, "myheading"},                         // 9  (skips a level: still a descendant)
      {1, "Minecraft: The Video Game"},         // 10
  });
  const std::vector<ChainRow> rows = {
      {{"Details"}, 4},  // first match in document order
      {{"Second", "Details"}, 6},
      {{"Help and support", "Details"}, 4},  // ancestor, not necessarily the parent
      {{"Other", "Details"}, 4},
      {{"Help and support", "Other", "Details"}, 4},
      {{"Second", "Other", "Details"}, 4},  // chain does not match: last element anywhere
      {{"heading2", "myheading"}, 9},       // obsidian-advanced-uri#65
      {{"Details", "myheading"}, 7},
      {{"Second", "heading2", "myheading"}, 9},
      {{"heading2", "Second", "myheading"}, 7},  // ancestors out of order: fallback, first match
      {{"Help and support", "Questions and advice", "Report bugs and request features"}, 2},
      {{"help AND support", "questions and advice", "report bugs and request features"}, 2},
      {{"Minecraft The Video Game"}, 10},
      {{"Missing"}, -1},
      {{"Second", "Missing"}, -1},
      {{}, -1},
  };
  for (const ChainRow& row : rows) {
    std::string trace;
    for (const auto& element : row.chain) trace += "#" + element;
    SCOPED_TRACE(trace);
    const Heading* heading = find_heading(note, row.chain);
    if (row.expected_line < 0) {
      EXPECT_EQ(heading, nullptr);
    } else {
      ASSERT_NE(heading, nullptr);
      EXPECT_EQ(heading->line, static_cast<uint32_t>(row.expected_line));
    }
  }
}

TEST(FindHeading, SiblingIsNotAnAncestor) {
  const ParsedNote note = outline({{2, "A"}, {2, "B"}, {2, "A"}, {3, "B"}});
  const Heading* heading = find_heading(note, {"A", "B"});
  ASSERT_NE(heading, nullptr);
  EXPECT_EQ(heading->line, 3u);
}

TEST(FindBlock, CaseSensitiveFirstThenInsensitive) {
  ParsedNote note;
  for (const char* id : {"abc", "Mixed-1", "dup", "DUP"}) {
    BlockAnchor block;
    block.id = id;
    block.line = static_cast<uint32_t>(note.blocks.size());
    note.blocks.push_back(block);
  }
  struct Row {
    std::string id;
    int expected_line;
  };
  const std::vector<Row> rows = {
      {"abc", 0}, {"ABC", 0}, {"Mixed-1", 1}, {"mixed-1", 1},
      {"DUP", 3},  // the exact-case id wins over an earlier case-insensitive one
      {"dup", 2}, {"Dup", 2}, {"ab", -1},     {"", -1},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.id);
    const BlockAnchor* block = find_block(note, row.id);
    if (row.expected_line < 0) {
      EXPECT_EQ(block, nullptr);
    } else {
      ASSERT_NE(block, nullptr);
      EXPECT_EQ(block->line, static_cast<uint32_t>(row.expected_line));
    }
  }
}

}  // namespace
}  // namespace slipbox
