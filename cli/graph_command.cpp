#include "cli/graph_command.h"

#include <charconv>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <optional>
#include <string_view>
#include <system_error>

#include <nlohmann/json.hpp>

#include "analysis/features/graph_export.h"
#include "analysis/vault/link_graph.h"
#include "analysis/vault/resolve.h"
#include "analysis/vault/vault.h"
#include "cli/command_line.h"

namespace slipbox {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kUsage =
    "Usage: slipbox graph [--format json|dot|graphml] [--from NOTE [--depth N]]\n"
    "                     [--no-follow-symlinks] VAULT\n"
    "\n"
    "Writes the link graph of the Obsidian-style vault folder VAULT to stdout: notes,\n"
    "attachments and missing link targets as nodes (with kind, path, folder and tags),\n"
    "links as directed edges with counts by kind (link, embed, heading, block).\n"
    "\n"
    "Options:\n"
    "  --format json     {vault, nodes: [{id, kind, path, name, folder, tags}],\n"
    "                    edges: [{source, target, count, kinds: {link, embed, heading,\n"
    "                    block}}]} (default); ids are vault paths, missing:NAME for\n"
    "                    targets that do not exist\n"
    "  --format dot      Graphviz: slipbox graph VAULT --format dot | dot -Tsvg > g.svg\n"
    "  --format graphml  GraphML (Gephi, yEd, NetworkX)\n"
    "  --from NOTE       only the nodes within --depth links of NOTE (a vault path, with\n"
    "                    or without .md, or a name as a link would write it), links\n"
    "                    followed in both directions\n"
    "  --depth N         how many links away from --from (default 1)\n"
    "  --no-follow-symlinks\n"
    "                    list nothing behind a symlink\n"
    "  -h, --help        show this help\n"
    "\n"
    "Exit status: 0 written, 2 usage error, the vault cannot be read or NOTE is not in it.\n";

enum class Format { Json, Dot, Graphml };

int usage_error(const std::string& message) {
  std::cerr << "slipbox graph: " << message << "\n"
            << "Try 'slipbox graph --help'.\n";
  return 2;
}

// Replaces invalid UTF-8 with U+FFFD (paths on disk may be any bytes).
std::string valid_utf8(std::string_view text) {
  return nlohmann::json::parse(
             nlohmann::json(std::string(text)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace))
      .get<std::string>();
}

std::string dot_quote(std::string_view raw) {
  const std::string text = valid_utf8(raw);
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    if (c == '\r') continue;
    out += c;
  }
  return out + "\"";
}

std::string xml_escape(std::string_view raw) {
  const std::string text = valid_utf8(raw);
  std::string out;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        // XML 1.0 allows no control characters but tab, LF, CR.
        if (byte < 0x20 && c != '\t' && c != '\n' && c != '\r')
          out += "\xEF\xBF\xBD";
        else
          out += c;
    }
  }
  return out;
}

std::string join_tags(const std::vector<std::string>& tags) {
  std::string out;
  for (const std::string& tag : tags) {
    if (!out.empty()) out += ' ';
    out += tag;
  }
  return out;
}

void write_json(const VaultGraph& graph, const fs::path& root) {
  nlohmann::ordered_json nodes = nlohmann::ordered_json::array();
  for (const GraphNode& node : graph.nodes) {
    nlohmann::ordered_json entry = {{"id", node.id}, {"kind", std::string(graph_node_kind_name(node.kind))}};
    entry["path"] = node.path.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(node.path);
    entry["name"] = node.name;
    entry["folder"] = node.folder;
    entry["tags"] = node.tags;
    nodes.push_back(std::move(entry));
  }
  nlohmann::ordered_json edges = nlohmann::ordered_json::array();
  for (const GraphEdge& edge : graph.edges)
    edges.push_back({{"source", graph.nodes[edge.source].id},
                     {"target", graph.nodes[edge.target].id},
                     {"count", edge.counts.total()},
                     {"kinds",
                      {{"link", edge.counts.link},
                       {"embed", edge.counts.embed},
                       {"heading", edge.counts.heading},
                       {"block", edge.counts.block}}}});
  nlohmann::ordered_json out = {
      {"vault", root.generic_string()}, {"nodes", std::move(nodes)}, {"edges", std::move(edges)}};
  std::cout << out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
}

