// Tags, `[[##` vault-wide headings and planned notes through complete().
#include "analysis/features/completion_extras.h"

#include <gtest/gtest.h>

#include "analysis/features/link_edit.h"
#include "analysis/vault/link_graph.h"
#include "tests/support/fixture.h"

namespace slipbox {
namespace {

using testing::Fixture;

std::vector<std::string> labels(const CompletionResult& result) {
  std::vector<std::string> out;
  for (const CompletionItem& item : result.items) out.push_back(item.label);
  return out;
}

std::string accept(const Fixture& f, const CompletionItem& item) {
  return apply_changes(f.cursor_file().text(), {TextChange{item.replace_range, item.insert_text}});
}

TEST(CompleteTags, FromTheWholeVaultNestedAndFrontMatter) {
  const Fixture f(R"(
    //- /Note.md
    Text #pro$0
    //- /a.md
    ---
    tags: [prosjekt/alfa, annet]
    ---
    #prosjekt #prosjekt #Prosjekt/beta
  )");
  const CompletionResult result = complete(f.context(), f.cursor(), {});
  EXPECT_EQ(labels(result), (std::vector<std::string>{"#prosjekt", "#prosjekt/alfa", "#Prosjekt/beta"}));
  EXPECT_EQ(accept(f, result.items[0]), "Text #prosjekt\n");
  EXPECT_EQ(result.items[0].kind, CompletionKind::Tag);
}

TEST(CompleteTags, NotAfterAWordOrInsideALink) {
  for (const char* text : {"a#b$0", "[[#He$0", "`x` and ##$0"}) {
    const Fixture f(std::string("//- /Note.md\n") + text + "\n//- /a.md\n#bravo\n# Heading\n");
    for (const CompletionItem& item : complete(f.context(), f.cursor(), {}).items)
      EXPECT_NE(item.kind, CompletionKind::Tag) << text;
  }
}

TEST(CompleteVaultHeadings, DoubleHashSearchesEveryNote) {
  const Fixture f(R"(
    //- /Note.md
    See [[##mål$0
    //- /Projects/Plan.md
    ## Mål: første del
    //- /Other.md
    # Målestokk
    # Ingenting
  )");
  const CompletionResult result = complete(f.context(), f.cursor(), {});
  ASSERT_EQ(labels(result), (std::vector<std::string>{"Målestokk", "Mål: første del"}));
  EXPECT_EQ(accept(f, result.items[1]), "See [[Plan#Mål første del]]\n");
}

TEST(CompletePlannedNotes, TargetsOtherNotesAlreadyUse) {
  const Fixture f(R"(
    //- /Note.md
    [[Som$0]]
    //- /a.md
    [[Someday Idea]] [[someday idea]] %% [[Some placeholder]] %% ![[Somewhere.png]]
    //- /Something.md
  )");
  const auto graph = LinkGraph::build(f.shared_vault(), 1);
  CompletionOptions options;
  options.graph = graph.get();
  const CompletionResult result = complete(f.context(), f.cursor(), options);
  ASSERT_EQ(labels(result), (std::vector<std::string>{"Something", "Someday Idea"}));
  EXPECT_EQ(result.items[1].kind, CompletionKind::PlannedNote);
  EXPECT_EQ(result.items[1].detail, "not created yet · 2 links");
  EXPECT_EQ(accept(f, result.items[1]), "[[Someday Idea]]\n");
}

// Many planned notes of every rank and use count: a capped list is the head of the full one
// (better match, then more links, then alphabetical), says when it left some out, and never
// offers an attachment.
TEST(CompletePlannedNotes, CappedListIsTheHeadOfTheFullOne) {
  std::string links;
  for (int i = 0; i < 30; ++i) {
    const std::string n = std::to_string(i);
    for (int use = 0; use <= i % 3; ++use) links += "[[Plan " + n + "]] ";  // prefix, 1-3 uses
    links += "[[x plan " + n + "]] [[aplanb " + n + "]] [[p l a " + n + "]] [[Plan pic " + n + ".png]]\n    ";
  }
  const Fixture f("\n    //- /Note.md\n    [[pla$0\n    //- /a.md\n    " + links + "\n");
  const auto graph = LinkGraph::build(f.shared_vault(), 1);
  const auto run = [&](size_t max_items) {
    CompletionOptions options;
    options.graph = graph.get();
    options.max_items = max_items;
    return complete(f.context(), f.cursor(), options);
  };
  const CompletionResult all = run(1000);  // room for 250 planned notes: every one
  ASSERT_EQ(all.items.size(), 120u);
  EXPECT_FALSE(all.is_incomplete);
  EXPECT_EQ(all.items.front().label, "Plan 11");  // a prefix match with 3 links, then alphabetical
  EXPECT_EQ(all.items.back().label, "p l a 9");   // scattered, 1 link, last alphabetically
  for (const CompletionItem& item : all.items) EXPECT_FALSE(item.label.ends_with(".png")) << item.label;
  for (const size_t max_items : {size_t{4}, size_t{8}, size_t{40}, size_t{400}, size_t{480}, size_t{484}}) {
    const CompletionResult capped = run(max_items);
    std::vector<std::string> head = labels(all);
    head.resize(std::min(head.size(), max_items / 4));
    EXPECT_EQ(labels(capped), head) << max_items;
    EXPECT_EQ(capped.is_incomplete, all.items.size() > max_items / 4) << max_items;
  }
}

}  // namespace
}  // namespace slipbox
