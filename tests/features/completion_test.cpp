// complete() through annotated vaults: `$0` is the cursor, `⟦…⟧` the expected replace range.
#include "analysis/features/completion.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/support/fixture.h"

namespace slipbox {
namespace {

using ::testing::ElementsAre;
using testing::Fixture;

CompletionResult run(const Fixture& f, size_t max_items = 100) {
  return complete(f.context(), f.cursor(), CompletionOptions{max_items});
}

// `label -> insert` per item, in the server's order; ` (detail)` when there is one.
std::vector<std::string> items(const CompletionResult& result) {
  std::vector<std::string> out;
  for (const CompletionItem& item : result.items) {
    std::string line = item.label + " -> " + item.insert_text;
    if (!item.detail.empty()) line += " (" + item.detail + ")";
    out.push_back(line);
  }
  return out;
}

std::vector<std::string> labels(const CompletionResult& result) {
  std::vector<std::string> out;
  for (const CompletionItem& item : result.items) out.push_back(item.label);
  return out;
}

TEST(Completion, PrefixBeforeWordStartBeforeSubsequence) {
  const Fixture f(R"(
    //- /Note.md
    [[⟦pla$0⟧
    //- /Plan.md
    //- /Planning.md
    //- /Airplane.md
    //- /Project Plan.md
    //- /Other.md
  )");
  const CompletionResult result = run(f);
  EXPECT_THAT(labels(result), ElementsAre("Plan", "Planning", "Project Plan", "Airplane"));
  EXPECT_FALSE(result.is_incomplete);
  for (const CompletionItem& item : result.items) {
    EXPECT_EQ(item.kind, CompletionKind::Note);
    EXPECT_EQ(f.render(item.replace_range), f.render(f.range()));
    EXPECT_TRUE(item.filter_text.starts_with("pla")) << item.filter_text;
  }
  EXPECT_EQ(result.items[0].insert_text, "Plan]]");
  EXPECT_EQ(result.items[0].file, f.id("Plan.md"));
  // The client keeps the server's order.
  for (size_t i = 1; i < result.items.size(); ++i) EXPECT_LT(result.items[i - 1].sort_text, result.items[i].sort_text);
}

TEST(Completion, IgnoresCaseAndAccents) {
  const Fixture f(R"(
    //- /Note.md
    [[kjoper$0
    //- /Handel/Kjøper og Selger.md
    //- /Kopier.md
    //- /Café.md
  )");
  EXPECT_THAT(items(run(f)), ElementsAre("Kjøper og Selger -> Kjøper og Selger]]"));

  const Fixture g(R"(
    //- /Note.md
    [[CAFE$0
    //- /Café.md
    //- /Cafeteria/Mat.md
  )");
  EXPECT_THAT(labels(run(g)), ElementsAre("Café"));
}

TEST(Completion, UnicodeNames) {
  const Fixture f(R"(
    //- /Note.md
    [[日本$0
    //- /メモ/日本語のノート.md
    //- /🛠 Ressurser/Slipbox/Agile Metoder.md
  )");
  EXPECT_THAT(items(run(f)), ElementsAre("日本語のノート -> 日本語のノート]]"));

  const Fixture g(R"(
    //- /Note.md
    [[agile$0
    //- /🛠 Ressurser/Slipbox/Agile Metoder.md
  )");
  EXPECT_THAT(items(run(g)), ElementsAre("Agile Metoder -> Agile Metoder]]"));
}

TEST(Completion, SharedNamesShowTheFolderAndInsertThePath) {
  const Fixture f(R"(
    //- /Note.md
    [[Mee$0
    //- /Arbeid/Meeting.md
    //- /Privat/Meeting.md
    //- /Meetings.md
  )");
  EXPECT_THAT(items(run(f)), ElementsAre("Meeting -> Arbeid/Meeting]] (Arbeid)", "Meeting -> Privat/Meeting]] (Privat)",
                                         "Meetings -> Meetings]]"));
}

TEST(Completion, PathQueriesMatchFolders) {
  const Fixture f(R"(
    //- /Note.md
    [[privat/mee$0
    //- /Arbeid/Meeting.md
    //- /Privat/Meeting.md
  )");
  EXPECT_THAT(items(run(f)), ElementsAre("Meeting -> Privat/Meeting]] (Privat)"));

  const Fixture g(R"(
    //- /Note.md
    [[ressurser/slipbox/ag$0
    //- /🛠 Ressurser/Slipbox/Agile Metoder.md
    //- /🛠 Ressurser/Agile.md
    //- /Områder/Agile Metoder.md
  )");
  EXPECT_THAT(items(run(g)),
              ElementsAre("Agile Metoder -> 🛠 Ressurser/Slipbox/Agile Metoder]] (🛠 Ressurser/Slipbox)"));
}

TEST(Completion, AliasesInsertNoteAndAlias) {
  const Fixture f(R"(
    //- /Note.md
    [[dog$0
    //- /Animals/Dog.md
    ---
    aliases: [Doggo, Bikkje]
    ---
    //- /Hotdog.md
  )");
  EXPECT_THAT(items(run(f)), ElementsAre("Dog -> Dog]]", "Doggo -> Dog|Doggo]] (alias of Dog)", "Hotdog -> Hotdog]]"));
  EXPECT_EQ(run(f).items[1].kind, CompletionKind::Alias);

  const Fixture g(R"(
    //- /Note.md
    [[bikk$0
    //- /Animals/Dog.md
    ---
    aliases: [Doggo, Bikkje]
    ---
  )");
  EXPECT_THAT(items(run(g)), ElementsAre("Bikkje -> Dog|Bikkje]] (alias of Dog)"));
}

TEST(Completion, HeadingsAfterHash) {
  const Fixture f(R"(
    //- /Note.md
    [[⟦Plan#$0⟧
    //- /Projects/Plan.md
    # Plan
    ## Mål: første fase
    ## See [[Other]]
  )");
  const CompletionResult result = run(f);
  EXPECT_THAT(items(result), ElementsAre("Plan -> Plan#Plan]] (#)", "Mål: første fase -> Plan#Mål første fase]] (##)",
                                         "See [[Other]] -> Plan#See Other]] (##)"));
  EXPECT_EQ(result.items[0].kind, CompletionKind::Heading);
  EXPECT_EQ(result.items[0].file, f.id("Projects/Plan.md"));
  EXPECT_EQ(f.render(result.items[0].replace_range), f.render(f.range()));

  const Fixture g(R"(
    //- /Note.md
    [[Plan#mal$0]]
    //- /Projects/Plan.md
    # Plan
    ## Mål: første fase
  )");
  EXPECT_THAT(items(run(g)), ElementsAre("Mål: første fase -> Plan#Mål første fase (##)"));
}

TEST(Completion, OwnHeadingsAfterBareHash) {
  const Fixture f(R"(
    //- /Note.md
    # Intro
    ## Details
    See [[#det$0]]
  )");
  EXPECT_THAT(items(run(f)), ElementsAre("Details -> #Details (##)"));
}

TEST(Completion, BlocksAfterHashCaret) {
  const Fixture f(R"(
    //- /Note.md
    [[Plan#^$0
    //- /Plan.md
    First paragraph. ^first
    
    - item ^list-item
  )");
  EXPECT_THAT(labels(run(f)), ElementsAre("first", "list-item"));
  EXPECT_EQ(run(f).items[0].insert_text, "Plan#^first]]");
  EXPECT_EQ(run(f).items[0].kind, CompletionKind::Block);

  const Fixture g(R"(
    //- /Note.md
    [[Plan#^li$0
    //- /Plan.md
    First paragraph. ^first

    - item ^list-item
  )");
  EXPECT_THAT(labels(run(g)), ElementsAre("list-item"));
}

TEST(Completion, EmbedsOfferImagesFirst) {
  const Fixture f(R"(
    //- /Note.md
    ![[$0
    //- /Diagram.md
    //- /img/diagram.png
    //- /docs/diagram.pdf
  )");
  const CompletionResult result = run(f);
  // Images, then notes (the note itself last among them), then other attachments.
  EXPECT_THAT(items(result), ElementsAre("diagram.png -> diagram.png]]", "Diagram -> Diagram]]", "Note -> Note]]",
                                         "diagram.pdf -> diagram.pdf]]"));
  EXPECT_EQ(result.items[0].kind, CompletionKind::Attachment);
}

TEST(Completion, LinksOfferAttachmentsAfterNotes) {
  const Fixture f(R"(
    //- /Note.md
    [[diag$0
    //- /img/diagram.png
    //- /Diagrams and charts.md
  )");
  EXPECT_THAT(labels(run(f)), ElementsAre("Diagrams and charts", "diagram.png"));
}

TEST(Completion, NeverDoublesTheClosingBrackets) {
  struct Case {
    const char* fixture;
    const char* insert;
  };
  const Case cases[] = {
      {"[[⟦Pl$0⟧]]", "Plan"},
      {"[[⟦Pl$0an⟧]]", "Plan"},
      {"[[⟦Pl$0⟧", "Plan]]"},
      {"[[⟦Pl$0⟧ and [[Other]]", "Plan]]"},
      {"[[⟦Pl$0⟧|shown]]", "Plan"},
      {"text ![[⟦Pl$0⟧]] more", "Plan"},
      // Picking another note keeps the heading and the display text.
      {"[[⟦Pl$0an⟧#Mål|shown]]", "Plan"},
      {"[[⟦Pl$0⟧#Mål]] [[Other]]", "Plan"},
      {"[text](⟦Pl$0⟧)", "Plan.md"},
      {"[text](⟦Pl$0an.md⟧#Mål)", "Plan.md"},
      {"[text](⟦Pl$0⟧", "Plan.md)"},
  };
  for (const Case& c : cases) {
    const Fixture f(std::string("//- /Note.md\n") + c.fixture + "\n//- /Plan.md\n//- /Other.md\n");
    const CompletionResult result = run(f);
    ASSERT_FALSE(result.items.empty()) << c.fixture;
    EXPECT_EQ(result.items[0].label, "Plan") << c.fixture;
    EXPECT_EQ(result.items[0].insert_text, c.insert) << c.fixture;
    EXPECT_EQ(f.render(result.items[0].replace_range), f.render(f.range())) << c.fixture;
  }
}

TEST(Completion, NotesBeforeEquallyGoodAliasesAndTheNoteItselfLast) {
  // "agi": the alias "Agile" is shorter than "Agile Metoder", but people link by name; the
  // note being edited (and its alias "Start") go after the rest.
  const Fixture f(R"(
    //- /Start here.md
    ---
    aliases: [Agenda]
    ---
    [[ag$0
    //- /Agile Metoder.md
    ---
    aliases: [Agile]
    ---
  )");
  EXPECT_THAT(items(run(f)),
              ElementsAre("Agile Metoder -> Agile Metoder]]", "Agile -> Agile Metoder|Agile]] (alias of Agile Metoder)",
                          "Agenda -> Start here|Agenda]] (alias of Start here)"));
}

TEST(Completion, AliasReplacesAnExistingDisplayText) {
  const Fixture f(R"(
    //- /Note.md
    [[⟦dogg$0|old⟧]]
    //- /Dog.md
    ---
    aliases: [Doggo]
    ---
  )");
  const CompletionResult result = run(f);
  ASSERT_EQ(result.items.size(), 1u);
  EXPECT_EQ(result.items[0].insert_text, "Dog|Doggo");
  EXPECT_EQ(f.render(result.items[0].replace_range), f.render(f.range()));
}

TEST(Completion, CapsAndSaysIncomplete) {
  std::string vault = "//- /Note.md\n[[n$0\n";
  for (int i = 0; i < 30; ++i) vault += "//- /n" + std::to_string(100 + i) + ".md\n";
  const Fixture f(vault);
  const CompletionResult capped = run(f, 5);
  EXPECT_TRUE(capped.is_incomplete);
  EXPECT_THAT(labels(capped), ElementsAre("n100", "n101", "n102", "n103", "n104"));
  const CompletionResult all = run(f, 100);
  EXPECT_FALSE(all.is_incomplete);
  EXPECT_EQ(all.items.size(), 31u);
}

TEST(Completion, MarkdownLinksInsertEncodedVaultPaths) {
  const Fixture f(R"(
    //- /Note.md
    See [text](⟦My$0⟧)
    //- /Sub/My Note.md
    # Første del
  )");
  const CompletionResult result = run(f);
  EXPECT_THAT(items(result), ElementsAre("My Note -> Sub/My%20Note.md"));
  EXPECT_EQ(f.render(result.items[0].replace_range), f.render(f.range()));

  const Fixture g(R"(
    //- /Note.md
    See [text](Sub/My%20Note.md#f$0
    //- /Sub/My Note.md
    # Første del
  )");
  EXPECT_THAT(items(run(g)), ElementsAre("Første del -> Sub/My%20Note.md#Første%20del) (#)"));
}

TEST(Completion, NothingOutsideALink) {
  const char* cases[] = {
      "Plain $0 text", "[[Plan]] $0", "[[Plan|disp$0]]", "[[Plan]]$0", "(paren $0",
  };
  for (const char* text : cases) {
    const Fixture f(std::string("//- /Note.md\n") + text + "\n//- /Plan.md\n");
    EXPECT_TRUE(run(f).items.empty()) << text;
  }
}

TEST(Completion, InFrontMatterValues) {
  const Fixture f(R"(
    //- /Note.md
    ---
    related: "[[⟦Pl$0⟧"
    ---
    //- /Plan.md
  )");
  const CompletionResult result = run(f);
  EXPECT_THAT(items(result), ElementsAre("Plan -> Plan]]"));
  EXPECT_EQ(f.render(result.items[0].replace_range), f.render(f.range()));
}

TEST(Completion, FilterTextStartsWithWhatWasTyped) {
  const Fixture f(R"(
    //- /Note.md
    [[kjop$0
    //- /Kjøper.md
  )");
  const CompletionResult result = run(f);
  ASSERT_EQ(result.items.size(), 1u);
  EXPECT_EQ(result.items[0].filter_text, "kjopKjøper");
}

}  // namespace
}  // namespace slipbox