void write_dot(const VaultGraph& graph) {
  std::cout << "digraph vault {\n"
               "  graph [rankdir=LR, overlap=false];\n"
               "  node [shape=box, style=rounded, fontname=\"sans-serif\"];\n";
  for (const GraphNode& node : graph.nodes) {
    std::cout << "  " << dot_quote(node.id) << " [label=" << dot_quote(node.name)
              << ", kind=" << dot_quote(graph_node_kind_name(node.kind)) << ", folder=" << dot_quote(node.folder);
    if (!node.tags.empty()) std::cout << ", tags=" << dot_quote(join_tags(node.tags));
    if (node.kind == GraphNodeKind::Attachment) std::cout << ", shape=note";
    if (node.kind == GraphNodeKind::Missing) std::cout << ", style=dashed, color=red";
    std::cout << "];\n";
  }
  for (const GraphEdge& edge : graph.edges) {
    std::cout << "  " << dot_quote(graph.nodes[edge.source].id) << " -> " << dot_quote(graph.nodes[edge.target].id)
              << " [weight=" << edge.counts.total() << ", count=" << edge.counts.total()
              << ", link=" << edge.counts.link << ", embed=" << edge.counts.embed << ", heading=" << edge.counts.heading
              << ", block=" << edge.counts.block;
    if (edge.counts.total() > 1) std::cout << ", label=" << edge.counts.total();
    if (edge.counts.embed == edge.counts.total()) std::cout << ", style=dashed";
    std::cout << "];\n";
  }
  std::cout << "}\n";
}

void write_graphml(const VaultGraph& graph) {
  std::cout << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
               "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\"\n"
               "         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
               "         xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns "
               "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n"
               "  <key id=\"kind\" for=\"node\" attr.name=\"kind\" attr.type=\"string\"/>\n"
               "  <key id=\"path\" for=\"node\" attr.name=\"path\" attr.type=\"string\"/>\n"
               "  <key id=\"name\" for=\"node\" attr.name=\"label\" attr.type=\"string\"/>\n"
               "  <key id=\"folder\" for=\"node\" attr.name=\"folder\" attr.type=\"string\"/>\n"
               "  <key id=\"tags\" for=\"node\" attr.name=\"tags\" attr.type=\"string\"/>\n"
               "  <key id=\"count\" for=\"edge\" attr.name=\"weight\" attr.type=\"int\"/>\n"
               "  <key id=\"link\" for=\"edge\" attr.name=\"link\" attr.type=\"int\"/>\n"
               "  <key id=\"embed\" for=\"edge\" attr.name=\"embed\" attr.type=\"int\"/>\n"
               "  <key id=\"heading\" for=\"edge\" attr.name=\"heading\" attr.type=\"int\"/>\n"
               "  <key id=\"block\" for=\"edge\" attr.name=\"block\" attr.type=\"int\"/>\n"
               "  <graph id=\"vault\" edgedefault=\"directed\">\n";
  for (const GraphNode& node : graph.nodes) {
    std::cout << "    <node id=\"" << xml_escape(node.id) << "\">"
              << "<data key=\"kind\">" << graph_node_kind_name(node.kind) << "</data>";
    if (!node.path.empty()) std::cout << "<data key=\"path\">" << xml_escape(node.path) << "</data>";
    std::cout << "<data key=\"name\">" << xml_escape(node.name) << "</data>"
              << "<data key=\"folder\">" << xml_escape(node.folder) << "</data>";
    if (!node.tags.empty()) std::cout << "<data key=\"tags\">" << xml_escape(join_tags(node.tags)) << "</data>";
    std::cout << "</node>\n";
  }
  size_t number = 0;
  for (const GraphEdge& edge : graph.edges) {
    std::cout << "    <edge id=\"e" << number++ << "\" source=\"" << xml_escape(graph.nodes[edge.source].id)
              << "\" target=\"" << xml_escape(graph.nodes[edge.target].id) << "\">"
              << "<data key=\"count\">" << edge.counts.total() << "</data>"
              << "<data key=\"link\">" << edge.counts.link << "</data>"
              << "<data key=\"embed\">" << edge.counts.embed << "</data>"
              << "<data key=\"heading\">" << edge.counts.heading << "</data>"
              << "<data key=\"block\">" << edge.counts.block << "</data></edge>\n";
  }
  std::cout << "  </graph>\n</graphml>\n";
}

}  // namespace

