// apply_completion_style: the user's link style over complete()'s answer.
#include "analysis/features/completion_style.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "analysis/features/link_edit.h"
#include "tests/support/fixture.h"

namespace slipbox {
namespace {

using ::testing::ElementsAre;
using testing::Fixture;

struct Styled {
  CompletionResult result;
  std::vector<std::string> lines;  // `label -> insert` in order
};

Styled run(const Fixture& f, const CompletionStyle& style) {
  Styled out;
  out.result = complete(f.context(), f.cursor(), CompletionOptions{});
  apply_completion_style(f.context(), f.cursor(), style, out.result);
  for (const CompletionItem& item : out.result.items) out.lines.push_back(item.label + " -> " + item.insert_text);
  return out;
}

// What the note reads after accepting `item`.
std::string accept(const Fixture& f, const CompletionItem& item) {
  return apply_changes(f.cursor_file().text(), {TextChange{item.replace_range, item.insert_text}});
}

const char* const kNotes =
    "//- /Sub/My Note.md\n---\naliases: [My Own]\n---\n"
    "//- /Projects/Plan.md\n//- /Areas/Plan.md\n//- /Projects/Sub/Deep Plan.md\n";

TEST(CompletionStyle, NoStyleChangesNothing) {
  const Fixture f(std::string("//- /Projects/Home.md\n[[my$0\n") + kNotes);
  const CompletionResult plain = complete(f.context(), f.cursor(), CompletionOptions{});
  const Styled styled = run(f, CompletionStyle{});
  ASSERT_EQ(plain.items.size(), styled.result.items.size());
  for (size_t i = 0; i < plain.items.size(); ++i) {
    EXPECT_EQ(plain.items[i].insert_text, styled.result.items[i].insert_text);
    EXPECT_EQ(plain.items[i].replace_range, styled.result.items[i].replace_range);
    EXPECT_EQ(plain.items[i].sort_text, styled.result.items[i].sort_text);
  }
}

TEST(CompletionStyle, MarkdownLinksReplaceTheWikiOpening) {
  const Fixture f(std::string("//- /Projects/Home.md\nSee [[my$0 now\n") + kNotes);
  const Styled styled = run(f, CompletionStyle{std::nullopt, true, nullptr});
  EXPECT_THAT(styled.lines,
              ElementsAre("My Note -> [My Note](Sub/My%20Note.md)", "My Own -> [My Own](Sub/My%20Note.md)"));
  EXPECT_EQ(accept(f, styled.result.items[0]), "See [My Note](Sub/My%20Note.md) now\n");
  for (const CompletionItem& item : styled.result.items)
    EXPECT_TRUE(item.filter_text.starts_with("[[my")) << item.filter_text;
}

TEST(CompletionStyle, MarkdownLinksKeepAWrittenSubpathAndDisplay) {
  const Fixture f(std::string("//- /Projects/Home.md\nSee [[my$0#Første del|the note]] now\n") + kNotes);
  const Styled styled = run(f, CompletionStyle{LinkFormat::Shortest, true, nullptr});
  ASSERT_FALSE(styled.result.items.empty());
  EXPECT_EQ(accept(f, styled.result.items[0]), "See [the note](My%20Note.md#Første%20del) now\n");
}

TEST(CompletionStyle, MarkdownEmbedKeepsItsBang) {
  const Fixture f("//- /Home.md\n![[fig$0]]\n//- /img/Fig 1.png\n");
  const Styled styled = run(f, CompletionStyle{std::nullopt, true, nullptr});
  ASSERT_EQ(styled.result.items.size(), 1u);
  EXPECT_EQ(accept(f, styled.result.items[0]), "![Fig 1.png](img/Fig%201.png)\n");
}

TEST(CompletionStyle, WikiFormats) {
  const Fixture f(std::string("//- /Projects/Home.md\n[[plan$0\n") + kNotes);
  EXPECT_THAT(run(f, CompletionStyle{LinkFormat::Relative, false, nullptr}).lines,
              ElementsAre("Plan -> ../Areas/Plan]]", "Plan -> Plan]]", "Deep Plan -> Sub/Deep Plan]]"));
  EXPECT_THAT(run(f, CompletionStyle{LinkFormat::Absolute, false, nullptr}).lines,
              ElementsAre("Plan -> Areas/Plan]]", "Plan -> Projects/Plan]]", "Deep Plan -> Projects/Sub/Deep Plan]]"));
  EXPECT_THAT(run(f, CompletionStyle{LinkFormat::Shortest, false, nullptr}).lines,
              ElementsAre("Plan -> Areas/Plan]]", "Plan -> Projects/Plan]]", "Deep Plan -> Deep Plan]]"));
}

TEST(CompletionStyle, AliasKeepsItsDisplayInEveryFormat) {
  const Fixture f(std::string("//- /Projects/Home.md\n[[my own$0]]\n") + kNotes);
  EXPECT_THAT(run(f, CompletionStyle{LinkFormat::Relative, false, nullptr}).lines,
              ElementsAre("My Own -> ../Sub/My Note|My Own"));
}

TEST(CompletionStyle, MarkdownSiteFollowsTheFormat) {
  const Fixture f(std::string("//- /Projects/Home.md\n[x](my$0)\n") + kNotes);
  EXPECT_THAT(run(f, CompletionStyle{}).lines, ElementsAre("My Note -> Sub/My%20Note.md"));
  EXPECT_THAT(run(f, CompletionStyle{LinkFormat::Shortest, false, nullptr}).lines,
              ElementsAre("My Note -> My%20Note.md"));
  EXPECT_THAT(run(f, CompletionStyle{LinkFormat::Relative, false, nullptr}).lines,
              ElementsAre("My Note -> ../Sub/My%20Note.md"));
}

TEST(CompletionStyle, IgnoredFilesGoLastStillOffered) {
  const Fixture f("//- /Home.md\n[[pl$0\n//- /Archive/Plan.md\n//- /Plans.md\n//- /Planet.md\n");
  VaultSettings vault;
  vault.ignore_filters = {"Archive/"};
  vault.compile_filters();
  const Styled styled = run(f, CompletionStyle{std::nullopt, false, &vault});
  EXPECT_THAT(styled.lines, ElementsAre("Plans -> Plans]]", "Planet -> Planet]]", "Plan -> Plan]]"));
  for (size_t i = 1; i < styled.result.items.size(); ++i)
    EXPECT_LT(styled.result.items[i - 1].sort_text, styled.result.items[i].sort_text);
}

TEST(CompletionStyle, AttachmentFolderFirstInEmbeds) {
  const char* vault_text = R"(
    //- /Projects/Home.md
    ![[$0
    //- /img/a.png
    //- /Projects/assets/z.png
    //- /b.png
  )";
  const Fixture f(vault_text);
  VaultSettings vault;
  vault.attachment_folder_path = "./assets";
  const Styled styled = run(f, CompletionStyle{std::nullopt, false, &vault});
  ASSERT_GE(styled.lines.size(), 3u);
  EXPECT_EQ(styled.lines[0], "z.png -> z.png]]");
  // Not in a plain `[[` link.
  const Fixture g(std::string(vault_text).replace(std::string(vault_text).find("![[$0"), 5, "[[$0"));
  const Styled plain = run(g, CompletionStyle{std::nullopt, false, &vault});
  const CompletionResult unstyled = complete(g.context(), g.cursor(), CompletionOptions{});
  ASSERT_EQ(plain.result.items.size(), unstyled.items.size());
  for (size_t i = 0; i < unstyled.items.size(); ++i) EXPECT_EQ(plain.result.items[i].label, unstyled.items[i].label);
}

}  // namespace
}  // namespace slipbox
