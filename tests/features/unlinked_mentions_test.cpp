// "Link unlinked mentions" through annotated vaults: `$0` is the cursor in the note whose
// mentions are linked; each case shows the action's title and the other notes it changes.
#include <gtest/gtest.h>

#include "analysis/features/unlinked_mentions.h"
#include "tests/support/fixture.h"

namespace slipbox {
namespace {

using testing::dedent;
using testing::Fixture;

// The action's title, then every changed note as `//- /path` and its new text; "none" when
// nothing is offered.
std::string linked(const Fixture& f, LinkStyle style = {}, const std::function<bool()>& cancelled = {}) {
  RefactorOptions options;
  options.style = style;
  const std::vector<Refactor> all =
      unlinked_mentions_actions(f.context(), ByteRange{f.cursor(), f.cursor()}, f.read_text(), options, cancelled);
  if (all.empty()) return "none";
  EXPECT_EQ(all.size(), 1u);
  const Refactor& r = all.front();
  EXPECT_EQ(r.kind, "refactor.rewrite");
  EXPECT_TRUE(r.changes.empty());
  EXPECT_FALSE(r.create_path.has_value());
  std::string out = r.title + "\n";
  for (const FileEdits& edits : r.other_notes) {
    EXPECT_TRUE(edits.file.has_value());
    const std::string& path = f.vault().file(*edits.file).path;
    EXPECT_NE(path, f.cursor_file().path);
    out += "//- /" + path + "\n" + apply_changes(f.file(path).text(), edits.changes);
  }
  return out;
}

TEST(UnlinkedMentions, NameAndAliasesIgnoringCaseLongestFirst) {
  EXPECT_EQ(linked(Fixture(R"(
    //- /Ressurser/Agile Metoder.md
    ---
    aliases: [Agile, Scrum way]
    ---
    # Agile $0Metoder
    //- /Plan.md
    We use agile metoder daily. AGILE helps, and the scrum way.
    Agile Metoder is the name.
    //- /Quiet.md
    Nothing to see.
  )")),
            dedent(R"(
    Link 4 unlinked mentions of "Agile Metoder"
    //- /Plan.md
    We use [[Agile Metoder|agile metoder]] daily. [[Agile Metoder|AGILE]] helps, and the [[Agile Metoder|scrum way]].
    [[Agile Metoder]] is the name.
  )"));
}

TEST(UnlinkedMentions, WholeWordsOnly) {
  EXPECT_EQ(linked(Fixture(R"(
    //- /Agile.md
    # Agile$0
    //- /Other.md
    Agileness, preagile, Agile_team and Agile2 are not it; (Agile), Agile's and "agile" are.
  )")),
            dedent(R"(
    Link 3 unlinked mentions of "Agile"
    //- /Other.md
    Agileness, preagile, Agile_team and Agile2 are not it; ([[Agile]]), [[Agile]]'s and "[[Agile|agile]]" are.
  )"));
}

TEST(UnlinkedMentions, NonAsciiNames) {
  EXPECT_EQ(linked(Fixture(R"(
    //- /Kjøpe hus.md
    $0Notes on buying.
    //- /Plan.md
    Vi skal KJØPE HUS i år, ikke kjøpe huset.
  )")),
            dedent(R"(
    Link 1 unlinked mention of "Kjøpe hus"
    //- /Plan.md
    Vi skal [[Kjøpe hus|KJØPE HUS]] i år, ikke kjøpe huset.
  )"));
  // Letters of any script are word characters; a decomposed å (a + U+030A) is still å.
  EXPECT_EQ(
      linked(Fixture("//- /Blåbær.md\n# Blåbær$0\n//- /Mat.md\nblåbærsyltetøy, BLÅBÆR og Bla\u030Abær; 東京Blåbær\n")),
      "Link 2 unlinked mentions of \"Blåbær\"\n//- /Mat.md\n"
      "blåbærsyltetøy, [[Blåbær|BLÅBÆR]] og [[Blåbær|Bla\u030Abær]]; 東京Blåbær\n");
}

TEST(UnlinkedMentions, SkipsLinksCodeFrontMatterCommentsHeadingsTagsAndUrls) {
  EXPECT_EQ(linked(Fixture(R"(
    //- /Agile.md
    # Agile$0
    //- /Other.md
    ---
    tags: [Agile]
    related: Agile
    ---
    # Agile in a heading
    [[Agile]], [[Other|Agile]], [the Agile way](Agile.md) and `Agile`.
    ```
    Agile
    ```
    %% Agile %% https://example.com/Agile www.agile.no #Agile
    Plain Agile here.
  )")),
            dedent(R"(
    Link 1 unlinked mention of "Agile"
    //- /Other.md
    ---
    tags: [Agile]
    related: Agile
    ---
    # Agile in a heading
    [[Agile]], [[Other|Agile]], [the Agile way](Agile.md) and `Agile`.
    ```
    Agile
    ```
    %% Agile %% https://example.com/Agile www.agile.no #Agile
    Plain [[Agile]] here.
  )"));
}

TEST(UnlinkedMentions, TheNoteItselfIsNotEdited) {
  EXPECT_EQ(linked(Fixture(R"(
    //- /Agile.md
    # Agile$0
    Agile is mentioned here too.
    //- /Other.md
    agile
  )")),
            dedent(R"(
    Link 1 unlinked mention of "Agile"
    //- /Other.md
    [[Agile|agile]]
  )"));
}

TEST(UnlinkedMentions, OfferedOnlyOnTheTitle) {
  constexpr std::string_view kOther = "//- /Other.md\nAgile\n";
  // The first heading's line, anywhere on it.
  EXPECT_NE(linked(Fixture("//- /Agile.md\nIntro\n$0# Agile\n" + std::string(kOther))), "none");
  // The body's first line when the note has no heading; front matter does not count.
  EXPECT_NE(linked(Fixture("//- /Agile.md\n---\na: 1\n---\n\nFirst li$0ne\nSecond\n" + std::string(kOther))), "none");
  EXPECT_EQ(linked(Fixture("//- /Agile.md\n---\na: 1$0\n---\nFirst line\n" + std::string(kOther))), "none");
  EXPECT_EQ(linked(Fixture("//- /Agile.md\n# Agile\nSome $0text\n" + std::string(kOther))), "none");
  EXPECT_EQ(linked(Fixture("//- /Agile.md\n# Agile\n## Part$0\n" + std::string(kOther))), "none");
}

TEST(UnlinkedMentions, NothingWhenThereAreNoMentions) {
  EXPECT_EQ(linked(Fixture(R"(
    //- /Agile.md
    # Agile$0
    //- /Other.md
    Already [[Agile]], and Agileness.
    //- /pic.png
  )")),
            "none");
}

TEST(UnlinkedMentions, AmbiguousNameIsWrittenWithItsFolder) {
  EXPECT_EQ(linked(Fixture(R"(
    //- /a/Same.md
    # Same$0
    //- /b/Same.md
    The same thing.
    //- /Other.md
    Same here.
  )")),
            dedent(R"(
    Link 2 unlinked mentions of "Same"
    //- /Other.md
    [[a/Same|Same]] here.
    //- /b/Same.md
    The [[a/Same|same]] thing.
  )"));
}

TEST(UnlinkedMentions, FollowsTheLinkStyle) {
  const Fixture f(R"(
    //- /Areas/Mål.md
    # Mål$0
    //- /Projects/Plan.md
    Våre mål og Mål.
  )");
  EXPECT_EQ(linked(f, LinkStyle{true, LinkFormat::Shortest}), dedent(R"(
    Link 2 unlinked mentions of "Mål"
    //- /Projects/Plan.md
    Våre [mål](Mål.md) og [Mål](Mål.md).
  )"));
  EXPECT_EQ(linked(f, LinkStyle{false, LinkFormat::Relative}), dedent(R"(
    Link 2 unlinked mentions of "Mål"
    //- /Projects/Plan.md
    Våre [[../Areas/Mål|mål]] og [[../Areas/Mål|Mål]].
  )"));
}

TEST(UnlinkedMentions, PipeIsEscapedInTables) {
  EXPECT_EQ(linked(Fixture(R"(
    //- /Agile.md
    # Agile$0
    //- /Other.md
    | Method | Note |
    | --- | --- |
    | agile | Agile |
  )")),
            dedent(R"(
    Link 2 unlinked mentions of "Agile"
    //- /Other.md
    | Method | Note |
    | --- | --- |
    | [[Agile\|agile]] | [[Agile]] |
  )"));
}

TEST(UnlinkedMentions, CancelledGivesNothing) {
  const Fixture f(R"(
    //- /Agile.md
    # Agile$0
    //- /Other.md
    Agile
  )");
  EXPECT_EQ(linked(f, {}, [] { return true; }), "none");
}

}  // namespace
}  // namespace slipbox
