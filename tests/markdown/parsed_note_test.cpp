#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <span>
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
  EXPECT_EQ(copy.links[0].path(), "🛠 Ressurser/Agile Metoder");
  ASSERT_EQ(copy.links[0].headings().size(), 2u);
  EXPECT_EQ(copy.links[0].headings()[1], "Del B");
  EXPECT_EQ(copy.links[0].display().value_or(""), "vist");
  EXPECT_EQ(copy.links[1].path(), "Mappe/My Note.md");  // percent-decoded
  ASSERT_EQ(copy.links[1].headings().size(), 1u);
  EXPECT_EQ(copy.links[1].headings()[0], "Del C");
  EXPECT_EQ(copy.links[1].subpath(), "Del%20C");  // raw
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

// Links keep their strings as offsets into the note's buffer; pieces that share bytes in the
// text are stored once. What each accessor returns must not change with that.
TEST(ParsedNoteStrings, CompactLinksKeepEveryPiece) {
  const std::string text =
      "[[N#A#B|shown]] [[M|]] [[#^blk]] [[ Spaced # H ]] ![x](a%20b.md#^id)\n[[Note#A]] [[Note#A]]\n";
  const ParsedNote parsed = parse_note(text);
  ParsedNote copy = parsed;
  copy.own_strings();  // again, from its own buffer: nothing may move or get lost
  for (const ParsedNote* note : {&parsed, static_cast<const ParsedNote*>(&copy)}) {
    ASSERT_EQ(note->links.size(), 7u);
    const Link& chain = note->links[0];
    EXPECT_EQ(chain.path(), "N");
    EXPECT_EQ(chain.subpath(), "A#B");
    ASSERT_EQ(chain.headings().size(), 2u);
    EXPECT_EQ(chain.headings()[0], "A");
    EXPECT_EQ(chain.headings()[1], "B");
    EXPECT_EQ(chain.display(), std::optional<std::string_view>("shown"));
    EXPECT_EQ(note->links[1].display(), std::optional<std::string_view>(""));  // present, empty
    EXPECT_FALSE(note->links[0].block_id().size());
    EXPECT_EQ(note->links[2].path(), "");
    EXPECT_EQ(note->links[2].block_id(), "blk");
    EXPECT_TRUE(note->links[2].headings().empty());
    EXPECT_FALSE(note->links[2].display().has_value());
    EXPECT_EQ(note->links[3].path(), "Spaced");
    ASSERT_EQ(note->links[3].headings().size(), 1u);
    EXPECT_EQ(note->links[3].headings()[0], "H");
    const Link& markdown = note->links[4];
    EXPECT_TRUE(markdown.embed);
    EXPECT_EQ(markdown.syntax, LinkSyntax::Markdown);
    EXPECT_EQ(markdown.path(), "a b.md");
    EXPECT_EQ(markdown.block_id(), "id");
    EXPECT_EQ(markdown.display(), std::optional<std::string_view>("x"));
    EXPECT_EQ(note->links[6].headings()[0], "A");
    const auto last_end = static_cast<uint32_t>(text.size() - 1);
    EXPECT_EQ(note->links[6].range, (ByteRange{last_end - 10, last_end}));
  }
}

// A note built by hand (tests, fixtures) gets its links from LinkParts that view anything.
TEST(ParsedNoteStrings, LinksFromPartsOwnTheirStrings) {
  auto path = std::make_unique<std::string>("Target");
  auto heading = std::make_unique<std::string>("Part");
  LinkParts parts;
  parts.path = *path;
  parts.headings = {*heading};
  parts.subpath = *heading;
  parts.has_subpath = true;
  parts.range = {2, 9};
  ParsedNote note;
  note.own_strings(std::span<const LinkParts>(&parts, 1));
  path->assign(path->size(), 'x');
  heading->assign(heading->size(), 'x');
  ASSERT_EQ(note.links.size(), 1u);
  EXPECT_EQ(note.links[0].path(), "Target");
  ASSERT_EQ(note.links[0].headings().size(), 1u);
  EXPECT_EQ(note.links[0].headings()[0], "Part");
  EXPECT_EQ(note.links[0].subpath(), "Part");
  EXPECT_TRUE(note.links[0].has_subpath);
  EXPECT_EQ(note.links[0].range, (ByteRange{2, 9}));
  EXPECT_EQ(sizeof(Link), 64u) << "a vault holds a million of these";
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
