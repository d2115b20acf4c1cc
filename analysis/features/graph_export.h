#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "analysis/vault/link_graph.h"

namespace slipbox {

// The vault as a graph for other tools (`slipbox graph`, the MCP `neighbourhood` tool):
// plain data, no output format. Nodes are the vault's notes and attachments and the
// missing targets links name; an edge is every link from one note to one target, with how
// many links of each kind make it up.

enum class GraphNodeKind { Note, Attachment, Missing };

struct GraphNode {
  GraphNodeKind kind = GraphNodeKind::Note;
  // Stable and unique: the vault path for files, "missing:" + the linkpath as first written
  // for missing targets (one node per fold_key of the linkpath).
  std::string id;
  std::string path;               // vault path ("" for missing targets)
  std::string name;               // notes: without `.md`; attachments: with extension; missing: the linkpath
  std::string folder;             // "" at the root (missing targets: the folder the linkpath names, if any)
  std::vector<std::string> tags;  // notes: distinct tags, as first written, without '#'
  std::optional<FileId> file;     // files only
};

struct GraphEdgeCounts {
  size_t link = 0;     // plain `[[Note]]` / `[x](Note.md)`
  size_t embed = 0;    // `![[…]]`
  size_t heading = 0;  // `[[Note#Heading]]`
  size_t block = 0;    // `[[Note#^id]]`
  size_t total() const { return link + embed + heading + block; }
};

struct GraphEdge {
  size_t source = 0;  // index into VaultGraph::nodes
  size_t target = 0;
  GraphEdgeCounts counts;
};

struct VaultGraph {
  std::vector<GraphNode> nodes;  // notes and attachments in vault path order, then missing targets
  std::vector<GraphEdge> edges;  // by source, then target node index
};

struct GraphExportOptions {
  // Only the nodes within `depth` links of this file (links followed both ways), and the
  // edges between them.
  std::optional<FileId> from;
  size_t depth = 1;
  // Links inside `%% comments %%` count (they are indexed, as Obsidian does); external URLs never.
  bool include_comments = true;
};

VaultGraph export_graph(const LinkGraph& graph, const GraphExportOptions& options = {});

// The file a user or agent names: its vault path (with or without `.md`, `./` and `\`
// tolerated), else a linkpath resolved from the vault root as `[[…]]` would.
std::optional<FileId> find_file_argument(const Vault& vault, std::string_view name);

std::string_view graph_node_kind_name(GraphNodeKind kind);  // "note" | "attachment" | "missing"

}  // namespace slipbox
