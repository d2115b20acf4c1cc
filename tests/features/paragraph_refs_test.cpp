// Reference any paragraph: referable_blocks, new block ids, `[[Note#^` over every
// paragraph and `[[^^query` vault-wide, through annotated vaults.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <regex>

#include "analysis/features/paragraph_refs.h"
#include "tests/support/fixture.h"

namespace slipbox {
namespace {

using ::testing::ElementsAre;
using testing::Fixture;

std::string render_blocks(const Fixture& f, std::string_view path) {
  const std::string& text = f.file(path).text();
  std::string out;
  for (const ReferableBlock& block : referable_blocks(*f.vault().note(f.id(path)), text)) {
    std::string insertion = block.before_id + "ID" + block.after_id;
    for (size_t at; (at = insertion.find('\n')) != std::string::npos;) insertion.replace(at, 1, "⏎");
    out += block.excerpt + (block.id.empty() ? "" : " [" + block.id + "]") + " @" + std::to_string(block.insert_at) +
           " " + insertion + "\n";
  }
  return out;
}

TEST(ParagraphRefs, ParagraphsItemsQuotesAndTablesWithTheirIdsOrWhereOneGoes) {
  const Fixture f(R"(
    //- /Agile.md
    ---
    title: not a block
    ---
    # Agile
    First paragraph
    over two lines.

    - item one ^has-id
    - item two
      - nested

    > [!tip] A callout
    > body
    Lazy line.

    | a | b |
    |---|---|
    | 1 | 2 |

    ```
    code is no block
    ```
    Labelled. ^p2
  )");
  const std::string& text = f.file("Agile.md").text();
  const auto at = [&](std::string_view needle) { return std::to_string(text.find(needle) + needle.size()); };
  EXPECT_EQ(render_blocks(f, "Agile.md"), "First paragraph over two lines. @" + at("two lines.") +
                                              "  ^ID\n"
                                              "item one [has-id] @" +
                                              at("item one ^has-id") +
                                              "  ^ID\n"
                                              "item two @" +
                                              at("- item two") +
                                              "  ^ID\n"
                                              "nested @" +
                                              at("- nested") +
                                              "  ^ID\n"
                                              "[!tip] A callout body Lazy line. @" +
                                              at("Lazy line.") +
                                              " ⏎⏎^ID\n"
                                              "| a | b | |---|---| | 1 | 2 | @" +
                                              at("| 1 | 2 |") +
                                              " ⏎⏎^ID\n"
                                              "Labelled. [p2] @" +
                                              at("Labelled. ^p2") + "  ^ID\n");
}

TEST(ParagraphRefs, NewIdsAreSixLowercaseAlphanumericsUniqueInTheNote) {
  const Fixture f("Para ^abc123\n\nOther$0\n");
  const ParsedNote& note = *f.vault().note(f.id("Note.md"));
  std::vector<std::string> taken;
  for (uint32_t seed = 0; seed < 200; ++seed) {
    const std::string id = new_block_id(note, seed, taken);
    EXPECT_TRUE(std::regex_match(id, std::regex("[a-z0-9]{6}"))) << id;
    EXPECT_NE(id, "abc123");
    EXPECT_THAT(taken, ::testing::Not(::testing::Contains(id)));
    taken.push_back(id);
  }
  EXPECT_EQ(new_block_id(note, 7), new_block_id(note, 7));  // deterministic
}

CompletionResult run(const Fixture& f) {
  CompletionOptions options;
  options.read_text = f.read_text();
  return complete(f.context(), f.cursor(), options);
}

TEST(ParagraphRefs, HashCaretOffersEveryParagraphOfTheOtherNoteAndLabelsTheChosenOne) {
  const Fixture f(R"(
    //- /Plan.md
    See [[Agile#^sprint$0
    //- /Agile.md
    # Agile
    Intro text.

    Sprints are short. ^s1

    Sprint review happens last.
  )");
  const CompletionResult result = run(f);
  ASSERT_EQ(result.items.size(), 2u);
  EXPECT_EQ(result.items[0].label, "s1");  // an existing id keeps its label
  EXPECT_EQ(result.items[0].insert_text, "Agile#^s1]]");
  EXPECT_FALSE(result.items[0].new_block_id);
  const CompletionItem& review = result.items[1];
  EXPECT_EQ(review.label, "Sprint review happens last.");
  ASSERT_TRUE(review.new_block_id);
  const std::string id = review.insert_text.substr(std::string("Agile#^").size(), 6);
  EXPECT_EQ(review.insert_text, "Agile#^" + id + "]]");
  EXPECT_EQ(review.new_block_id->text, " ^" + id);
  EXPECT_EQ(review.new_block_id->file, f.id("Agile.md"));
  EXPECT_FALSE(review.new_block_id->self);
  const std::string& agile = f.file("Agile.md").text();
  EXPECT_EQ(review.new_block_id->offset, agile.find("last.") + 5);
  // Without the other note's text, only its ids (as before): "sprint" matches no id, an
  // empty query offers the one there is.
  EXPECT_TRUE(complete(f.context(), f.cursor(), CompletionOptions{}).items.empty());
  const Fixture g(R"(
    //- /Plan.md
    See [[Agile#^$0
    //- /Agile.md
    Sprints are short. ^s1

    Sprint review happens last.
  )");
  const CompletionResult ids_only = complete(g.context(), g.cursor(), CompletionOptions{});
  ASSERT_EQ(ids_only.items.size(), 1u);
  EXPECT_EQ(ids_only.items[0].label, "s1");
  EXPECT_FALSE(ids_only.items[0].new_block_id);
}

TEST(ParagraphRefs, OwnParagraphsAreLabelledInTheSameNoteButNotTheOneBeingTyped) {
  const Fixture f(R"(
    > quoted
    > text

    Link here [[#^$0
  )");
  const CompletionResult result = run(f);
  ASSERT_EQ(result.items.size(), 1u);
  EXPECT_EQ(result.items[0].label, "quoted text");
  ASSERT_TRUE(result.items[0].new_block_id);
  EXPECT_TRUE(result.items[0].new_block_id->self);
  EXPECT_EQ(result.items[0].new_block_id->text.substr(0, 3), "\n\n^");
  EXPECT_EQ(result.items[0].new_block_id->text.size(), 9u);  // `\n\n^xxxxxx`: a blank line follows already
}

TEST(ParagraphRefs, CaretCaretSearchesParagraphsVaultWide) {
  const Fixture f(R"(
    //- /Plan.md
    [[^^retro$0

    Our retro notes live here.
    //- /Team/Agile.md
    # Agile
    The retro is on Fridays. ^fri

    Unrelated.
    //- /Other.md
    - Retro actions: none
  )");
  const CompletionResult result = run(f);
  std::vector<std::string> out;
  for (const CompletionItem& item : result.items)
    out.push_back(item.label + " -> " +
                  (item.new_block_id ? std::regex_replace(item.insert_text, std::regex("\\^[a-z0-9]{6}"), "^NEW")
                                     : item.insert_text));
  // The current note first, then the vault in file order.
  EXPECT_THAT(out, ElementsAre("Our retro notes live here. -> #^NEW]]", "Retro actions: none -> Other#^NEW]]",
                               "The retro is on Fridays. -> Agile#^fri]]"));
}

}  // namespace
}  // namespace slipbox
