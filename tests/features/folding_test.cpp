// folding_ranges and selection_ranges through annotated notes.
#include <gtest/gtest.h>

#include "analysis/features/folding.h"
#include "analysis/features/selection_ranges.h"
#include "tests/support/fixture.h"

namespace slipbox {
namespace {

using testing::Fixture;

std::string render(const std::vector<Fold>& folds) {
  static const char* const kKinds[] = {"section", "front-matter", "code", "callout", "comment", "list"};
  std::string out;
  for (const Fold& fold : folds) {
    if (!out.empty()) out += " ";
    out += std::to_string(fold.start_line) + "-" + std::to_string(fold.end_line) + " " +
           kKinds[static_cast<int>(fold.kind)];
  }
  return out;
}

std::string folds_of(const Fixture& f) {
  const testing::FixtureFile& file = f.cursor_file();
  const LineIndex lines(file.text());
  return render(folding_ranges(*f.vault().note(f.id(file.path)), file.text(), lines));
}

TEST(Folding, SectionsFrontMatterFencesCalloutsCommentsAndLists) {
  const Fixture f(R"(
    ---
    aliases: [x]
    tags: [y]
    ---
    # Plan$0
    Intro.

    ## Mål 🎯
    - one
      - nested
    - two
    ```js
    # not a heading
    ```

    > [!warning] Careful
    > Body 😀
    > more

    > plain quote
    > two lines
    %% a comment
    over lines %%
    ## Tid
    One line.

  )");
  // 0-3 front matter; 4-21 "# Plan" (trailing blank left out); 7-13 "## Mål"; 8-10 the
  // list (its first item with a nested one is the same stretch minus the last line: 8-9);
  // 11-13 the fence; 15-17 the callout (not the plain quote); 21-22 the comment; 23-24 "## Tid".
  EXPECT_EQ(folds_of(f),
            "0-3 front-matter 4-24 section 7-22 section 8-10 list 8-9 list 11-13 code 15-17 callout "
            "21-22 comment 23-24 section");
}

TEST(Folding, NothingToFoldInOneLineNotes) {
  const Fixture f("# Only$0 a heading\n");
  EXPECT_EQ(folds_of(f), "");
  const Fixture empty("$0");
  EXPECT_EQ(folds_of(empty), "");
}

TEST(Folding, SetextHeadingsAndUnclosedComment) {
  const Fixture f(R"(
    Title$0
    =====
    text
    %% open
    never closed
  )");
  EXPECT_EQ(folds_of(f), "0-4 section 3-4 comment");
}

// `[…]` renders each step of the selection as line:col-line:col (UTF-16 columns).
std::string steps(const Fixture& f) {
  const testing::FixtureFile& file = f.cursor_file();
  const LineIndex lines(file.text());
  std::string out;
  for (ByteRange range : selection_ranges(*f.vault().note(f.id(file.path)), file.text(), lines, f.cursor())) {
    if (!out.empty()) out += " > ";
    out += f.render(range);
  }
  return out;
}

TEST(SelectionRanges, WordLinkLineBlockSectionNote) {
  const Fixture f(R"(
    # Plan
    ## Mål 🎯
    - first
    - see [[Agile Me$0toder#Scrum|agile]] 😀 now
      continued
    ## Tid
  )");
  // word "Metoder" → target → link → line → list item → list → "## Mål" → "# Plan" → note.
  EXPECT_EQ(steps(f),
            "3:14-3:21 > 3:8-3:27 > 3:6-3:35 > 3:0-3:42 > 3:0-4:11 > 2:0-4:11 > 1:0-4:11 > 0:0-5:6 > 0:0-6:0");
}

TEST(SelectionRanges, FrontMatterAndBlankSpace) {
  const Fixture f(R"(
    ---
    title: Hei$0
    ---
    Text.
  )");
  EXPECT_EQ(steps(f), "1:7-1:10 > 1:0-1:10 > 0:0-2:3 > 0:0-4:0");
  const Fixture blank("Para one.\n$0\nPara two.\n");
  // No word on an empty line, and the line itself is empty: the note is the only step.
  EXPECT_EQ(steps(blank), "0:0-3:0");
}

}  // namespace
}  // namespace slipbox
