// hover() through annotated vaults; `$0` is the cursor.
#include "analysis/features/hover.h"

#include <gtest/gtest.h>

#include "tests/support/fixture.h"

namespace slipbox {
namespace {

using testing::Fixture;

std::string hover_text(const Fixture& f, size_t max_lines = 20) {
  const auto result = hover(f.context(), f.cursor(), f.read_text(), HoverOptions{max_lines});
  return result ? result->markdown : "none";
}

TEST(Hover, NotePreviewWithoutFrontMatter) {
  const Fixture f(R"(
    //- /Note.md
    See ⟦[[Pl$0an]]⟧
    //- /Projects/Plan.md
    ---
    aliases: [P]
    tags: [x]
    ---
    # Plan
    Body line.
  )");
  const auto result = hover(f.context(), f.cursor(), f.read_text(), HoverOptions{});
  ASSERT_TRUE(result.has_value());
  EXPECT_EQ(result->markdown, "# Plan\nBody line.");
  EXPECT_EQ(f.render(result->range), f.render(f.range()));
}

TEST(Hover, TruncatesLongNotes) {
  const Fixture f(R"(
    //- /Note.md
    [[Plan$0]]
    //- /Plan.md
    one
    two
    three
    four
  )");
  EXPECT_EQ(hover_text(f, 2), "one\ntwo\n\n…");
  EXPECT_EQ(hover_text(f, 4), "one\ntwo\nthree\nfour");
}

// A base64 image line or an 8 MB one-line note must not become the hover.
TEST(Hover, PreviewIsBoundedInBytesAtACharacterBoundary) {
  const Fixture f("//- /Note.md\n[[Plan$0]]\n//- /Plan.md\n# Plan\n" + std::string(300000, 'A') + "\nlast\n");
  const auto result = hover(f.context(), f.cursor(), f.read_text(), HoverOptions{});
  ASSERT_TRUE(result.has_value());
  EXPECT_LE(result->markdown.size(), HoverOptions{}.max_preview_bytes + std::string("…").size());
  EXPECT_TRUE(result->markdown.starts_with("# Plan\nAAAA"));
  EXPECT_TRUE(result->markdown.ends_with("A…"));

  const Fixture g(R"(
    //- /Note.md
    [[Plan$0]]
    //- /Plan.md
    ééé
  )");
  const auto cut = [&](size_t bytes) {
    return hover(g.context(), g.cursor(), g.read_text(), HoverOptions{.max_preview_bytes = bytes})->markdown;
  };
  EXPECT_EQ(cut(5), "éé…");  // not "éé" and half an "é"
  EXPECT_EQ(cut(4), "éé…");
  EXPECT_EQ(cut(6), "ééé");
}

// Obsidian's page preview shows neither front matter nor `%% comments %%`.
TEST(Hover, PreviewLeavesOutComments) {
  const Fixture f(R"(
    //- /Note.md
    [[Plan$0]] [[Plan#Part]]
    //- /Plan.md
    ---
    tags: [x]
    ---
    Intro %%secret%% text
    %%
    hidden [[link]]

    # still hidden
    %%
    After `%%code%%` %%a
    b%% end
    # Heading %%x
    y%%
    Para
    ## Part
    %% only a comment %%
    Part text
  )");
  EXPECT_EQ(hover_text(f), "Intro  text\nAfter `%%code%%`  end\n# Heading \nPara\n## Part\nPart text");
  const uint32_t section_link = static_cast<uint32_t>(f.cursor_file().text().find("[[Plan#Part]]") + 2);
  EXPECT_EQ(hover(f.context(), section_link, f.read_text(), HoverOptions{})->markdown, "## Part\nPart text");
}

TEST(Hover, EmptyNoteSaysSo) {
  const Fixture f(R"(
    //- /Note.md
    [[Plan$0]]
    //- /Plan.md
    ---
    tags: [x]
    ---
  )");
  EXPECT_EQ(hover_text(f), "**Plan** *(empty note)*");
}

TEST(Hover, HeadingShowsOnlyItsSection) {
  const Fixture f(R"(
    //- /Note.md
    [[Plan#Mål$0]]
    //- /Plan.md
    # Plan
    Intro.
    ## Mål
    Goal text.
    ### Delmål
    Sub goal.
    ## Neste
    Not shown.
  )");
  EXPECT_EQ(hover_text(f), "## Mål\nGoal text.\n### Delmål\nSub goal.");
}

TEST(Hover, BlockShowsOnlyTheBlock) {
  const Fixture f(R"(
    //- /Note.md
    [[Plan#^key$0]]
    //- /Plan.md
    # Plan
    First paragraph.

    The key sentence. ^key

    Last paragraph.
  )");
  EXPECT_EQ(hover_text(f), "The key sentence.");
}

TEST(Hover, ListBlockShowsTheList) {
  const Fixture f(R"(
    //- /Note.md
    [[Plan#^steps$0]]
    //- /Plan.md
    Intro.

    - one
    - two

    ^steps

    After.
  )");
  EXPECT_EQ(hover_text(f), "- one\n- two");
}

TEST(Hover, SelfHeadingUsesTheOpenText) {
  const Fixture f(R"(
    //- /Note.md
    # Intro
    See [[#Det$0ails]]
    ## Details
    Here.
    # Other
  )");
  EXPECT_EQ(hover_text(f), "## Details\nHere.");
}

TEST(Hover, ReadsTargetsThroughReadText) {
  const Fixture f(R"(
    //- /Note.md
    [[Plan$0]]
    //- /Plan.md
    On disk.
  )");
  const FileId plan = f.id("Plan.md");
  const ReadText unsaved = [plan](FileId id) -> std::optional<std::string> {
    if (id == plan) return std::string("Unsaved buffer.");
    return std::nullopt;
  };
  const auto result = hover(f.context(), f.cursor(), unsaved, HoverOptions{});
  ASSERT_TRUE(result.has_value());
  EXPECT_EQ(result->markdown, "Unsaved buffer.");
}

TEST(Hover, ImageAttachmentIsAnImage) {
  const Fixture f(R"(
    //- /Note.md
    ![[Fig 1.png$0|200]]
    //- /img/Fig 1.png
  )");
  EXPECT_EQ(hover_text(f), "![Fig 1.png](file:///vault/img/Fig%201.png)");
}

TEST(Hover, OtherAttachmentNamesTheFile) {
  const Fixture f(R"(
    //- /Note.md
    ![[Rapport.pdf$0]]
    //- /docs/Rapport.pdf
  )");
  const std::string text = hover_text(f);
  EXPECT_NE(text.find("Rapport.pdf"), std::string::npos) << text;
  EXPECT_NE(text.find("docs/Rapport.pdf"), std::string::npos) << text;
}

TEST(Hover, BrokenLinkSuggestsTheClosestNotes) {
  const Fixture f(R"(
    //- /Note.md
    [[Plam$0]]
    //- /Plan.md
    //- /Play.md
    //- /Work/Plans.md
    //- /Something else.md
  )");
  EXPECT_EQ(hover_text(f), "No note named \"Plam\"\n\nDid you mean:\n- Plan\n- Play\n- Plans (`Work/Plans.md`)");
}

// No unrelated names; the attachment of the same name first; then the closest
// names, the linking note's folder first among equals.
TEST(Hover, SuggestionsAreSimilarEnoughAndIncludeAttachments) {
  const Fixture nothing(R"(
    //- /Note.md
    [[Nonexistent Xyzzy$0]]
    //- /Log.md
    //- /Plan.md
    //- /Something else.md
  )");
  EXPECT_EQ(hover_text(nothing), "No note named \"Nonexistent Xyzzy\"");

  const Fixture f(R"(
    //- /Notes/Note.md
    [[Fig 1$0]]
    //- /Log.md
    //- /Figs/Fig 2.md
    //- /Notes/Fig 3.md
    //- /img/Fig 1.png
  )");
  EXPECT_EQ(hover_text(f),
            "No note named \"Fig 1\"\n\nDid you mean:\n- Fig 1.png (`img/Fig 1.png`)\n"
            "- Fig 3 (`Notes/Fig 3.md`)\n- Fig 2 (`Figs/Fig 2.md`)");

  const Fixture attachment(R"(
    //- /Note.md
    ![[Plan.png$0]]
    //- /Plan.md
    //- /img/Plan.jpg
    //- /img/Plot.png
  )");
  EXPECT_EQ(hover_text(attachment),
            "No file named \"Plan.png\"\n\nDid you mean:\n- Plan\n- Plan.jpg (`img/Plan.jpg`)\n"
            "- Plot.png (`img/Plot.png`)");
}

TEST(Hover, BrokenLinkIgnoresCaseAndAccents) {
  const Fixture f(R"(
    //- /Note.md
    [[KAFE$0]]
    //- /Café.md
    //- /Kake.md
    //- /Zebra.md
    //- /Zulu.md
  )");
  const std::string text = hover_text(f);
  EXPECT_TRUE(text.find("- Café") < text.find("- Kake")) << text;
}

TEST(Hover, MissingHeadingSuggestsHeadings) {
  const Fixture f(R"(
    //- /Note.md
    [[Plan#Mal$0]]
    //- /Plan.md
    # Mål
    # Annet
  )");
  EXPECT_EQ(hover_text(f), "No heading \"Mal\" in \"Plan\"\n\nDid you mean:\n- Mål\n- Annet");
}

TEST(Hover, NothingOutsideLinksOrOnUrls) {
  const Fixture f("Plain $0 text [[Plan]]\n//- /Plan.md\n");
  EXPECT_EQ(hover_text(f), "none");
  const Fixture g("[site](https://$0example.com)\n");
  EXPECT_EQ(hover_text(g), "none");
}

}  // namespace
}  // namespace slipbox
