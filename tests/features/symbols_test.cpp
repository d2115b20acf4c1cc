// document_outline, SymbolIndex::search and document_links through annotated vaults.
#include <gtest/gtest.h>

#include "analysis/features/document_links.h"
#include "analysis/features/document_symbols.h"
#include "analysis/features/workspace_symbols.h"
#include "tests/support/fixture.h"

namespace slipbox {
namespace {

using testing::Fixture;

// `name [range] {children}` with ranges rendered as line:col-line:col.
std::string render(const Fixture& f, const std::vector<OutlineItem>& items) {
  std::string out;
  for (const OutlineItem& item : items) {
    if (!out.empty()) out += " ";
    out += item.name + " " + f.render(item.range) + " sel " + f.render(item.selection);
    if (!item.children.empty()) out += " {" + render(f, item.children) + "}";
  }
  return out;
}

TEST(DocumentOutline, NestsSectionsAndEndsThemBeforeTheNext) {
  const Fixture f(R"(
    //- /Note.md
    ---
    title: x
    ---
    # Plan$0
    Intro.

    ## Mål
    ### Delmål 🎯
    Text.
    ## Tid

    # Appendix
    ##### Deep
    ## Shallow
  )");
  const auto outline = document_outline(
      f.cursor_file().annotated.text.empty() ? ParsedNote{} : *f.vault().note(f.id("Note.md")), f.cursor_file().text());
  EXPECT_EQ(render(f, outline),
            "Plan 3:0-9:6 sel 3:2-3:6 {Mål 6:0-8:5 sel 6:3-6:6 {Delmål 🎯 7:0-8:5 sel 7:4-7:13} "
            "Tid 9:0-9:6 sel 9:3-9:6} "
            "Appendix 11:0-13:10 sel 11:2-11:10 {Deep 12:0-12:10 sel 12:6-12:10 Shallow 13:0-13:10 sel 13:3-13:10}");
}

TEST(DocumentOutline, NoHeadingsAndCodeFences) {
  const Fixture f(R"(
    Text$0
    ```
    # not a heading
    ```
  )");
  EXPECT_TRUE(document_outline(*f.vault().note(f.id("Note.md")), f.cursor_file().text()).empty());
}

std::vector<std::string> search(const Fixture& f, std::string_view query, size_t max = 200) {
  std::vector<std::string> out;
  for (const WorkspaceSymbol& s : SymbolIndex::build(f.shared_vault(), 1)->search(query, max)) {
    static const char* const kKinds[] = {"note", "heading", "alias", "tag"};
    std::string line = std::string(kKinds[static_cast<int>(s.kind)]) + " " + s.name + " in " + s.container;
    if (!s.range.empty()) line += " " + f.render(f.vault().file(s.file).path, s.range);
    out.push_back(line);
  }
  return out;
}

const char* const kVault = R"(
  //- /🛠 Ressurser/Slipbox/Agile Metoder.md
  ---
  aliases: [Smidig utvikling]
  tags: [metode/agile]
  ---
  # Agile Metoder
  ## Kjøper og selger
  #metode
  //- /Prosjekter/Kjøpsplan.md
  # Plan for kjøp
  #metode/agile
  //- /Arkiv/Kjøpsplan.md
  //- /img/Kjøp.png
)";

TEST(WorkspaceSymbols, NotesHeadingsAliasesTagsIgnoringCaseAndAccents) {
  const Fixture f(kVault);
  EXPECT_EQ(search(f, "kjop"), (std::vector<std::string>{
                                   "note Kjøpsplan in Arkiv",
                                   "note Kjøpsplan in Prosjekter",
                                   "heading Kjøper og selger in 🛠 Ressurser/Slipbox/Agile Metoder.md 5:0-5:19",
                                   "heading Plan for kjøp in Prosjekter/Kjøpsplan.md 0:0-0:15",
                               }));
  EXPECT_EQ(search(f, "SMIDIG"),
            (std::vector<std::string>{"alias Smidig utvikling in 🛠 Ressurser/Slipbox/Agile Metoder.md"}));
  EXPECT_EQ(search(f, "kjøp").size(), 4u);  // the query folds like the names
  // A tag is listed once, at its first use (in path order; `🛠` sorts after `P`).
  EXPECT_EQ(search(f, "metode/ag"),
            (std::vector<std::string>{"tag #metode/agile in Prosjekter/Kjøpsplan.md 1:0-1:13"}));
}

// The symbols are named `#tag`, so `#tag` is what users type.
TEST(WorkspaceSymbols, HashQuerySearchesTagsOnly) {
  const Fixture f(R"(
    //- /Metoder.md
    # Metode
    #metode #metode/agile #annet
    //- /metode notes.md
  )");
  EXPECT_EQ(search(f, "#metode"), (std::vector<std::string>{
                                      "tag #metode in Metoder.md 1:0-1:7",
                                      "tag #metode/agile in Metoder.md 1:8-1:21",
                                  }));
  EXPECT_EQ(search(f, "#AGILE"), (std::vector<std::string>{"tag #metode/agile in Metoder.md 1:8-1:21"}));
  EXPECT_EQ(search(f, "#").size(), 3u);       // every tag, nothing else
  EXPECT_EQ(search(f, "metode").size(), 5u);  // without '#': notes, headings and tags
}

TEST(WorkspaceSymbols, RankingAndEmptyQuery) {
  const Fixture f(R"(
    //- /Plan.md
    # Planning
    //- /Plans and more.md
    //- /Deep/x.md
    ## My plan
    //- /unrelated.md
    # Pleasant afternoon
  )");
  const auto found = search(f, "plan");
  ASSERT_EQ(found.size(), 5u);
  EXPECT_EQ(found[0], "note Plan in ");            // exact
  EXPECT_EQ(found[1], "note Plans and more in ");  // prefix
  EXPECT_EQ(found[2], "heading Planning in Plan.md 0:0-0:10");
  EXPECT_EQ(found[3], "heading My plan in Deep/x.md 0:0-0:10");                // word start
  EXPECT_EQ(found[4], "heading Pleasant afternoon in unrelated.md 0:0-0:20");  // scattered
  EXPECT_EQ(search(f, "", 200).size(), 4u);                                    // notes only
  EXPECT_EQ(search(f, "plan", 2).size(), 2u);
  EXPECT_TRUE(search(f, "zzz").empty());
}

TEST(WorkspaceSymbols, UpdateSeesAnEditedNote) {
  const Fixture f(kVault);
  const auto index = SymbolIndex::build(f.shared_vault(), 1);
  const FileId plan = f.id("Prosjekter/Kjøpsplan.md");
  const auto edited = f.vault().with_note(plan, std::make_shared<const ParsedNote>(parse_note("# Budsjett\n")));
  const auto updated = index->update(edited, 1);
  EXPECT_EQ(index->search("budsjett").size(), 0u);
  ASSERT_EQ(updated->search("budsjett").size(), 1u);
  EXPECT_EQ(updated->search("budsjett")[0].file, plan);
  EXPECT_EQ(updated->search("plan for").size(), 0u);
}

std::vector<std::string> links(const Fixture& f) {
  std::vector<std::string> out;
  for (const DocumentLinkTarget& t : document_links(f.context())) {
    std::string line = f.render(t.range) + " ";
    if (!t.external.empty())
      line += t.external;
    else if (t.is_self)
      line += "self";
    else
      line += f.vault().file(*t.file).path;
    if (t.line) line += " line " + std::to_string(*t.line);
    out.push_back(line);
  }
  return out;
}

TEST(DocumentLinks, EveryFormThatLeadsSomewhere) {
  const Fixture f(R"(
    //- /Note.md
    ---
    related: "[[Plan]]"
    ---
    # Top$0
    [[Plan#Mål|goal]] ![[img/Fig 1.png|200]] [x](Projects/Plan.md#M%C3%A5l) [[#Top]]
    [[Missing]] [[Plan#Nope]] <https://example.com> [w](https://x.org/a)
    //- /Projects/Plan.md
    # Plan
    ## Mål
    //- /img/Fig 1.png
  )");
  EXPECT_EQ(links(f), (std::vector<std::string>{
                          "1:10-1:18 Projects/Plan.md",
                          "4:0-4:17 Projects/Plan.md line 1",
                          "4:18-4:40 img/Fig 1.png",
                          "4:41-4:71 Projects/Plan.md line 1",
                          "4:72-4:80 self line 3",
                          "5:12-5:25 Projects/Plan.md",
                          "5:48-5:68 https://x.org/a",
                      }));
}

// An external URL is handed over as written, never percent-decoded.
TEST(DocumentLinks, ExternalUrlsPassThroughUnchanged) {
  const Fixture f(R"(
    //- /Note.md
    [s](https://example.com/search?q=a%26b%3Dc) [h](https://e.com/a%23b#frag%20x)$0
    [p](<https://e.com/100%25 off>) [e](https://e.com/\(x\)) [[https://e.com/a%20b#x|w]]
  )");
  EXPECT_EQ(links(f), (std::vector<std::string>{
                          "0:0-0:43 https://example.com/search?q=a%26b%3Dc",
                          "0:44-0:77 https://e.com/a%23b#frag%20x",
                          "1:0-1:31 https://e.com/100%25 off",
                          "1:32-1:56 https://e.com/(x)",
                          "1:57-1:84 https://e.com/a%20b#x",
                      }));
}

}  // namespace
}  // namespace slipbox
