// Completion details: block items show the block's text, duplicate headings
// are one item each with their line, bare `[[` ranks by the link graph, then by recency.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "analysis/features/completion.h"
#include "analysis/vault/link_graph.h"
#include "tests/support/fixture.h"

namespace slipbox {
namespace {

using ::testing::ElementsAre;
using testing::Fixture;

// `label -> insert (detail)` per item, in the server's order.
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

TEST(CompletionDetails, BlocksOfAnotherNoteShowTheirFirstLine) {
  const Fixture f(R"(
    //- /Note.md
    [[Plan#^$0
    //- /Plan.md
    First paragraph, the one that matters. ^first

    - item one
    - item two

    ^list

    > A quote
    > over two lines ^quote
  )");
  const ReadText read = f.read_text();
  CompletionOptions options;
  options.read_text = read;
  EXPECT_THAT(
      items(complete(f.context(), f.cursor(), options)),
      ElementsAre("first -> Plan#^first]] (First paragraph, the one that matters.)", "list -> Plan#^list]] (item one)",
                  // Every block is referable: one without an id gets a new one.
                  ::testing::StartsWith("item two -> Plan#^"), "quote -> Plan#^quote]] (A quote over two lines)"));
  // Without a way to read the note: the ids alone.
  EXPECT_THAT(items(complete(f.context(), f.cursor(), {})),
              ElementsAre("first -> Plan#^first]]", "list -> Plan#^list]]", "quote -> Plan#^quote]]"));
}

TEST(CompletionDetails, BlockTextIsBoundedAtACharacterBoundary) {
  const std::string long_line = std::string(99, 'a') + "øøøø and more";
  const Fixture f("//- /Note.md\n[[#^$0\n\n" + long_line + " ^long\n");
  const CompletionResult result = complete(f.context(), f.cursor(), {});
  ASSERT_EQ(result.items.size(), 1u);
  EXPECT_EQ(result.items[0].detail, std::string(99, 'a') + "…");  // 100 bytes would cut inside ø
}

TEST(CompletionDetails, DuplicateHeadingsAreOneItemEachWithTheirLine) {
  const Fixture f(R"(
    //- /Note.md
    [[Plan#not$0
    //- /Plan.md
    # Plan
    ## Monday
    ### Notes
    ## Tuesday
    ### Notes
    ## Wednesday
    ### Notes
    ### Notes
  )");
  EXPECT_THAT(items(complete(f.context(), f.cursor(), {})),
              ElementsAre("Notes -> Plan#Notes]] (### · line 3)",          // the first: no chain needed
                          "Notes -> Plan#Tuesday#Notes]] (### · line 5)",  // the parent tells it apart
                          "Notes -> Plan#Wednesday#Notes]] (### · line 7)",
                          "Notes -> Plan#Notes]] (### · line 8)"));  // no chain picks it: its line says which
}

TEST(CompletionDetails, BareLinkRanksNeighboursThenTheirLinksThenRecency) {
  const Fixture f(R"(
    //- /Me.md
    See [[Outgoing]] and [[$0
    //- /Outgoing.md
    Goes on to [[Second hop]].
    //- /Incoming with a long name.md
    Back to [[Me]].
    //- /Second hop.md
    //- /A.md
    //- /Bb.md
    //- /Newest of all.md
  )");
  const auto graph = LinkGraph::build(f.shared_vault(), 1);
  std::vector<int64_t> modified(f.vault().file_count(), 100);
  modified[f.id("Newest of all.md")] = 300;
  modified[f.id("Bb.md")] = 200;
  CompletionOptions options;
  options.graph = graph.get();
  options.modified = &modified;
  EXPECT_THAT(labels(complete(f.context(), f.cursor(), options)),
              ElementsAre("Outgoing", "Incoming with a long name",  // neighbours, shorter first
                          "Second hop",                             // a neighbour's link
                          "Newest of all", "Bb", "A",               // the rest, newest first
                          "Me"));                                   // the note itself last
  // Once something is typed, the match decides again.
  const Fixture typed(R"(
    //- /Me.md
    See [[Outgoing]] and [[b$0
    //- /Outgoing.md
    //- /Bb.md
    //- /Abb.md
  )");
  EXPECT_THAT(labels(complete(typed.context(), typed.cursor(), {})), ElementsAre("Bb", "Abb"));
}

TEST(CompletionDetails, BareLinkWithoutGraphOrTimesKeepsShortNamesFirst) {
  const Fixture f(R"(
    //- /Me.md
    [[$0
    //- /Longer name.md
    //- /Ab.md
  )");
  EXPECT_THAT(labels(complete(f.context(), f.cursor(), {})), ElementsAre("Ab", "Longer name", "Me"));
}

}  // namespace
}  // namespace slipbox
