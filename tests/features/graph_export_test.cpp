// export_graph: nodes (notes, attachments, missing targets with tags and folder), edges with
// counts by kind, and --from/--depth neighbourhoods, rendered as compact text.
#include "analysis/features/graph_export.h"

#include <gtest/gtest.h>

#include "tests/support/fixture.h"

namespace slipbox {
namespace {

using testing::Fixture;

constexpr std::string_view kVault = R"(
  //- /Hub.md
  ---
  tags: [project]
  ---
  # Hub
  [[Plan]] [[Plan#Goals]] [[plan]] ![[img/Fig 1.png]] [[Plan#^b1]] [[Ghost]] [[ghost]]
  [[https://example.com]] #project #Project/alpha %% [[Commented]] %%
  //- /work/Plan.md
  # Plan
  ## Goals
  text ^b1
  [[Hub]] [[Far]]
  //- /work/Far.md
  [[Farther]] [[Ghost]]
  //- /Farther.md
  end
  //- /img/Fig 1.png
  //- /Alone.md
  nothing
)";

std::string render(const VaultGraph& graph) {
  std::string out;
  for (const GraphNode& node : graph.nodes) {
    out +=
        std::string(graph_node_kind_name(node.kind)) + " " + node.id + " name=" + node.name + " folder=" + node.folder;
    for (const std::string& tag : node.tags) out += " #" + tag;
    out += "\n";
  }
  for (const GraphEdge& edge : graph.edges) {
    const GraphEdgeCounts& c = edge.counts;
    out += graph.nodes[edge.source].id + " -> " + graph.nodes[edge.target].id + " x" + std::to_string(c.total()) +
           " link=" + std::to_string(c.link) + " embed=" + std::to_string(c.embed) +
           " heading=" + std::to_string(c.heading) + " block=" + std::to_string(c.block) + "\n";
  }
  return out;
}

TEST(GraphExport, WholeVault) {
  Fixture fixture(kVault);
  const auto graph = LinkGraph::build(fixture.shared_vault());
  EXPECT_EQ(render(export_graph(*graph)),
            "note Alone.md name=Alone folder=\n"
            "note Farther.md name=Farther folder=\n"
            "note Hub.md name=Hub folder= #project #Project/alpha\n"
            "attachment img/Fig 1.png name=Fig 1.png folder=img\n"
            "note work/Far.md name=Far folder=work\n"
            "note work/Plan.md name=Plan folder=work\n"
            "missing missing:Ghost name=Ghost folder=\n"
            "missing missing:Commented name=Commented folder=\n"
            "Hub.md -> img/Fig 1.png x1 link=0 embed=1 heading=0 block=0\n"
            "Hub.md -> work/Plan.md x4 link=2 embed=0 heading=1 block=1\n"
            "Hub.md -> missing:Ghost x2 link=2 embed=0 heading=0 block=0\n"
            "Hub.md -> missing:Commented x1 link=1 embed=0 heading=0 block=0\n"
            "work/Far.md -> Farther.md x1 link=1 embed=0 heading=0 block=0\n"
            "work/Far.md -> missing:Ghost x1 link=1 embed=0 heading=0 block=0\n"
            "work/Plan.md -> Hub.md x1 link=1 embed=0 heading=0 block=0\n"
            "work/Plan.md -> work/Far.md x1 link=1 embed=0 heading=0 block=0\n");
}

TEST(GraphExport, CommentsCanBeLeftOut) {
  Fixture fixture(kVault);
  const auto graph = LinkGraph::build(fixture.shared_vault());
  GraphExportOptions options;
  options.include_comments = false;
  const std::string text = render(export_graph(*graph, options));
  EXPECT_EQ(text.find("Commented"), std::string::npos) << text;
}

TEST(GraphExport, NeighbourhoodFollowsLinksBothWays) {
  Fixture fixture(kVault);
  const auto graph = LinkGraph::build(fixture.shared_vault());
  GraphExportOptions options;
  options.from = fixture.id("work/Far.md");
  options.depth = 1;
  // Far links to Farther and Ghost; Plan links to Far.
  EXPECT_EQ(render(export_graph(*graph, options)),
            "note Farther.md name=Farther folder=\n"
            "note work/Far.md name=Far folder=work\n"
            "note work/Plan.md name=Plan folder=work\n"
            "missing missing:Ghost name=Ghost folder=\n"
            "work/Far.md -> Farther.md x1 link=1 embed=0 heading=0 block=0\n"
            "work/Far.md -> missing:Ghost x1 link=1 embed=0 heading=0 block=0\n"
            "work/Plan.md -> work/Far.md x1 link=1 embed=0 heading=0 block=0\n");
  options.depth = 0;
  EXPECT_EQ(render(export_graph(*graph, options)), "note work/Far.md name=Far folder=work\n");
  options.from = fixture.id("Alone.md");
  options.depth = 5;
  EXPECT_EQ(render(export_graph(*graph, options)), "note Alone.md name=Alone folder=\n");
}

TEST(GraphExport, FindsFilesAsUsersNameThem) {
  Fixture fixture(kVault);
  const Vault& vault = fixture.vault();
  EXPECT_EQ(find_file_argument(vault, "work/Plan.md"), fixture.id("work/Plan.md"));
  EXPECT_EQ(find_file_argument(vault, "work/Plan"), fixture.id("work/Plan.md"));
  EXPECT_EQ(find_file_argument(vault, "./work/Plan"), fixture.id("work/Plan.md"));
  EXPECT_EQ(find_file_argument(vault, "plan"), fixture.id("work/Plan.md"));
  EXPECT_EQ(find_file_argument(vault, "Fig 1.png"), fixture.id("img/Fig 1.png"));
  EXPECT_EQ(find_file_argument(vault, "Ghost"), std::nullopt);
  EXPECT_EQ(find_file_argument(vault, ""), std::nullopt);
}

}  // namespace
}  // namespace slipbox