int run_graph(const std::vector<std::string>& args) {
  Format format = Format::Json;
  std::optional<std::string> from;
  size_t depth = 1;
  bool follow_symlinks = true;
  cli::CommandLine line(args);
  while (line.next_option()) {
    if (line.is("-h") || line.is("--help")) {
      std::cout << kUsage;
      return 0;
    } else if (line.is_valued("--format")) {
      const auto value = line.value();
      if (!value) return usage_error("--format needs a value: json, dot or graphml");
      if (*value == "json")
        format = Format::Json;
      else if (*value == "dot")
        format = Format::Dot;
      else if (*value == "graphml")
        format = Format::Graphml;
      else
        return usage_error("unknown format '" + *value + "' (expected json, dot or graphml)");
    } else if (line.is_valued("--from")) {
      from = line.value();
      if (!from || from->empty()) return usage_error("--from needs a note");
    } else if (line.is_valued("--depth")) {
      const auto value = line.value();
      if (!value) return usage_error("--depth needs a number");
      const auto [end, ec] = std::from_chars(value->data(), value->data() + value->size(), depth);
      if (ec != std::errc() || end != value->data() + value->size())
        return usage_error("--depth needs a whole number, got '" + *value + "'");
    } else if (line.is("--no-follow-symlinks")) {
      follow_symlinks = false;
    } else {
      return usage_error("unknown option '" + line.option() + "'");
    }
  }
  const std::vector<std::string>& positional = line.positional();
  if (positional.empty()) return usage_error("missing VAULT folder");
  if (positional.size() > 1) return usage_error("expected one VAULT folder, got " + std::to_string(positional.size()));

  const fs::path root = positional.front();
  std::error_code ec;
  if (!fs::is_directory(root, ec)) {
    std::cerr << "slipbox graph: " << root.string() << ": not a readable folder\n";
    return 2;
  }
  std::mutex log_mutex;
  ScanOptions scan_options;
  scan_options.follow_symlinks = follow_symlinks;
  scan_options.log = [&log_mutex](const std::string& message) {
    std::lock_guard lock(log_mutex);
    std::cerr << "slipbox graph: " << message << "\n";
  };
  const std::shared_ptr<const Vault> vault = Vault::scan(root, scan_options);
  if (!vault) {
    std::cerr << "slipbox graph: " << root.string() << ": cannot scan\n";
    return 2;
  }
  const auto links = LinkGraph::build(vault);
  GraphExportOptions options;
  options.depth = depth;
  if (from) {
    options.from = find_file_argument(*vault, *from);
    if (!options.from) {
      std::cerr << "slipbox graph: --from: no file '" << *from << "' in " << root.string() << "\n";
      return 2;
    }
  }
  const VaultGraph graph = export_graph(*links, options);
  switch (format) {
    case Format::Json:
      write_json(graph, root);
      break;
    case Format::Dot:
      write_dot(graph);
      break;
    case Format::Graphml:
      write_graphml(graph);
      break;
  }
  std::cout.flush();
  return std::cout ? 0 : 1;
}

}  // namespace slipbox
