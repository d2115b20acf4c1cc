// find_references through annotated vaults: `$0` is the cursor; every `⟦…⟧` in any file is
// one expected reference (the ranges of all files, in path order, then position).
#include "analysis/features/references.h"

#include <gtest/gtest.h>

#include "tests/support/fixture.h"

namespace slipbox {
namespace {

using testing::Fixture;

std::vector<std::string> found(const Fixture& f, bool include_declaration = false) {
  const auto graph = LinkGraph::build(f.shared_vault(), 1);
  std::vector<std::string> out;
  for (const Reference& r : find_references(f.context(), f.cursor(), *graph, {include_declaration})) {
    const std::string path = r.file ? f.vault().file(*r.file).path : "(current)";
    out.push_back(path + " " + f.render(path, r.range));
  }
  return out;
}

std::vector<std::string> marked(const Fixture& f) {
  std::vector<std::pair<std::string, ByteRange>> all;
  for (const auto& file : f.files())
    for (const ByteRange& r : file.annotated.ranges) all.emplace_back(file.path, r);
  std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first < b.first : a.second.begin < b.second.begin;
  });
  std::vector<std::string> out;
  for (const auto& [path, r] : all) out.push_back(path + " " + f.render(path, r));
  return out;
}

TEST(References, AnywhereInANoteFindsEveryLinkForm) {
  const Fixture f(R"(
    //- /Projects/Plan.md
    # Plan
    Some te$0xt.
    //- /a.md
    See ⟦[[Plan]]⟧, ⟦[[plan#Mål|the goal]]⟧ and ⟦![[Projects/Plan]]⟧.
    Markdown: ⟦[p](Projects/Plan.md)⟧ ⟦[q](Plan)⟧ not [r](Plan.png)
    %% ⟦[[Plan]]⟧ in a comment still counts %%
    `[[Plan]]` in code does not.
    //- /b/c.md
    ---
    related: "⟦[[Plan]]⟧"
    ---
    ⟦[[Plan#^blk]]⟧ [[Plans]] [[Other/Plan]]
  )");
  EXPECT_EQ(found(f), marked(f));
}

TEST(References, OnALinkOrTheTitleMeansTheNote) {
  for (const char* cursor_text : {"See [[Pl$0an]]", "See [[Plan#Intro$0]]"}) {
    const std::string vault = std::string(R"(
      //- /Note.md
      )") + cursor_text + R"(
      //- /Plan.md
      # Plan
      ## Intro
      //- /x.md
      ⟦[[Plan]]⟧ ⟦[[Plan#Intro]]⟧
    )";
    const Fixture f(vault);
    const auto refs = found(f);
    ASSERT_EQ(refs.size(), 3u) << cursor_text;  // the cursor's own link too
    EXPECT_EQ(refs[0].substr(0, 8), "Note.md ");
    EXPECT_EQ(std::vector<std::string>(refs.begin() + 1, refs.end()), marked(f));
  }
  const Fixture title(R"(
    //- /Plan.md
    # Pl$0an
    ## Intro
    //- /x.md
    ⟦[[Plan]]⟧ ⟦[[Plan#Intro]]⟧
  )");
  EXPECT_EQ(found(title), marked(title));
}

TEST(References, OnAHeadingFindsLinksToThatHeadingOnly) {
  const Fixture f(R"(
    //- /Plan.md
    # Plan
    ## Del 1
    ### Mål
    ## Del 2
    ### Mål$0
    See ⟦[[#Del 2#Mål]]⟧ and [[#Del 1#Mål]].
    //- /x.md
    ⟦[[Plan#Del 2#Mål]]⟧ [[Plan#Mål]] [[Plan]] [[Plan#Del 2]]
    ⟦[t](Plan.md#Del%202#Mål)⟧
  )");
  EXPECT_EQ(found(f), marked(f));
}

TEST(References, HeadingWithDeclaration) {
  const Fixture f(R"(
    //- /Plan.md
    # Plan
    ⟦## Minecraft: The $0Video Game⟧
    //- /x.md
    ⟦[[Plan#Minecraft The Video Game]]⟧ [[Plan#Minecraft]]
  )");
  EXPECT_EQ(found(f, true), marked(f));
}

TEST(References, OnABlockId) {
  const Fixture f(R"(
    //- /Plan.md
    A paragraph. ^ab$0c

    Another. ^def
    //- /x.md
    ⟦[[Plan#^abc]]⟧ [[Plan#^def]] ⟦![[Plan#^abc]]⟧ [[Plan]]
  )");
  EXPECT_EQ(found(f), marked(f));
}

TEST(References, OnALinkSubpathStillMeansTheNote) {
  const Fixture f(R"(
    //- /x.md
    ⟦[[Plan#^a$0bc]]⟧ ⟦[[Plan]]⟧
    //- /Plan.md
    A paragraph. ^abc
  )");
  EXPECT_EQ(found(f), marked(f));
}

TEST(References, NestedAndFrontMatterTags) {
  const Fixture f(R"(
    //- /Note.md
    ---
    tags: [⟦project⟧, other]
    ---
    Text ⟦#pro$0ject⟧ and ⟦#Project/alpha⟧ but not #projects or #other/project.
    //- /x.md
    ---
    tags:
      - ⟦project/beta⟧
    ---
    ⟦#PROJECT⟧ `#project` in code
  )");
  EXPECT_EQ(found(f), marked(f));
}

TEST(References, NestedTagOnlyFindsItsSubtree) {
  const Fixture f(R"(
    //- /Note.md
    ⟦#a/b$0⟧ #a ⟦#a/b/c⟧ #a/bc
  )");
  EXPECT_EQ(found(f), marked(f));
}

TEST(References, MissingNoteFindsTheOtherLinksToIt) {
  const Fixture f(R"(
    //- /Note.md
    ⟦[[Someday Note$0]]⟧
    //- /x.md
    ⟦[[someday note|later]]⟧ [[Someday]] ⟦[[Someday Note#Heading]]⟧
  )");
  EXPECT_EQ(found(f), marked(f));
}

TEST(References, NonAsciiPathsAndSameNameInTwoFolders) {
  const Fixture f(R"(
    //- /🛠 Ressurser/Slipbox/Agile Metoder.md
    # Agile Metoder
    Tekst$0
    //- /Andre/Agile Metoder.md
    # Agile Metoder
    //- /🛠 Ressurser/Slipbox/sibling.md
    ⟦[[Agile Metoder]]⟧
    //- /Root.md
    ⟦[[Slipbox/Agile Metoder]]⟧ [[Andre/Agile Metoder]] ⟦[x](🛠%20Ressurser/Slipbox/Agile%20Metoder.md)⟧
  )");
  EXPECT_EQ(found(f), marked(f));
}

TEST(References, OutsideTheGraphsFreshParse) {
  // The graph follows a later snapshot: a note whose parse changed is re-resolved.
  const Fixture f(R"(
    //- /Plan.md
    # Plan$0
    //- /x.md
    [[Plan]]
  )");
  const auto graph = LinkGraph::build(f.shared_vault(), 1);
  const auto edited =
      f.vault().with_note(f.id("x.md"), std::make_shared<const ParsedNote>(parse_note("[[Plan]] [[Plan#Plan]]")));
  const auto updated = graph->update(edited, 1);
  EXPECT_EQ(graph->links_to(f.id("Plan.md")).size(), 1u);
  EXPECT_EQ(updated->links_to(f.id("Plan.md")).size(), 2u);
  EXPECT_EQ(updated->count_links_from_others(f.id("Plan.md")), 2u);
  const NoteContext context{*edited, "Plan.md", f.file("Plan.md").text(), *edited->note(f.id("Plan.md"))};
  EXPECT_EQ(find_references(context, f.cursor(), *updated).size(), 2u);
}

}  // namespace
}  // namespace slipbox

#include "analysis/features/code_lens.h"

namespace slipbox {
namespace {

TEST(BacklinkLenses, CountsFromOtherNotesOnTitleAndHeadings) {
  const testing::Fixture f(R"(
    //- /Plan.md
    # Plan$0
    ## Mål
    ## Tid
    [[#Mål]] [[Plan]]
    //- /a.md
    [[Plan]] [[Plan#Mål]] [p](Plan.md#M%C3%A5l)
    //- /b.md
    ![[Plan#mål]] [[Plan#^x]]
  )");
  const auto graph = LinkGraph::build(f.shared_vault(), 1);
  std::vector<std::string> shown;
  for (const BacklinkLens& lens : backlink_lenses(f.context(), *graph))
    shown.push_back(f.render(lens.range) + " " + std::to_string(lens.count) + (lens.is_note ? " note" : ""));
  EXPECT_EQ(shown, (std::vector<std::string>{"0:0-0:6 5 note", "1:0-1:6 3", "2:0-2:6 0"}));
}

}  // namespace
}  // namespace slipbox

#include "analysis/features/orphans.h"

namespace slipbox {
namespace {

TEST(Orphans, NotesNothingLinksToAndUnusedAttachments) {
  const testing::Fixture f(R"(
    //- /Index.md
    [[Linked]] ![[img/used.png]] [doc](files/Report%201.pdf)
    //- /Linked.md
    [[Linked]] %% [[Commented]] %%
    //- /Commented.md
    //- /Self.md
    [[Self]] [[#Top]]
    //- /Orphan.md
    [[Missing]]
    //- /img/used.png
    //- /img/unused.png
    //- /files/Report 1.pdf
    //- /files/old.pdf
  )");
  const auto graph = LinkGraph::build(f.shared_vault(), 1);
  std::vector<std::string> orphans, unused;
  for (const FileId id : orphan_notes(*graph)) orphans.push_back(f.vault().file(id).path);
  for (const FileId id : unused_attachments(*graph)) unused.push_back(f.vault().file(id).path);
  EXPECT_EQ(orphans, (std::vector<std::string>{"Index.md", "Orphan.md", "Self.md"}));
  EXPECT_EQ(unused, (std::vector<std::string>{"files/old.pdf", "img/unused.png"}));
}

}  // namespace
}  // namespace slipbox
