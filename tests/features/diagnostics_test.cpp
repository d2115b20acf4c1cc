// diagnose_note through annotated vaults: every `⟦…⟧` in the cursor-less note under test
// (`/Note.md` unless named) must be exactly one diagnostic, in order.
#include "analysis/features/diagnostics.h"

#include <gtest/gtest.h>

#include "tests/support/fixture.h"

namespace slipbox {
namespace {

using testing::Fixture;

std::vector<Diagnostic> raw(const Fixture& f, std::string_view path) {
  const FileId id = f.id(path);
  const NoteContext context{f.vault(), f.file(path).path, f.file(path).text(), *f.vault().note(id)};
  return diagnose_note(context);
}

// `code message (target)` for each diagnostic of the note at `path`.
std::vector<std::string> diagnose(const Fixture& f, std::string_view path = "Note.md") {
  std::vector<std::string> out;
  for (const Diagnostic& d : raw(f, path))
    out.push_back(std::string(diagnostic_code(d.kind)) + " " + d.message + " (" + d.target + ")");
  return out;
}

// The rendered ranges (`line:col-line:col`, UTF-16) of the diagnostics.
std::vector<std::string> ranges(const Fixture& f, std::string_view path = "Note.md") {
  std::vector<std::string> out;
  for (const Diagnostic& d : raw(f, path)) out.push_back(f.render(path, d.range));
  return out;
}

// The ranges the fixture marks in `path`, rendered.
std::vector<std::string> marked(const Fixture& f, std::string_view path = "Note.md") {
  std::vector<std::string> out;
  for (const ByteRange& r : f.file(path).annotated.ranges) out.push_back(f.render(path, r));
  return out;
}

TEST(Diagnostics, Codes) {
  EXPECT_EQ(diagnostic_code(DiagnosticKind::UnresolvedLink), "unresolved-link");
  EXPECT_EQ(diagnostic_code(DiagnosticKind::UnresolvedAttachment), "unresolved-attachment");
  EXPECT_EQ(diagnostic_code(DiagnosticKind::UnresolvedHeading), "unresolved-heading");
  EXPECT_EQ(diagnostic_code(DiagnosticKind::UnresolvedBlock), "unresolved-block");
}

TEST(Diagnostics, EachKindNamesItsTarget) {
  const Fixture f(R"(
    //- /Note.md
    # Intro
    Good: [[Plan]] [[Plan#Mål]] [[Plan#^abc]] ![[Fig 1.png]] [[#Intro]]
    ⟦[[Plam]]⟧ ⟦[[Plan#Nope]]⟧ ⟦[[Plan#^zzz]]⟧ ⟦![[Fig 2.png]]⟧ ⟦[[#Outro]]⟧
    //- /Projects/Plan.md
    # Mål
    A paragraph. ^abc
    //- /img/Fig 1.png
  )");
  const std::vector<std::string> expected = {
      "unresolved-link No note named \"Plam\" (Plam)",
      "unresolved-heading No heading \"Nope\" in \"Plan\" (Plan#Nope)",
      "unresolved-block No block \"^zzz\" in \"Plan\" (Plan#^zzz)",
      "unresolved-attachment No file named \"Fig 2.png\" (Fig 2.png)",
      "unresolved-heading No heading \"Outro\" in \"Note\" (#Outro)",
  };
  EXPECT_EQ(diagnose(f), expected);
  EXPECT_EQ(ranges(f), marked(f));
}

TEST(Diagnostics, CommentedAndExternalLinksAreIgnored) {
  const Fixture f(R"(
    %% [[Commented out]] %%
    %%
    [[Also commented]]
    %%
    [[https://example.com]] [site](https://example.com) <https://x.org>
    `[[in code]]`
    ⟦[[Real]]⟧
  )");
  EXPECT_EQ(ranges(f), marked(f));
}

// docs/link-resolution.md §1.9: a colon alone does not make a wiki-link a URL.
TEST(Diagnostics, ColonInAWikiLinkIsANoteName) {
  const Fixture f(R"(
    [[Re: meeting]] [[Re: meeting#Agenda]] ⟦[[SRD-Type: Null]]⟧ ⟦[[C:Notes]]⟧
    with a space, not a URL: ⟦[[https://example.com/a b]]⟧
    [[mailto:a@b.c]] [[zotero://select/items/X]] [[obsidian://open?vault=v]]
    //- /Re: meeting.md
    # Agenda
  )");
  const std::vector<std::string> expected = {
      "unresolved-link No note named \"SRD-Type: Null\" (SRD-Type: Null)",
      "unresolved-link No note named \"C:Notes\" (C:Notes)",
      "unresolved-link No note named \"https://example.com/a b\" (https://example.com/a b)",
  };
  EXPECT_EQ(diagnose(f), expected);
  EXPECT_EQ(ranges(f), marked(f));
}

TEST(Diagnostics, FrontMatterLinksCount) {
  const Fixture f(R"(
    ---
    related: "⟦[[Missing]]⟧"
    up: "[[Other]]"
    ---
    Body
    //- /Other.md
  )");
  EXPECT_EQ(diagnose(f), (std::vector<std::string>{"unresolved-link No note named \"Missing\" (Missing)"}));
  EXPECT_EQ(ranges(f), (std::vector<std::string>{"1:10-1:21"}));
}

TEST(Diagnostics, MarkdownLinksAreDecodedAndResolvedVaultWide) {
  const Fixture f(R"(
    [ok](My%20Note.md) [ok](Sub/My%20Note.md) [ok](My%20Note)
    ⟦[bad](No%20Such.md)⟧
    //- /Sub/My Note.md
  )");
  EXPECT_EQ(diagnose(f), (std::vector<std::string>{"unresolved-link No note named \"No Such.md\" (No%20Such.md)"}));
  EXPECT_EQ(ranges(f), marked(f));
}

// `slipbox check` diagnoses from the index's parse first and reads the text only when
// something is broken: the targets it then sets are the ones a pass with the text gives.
TEST(Diagnostics, WrittenTargetsSetAfterwardsMatchAPassWithTheText) {
  const Fixture f(R"(
    [ok](Sub/My%20Note.md) ⟦[bad](No%20Such.md)⟧ ⟦[[Plam|shown]]⟧ [[My Note]]
    ⟦![[Fig%202.png]]⟧ ⟦[[My Note#Nope]]⟧ ⟦[m](Sub/My%20Note.md#Gone%20Heading)⟧ ⟦[[#Missing]]⟧
    //- /Sub/My Note.md
    # Here
  )");
  const FileId id = f.id("Note.md");
  const ParsedNote& parsed = *f.vault().note(id);
  std::vector<Diagnostic> without_text = diagnose_note(NoteContext{f.vault(), "Note.md", "", parsed});
  set_written_targets(without_text, parsed, f.file("Note.md").text());
  const std::vector<Diagnostic> with_text = raw(f, "Note.md");
  ASSERT_EQ(without_text.size(), 6u);
  ASSERT_EQ(without_text.size(), with_text.size());
  for (size_t i = 0; i < with_text.size(); ++i) {
    EXPECT_EQ(without_text[i].target, with_text[i].target) << i;
    EXPECT_EQ(without_text[i].message, with_text[i].message) << i;
    EXPECT_EQ(without_text[i].range, with_text[i].range) << i;
  }
  EXPECT_EQ(with_text[0].target, "No%20Such.md");
}

TEST(Diagnostics, UnicodeNamesAndUtf16Ranges) {
  const Fixture f(R"(
    //- /Note.md
    🛠 [[Agile Metoder]] [[🛠 Ressurser/Slipbox/Agile Metoder]] [[日本語のノート]] [[Kjøper og Selger]]
    🛠🛠 ⟦[[Kjøpr]]⟧ ⟦[[日本語]]⟧
    //- /🛠 Ressurser/Slipbox/Agile Metoder.md
    //- /Kjøper og Selger.md
    //- /メモ/日本語のノート.md
  )");
  const std::vector<std::string> expected = {
      "unresolved-link No note named \"Kjøpr\" (Kjøpr)",
      "unresolved-link No note named \"日本語\" (日本語)",
  };
  EXPECT_EQ(diagnose(f), expected);
  EXPECT_EQ(ranges(f), marked(f));
  // By hand: 🛠 is two UTF-16 units, 日本語 three.
  EXPECT_EQ(ranges(f), (std::vector<std::string>{"1:5-1:14", "1:15-1:22"}));
}

TEST(Diagnostics, LongTitlesResolve) {
  // Over md4c's 100-byte wiki link limit: must still resolve.
  const Fixture f(R"(
    //- /Note.md
    [[Dette er en veldig lang tittel på en notat som handler om smidige metoder og hvordan vi jobber i team]]
    [[Dette er en veldig lang tittel på en notat som handler om smidige metoder og hvordan vi jobber i team#Første del]]
    ⟦[[Dette er en veldig lang tittel på en notat som handler om smidige metoder og hvordan vi jobber i tea]]⟧
    //- /Områder/Dette er en veldig lang tittel på en notat som handler om smidige metoder og hvordan vi jobber i team.md
    # Første del
  )");
  ASSERT_EQ(diagnose(f).size(), 1u);
  EXPECT_EQ(ranges(f), marked(f));
}

TEST(Diagnostics, ResolutionRulesAreObsidians) {
  const Fixture f(R"(
    //- /a/x.md
    [[../Log]] [[LOG]] [[Log.md]] [[b/Note]] [[Note]] [[Fig 1.png]] ⟦[[Fig 1]]⟧ ⟦[[Doggo]]⟧
    //- /Log.md
    //- /a/b/Note.md
    //- /img/Fig 1.png
    //- /Dog.md
    ---
    aliases: [Doggo]
    ---
  )");
  EXPECT_EQ(ranges(f, "a/x.md"), marked(f, "a/x.md"));
}

TEST(Diagnostics, NothingToReportInAnEmptyOrBrokenNote) {
  const Fixture f(std::string("//- /Note.md\n[[\n]]\n[[]] ![[ ]] \xff\xfe [[x\n"));
  EXPECT_TRUE(diagnose(f).empty());
}

}  // namespace
}  // namespace slipbox
