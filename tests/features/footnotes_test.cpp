// Footnotes (find_footnotes, footnote_problems, complete_footnote) and callout completion
// contexts through annotated notes.
#include <gtest/gtest.h>

#include "analysis/features/callouts.h"
#include "analysis/features/footnotes.h"
#include "tests/support/fixture.h"

namespace slipbox {
namespace {

using testing::Fixture;

TEST(Footnotes, ReferencesAndDefinitionsOutsideCode) {
  const Fixture f(R"(
    Text[^a] and [^lang-note] and `[^code]` and \[^esc] and [^ not] $0
       [^a]: Defined here.  
    x [^b]: not a definition
    ```
    [^fence]: no
    ```
  )");
  std::string out;
  const std::string& text = f.cursor_file().text();
  for (const FootnoteMark& mark : find_footnotes(*f.vault().note(f.id("Note.md")), text)) {
    out += std::string(mark.definition ? "def " : "ref ") + std::string(mark.label);
    if (mark.definition) out += " \"" + text.substr(mark.body.begin, mark.body.size()) + "\"";
    out += "; ";
  }
  EXPECT_EQ(out, "ref a; ref lang-note; def a \"Defined here.\"; ref b; ");
}

TEST(Footnotes, UnresolvedAndUnusedAreReportedOnTheirMarks) {
  const Fixture f(R"(
    One[^a] two⟦[^missing]⟧ three[^a]$0

    [^a]: Used twice.
    ⟦[^lonely]⟧: Nobody points here.
  )");
  const auto problems = footnote_problems(find_footnotes(*f.vault().note(f.id("Note.md")), f.cursor_file().text()));
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_FALSE(problems[0].unused);
  EXPECT_EQ(problems[0].range, f.range(0));
  EXPECT_EQ(problems[0].message, "No footnote [^missing]: defined in this note");
  EXPECT_TRUE(problems[1].unused);
  EXPECT_EQ(problems[1].range, f.range(1));
}

std::string completions(const Fixture& f) {
  const auto found = complete_footnote(*f.vault().note(f.id("Note.md")), f.cursor_file().text(), f.cursor());
  if (!found) return "none";
  std::string out = f.render(found->replace) + (found->close ? " close:" : ":");
  for (const FootnoteCompletion& item : found->items) out += " " + item.label + (item.defined ? "=" + item.detail : "");
  return out;
}

TEST(Footnotes, CompletionOffersDefinedLabelsFirstThenReferencedOnes) {
  EXPECT_EQ(completions(Fixture("Text[^ol$0 and [^later]\n\n[^old]: First one.\n[^new]: Second.\n")),
            "0:6-0:8 close: old=First one. new=Second. later");
  // Inside a closed reference the label is replaced up to the `]`, which stays.
  EXPECT_EQ(completions(Fixture("Text[^o$0ld] x\n[^old]: Body\n")), "0:6-0:9: old=Body");
  EXPECT_EQ(completions(Fixture("[[^^query$0\n[^a]: x\n")), "none");
  EXPECT_EQ(completions(Fixture("[[^$0\n")), "none");
  EXPECT_EQ(completions(Fixture("plain$0 text\n")), "none");
}

std::string callout(std::string_view annotated) {
  const auto text = testing::parse_annotated(annotated);
  const auto found = callout_context(text.text, *text.cursor);
  if (!found) return "none";
  return std::to_string(found->replace.begin) + "-" + std::to_string(found->replace.end) +
         (found->close ? " close" : "");
}

TEST(Callouts, ContextAfterQuoteMarkersOnly) {
  EXPECT_EQ(callout("> [!$0"), "4-4 close");
  EXPECT_EQ(callout("> > [!war$0"), "6-9 close");
  EXPECT_EQ(callout(">[!ti$0p] Title"), "3-7");  // replaces `tip]`
  EXPECT_EQ(callout("text [!$0"), "none");
  EXPECT_EQ(callout("[!$0"), "none");
  bool has_alias = false;
  for (const CalloutType& type : callout_types())
    for (std::string_view alias : type.aliases) has_alias |= type.name == "warning" && alias == "caution";
  EXPECT_TRUE(has_alias);
}

}  // namespace
}  // namespace slipbox
