// quick_fixes through annotated vaults: `$0` is the cursor (an empty selection); each fix
// is shown as its title and the cursor note's text after applying it.
#include "analysis/features/code_actions.h"

#include <gtest/gtest.h>

#include "analysis/vault/link_graph.h"
#include "tests/support/fixture.h"

namespace slipbox {
namespace {

using testing::Fixture;

struct Shown {
  std::string title;
  std::string text;     // the cursor note after the fix
  std::string created;  // "path: text" of a created note
  bool preferred;
};

std::vector<Shown> fixes(const Fixture& f, const CodeActionOptions& options = {}) {
  std::vector<Shown> out;
  for (const QuickFix& fix : quick_fixes(f.context(), ByteRange{f.cursor(), f.cursor()}, options))
    out.push_back(Shown{fix.title, apply_changes(f.cursor_file().text(), fix.changes),
                        fix.create_path ? *fix.create_path + ": " + fix.create_text : "", fix.preferred});
  return out;
}

const Shown* titled(const std::vector<Shown>& all, std::string_view title) {
  for (const Shown& s : all)
    if (s.title == title) return &s;
  return nullptr;
}

std::string titles(const std::vector<Shown>& all) {
  std::string out;
  for (const Shown& s : all) out += s.title + "\n";
  return out;
}

TEST(QuickFixes, MojibakeRepairOffersTheNoteThatExists) {
  const Fixture f(R"(
    //- /Note.md
    Se [[ğŸ›  Ressurser/Slipbox/Agile Metoder|AgilÃ©$0]] og [[kjÃ¸per]].
    //- /🛠 Ressurser/Slipbox/Agile Metoder.md
    //- /Folk/kjøper.md
  )");
  const auto all = fixes(f);
  ASSERT_FALSE(all.empty());
  EXPECT_EQ(all[0].title, "Repair the text encoding: [[🛠 Ressurser/Slipbox/Agile Metoder]]") << titles(all);
  EXPECT_TRUE(all[0].preferred);
  EXPECT_EQ(all[0].text, "Se [[🛠 Ressurser/Slipbox/Agile Metoder|Agilé]] og [[kjÃ¸per]].\n");
}

TEST(QuickFixes, MojibakeInMarkdownLinks) {
  const Fixture f(R"(
    //- /Note.md
    [k](Folk/kjÃ¸per.md$0) and [e](%C3%83%C2%A6ble.md)
    //- /Folk/kjøper.md
    //- /æble.md
  )");
  const auto all = fixes(f);
  ASSERT_FALSE(all.empty());
  EXPECT_EQ(all[0].text, "[k](Folk/kjøper.md) and [e](%C3%83%C2%A6ble.md)\n") << titles(all);
  const Fixture g(R"(
    [k](Folk/kjÃ¸per.md) and [e](%C3%83%C2%A6ble.md$0)
    //- /æble.md
  )");
  const auto second = fixes(g);
  ASSERT_FALSE(second.empty());
  EXPECT_EQ(second[0].text, "[k](Folk/kjÃ¸per.md) and [e](æble.md)\n") << titles(second);
}

TEST(QuickFixes, ClosestNotesKeepTheLinkForm) {
  const Fixture f(R"(
    //- /Note.md
    See [[Agile Metodr#Scrum|agile$0]] and [x](Agile%20Metodr.md)
    //- /🛠 Ressurser/Agile Metoder.md
    //- /Andre/Agile Metoder.md
    //- /Plan.md
  )");
  const auto all = fixes(f);
  const Shown* first = titled(all, "Change to [[🛠 Ressurser/Agile Metoder]]");
  ASSERT_NE(first, nullptr) << titles(all);
  EXPECT_EQ(first->text, "See [[🛠 Ressurser/Agile Metoder#Scrum|agile]] and [x](Agile%20Metodr.md)\n");
  EXPECT_NE(titled(all, "Change to [[Andre/Agile Metoder]]"), nullptr) << titles(all);

  const Fixture md(R"(
    [x](Plam.md$0)
    //- /Sub/Plan.md
  )");
  const auto md_fixes = fixes(md);
  ASSERT_FALSE(md_fixes.empty());
  EXPECT_EQ(md_fixes[0].text, "[x](Plan.md)\n") << titles(md_fixes);
}

// The same name with another extension first, nothing unrelated.
TEST(QuickFixes, ChangeToOnlyOffersSimilarNames) {
  const Fixture f(R"(
    //- /Note.md
    [[Fig 1$0]]
    //- /Log.md
    //- /img/Fig 1.png
  )");
  const auto all = fixes(f);
  ASSERT_FALSE(all.empty());
  EXPECT_EQ(all[0].title, "Change to [[Fig 1.png]]") << titles(all);
  EXPECT_EQ(all[0].text, "[[Fig 1.png]]\n");
  EXPECT_EQ(titled(all, "Change to [[Log]]"), nullptr) << titles(all);
}

TEST(QuickFixes, CreateTheMissingNote) {
  struct Row {
    const char* link;
    const char* folder;
    const char* created;
    bool next_to_source = false;  // newFileLocation "current"
  };
  const Row rows[] = {
      {"[[Ny idé$0]]", "", "Ny idé.md: # Ny idé\n"},
      {"[[Ny idé$0]]", "Inbox", "Inbox/Ny idé.md: # Ny idé\n"},
      {"[[Prosjekter/Ny plan$0]]", "Inbox", "Prosjekter/Ny plan.md: # Ny plan\n"},
      {"[[./Ved siden$0]]", "Inbox", "Notes/Ved siden.md: # Ved siden\n"},
      {"[x](Ny%20plan.md$0)", "", "Ny plan.md: # Ny plan\n"},
      {"[[Ny idé$0]]", "", "Notes/Ny idé.md: # Ny idé\n", true},
      {"[x](Ny%20plan.md$0)", "Inbox", "Notes/Ny plan.md: # Ny plan\n", true},
      {"[[Prosjekter/Ny plan$0]]", "", "Prosjekter/Ny plan.md: # Ny plan\n", true},
  };
  for (const Row& row : rows) {
    const Fixture f(std::string("//- /Notes/Note.md\n") + row.link + "\n");
    CodeActionOptions options;
    options.new_note_folder = row.folder;
    options.new_note_next_to_source = row.next_to_source;
    const auto all = fixes(f, options);
    const Shown* create = nullptr;
    for (const Shown& s : all)
      if (!s.created.empty()) create = &s;
    ASSERT_NE(create, nullptr) << row.link << "\n" << titles(all);
    EXPECT_EQ(create->created, row.created) << row.link;
  }
}

TEST(QuickFixes, ClosestHeadingAndBlock) {
  const Fixture f(R"(
    //- /Note.md
    [[Plan#Minecraft The Vidoe Game$0]] [[Plan#^abd]]
    //- /Plan.md
    # Plan
    ## Minecraft: The Video Game
    A paragraph. ^abc
  )");
  const auto all = fixes(f);
  ASSERT_FALSE(all.empty());
  EXPECT_EQ(all[0].title, "Change heading to #Minecraft The Video Game") << titles(all);
  EXPECT_EQ(all[0].text, "[[Plan#Minecraft The Video Game]] [[Plan#^abd]]\n");

  const Fixture g(R"(
    [[Plan#^abd$0]]
    //- /Plan.md
    A paragraph. ^abc
  )");
  const auto blocks = fixes(g);
  ASSERT_FALSE(blocks.empty());
  EXPECT_EQ(blocks[0].text, "[[Plan#^abc]]\n") << titles(blocks);
}

TEST(QuickFixes, QualifyAnAmbiguousLink) {
  const Fixture f(R"(
    //- /Note.md
    [[Møte$0|møtet]] [[Unique]]
    //- /aa/Møte.md
    //- /bb/Møte.md
    //- /Unique.md
  )");
  const auto all = fixes(f);
  ASSERT_EQ(all.size(), 2u) << titles(all);
  EXPECT_EQ(all[0].text, "[[aa/Møte|møtet]] [[Unique]]\n");
  EXPECT_TRUE(all[0].preferred);
  EXPECT_EQ(all[1].text, "[[bb/Møte|møtet]] [[Unique]]\n");

  // Not a tie: Obsidian opens the shorter path; both are offered, that one first.
  const Fixture shorter(R"(
    //- /Note.md
    [[SRD-Run Away$0|Run Away]]
    //- /Moves/SRD-Run Away.md
    //- /Abilities/Ability/SRD-Run Away.md
  )");
  const auto both = fixes(shorter);
  ASSERT_EQ(both.size(), 2u) << titles(both);
  EXPECT_EQ(both[0].text, "[[Moves/SRD-Run Away|Run Away]]\n");
  EXPECT_EQ(both[1].text, "[[Abilities/Ability/SRD-Run Away|Run Away]]\n");

  const Fixture unique(R"(
    [[Unique$0]]
    //- /Unique.md
  )");
  EXPECT_TRUE(fixes(unique).empty());
}

}  // namespace
}  // namespace slipbox

#include "analysis/features/ambiguous_links.h"

namespace slipbox {
namespace {

// The hint whenever a bare name matches notes in several folders, not only on exact ties;
// the message says which one Obsidian opens.
TEST(AmbiguousLinks, HintWheneverTheNameIsInSeveralFolders) {
  const testing::Fixture f(R"(
    //- /Note.md
    ⟦[[Møte]]⟧ [[Plan]] [[aa/Møte]] %% [[Møte]] %% [[Nowhere]] ⟦[[SRD-Run Away|Run Away]]⟧
    //- /aa/Møte.md
    //- /bb/Møte.md
    //- /Plan.md
    //- /Sub/Plan.md
    //- /Moves/SRD-Run Away.md
    //- /Abilities/Ability/SRD-Run Away.md
  )");
  const FileId id = f.id("Note.md");
  const NoteContext context{f.vault(), "Note.md", f.file("Note.md").text(), *f.vault().note(id)};
  const auto found = ambiguous_links(context);
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].range, f.range_in("Note.md", 0));
  EXPECT_EQ(found[0].message,
            "\"Møte\" matches 2 files: Obsidian opens aa/Møte.md, not bb/Møte.md; qualify it with its folder");
  EXPECT_EQ(found[1].range, f.range_in("Note.md", 1));
  EXPECT_EQ(found[1].message,
            "\"SRD-Run Away\" matches 2 files: Obsidian opens Moves/SRD-Run Away.md, not "
            "Abilities/Ability/SRD-Run Away.md; qualify it with its folder");
}

}  // namespace
}  // namespace slipbox
