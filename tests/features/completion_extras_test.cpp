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

}  // namespace
}  // namespace slipbox
