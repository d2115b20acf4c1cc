#include "analysis/features/graph_export.h"

#include <algorithm>
#include <cstdint>
#include <deque>
#include <map>
#include <unordered_map>
#include <unordered_set>

#include "analysis/text/unicode.h"
#include "analysis/vault/resolve.h"

namespace slipbox {
namespace {

GraphNode file_node(const Vault& vault, FileId id) {
  const VaultFile& file = vault.file(id);
  GraphNode node;
  node.kind = file.is_note ? GraphNodeKind::Note : GraphNodeKind::Attachment;
  node.id = file.path;
  node.path = file.path;
  node.name = file.name;
  node.folder = file.folder;
  node.file = id;
  if (const ParsedNote* parsed = vault.note(id)) {
    std::unordered_set<std::string> seen;
    for (const Tag& tag : parsed->tags) {
      if (tag.name.empty()) continue;
      if (seen.insert(fold_key(tag.name)).second) node.tags.emplace_back(tag.name);
    }
  }
  return node;
}

void count(GraphEdgeCounts& counts, const Link& link) {
  if (link.embed)
    ++counts.embed;
  else if (!link.block_id().empty())
    ++counts.block;
  else if (!link.headings().empty())
    ++counts.heading;
  else
    ++counts.link;
}

// Keeps the nodes within `depth` edges of `start` (edges followed both ways), renumbered.
VaultGraph neighbourhood(VaultGraph whole, size_t start, size_t depth) {
  std::vector<std::vector<size_t>> adjacent(whole.nodes.size());
  for (const GraphEdge& edge : whole.edges) {
    adjacent[edge.source].push_back(edge.target);
    adjacent[edge.target].push_back(edge.source);
  }
  std::vector<size_t> distance(whole.nodes.size(), SIZE_MAX);
  std::deque<size_t> queue{start};
  distance[start] = 0;
  while (!queue.empty()) {
    const size_t at = queue.front();
    queue.pop_front();
    if (distance[at] == depth) continue;
    for (const size_t next : adjacent[at]) {
      if (distance[next] != SIZE_MAX) continue;
      distance[next] = distance[at] + 1;
      queue.push_back(next);
    }
  }
  VaultGraph out;
  std::vector<size_t> renumbered(whole.nodes.size(), SIZE_MAX);
  for (size_t i = 0; i < whole.nodes.size(); ++i) {
    if (distance[i] == SIZE_MAX) continue;
    renumbered[i] = out.nodes.size();
    out.nodes.push_back(std::move(whole.nodes[i]));
  }
  for (const GraphEdge& edge : whole.edges) {
    if (renumbered[edge.source] == SIZE_MAX || renumbered[edge.target] == SIZE_MAX) continue;
    out.edges.push_back(GraphEdge{renumbered[edge.source], renumbered[edge.target], edge.counts});
  }
  return out;
}

}  // namespace

std::optional<FileId> find_file_argument(const Vault& vault, std::string_view name) {
  std::string spelled(trim_blanks(name));
  std::replace(spelled.begin(), spelled.end(), '\\', '/');
  while (spelled.starts_with("./")) spelled.erase(0, 2);
  while (spelled.starts_with("/")) spelled.erase(0, 1);
  if (spelled.empty()) return std::nullopt;
  if (auto id = vault.find_path(spelled)) return id;
  if (auto id = vault.find_path(spelled + ".md")) return id;
  return resolve_linkpath(vault, "", spelled);
}

std::string_view graph_node_kind_name(GraphNodeKind kind) {
  switch (kind) {
    case GraphNodeKind::Note:
      return "note";
    case GraphNodeKind::Attachment:
      return "attachment";
    case GraphNodeKind::Missing:
      return "missing";
  }
  return "note";
}

VaultGraph export_graph(const LinkGraph& graph, const GraphExportOptions& options) {
  const Vault& vault = graph.vault();
  VaultGraph out;
  out.nodes.reserve(vault.file_count());
  for (FileId id = 0; id < vault.file_count(); ++id) out.nodes.push_back(file_node(vault, id));

  std::unordered_map<std::string, size_t> missing_by_key;  // fold_key(linkpath) → node
  std::vector<GraphNode> missing;
  for (FileId source = 0; source < vault.file_count(); ++source) {
    const ParsedNote* parsed = vault.note(source);
    if (!parsed) continue;
    const auto targets = graph.targets_of(source);
    std::map<size_t, GraphEdgeCounts> by_target;  // node index → counts
    for (size_t i = 0; i < parsed->links.size() && i < targets.size(); ++i) {
      const Link& link = parsed->links[i];
      if (link.external) continue;
      if (link.in_comment && !options.include_comments) continue;
      size_t target_node;
      if (targets[i] != LinkGraph::kUnresolved) {
        target_node = targets[i];
      } else {
        const std::string_view linkpath = trim_blanks(link.path());
        if (linkpath.empty()) continue;
        if (linkpath_leaves_vault(vault.file(source).path, linkpath)) continue;  // never a vault node
        const std::string key = fold_key(linkpath);
        auto [it, added] = missing_by_key.try_emplace(key, vault.file_count() + missing.size());
        if (added) {
          GraphNode node;
          node.kind = GraphNodeKind::Missing;
          node.id = "missing:" + std::string(linkpath);
          node.name = std::string(linkpath);
          const size_t slash = linkpath.rfind('/');
          if (slash != std::string_view::npos) node.folder = std::string(linkpath.substr(0, slash));
          missing.push_back(std::move(node));
        }
        target_node = it->second;
      }
      count(by_target[target_node], link);
    }
    for (const auto& [target, counts] : by_target) out.edges.push_back(GraphEdge{source, target, counts});
  }
  for (GraphNode& node : missing) out.nodes.push_back(std::move(node));

  if (options.from && *options.from < vault.file_count())
    return neighbourhood(std::move(out), *options.from, options.depth);
  return out;
}

}  // namespace slipbox
