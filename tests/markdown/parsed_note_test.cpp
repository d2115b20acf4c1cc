#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "analysis/markdown/parsed_note.h"

namespace slipbox {
namespace {

// A parse views one buffer it owns: it must not depend on the text it came from, and a copy
// must view its own buffer.
TEST(ParsedNoteStrings, OutliveTheTextAndSurviveCopies) {
  auto text = std::make_unique<std::string>(
      "---\naliases: [Første alias]\ntags: [prosjekt/alfa]\n---\n"
      "# Overskrift ^ikke\n[[🛠 Ressurser/Agile Metoder#Del A#Del B|vist]] #emne\n"
      "[lenke](Mappe/My%20Note.md#Del%20C) avsnitt ^blokk-1\n");
  auto parsed = std::make_unique<ParsedNote>(parse_note(*text));
  text->assign(text->size(), 'x');  // the views must not point here
  text.reset();

  const ParsedNote copy = *parsed;
  parsed.reset();  // the copy must not point into the original either

  ASSERT_EQ(copy.links.size(), 2u);
  EXPECT_EQ(copy.links[0].path, "🛠 Ressurser/Agile Metoder");
  ASSERT_EQ(copy.links[0].headings.size(), 2u);
  EXPECT_EQ(copy.links[0].headings[1], "Del B");
  EXPECT_EQ(copy.links[0].display.value_or(""), "vist");
  EXPECT_EQ(copy.links[1].path, "Mappe/My Note.md");  // percent-decoded
  ASSERT_EQ(copy.links[1].headings.size(), 1u);
  EXPECT_EQ(copy.links[1].headings[0], "Del C");
  EXPECT_EQ(copy.links[1].subpath, "Del%20C");  // raw
  ASSERT_EQ(copy.aliases.size(), 1u);
  EXPECT_EQ(copy.aliases[0], "Første alias");
  ASSERT_EQ(copy.headings.size(), 1u);
  EXPECT_EQ(copy.headings[0].text, "Overskrift ^ikke");
  ASSERT_EQ(copy.blocks.size(), 1u);
  EXPECT_EQ(copy.blocks[0].id, "blokk-1");
  ASSERT_EQ(copy.tags.size(), 2u);
  EXPECT_EQ(copy.tags[0].name, "prosjekt/alfa");
  EXPECT_EQ(copy.tags[1].name, "emne");
}

TEST(ParsedNoteStrings, KnowsTheTextItCameFrom) {
  const std::string text = "# A\n[[B]]\n";
  const ParsedNote parsed = parse_note(text);
  EXPECT_TRUE(parsed.parsed_from(text));
  EXPECT_FALSE(parsed.parsed_from("# A\n[[C]]\n"));  // same size, other bytes
  EXPECT_FALSE(parsed.parsed_from(text + " "));
  EXPECT_FALSE(ParsedNote().parsed_from(text));
}

}  // namespace
}  // namespace slipbox
