// The fixture format itself (tests/support/fixture.h).
#include "tests/support/fixture.h"

#include <gtest/gtest.h>

namespace slipbox::testing {
namespace {

TEST(AnnotatedText, StripsCursorAndRanges) {
  const AnnotatedText a = parse_annotated("See ⟦[[Mål$0]]⟧ and ⟦x⟧");
  EXPECT_EQ(a.text, "See [[Mål]] and x");
  ASSERT_TRUE(a.cursor.has_value());
  EXPECT_EQ(*a.cursor, std::string_view("See [[Mål").size());
  ASSERT_EQ(a.ranges.size(), 2u);
  EXPECT_EQ(a.text.substr(a.ranges[0].begin, a.ranges[0].size()), "[[Mål]]");
  EXPECT_EQ(a.text.substr(a.ranges[1].begin, a.ranges[1].size()), "x");
}

TEST(AnnotatedText, NestedRangesAreNumberedByOpeningMarker) {
  const AnnotatedText a = parse_annotated("⟦a ⟦b⟧ c⟧");
  EXPECT_EQ(a.text, "a b c");
  ASSERT_EQ(a.ranges.size(), 2u);
  EXPECT_EQ(a.ranges[0], (ByteRange{0, 5}));
  EXPECT_EQ(a.ranges[1], (ByteRange{2, 3}));
}

TEST(AnnotatedText, WikiLinkBracketsAreText) {
  const AnnotatedText a = parse_annotated("[[[a]]] ![[b]] [c](d)");
  EXPECT_EQ(a.text, "[[[a]]] ![[b]] [c](d)");
  EXPECT_FALSE(a.cursor.has_value());
  EXPECT_TRUE(a.ranges.empty());
}

TEST(Dedent, RemovesCommonIndentAndFirstNewline) {
  EXPECT_EQ(dedent("\n    a\n      b\n\n    c\n    "), "a\n  b\n\nc\n");
  EXPECT_EQ(dedent("x"), "x");
}

TEST(Render, CountsUtf16Columns) {
  // 🛠 is two UTF-16 units and four bytes; å is one unit and two bytes.
  const std::string text = "🛠 å\nab";
  EXPECT_EQ(render_position(text, 0), "0:0");
  EXPECT_EQ(render_position(text, 4), "0:2");
  EXPECT_EQ(render_position(text, 7), "0:4");
  EXPECT_EQ(render_range(text, ByteRange{9, 10}), "1:1-1:2");
}

TEST(Fixture, SplitsFilesAndBuildsTheVault) {
  const Fixture f(R"(
    //- /Projects/Plan.md
    # Plan
    See [[Agile$0]]
    //- /🛠 Ressurser/Slipbox/Agile Metoder.md
    ---
    aliases: [Agile]
    ---
    # ⟦Agile Metoder⟧
    //- /img/Fig 1.png
  )");
  ASSERT_EQ(f.files().size(), 3u);
  EXPECT_EQ(f.files()[0].path, "Projects/Plan.md");
  EXPECT_EQ(f.files()[0].text(), "# Plan\nSee [[Agile]]\n");
  EXPECT_EQ(f.files()[1].path, "🛠 Ressurser/Slipbox/Agile Metoder.md");
  EXPECT_EQ(f.files()[2].path, "img/Fig 1.png");
  EXPECT_EQ(f.files()[2].text(), "");

  EXPECT_EQ(f.cursor_file().path, "Projects/Plan.md");
  EXPECT_EQ(f.cursor(), std::string_view("# Plan\nSee [[Agile").size());
  EXPECT_EQ(f.render("🛠 Ressurser/Slipbox/Agile Metoder.md", f.range_in("/🛠 Ressurser/Slipbox/Agile Metoder.md")),
            "3:2-3:15");

  EXPECT_EQ(f.vault().file_count(), 3u);
  const FileId plan = f.id("Projects/Plan.md");
  EXPECT_EQ(f.vault().file(plan).name, "Plan");
  EXPECT_TRUE(f.vault().file(plan).is_note);
  EXPECT_FALSE(f.vault().file(f.id("img/Fig 1.png")).is_note);

  const NoteContext context = f.context();
  EXPECT_EQ(context.vault_path, "Projects/Plan.md");
  EXPECT_EQ(context.text, f.cursor_file().text());
  EXPECT_EQ(&context.parsed, f.vault().note(plan));

  const ReadText read = f.read_text();
  EXPECT_EQ(read(plan), f.cursor_file().text());
  EXPECT_EQ(read(static_cast<FileId>(99)), std::nullopt);
}

TEST(Fixture, WithoutHeaderIsOneNote) {
  const Fixture f("Hello ⟦world⟧$0\n");
  ASSERT_EQ(f.files().size(), 1u);
  EXPECT_EQ(f.files()[0].path, "Note.md");
  EXPECT_EQ(f.render(f.range()), "0:6-0:11");
  EXPECT_EQ(f.cursor(), 11u);
}

}  // namespace
}  // namespace slipbox::testing
