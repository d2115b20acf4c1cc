// The MCP tools: each parses its arguments, asks the analysis library, and shapes the answer
// as structured content (with the same JSON as text for older clients).
#include "mcp/tools.h"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <map>
#include <set>
#include <unordered_map>

#include "analysis/features/code_actions.h"
#include "analysis/features/diagnostics.h"
#include "analysis/features/graph_export.h"
#include "analysis/features/rename.h"
#include "analysis/markdown/front_matter.h"
#include "analysis/text/line_index.h"
#include "analysis/text/unicode.h"
#include "analysis/vault/resolve.h"
#include "lsp/link_settings.h"
#include "lsp/uri.h"
#include "mcp/note_access.h"
#include "mcp/safe_write.h"
#include "mcp/server.h"

namespace slipbox::mcp {

namespace fs = std::filesystem;

struct Tools::Tool {
  std::string name;
  std::string title;
  std::string description;
  json input_schema;
  json output_schema;
  bool writes = false;
  std::function<json(Tools&, const json& args, const CallContext&)> run;
};

namespace {

// Argument readers: a wrong type is the agent's mistake, told as a tool error.
std::string arg_string(const json& args, const char* name, std::optional<std::string> fallback = std::nullopt) {
  const auto it = args.find(name);
  if (it == args.end() || it->is_null()) {
    if (fallback) return *fallback;
    throw ToolError(std::string("Missing argument `") + name + "`.");
  }
  if (!it->is_string()) throw ToolError(std::string("Argument `") + name + "` must be a string.");
  return it->get<std::string>();
}
int64_t arg_int(const json& args, const char* name, int64_t fallback, int64_t low, int64_t high) {
  const auto it = args.find(name);
  if (it == args.end() || it->is_null()) return fallback;
  if (!it->is_number_integer()) throw ToolError(std::string("Argument `") + name + "` must be an integer.");
  const int64_t value = it->get<int64_t>();
  if (value < low || value > high)
    throw ToolError(std::string("Argument `") + name + "` must be between " + std::to_string(low) + " and " +
                    std::to_string(high) + ".");
  return value;
}
bool arg_bool(const json& args, const char* name, bool fallback) {
  const auto it = args.find(name);
  if (it == args.end() || it->is_null()) return fallback;
  if (!it->is_boolean()) throw ToolError(std::string("Argument `") + name + "` must be true or false.");
  return it->get<bool>();
}

// Cursors are opaque to clients: "o" + the offset of the next item.
size_t cursor_offset(const json& args, const char* name = "cursor") {
  const auto it = args.find(name);
  if (it == args.end() || it->is_null()) return 0;
  if (!it->is_string()) throw ToolError("`cursor` must be the string a previous page returned.");
  const std::string text = it->get<std::string>();
  if (text.size() < 2 || text[0] != 'o' || text.find_first_not_of("0123456789", 1) != std::string::npos)
    throw ToolError("Invalid cursor \"" + text + "\": pass back `next_cursor` exactly as returned.");
  return std::stoull(text.substr(1));
}
json next_cursor(size_t offset, size_t shown, size_t total) {
  if (offset + shown >= total) return nullptr;
  return "o" + std::to_string(offset + shown);
}

std::string line_text(std::string_view text, const LineIndex& lines, uint32_t line) {
  const uint32_t begin = lines.line_start(line);
  uint32_t end = line + 1 < lines.line_count() ? lines.line_start(line + 1) : static_cast<uint32_t>(text.size());
  while (end > begin && (text[end - 1] == '\n' || text[end - 1] == '\r')) --end;
  std::string out(text.substr(begin, end - begin));
  if (out.size() > 400) out = out.substr(0, 400) + "…";
  return out;
}

Notes notes_of(Server& server, const CallContext& context) {
  VaultHost& host = server.host();
  if (!host.wait_ready(context.cancelled, std::chrono::seconds(60))) {
    if (context.cancelled()) throw Cancelled{};
    throw ToolError("The vault is still being indexed (" + host.progress() + "); try again in a few seconds.");
  }
  return Notes(host.views());
}

std::string_view status_name(const LinkTarget& target) {
  if (target.outside_vault) return "outside-vault";
  switch (target.status) {
    case LinkStatus::Resolved:
      return "resolved";
    case LinkStatus::External:
      return "external";
    case LinkStatus::UnresolvedNote:
      return "missing-note";
    case LinkStatus::UnresolvedAttachment:
      return "missing-attachment";
    case LinkStatus::UnresolvedHeading:
      return "missing-heading";
    case LinkStatus::UnresolvedBlock:
      return "missing-block";
  }
  return "resolved";
}

// One link as note_links and read_note report it.
json link_json(const Notes& notes, const Notes::At& at, std::string_view text, const ParsedNote& parsed,
               const LineIndex& lines, const Link& link, const std::map<uint32_t, std::string>& problems) {
  const NoteContext context{at.vault(), at.vault().file(at.id).path, text, parsed};
  const LinkTarget target = resolve_link(at.vault(), context.source(), link);
  json out = {{"line", lines.line_of(link.range.begin) + 1},
              {"text", std::string(text.substr(link.range.begin, link.range.size()))},
              {"embed", static_cast<bool>(link.embed)},
              {"status", std::string(status_name(target))}};
  out["target"] = target.file ? json(notes.shown(*at.view, at.vault().file(*target.file).path)) : json(nullptr);
  out["heading"] = target.heading ? json(std::string(target.heading->text)) : json(nullptr);
  out["block"] = target.block ? json(std::string(target.block->id)) : json(nullptr);
  const auto problem = problems.find(link.range.begin);
  out["reason"] = problem != problems.end() ? json(problem->second) : json(nullptr);
  if (link.in_comment) out["in_comment"] = true;
  return out;
}

std::map<uint32_t, std::string> problems_of(const Notes::At& at, std::string_view text, const ParsedNote& parsed) {
  std::map<uint32_t, std::string> out;
  const NoteContext context{at.vault(), at.vault().file(at.id).path, text, parsed};
  for (const Diagnostic& diagnostic : diagnose_note(context)) out[diagnostic.range.begin] = diagnostic.message;
  return out;
}

CodeActionOptions fix_options(const VaultView& view) {
  const VaultSettings settings = lsp::read_vault_settings(view.root);
  CodeActionOptions options;
  options.new_note_folder = settings.new_note_folder;
  options.new_note_next_to_source = settings.new_note_next_to_source;
  if (settings.new_link_format) options.link_format = *settings.new_link_format;
  return options;
}

// Tags of a note, folded key → as written, nested parents included ("a/b" gives "a" too).
void tags_with_parents(const ParsedNote& parsed, std::map<std::string, std::string>& out) {
  for (const Tag& tag : parsed.tags) {
    const std::string name(tag.name);
    if (name.empty()) continue;
    for (size_t slash = name.find('/');; slash = name.find('/', slash + 1)) {
      const std::string part = slash == std::string::npos ? name : name.substr(0, slash);
      out.try_emplace(fold_key(part), part);
      if (slash == std::string::npos) break;
    }
  }
}

json write_report(const Notes& notes, const VaultView& view, const std::vector<WrittenFile>& written) {
  json out = json::array();
  for (const WrittenFile& file : written) {
    const auto vault_path = view.vault->vault_path_of(file.target);
    out.push_back(
        {{"path", notes.shown(view, vault_path ? *vault_path : file.target.string())}, {"bytes", file.bytes}});
  }
  return out;
}

// A vault path for a new or moved file: normalised, inside the vault, not through a symlink out.
std::string checked_new_path(const VaultView& view, std::string path) {
  std::replace(path.begin(), path.end(), '\\', '/');
  std::vector<std::string> parts;
  size_t start = 0;
  while (start <= path.size()) {
    const size_t slash = path.find('/', start);
    std::string part = path.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
    if (part == "..") {
      if (parts.empty()) throw ToolError("\"" + path + "\" leads outside the vault.");
      parts.pop_back();
    } else if (!part.empty() && part != ".") {
      if (part.starts_with('.'))
        throw ToolError("\"" + path + "\": hidden names (starting with '.') are not vault files.");
      parts.push_back(std::move(part));
    }
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  if (parts.empty()) throw ToolError("The path is empty.");
  std::string out;
  for (const std::string& part : parts) out += (out.empty() ? "" : "/") + part;
  out = to_nfc(out);
  if (view.vault->leads_outside_on_disk(out))
    throw ToolError("\"" + out + "\" leads outside the vault on disk (through a symbolic link): not written.");
  return out;
}

// Writes never go through a symbolic link that leads out of the vault's folder, even one the
// scan follows (Obsidian lists such folders as part of the vault; we read them, never write).
void ensure_writable(const VaultView& view, const fs::path& target) {
  std::error_code ec;
  const fs::path root = fs::weakly_canonical(view.vault->root(), ec);
  fs::path folder = fs::weakly_canonical(target.parent_path(), ec);
  if (ec) throw ToolError("Cannot resolve " + target.parent_path().string() + ": " + ec.message());
  const fs::path relative = folder.lexically_relative(root);
  if (relative.empty() || *relative.begin() == "..")
    throw ToolError(target.string() + " lies behind a symbolic link leading out of the vault: not written.");
}

}  // namespace

namespace {

// ---- read tools -------------------------------------------------------------------------

json search_notes(Server& server, const json& args, const CallContext& context) {
  const Notes notes = notes_of(server, context);
  const std::string query = arg_string(args, "query");
  const size_t limit = static_cast<size_t>(arg_int(args, "limit", 20, 1, 200));
  const size_t offset = cursor_offset(args);
  const bool full_text = arg_bool(args, "full_text", true);
  if (trim_blanks(query).empty())
    throw ToolError("`query` is empty: give words of a note's name, heading, alias, tag or text.");

  json hits = json::array();
  std::set<std::pair<const VaultView*, FileId>> seen_names;
  // Names, aliases, headings and tags, ranked as workspace symbols are (fuzzy, accents and case ignored).
  for (const VaultView& view : notes.views()) {
    for (const WorkspaceSymbol& symbol : server.host().symbols(view.vault)->search(query, 500)) {
      const VaultFile& file = view.vault->file(symbol.file);
      json hit = {{"path", notes.shown(view, file.path)}, {"title", file.name}};
      switch (symbol.kind) {
        case WorkspaceSymbolKind::Note:
          hit["kind"] = "name";
          break;
        case WorkspaceSymbolKind::Alias:
          hit["kind"] = "alias";
          break;
        case WorkspaceSymbolKind::Heading:
          hit["kind"] = "heading";
          break;
        case WorkspaceSymbolKind::Tag:
          hit["kind"] = "tag";
          break;
      }
      hit["match"] = symbol.name;
      hit["line"] = nullptr;
      hit["context"] = nullptr;
      if (symbol.kind == WorkspaceSymbolKind::Heading || symbol.kind == WorkspaceSymbolKind::Tag) {
        if (const ParsedNote* parsed = view.vault->note(symbol.file)) {
          (void)parsed;
          try {
            const Notes::At at{&view, symbol.file};
            const std::string text = Notes::read(at);
            if (symbol.range.end <= text.size()) {
              const LineIndex lines(text);
              const uint32_t line = lines.line_of(symbol.range.begin);
              hit["line"] = line + 1;
              hit["context"] = line_text(text, lines, line);
            }
          } catch (const ToolError&) {
          }
        }
      }
      if (symbol.kind == WorkspaceSymbolKind::Note) seen_names.insert({&view, symbol.file});
      hits.push_back(std::move(hit));
      if (context.cancelled()) throw Cancelled{};
    }
  }
  // Full text: every note whose text holds the query (case and accents ignored), each line once.
  if (full_text) {
    const std::string wanted = loose_key(trim_blanks(query));
    for (const VaultView& view : notes.views()) {
      for (FileId id = 0; id < view.vault->file_count(); ++id) {
        if (!view.vault->file(id).is_note || !view.vault->note(id)) continue;
        if ((id & 255) == 0 && context.cancelled()) throw Cancelled{};
        std::string text;
        try {
          text = Notes::read(Notes::At{&view, id});
        } catch (const ToolError&) {
          continue;
        }
        if (loose_key(text).find(wanted) == std::string::npos) continue;
        const LineIndex lines(text);
        size_t found = 0;
        for (uint32_t line = 0; line < lines.line_count() && found < 3; ++line) {
          const std::string content = line_text(text, lines, line);
          if (loose_key(content).find(wanted) == std::string::npos) continue;
          ++found;
          json hit = {{"path", notes.shown(view, view.vault->file(id).path)},
                      {"title", view.vault->file(id).name},
                      {"kind", "text"},
                      {"match", content},
                      {"line", line + 1}};
          std::string around;
          for (uint32_t l = line > 0 ? line - 1 : 0; l < std::min(line + 2, lines.line_count()); ++l)
            around += line_text(text, lines, l) + "\n";
          hit["context"] = around;
          hits.push_back(std::move(hit));
        }
      }
    }
  }
  const size_t total = hits.size();
  json page = json::array();
  for (size_t i = offset; i < total && page.size() < limit; ++i) page.push_back(std::move(hits[i]));
  const size_t shown = page.size();
  return {{"query", query},
          {"total", total},
          {"hits", std::move(page)},
          {"next_cursor", next_cursor(offset, shown, total)}};
}

// A note and the section asked for. `path` may be a link target, "Note#Heading" or "Note#^block"
// (what agents copy out of [[links]]), when no `section` is given and no file has that name.
std::pair<Notes::At, std::string> locate_with_section(const Notes& notes, const json& args, bool notes_only) {
  const std::string path_arg = arg_string(args, "path");
  std::string section_arg = arg_string(args, "section", "");
  const size_t hash = path_arg.find('#');
  if (!trim_blanks(section_arg).empty() || hash == std::string::npos || path_arg.starts_with("file:"))
    return {notes.locate(path_arg, notes_only), section_arg};
  try {
    return {notes.locate(path_arg, notes_only), section_arg};
  } catch (const ToolError&) {
    if (trim_blanks(path_arg.substr(0, hash)).empty()) throw;
    return {notes.locate(path_arg.substr(0, hash), notes_only), path_arg.substr(hash + 1)};
  }
}

json read_note(Server& server, const json& args, const CallContext& context) {
  const Notes notes = notes_of(server, context);
  const auto [at, section_arg] = locate_with_section(notes, args, true);
  const std::string text = Notes::read(at);
  const auto parsed = Notes::parse(at, text);
  const LineIndex lines(text);
  ByteRange range{0, static_cast<uint32_t>(text.size())};
  json section = nullptr;
  if (!trim_blanks(section_arg).empty()) {
    const Section found = find_section(*parsed, text, section_arg);
    range = found.range;
    section = found.block ? json("^" + std::string(found.block->id)) : json(std::string(found.heading->text));
  }
  const VaultFile& file = at.vault().file(at.id);
  json out = {{"path", notes.shown(at)},
              {"uri", Tools::uri_of(at.vault().absolute_path(at.id))},
              {"title", file.name},
              {"version", content_version(text)},
              {"section", section},
              {"line_start", lines.line_of(range.begin) + 1},
              {"line_end", lines.line_of(range.end > range.begin ? range.end - 1 : range.begin) + 1},
              {"front_matter", front_matter_json(text)},
              {"content", std::string(text.substr(range.begin, range.size()))}};
  json headings = json::array();
  for (const Heading& heading : parsed->headings)
    headings.push_back({{"level", heading.level}, {"text", std::string(heading.text)}, {"line", heading.line + 1}});
  out["headings"] = std::move(headings);
  std::map<std::string, std::string> tags;
  for (const Tag& tag : parsed->tags) tags.try_emplace(fold_key(tag.name), std::string(tag.name));
  json tag_list = json::array();
  for (auto& [key, name] : tags) tag_list.push_back(name);
  out["tags"] = std::move(tag_list);
  json aliases = json::array();
  for (const std::string_view alias : parsed->aliases) aliases.push_back(std::string(alias));
  out["aliases"] = std::move(aliases);
  if (arg_bool(args, "include_links", false)) {
    const auto problems = problems_of(at, text, *parsed);
    json links = json::array();
    for (const Link& link : parsed->links)
      if (link.range.begin >= range.begin && link.range.end <= range.end)
        links.push_back(link_json(notes, at, text, *parsed, lines, link, problems));
    out["links"] = std::move(links);
  }
  return out;
}

json note_links(Server& server, const json& args, const CallContext& context) {
  const Notes notes = notes_of(server, context);
  const auto [at, section_arg] = locate_with_section(notes, args, false);
  const VaultFile& file = at.vault().file(at.id);
  json out = {{"path", notes.shown(at)}};
  json outgoing = json::array();
  const Heading* wanted_heading = nullptr;
  const BlockAnchor* wanted_block = nullptr;
  if (file.is_note) {
    const std::string text = Notes::read(at);
    const auto parsed = Notes::parse(at, text);
    const LineIndex lines(text);
    ByteRange range{0, static_cast<uint32_t>(text.size())};
    if (!trim_blanks(section_arg).empty()) {
      range = find_section(*parsed, text, section_arg).range;
      // Backlinks are matched against the index's parse (what other notes' links resolve into).
      if (const ParsedNote* indexed = at.vault().note(at.id)) {
        const Section in_index = find_section(*indexed, text, section_arg);
        wanted_heading = in_index.heading;
        wanted_block = in_index.block;
      }
    }
    const auto problems = problems_of(at, text, *parsed);
    for (const Link& link : parsed->links)
      if (link.range.begin >= range.begin && link.range.end <= range.end)
        outgoing.push_back(link_json(notes, at, text, *parsed, lines, link, problems));
  } else if (!trim_blanks(section_arg).empty()) {
    throw ToolError(notes.shown(at) + " is an attachment: it has no sections.");
  }
  out["section"] = trim_blanks(section_arg).empty() ? json(nullptr) : json(section_arg);
  out["outgoing"] = std::move(outgoing);

  json backlinks = json::array();
  std::unordered_map<FileId, std::optional<std::pair<std::string, LineIndex>>> texts;
  for (const LinkRef& ref : at.view->graph->links_to(at.id)) {
    const ParsedNote* source = at.vault().note(ref.source);
    if (!source || ref.link >= source->links.size()) continue;
    const Link& link = source->links[ref.link];
    if (wanted_heading || wanted_block) {
      const LinkTarget target = resolve_link(at.vault(), SourceNote{at.vault().file(ref.source).path, source}, link);
      if (wanted_heading && target.heading != wanted_heading) continue;
      if (wanted_block && target.block != wanted_block) continue;
    }
    auto [it, added] = texts.try_emplace(ref.source);
    if (added) {
      try {
        std::string text = Notes::read(Notes::At{at.view, ref.source});
        if (source->parsed_from(text)) {
          LineIndex lines(text);
          it->second.emplace(std::move(text), std::move(lines));
        }
      } catch (const ToolError&) {
      }
    }
    json entry = {{"path", notes.shown(*at.view, at.vault().file(ref.source).path)},
                  {"embed", static_cast<bool>(link.embed)},
                  {"heading", link.headings().empty() ? json(nullptr) : json(std::string(link.headings().back()))},
                  {"block", link.block_id().empty() ? json(nullptr) : json(std::string(link.block_id()))}};
    if (it->second) {
      const auto& [text, lines] = *it->second;
      const uint32_t line = lines.line_of(link.range.begin);
      entry["line"] = line + 1;
      entry["text"] = line_text(text, lines, line);
    } else {
      entry["line"] = nullptr;
      entry["text"] = nullptr;
    }
    backlinks.push_back(std::move(entry));
  }
  out["backlinks"] = std::move(backlinks);
  return out;
}

json broken_links(Server& server, const json& args, const CallContext& context) {
  const Notes notes = notes_of(server, context);
  const std::string scope = arg_string(args, "scope", "");
  const size_t limit = static_cast<size_t>(arg_int(args, "limit", 50, 1, 500));
  const size_t offset = cursor_offset(args);
  // Which notes: one note, a folder, or every note.
  std::vector<std::pair<const VaultView*, FileId>> candidates;
  std::string folder = std::string(trim_blanks(scope));
  while (folder.ends_with('/')) folder.pop_back();
  std::optional<Notes::At> single;
  if (!folder.empty()) {
    bool is_folder = false;
    for (const VaultView& view : notes.views()) {
      std::string inside = folder;
      if (notes.views().size() > 1 && inside.starts_with(view.name + "/"))
        inside = inside.substr(view.name.size() + 1);
      else if (notes.views().size() > 1 && inside == view.name)
        inside = "";
      const std::string key = fold_key(inside);
      for (FileId id = 0; id < view.vault->file_count(); ++id) {
        const VaultFile& file = view.vault->file(id);
        if (!file.is_note) continue;
        const std::string folder_key = fold_key(file.folder);
        if (key.empty() || folder_key == key || folder_key.starts_with(key + "/")) {
          candidates.emplace_back(&view, id);
          is_folder = true;
        }
      }
    }
    if (!is_folder) {
      single = notes.locate(folder);
      candidates.emplace_back(single->view, single->id);
    }
  } else {
    for (const VaultView& view : notes.views())
      for (FileId id = 0; id < view.vault->file_count(); ++id)
        if (view.vault->file(id).is_note) candidates.emplace_back(&view, id);
  }
  json findings = json::array();
  size_t done = 0;
  for (const auto& [view, id] : candidates) {
    if ((++done & 63) == 0) {
      if (context.cancelled()) throw Cancelled{};
      context.progress(static_cast<double>(done), static_cast<double>(candidates.size()), "checking notes");
    }
    const ParsedNote* indexed = view->vault->note(id);
    if (!indexed) continue;
    const std::string& vault_path = view->vault->file(id).path;
    // The index's parse tells which notes have broken links; only those are read.
    if (diagnose_note(NoteContext{*view->vault, vault_path, "", *indexed}).empty()) continue;
    const Notes::At at{view, id};
    std::string text;
    try {
      text = Notes::read(at);
    } catch (const ToolError&) {
      continue;
    }
    const auto parsed = Notes::parse(at, text);
    const NoteContext note{*view->vault, vault_path, text, *parsed};
    const LineIndex lines(text);
    const CodeActionOptions options = fix_options(*view);
    for (const Diagnostic& diagnostic : diagnose_note(note)) {
      json suggestions = json::array();
      for (const QuickFix& fix : quick_fixes(note, diagnostic.range, options)) {
        if (fix.create_path) {
          suggestions.push_back(
              {{"title", fix.title}, {"replacement", nullptr}, {"create", notes.shown(*view, *fix.create_path)}});
          continue;
        }
        if (fix.changes.empty()) continue;
        std::string replaced(text.substr(diagnostic.range.begin, diagnostic.range.size()));
        // The fixed link as it would read: apply the changes that fall inside the link.
        std::vector<TextChange> changes = fix.changes;
        std::sort(changes.begin(), changes.end(),
                  [](const TextChange& a, const TextChange& b) { return a.range.begin > b.range.begin; });
        for (const TextChange& change : changes)
          if (change.range.begin >= diagnostic.range.begin && change.range.end <= diagnostic.range.end)
            replaced.replace(change.range.begin - diagnostic.range.begin, change.range.size(), change.new_text);
        suggestions.push_back({{"title", fix.title}, {"replacement", replaced}, {"create", nullptr}});
      }
      const LineColumnUtf16 start = lines.position_of(diagnostic.range.begin);
      findings.push_back({{"path", notes.shown(*view, vault_path)},
                          {"line", start.line + 1},
                          {"column", start.column_utf16 + 1},
                          {"code", std::string(diagnostic_code(diagnostic.kind))},
                          {"message", diagnostic.message},
                          {"link", std::string(text.substr(diagnostic.range.begin, diagnostic.range.size()))},
                          {"target", diagnostic.target},
                          {"suggestions", std::move(suggestions)}});
    }
  }
  const size_t total = findings.size();
  json page = json::array();
  for (size_t i = offset; i < total && page.size() < limit; ++i) page.push_back(std::move(findings[i]));
  const size_t shown = page.size();
  return {{"scope", scope.empty() ? json(nullptr) : json(scope)},
          {"total", total},
          {"broken_links", std::move(page)},
          {"next_cursor", next_cursor(offset, shown, total)}};
}

json list_tags(Server& server, const json& args, const CallContext& context) {
  const Notes notes = notes_of(server, context);
  const std::string prefix = fold_key(arg_string(args, "prefix", ""));
  const size_t limit = static_cast<size_t>(arg_int(args, "limit", 100, 1, 1000));
  const size_t offset = cursor_offset(args);
  struct Count {
    std::string name;
    size_t notes = 0;
  };
  std::map<std::string, Count> counts;
  for (const VaultView& view : notes.views())
    for (FileId id = 0; id < view.vault->file_count(); ++id)
      if (const ParsedNote* parsed = view.vault->note(id)) {
        std::map<std::string, std::string> tags;
        tags_with_parents(*parsed, tags);
        for (auto& [key, name] : tags) {
          Count& count = counts[key];
          if (count.name.empty()) count.name = name;
          ++count.notes;
        }
      }
  json all = json::array();
  for (auto& [key, count] : counts) {
    if (!prefix.empty() && !key.starts_with(prefix)) continue;
    const size_t depth = static_cast<size_t>(std::count(count.name.begin(), count.name.end(), '/'));
    all.push_back({{"tag", count.name}, {"notes", count.notes}, {"nested", depth > 0}});
  }
  const size_t total = all.size();
  json page = json::array();
  for (size_t i = offset; i < total && page.size() < limit; ++i) page.push_back(std::move(all[i]));
  const size_t shown = page.size();
  return {{"total", total}, {"tags", std::move(page)}, {"next_cursor", next_cursor(offset, shown, total)}};
}

json notes_with_tag(Server& server, const json& args, const CallContext& context) {
  const Notes notes = notes_of(server, context);
  std::string tag = std::string(trim_blanks(arg_string(args, "tag")));
  while (tag.starts_with('#')) tag.erase(0, 1);
  if (tag.empty()) throw ToolError("`tag` is empty: give a tag such as \"project\" or \"#project/alpha\".");
  const bool nested = arg_bool(args, "include_nested", true);
  const size_t limit = static_cast<size_t>(arg_int(args, "limit", 100, 1, 1000));
  const size_t offset = cursor_offset(args);
  const std::string key = fold_key(tag);
  json all = json::array();
  for (const VaultView& view : notes.views())
    for (FileId id = 0; id < view.vault->file_count(); ++id) {
      const ParsedNote* parsed = view.vault->note(id);
      if (!parsed) continue;
      std::set<std::string> matched;
      for (const Tag& note_tag : parsed->tags) {
        const std::string note_key = fold_key(note_tag.name);
        if (note_key == key || (nested && note_key.starts_with(key + "/"))) matched.insert(std::string(note_tag.name));
      }
      if (matched.empty()) continue;
      all.push_back({{"path", notes.shown(view, view.vault->file(id).path)},
                     {"title", view.vault->file(id).name},
                     {"tags", std::vector<std::string>(matched.begin(), matched.end())}});
    }
  const size_t total = all.size();
  json page = json::array();
  for (size_t i = offset; i < total && page.size() < limit; ++i) page.push_back(std::move(all[i]));
  const size_t shown = page.size();
  return {
      {"tag", tag}, {"total", total}, {"notes", std::move(page)}, {"next_cursor", next_cursor(offset, shown, total)}};
}

json neighbourhood(Server& server, const json& args, const CallContext& context) {
  const Notes notes = notes_of(server, context);
  const Notes::At at = notes.locate(arg_string(args, "path"), false);
  GraphExportOptions options;
  options.from = at.id;
  options.depth = static_cast<size_t>(arg_int(args, "depth", 1, 0, 5));
  const VaultGraph graph = export_graph(*at.view->graph, options);
  auto id_of = [&](const GraphNode& node) {
    return node.kind == GraphNodeKind::Missing ? node.id : notes.shown(*at.view, node.path);
  };
  json nodes = json::array();
  for (const GraphNode& node : graph.nodes)
    nodes.push_back({{"id", id_of(node)},
                     {"kind", std::string(graph_node_kind_name(node.kind))},
                     {"name", node.name},
                     {"folder", node.folder},
                     {"tags", node.tags}});
  json edges = json::array();
  for (const GraphEdge& edge : graph.edges)
    edges.push_back({{"source", id_of(graph.nodes[edge.source])},
                     {"target", id_of(graph.nodes[edge.target])},
                     {"count", edge.counts.total()},
                     {"kinds",
                      {{"link", edge.counts.link},
                       {"embed", edge.counts.embed},
                       {"heading", edge.counts.heading},
                       {"block", edge.counts.block}}}});
  return {
      {"path", notes.shown(at)}, {"depth", options.depth}, {"nodes", std::move(nodes)}, {"edges", std::move(edges)}};
}

}  // namespace

namespace {

// ---- write tools ------------------------------------------------------------------------

void make_folders(const VaultView& view, const std::string& vault_path) {
  const fs::path target = view.vault->root() / fs::path(vault_path);
  std::error_code ec;
  fs::create_directories(target.parent_path(), ec);
  if (ec) throw ToolError("Cannot create the folder " + target.parent_path().string() + ": " + ec.message());
}

std::string today(const char* format) {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  char out[64];
  std::strftime(out, sizeof out, format, &local);
  return out;
}

std::string replace_all(std::string text, std::string_view from, std::string_view to) {
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
  return text;
}

json create_note(Server& server, const json& args, const CallContext& context) {
  const Notes notes = notes_of(server, context);
  auto [view, spec] = notes.vault_for_new(arg_string(args, "path"));
  if (spec.empty()) throw ToolError("`path` is empty: give the new note's name, or its folder and name.");
  const VaultSettings settings = lsp::read_vault_settings(view->root);
  std::string folder;
  if (spec.find('/') == std::string::npos) {
    // Obsidian's "Default location for new notes" (newFileLocation).
    const std::string from = arg_string(args, "from", "");
    if (settings.new_note_next_to_source && !trim_blanks(from).empty()) {
      const Notes::At source = notes.locate(from);
      if (source.view != view) throw ToolError("`from` is in another vault than the new note.");
      folder = source.vault().file(source.id).folder;
    } else {
      folder = settings.new_note_folder;
    }
  }
  std::string path = folder.empty() ? spec : folder + "/" + spec;
  if (!(path.size() > 3 && fold_key(path.substr(path.size() - 3)) == ".md")) path += ".md";
  path = checked_new_path(*view, path);
  if (const auto existing = view->vault->find_path(path))
    throw ToolError("A note already exists at " + notes.shown(*view, view->vault->file(*existing).path) +
                    ": nothing was written. Use edit_note to change it, or choose another name.");
  std::string title(path.substr(path.rfind('/') == std::string::npos ? 0 : path.rfind('/') + 1));
  title.resize(title.size() - 3);
  std::string text;
  const std::string template_spec = arg_string(args, "template", "");
  if (!trim_blanks(template_spec).empty()) {
    const Notes::At source = notes.locate(template_spec);
    text = Notes::read(source);
    // Obsidian's core Templates variables.
    text = replace_all(text, "{{title}}", title);
    text = replace_all(text, "{{date}}", today("%Y-%m-%d"));
    text = replace_all(text, "{{time}}", today("%H:%M"));
  }
  const std::string content = arg_string(args, "content", "");
  if (!content.empty()) {
    if (!text.empty() && !text.ends_with('\n')) text += '\n';
    text += content;
  }
  if (!text.empty() && !text.ends_with('\n')) text += '\n';
  const fs::path target = view->vault->root() / fs::path(path);
  ensure_writable(*view, target);
  make_folders(*view, path);
  const WriteOutcome outcome = write_files({PlannedWrite{target, text, true}});
  if (!outcome.error.empty()) throw ToolError("Nothing was written: " + outcome.error + ".");
  server.host().refresh({target});
  return {{"path", notes.shown(*view, path)},
          {"uri", Tools::uri_of(target)},
          {"version", content_version(text)},
          {"writes", write_report(notes, *view, outcome.written)}};
}

json edit_note(Server& server, const json& args, const CallContext& context) {
  const Notes notes = notes_of(server, context);
  const Notes::At at = notes.locate(arg_string(args, "path"));
  const std::string version = arg_string(args, "version");
  const std::string operation = arg_string(args, "operation");
  std::string addition = arg_string(args, "text");
  std::string text = Notes::read(at);
  const std::string current = content_version(text);
  if (current != version)
    throw ToolError("The note changed since you read it (your version " + version + ", now " + current +
                    "): nothing was written. Call read_note again and redo the edit on the current text.");
  if (!addition.ends_with('\n')) addition += '\n';
  if (operation == "append") {
    if (!text.empty() && !text.ends_with('\n')) text += '\n';
    text += addition;
  } else if (operation == "prepend") {
    const auto block = find_front_matter(text);
    size_t at_byte = block ? block->body_begin : 0;
    text.insert(at_byte, addition);
  } else if (operation == "insert_under_heading") {
    const std::string heading = arg_string(args, "heading", "");
    if (trim_blanks(heading).empty()) throw ToolError("`heading` is required for insert_under_heading.");
    const auto parsed = Notes::parse(at, text);
    const Section section = find_section(*parsed, text, heading);
    if (!section.heading) throw ToolError("`heading` must name a heading, not a block.");
    const std::string position = arg_string(args, "position", "end");
    size_t at_byte;
    if (position == "start") {
      at_byte = section.heading->range.end;
      if (at_byte < text.size() && text[at_byte] == '\r') ++at_byte;
      if (at_byte < text.size() && text[at_byte] == '\n')
        ++at_byte;
      else
        addition.insert(0, "\n");
    } else if (position == "end") {
      at_byte = section.range.end;
      if (at_byte > 0 && text[at_byte - 1] != '\n') addition.insert(0, "\n");
    } else {
      throw ToolError("`position` must be \"start\" or \"end\".");
    }
    text.insert(at_byte, addition);
  } else {
    throw ToolError("`operation` must be \"append\", \"prepend\" or \"insert_under_heading\".");
  }
  const fs::path target = at.vault().absolute_path(at.id);
  ensure_writable(*at.view, target);
  const WriteOutcome outcome = write_files({PlannedWrite{target, text, false}});
  if (!outcome.error.empty()) throw ToolError("Nothing was written: " + outcome.error + ".");
  server.host().refresh({target});
  return {{"path", notes.shown(at)},
          {"version", content_version(text)},
          {"writes", write_report(notes, *at.view, outcome.written)}};
}

// rename_note and move_note: the language server's rename (rename_files) on the live index.
json move(Server& server, const CallContext& context, const std::string& spec,
          const std::function<std::string(const VaultFile&)>& new_path_of, bool dry_run) {
  for (int attempt = 0;; ++attempt) {
    const Notes notes = notes_of(server, context);
    const Notes::At at = notes.locate(spec, false);
    const VaultFile& file = at.vault().file(at.id);
    std::string new_path = checked_new_path(*at.view, new_path_of(file));
    if (fold_key(new_path) == fold_key(file.path) && new_path == file.path)
      throw ToolError("The new path is the note's current path: nothing to do.");
    if (const auto existing = at.vault().find_path(new_path); existing && *existing != at.id)
      throw ToolError("A file already exists at " + notes.shown(*at.view, new_path) + ": nothing was changed.");
    std::map<FileId, std::string> texts;
    bool stale = false;
    std::vector<fs::path> stale_paths;
    const ReadText read_text = [&](FileId id) -> std::optional<std::string> {
      if (auto it = texts.find(id); it != texts.end()) return it->second;
      try {
        std::string text = Notes::read(Notes::At{at.view, id});
        const ParsedNote* indexed = at.vault().note(id);
        if (indexed && !indexed->parsed_from(text)) {
          stale = true;
          stale_paths.push_back(at.vault().absolute_path(id));
        }
        return texts.emplace(id, std::move(text)).first->second;
      } catch (const ToolError&) {
        return std::nullopt;
      }
    };
    const RenameResult result = rename_files(*at.view->graph, {FileMove{at.id, new_path}}, read_text);
    if (!result.error.empty()) throw ToolError(result.error);
    if (stale) {
      // The disk moved on since the index saw it: catch up and compute again.
      server.host().refresh(stale_paths);
      if (attempt < 2) continue;
      throw ToolError("Notes are changing on disk while the rename is computed; try again.");
    }
    json changes = json::array();
    std::vector<PlannedWrite> writes;
    for (const FileEdits& edits : result.edits) {
      if (!edits.file) continue;
      const std::string& text = texts.at(*edits.file);
      const LineIndex lines(text);
      json entry = {{"path", notes.shown(*at.view, at.vault().file(*edits.file).path)}};
      json list = json::array();
      std::vector<TextChange> sorted = edits.changes;
      std::sort(sorted.begin(), sorted.end(),
                [](const TextChange& a, const TextChange& b) { return a.range.begin < b.range.begin; });
      for (const TextChange& change : sorted)
        list.push_back({{"line", lines.line_of(change.range.begin) + 1},
                        {"old", std::string(text.substr(change.range.begin, change.range.size()))},
                        {"new", change.new_text}});
      entry["edits"] = std::move(list);
      changes.push_back(std::move(entry));
      std::string edited = text;
      for (auto it = sorted.rbegin(); it != sorted.rend(); ++it)
        edited.replace(it->range.begin, it->range.size(), it->new_text);
      writes.push_back(PlannedWrite{at.vault().absolute_path(*edits.file), std::move(edited), false});
    }
    json moves = json::array();
    for (const FileMove& moved : result.moves)
      moves.push_back({{"from", notes.shown(*at.view, at.vault().file(moved.file).path)},
                       {"to", notes.shown(*at.view, moved.new_path)}});
    json out = {
        {"dry_run", dry_run}, {"moves", std::move(moves)}, {"changes", std::move(changes)}, {"writes", json::array()}};
    if (dry_run) return out;

    for (const PlannedWrite& write : writes) ensure_writable(*at.view, write.target);
    for (const FileMove& moved : result.moves) {
      ensure_writable(*at.view, at.vault().absolute_path(moved.file));
      ensure_writable(*at.view, at.vault().root() / fs::path(moved.new_path));
    }
    if (context.cancelled()) throw Cancelled{};
    context.progress(0, 2, "writing " + std::to_string(writes.size()) + " notes");
    const WriteOutcome outcome = write_files(writes);
    std::vector<fs::path> touched;
    for (const WrittenFile& written : outcome.written) touched.push_back(written.target);
    if (!outcome.error.empty()) {
      server.host().refresh(touched);
      throw ToolError("The rename stopped: " + outcome.error + ". " +
                      (outcome.written.empty()
                           ? std::string("Nothing was changed.")
                           : std::to_string(outcome.written.size()) + " notes were already rewritten."));
    }
    context.progress(1, 2, "moving the file");
    for (const FileMove& moved : result.moves) {
      const fs::path from = at.vault().absolute_path(moved.file);
      const fs::path to = at.vault().root() / fs::path(moved.new_path);
      if (auto error = move_file(from, to)) {
        server.host().refresh(touched);
        throw ToolError("The links were updated but the file was not moved: " + *error + ".");
      }
      touched.push_back(from);
      touched.push_back(to);
    }
    server.host().refresh(touched);
    out["writes"] = write_report(notes, *at.view, outcome.written);
    return out;
  }
}

json rename_note(Server& server, const json& args, const CallContext& context) {
  std::string name = std::string(trim_blanks(arg_string(args, "new_name")));
  if (name.empty()) throw ToolError("`new_name` is empty.");
  if (name.find('/') != std::string::npos || name.find('\\') != std::string::npos)
    throw ToolError("`new_name` is a name, not a path: use move_note to change the folder.");
  return move(
      server, context, arg_string(args, "path"),
      [&](const VaultFile& file) {
        std::string path = file.folder.empty() ? name : file.folder + "/" + name;
        if (file.is_note && !(name.size() > 3 && fold_key(name.substr(name.size() - 3)) == ".md")) path += ".md";
        return path;
      },
      arg_bool(args, "dry_run", false));
}

json move_note(Server& server, const json& args, const CallContext& context) {
  std::string folder = std::string(trim_blanks(arg_string(args, "folder")));
  std::replace(folder.begin(), folder.end(), '\\', '/');
  while (folder.ends_with('/')) folder.pop_back();
  while (folder.starts_with('/')) folder.erase(0, 1);
  const Notes notes = notes_of(server, context);
  if (notes.views().size() > 1) {
    const size_t slash = folder.find('/');
    folder = slash == std::string::npos ? "" : folder.substr(slash + 1);
  }
  return move(
      server, context, arg_string(args, "path"),
      [&](const VaultFile& file) {
        const std::string base =
            file.path.substr(file.path.rfind('/') == std::string::npos ? 0 : file.path.rfind('/') + 1);
        return folder.empty() ? base : folder + "/" + base;
      },
      arg_bool(args, "dry_run", false));
}

}  // namespace

// ---- the tool table ---------------------------------------------------------------------

namespace {

constexpr const char* kPathArg =
    R"("path": {"type": "string", "description": "The note: its vault path (\"Projects/Plan.md\", .md optional) or its name as a [[link]] would write it; with several vaults, prefixed with the vault folder's name"})";
constexpr const char* kCursorArg =
    R"("cursor": {"type": "string", "description": "next_cursor from the previous page"})";
constexpr const char* kWrites =
    R"("writes": {"type": "array", "description": "every file written", "items": {"type": "object", "properties": {"path": {"type": "string"}, "bytes": {"type": "integer"}}, "required": ["path", "bytes"]}})";
constexpr const char* kLinkItem = R"({"type": "object", "properties": {
  "line": {"type": "integer"}, "text": {"type": "string"}, "embed": {"type": "boolean"},
  "status": {"type": "string", "enum": ["resolved", "external", "missing-note", "missing-attachment", "missing-heading", "missing-block", "outside-vault"]},
  "target": {"type": ["string", "null"]}, "heading": {"type": ["string", "null"]}, "block": {"type": ["string", "null"]},
  "reason": {"type": ["string", "null"]}, "in_comment": {"type": "boolean"}},
  "required": ["line", "text", "status", "target"]})";
constexpr const char* kGraphParts = R"(
  "nodes": {"type": "array", "items": {"type": "object", "properties": {"id": {"type": "string"}, "kind": {"type": "string", "enum": ["note", "attachment", "missing"]}, "name": {"type": "string"}, "folder": {"type": "string"}, "tags": {"type": "array", "items": {"type": "string"}}}, "required": ["id", "kind"]}},
  "edges": {"type": "array", "items": {"type": "object", "properties": {"source": {"type": "string"}, "target": {"type": "string"}, "count": {"type": "integer"}, "kinds": {"type": "object", "properties": {"link": {"type": "integer"}, "embed": {"type": "integer"}, "heading": {"type": "integer"}, "block": {"type": "integer"}}}}, "required": ["source", "target", "count"]}})";

std::string fill(std::string text) {
  text = replace_all(std::move(text), "$PATH", kPathArg);
  text = replace_all(std::move(text), "$CURSOR", kCursorArg);
  text = replace_all(std::move(text), "$WRITES", kWrites);
  text = replace_all(std::move(text), "$LINK", kLinkItem);
  text = replace_all(std::move(text), "$GRAPH", kGraphParts);
  return text;
}
json object_schema(const std::string& text) { return json::parse(fill(text)); }

}  // namespace

Tools::Tools(Server& server) : server_(server) {
  auto add = [this](std::string name, std::string title, std::string description, const std::string& input,
                    const std::string& output, bool writes, json (*run)(Server&, const json&, const CallContext&)) {
    tools_.push_back(Tool{std::move(name), std::move(title), std::move(description), object_schema(input),
                          object_schema(output), writes,
                          [run](Tools& tools, const json& args, const CallContext& context) {
                            return run(tools.server_, args, context);
                          }});
  };
  add("search_notes", "Search notes",
      "Find notes by name, alias, heading, tag (query starting with #) and full text; fuzzy (case and accents "
      "ignored), best first: names, aliases, headings and tags, then text matches with their line and context.",
      R"({"type": "object", "properties": {"query": {"type": "string"}, "limit": {"type": "integer", "minimum": 1, "maximum": 200}, "full_text": {"type": "boolean", "description": "also search the notes' text — default true"}, $CURSOR}, "required": ["query"]})",
      R"({"type": "object", "properties": {"query": {"type": "string"}, "total": {"type": "integer"}, "next_cursor": {"type": ["string", "null"]},
          "hits": {"type": "array", "items": {"type": "object", "properties": {"path": {"type": "string"}, "title": {"type": "string"}, "kind": {"type": "string", "enum": ["name", "alias", "heading", "tag", "text"]}, "match": {"type": "string"}, "line": {"type": ["integer", "null"]}, "context": {"type": ["string", "null"]}}, "required": ["path", "title", "kind", "match"]}}},
          "required": ["total", "hits", "next_cursor"]})",
      false, search_notes);
  add("read_note", "Read a note",
      "A note's text, or one section (`section`: \"Heading\", \"Parent#Child\") or block (\"^id\"; or a link target "
      "as `path`: \"Plan#Goals\", \"Plan#^id\"); front matter "
      "as structured data; `version` identifies this text for edit_note. include_links adds the outgoing links, "
      "resolved.",
      R"({"type": "object", "properties": {$PATH, "section": {"type": "string"}, "include_links": {"type": "boolean"}}, "required": ["path"]})",
      R"({"type": "object", "properties": {"path": {"type": "string"}, "uri": {"type": "string"}, "title": {"type": "string"}, "version": {"type": "string"},
          "section": {"type": ["string", "null"]}, "line_start": {"type": "integer"}, "line_end": {"type": "integer"},
          "front_matter": {"type": "object"}, "content": {"type": "string"},
          "headings": {"type": "array", "items": {"type": "object", "properties": {"level": {"type": "integer"}, "text": {"type": "string"}, "line": {"type": "integer"}}}},
          "tags": {"type": "array", "items": {"type": "string"}}, "aliases": {"type": "array", "items": {"type": "string"}},
          "links": {"type": "array", "items": $LINK}},
          "required": ["path", "version", "content", "front_matter"]})",
      false, read_note);
  add("note_links", "Links of a note",
      "Outgoing links of a note (or of one `section`: heading or ^block) with where each resolves or why it is broken, "
      "and backlinks: every link to the note (or to that heading or block) with the linking line.",
      R"({"type": "object", "properties": {$PATH, "section": {"type": "string"}}, "required": ["path"]})",
      R"({"type": "object", "properties": {"path": {"type": "string"}, "section": {"type": ["string", "null"]}, "outgoing": {"type": "array", "items": $LINK},
          "backlinks": {"type": "array", "items": {"type": "object", "properties": {"path": {"type": "string"}, "line": {"type": ["integer", "null"]}, "text": {"type": ["string", "null"]}, "embed": {"type": "boolean"}, "heading": {"type": ["string", "null"]}, "block": {"type": ["string", "null"]}}, "required": ["path", "line"]}}},
          "required": ["path", "outgoing", "backlinks"]})",
      false, note_links);
  add("broken_links", "Broken links",
      "Broken links in the vault, a folder or a note (`scope`), each with the fixes a language-server quick fix "
      "offers: the repaired spelling of a mis-encoded name, the closest existing notes, headings or blocks, creating "
      "the note.",
      R"({"type": "object", "properties": {"scope": {"type": "string", "description": "a folder or a note; the whole vault when absent"}, "limit": {"type": "integer", "minimum": 1, "maximum": 500}, $CURSOR}})",
      R"({"type": "object", "properties": {"scope": {"type": ["string", "null"]}, "total": {"type": "integer"}, "next_cursor": {"type": ["string", "null"]},
          "broken_links": {"type": "array", "items": {"type": "object", "properties": {"path": {"type": "string"}, "line": {"type": "integer"}, "column": {"type": "integer"}, "code": {"type": "string"}, "message": {"type": "string"}, "link": {"type": "string"}, "target": {"type": "string"},
             "suggestions": {"type": "array", "items": {"type": "object", "properties": {"title": {"type": "string"}, "replacement": {"type": ["string", "null"]}, "create": {"type": ["string", "null"]}}, "required": ["title"]}}}, "required": ["path", "line", "code", "message", "suggestions"]}}},
          "required": ["total", "broken_links", "next_cursor"]})",
      false, broken_links);
  add("list_tags", "List tags",
      "Every tag of the vault with how many notes use it; nested tags (a/b) also count for their parents (a).",
      R"({"type": "object", "properties": {"prefix": {"type": "string"}, "limit": {"type": "integer", "minimum": 1, "maximum": 1000}, $CURSOR}})",
      R"({"type": "object", "properties": {"total": {"type": "integer"}, "next_cursor": {"type": ["string", "null"]}, "tags": {"type": "array", "items": {"type": "object", "properties": {"tag": {"type": "string"}, "notes": {"type": "integer"}, "nested": {"type": "boolean"}}, "required": ["tag", "notes"]}}}, "required": ["total", "tags", "next_cursor"]})",
      false, list_tags);
  add("notes_with_tag", "Notes with a tag",
      "The notes tagged `tag` (front matter or inline), nested tags included unless include_nested is false.",
      R"({"type": "object", "properties": {"tag": {"type": "string"}, "include_nested": {"type": "boolean"}, "limit": {"type": "integer", "minimum": 1, "maximum": 1000}, $CURSOR}, "required": ["tag"]})",
      R"({"type": "object", "properties": {"tag": {"type": "string"}, "total": {"type": "integer"}, "next_cursor": {"type": ["string", "null"]}, "notes": {"type": "array", "items": {"type": "object", "properties": {"path": {"type": "string"}, "title": {"type": "string"}, "tags": {"type": "array", "items": {"type": "string"}}}, "required": ["path"]}}}, "required": ["total", "notes", "next_cursor"]})",
      false, notes_with_tag);
  add("neighbourhood", "Neighbourhood of a note",
      "The notes, attachments and missing targets within `depth` links of a note (links followed both ways), "
      "with the links between them and their counts by kind.",
      R"({"type": "object", "properties": {$PATH, "depth": {"type": "integer", "minimum": 0, "maximum": 5}}, "required": ["path"]})",
      R"({"type": "object", "properties": {"path": {"type": "string"}, "depth": {"type": "integer"}, $GRAPH}, "required": ["path", "nodes", "edges"]})",
      false, neighbourhood);
  add("create_note", "Create a note",
      "Creates a note; a bare name goes where Obsidian puts new notes (.obsidian/app.json newFileLocation; `from` "
      "is the note it is created from, for \"same folder as current file\"). Never replaces an existing file. "
      "`template`: a note whose text is copied first, with {{title}}, {{date}}, {{time}} filled in.",
      R"({"type": "object", "properties": {"path": {"type": "string", "description": "name, or folder/name; .md optional"}, "content": {"type": "string"}, "template": {"type": "string"}, "from": {"type": "string"}}, "required": ["path"]})",
      R"({"type": "object", "properties": {"path": {"type": "string"}, "uri": {"type": "string"}, "version": {"type": "string"}, $WRITES}, "required": ["path", "version", "writes"]})",
      true, create_note);
  add("edit_note", "Edit a note",
      "Appends, prepends (after the front matter) or inserts text under a heading (at the end of its section, or "
      "right after the heading with position \"start\"). `version` is read_note's: if the note changed since, nothing "
      "is written and the call fails, so newer text is never overwritten.",
      R"({"type": "object", "properties": {$PATH, "version": {"type": "string"}, "operation": {"type": "string", "enum": ["append", "prepend", "insert_under_heading"]}, "text": {"type": "string"}, "heading": {"type": "string"}, "position": {"type": "string", "enum": ["start", "end"]}}, "required": ["path", "version", "operation", "text"]})",
      R"({"type": "object", "properties": {"path": {"type": "string"}, "version": {"type": "string"}, $WRITES}, "required": ["path", "version", "writes"]})",
      true, edit_note);
  constexpr const char* kMoveOutput = R"({"type": "object", "properties": {"dry_run": {"type": "boolean"},
      "moves": {"type": "array", "items": {"type": "object", "properties": {"from": {"type": "string"}, "to": {"type": "string"}}, "required": ["from", "to"]}},
      "changes": {"type": "array", "items": {"type": "object", "properties": {"path": {"type": "string"}, "edits": {"type": "array", "items": {"type": "object", "properties": {"line": {"type": "integer"}, "old": {"type": "string"}, "new": {"type": "string"}}, "required": ["line", "old", "new"]}}}, "required": ["path", "edits"]}},
      $WRITES}, "required": ["dry_run", "moves", "changes", "writes"]})";
  add("rename_note", "Rename a note",
      "Renames a note (or attachment) in its folder and rewrites every link to it in its own form, exactly as the "
      "language server's rename does. dry_run: true lists the changes without writing.",
      R"({"type": "object", "properties": {$PATH, "new_name": {"type": "string"}, "dry_run": {"type": "boolean"}}, "required": ["path", "new_name"]})",
      kMoveOutput, true, rename_note);
  add("move_note", "Move a note",
      "Moves a note (or attachment) to another folder (\"\" = the vault root), rewriting every link to it and those "
      "of its own links the new folder would send elsewhere. dry_run: true lists the changes without writing.",
      R"({"type": "object", "properties": {$PATH, "folder": {"type": "string"}, "dry_run": {"type": "boolean"}}, "required": ["path", "folder"]})",
      kMoveOutput, true, move_note);
}

Tools::~Tools() = default;

json Tools::list_tools(const json& params) const {
  json all = json::array();
  for (const Tool& tool : tools_) {
    if (tool.writes && server_.options().read_only) continue;
    json entry = {{"name", tool.name},
                  {"title", tool.title},
                  {"description", tool.description},
                  {"inputSchema", tool.input_schema},
                  {"outputSchema", tool.output_schema}};
    entry["annotations"] = {{"title", tool.title},
                            {"readOnlyHint", !tool.writes},
                            {"destructiveHint", tool.writes && tool.name != "create_note"},
                            {"idempotentHint", !tool.writes},
                            {"openWorldHint", false}};
    all.push_back(std::move(entry));
  }
  // One page holds every tool; a cursor past the end is an error, as the spec asks of an invalid one.
  if (params.is_object() && params.contains("cursor") && !params["cursor"].is_null())
    throw std::invalid_argument("invalid cursor");
  return {{"tools", std::move(all)}};
}

json Tools::call_tool(const json& params, const CallContext& context) {
  if (!params.is_object() || !params.contains("name") || !params["name"].is_string())
    throw std::invalid_argument("tools/call needs params.name (a string)");
  const std::string name = params["name"].get<std::string>();
  const json args =
      params.contains("arguments") && params["arguments"].is_object() ? params["arguments"] : json::object();
  if (params.contains("arguments") && !params["arguments"].is_object() && !params["arguments"].is_null())
    throw std::invalid_argument("params.arguments must be an object");
  const Tool* tool = nullptr;
  for (const Tool& candidate : tools_)
    if (candidate.name == name && !(candidate.writes && server_.options().read_only)) tool = &candidate;
  if (!tool) throw std::out_of_range("Unknown tool: " + name);
  try {
    json structured = tool->run(*this, args, context);
    const std::string text = structured.dump(-1, ' ', false, json::error_handler_t::replace);
    return {{"content", json::array({{{"type", "text"}, {"text", text}}})},
            {"structuredContent", std::move(structured)},
            {"isError", false}};
  } catch (const ToolError& error) {
    return {{"content", json::array({{{"type", "text"}, {"text", error.what()}}})}, {"isError", true}};
  }
}

// ---- resources --------------------------------------------------------------------------

std::string Tools::uri_of(const fs::path& path) { return lsp::uri_from_path(path); }

json Tools::list_resources(const json& params) {
  CallContext context;
  context.cancelled = [] { return false; };
  const Notes notes = notes_of(server_, context);
  size_t offset = 0;
  if (params.is_object() && params.contains("cursor") && !params["cursor"].is_null()) {
    try {
      offset = cursor_offset(params);
    } catch (const ToolError& error) {
      throw std::invalid_argument(error.what());
    }
  }
  const size_t page_size = server_.options().page_size * 4;
  json resources = json::array();
  size_t index = 0;
  for (const VaultView& view : notes.views())
    for (FileId id = 0; id < view.vault->file_count(); ++id) {
      const VaultFile& file = view.vault->file(id);
      if (!file.is_note) continue;
      if (index++ < offset) continue;
      if (resources.size() == page_size) {
        return {{"resources", std::move(resources)}, {"nextCursor", "o" + std::to_string(offset + page_size)}};
      }
      resources.push_back({{"uri", uri_of(view.vault->absolute_path(id))},
                           {"name", notes.shown(view, file.path)},
                           {"title", file.name},
                           {"mimeType", "text/markdown"}});
    }
  if (offset > 0 && offset >= index) throw std::invalid_argument("invalid cursor: past the end");
  return {{"resources", std::move(resources)}};
}

json Tools::list_resource_templates(const json&) const {
  json templates = json::array();
  for (const fs::path& root : server_.host().roots()) {
    std::string base = uri_of(root);
    if (!base.ends_with('/')) base += '/';
    templates.push_back({{"uriTemplate", base + "{+path}#{+section}"},
                         {"name", "note-section"},
                         {"title", "A section of a note in " + root.filename().string()},
                         {"description",
                          "One heading's section (section: \"Heading\" or \"Parent#Child\") or one block (\"^id\") of "
                          "the note at path (vault-relative, .md included)"},
                         {"mimeType", "text/markdown"}});
  }
  return {{"resourceTemplates", std::move(templates)}};
}

std::optional<std::string> Tools::subscription_key(const std::string& uri) {
  const size_t hash = uri.find('#');
  const auto path = lsp::path_from_uri(std::string_view(uri).substr(0, hash));
  if (!path) return std::nullopt;
  for (const fs::path& root : server_.host().roots()) {
    const fs::path relative = path->lexically_normal().lexically_relative(root);
    if (!relative.empty() && *relative.begin() != "..") return path->lexically_normal().string();
  }
  return std::nullopt;
}

json Tools::read_resource(const json& params) {
  if (!params.is_object() || !params.contains("uri") || !params["uri"].is_string())
    throw std::invalid_argument("resources/read needs params.uri (a string)");
  const std::string uri = params["uri"].get<std::string>();
  CallContext context;
  context.cancelled = [] { return false; };
  const Notes notes = notes_of(server_, context);
  const size_t hash = uri.find('#');
  Notes::At at;
  try {
    if (!uri.starts_with("file:")) throw ToolError("not a file URI");
    at = notes.locate(uri.substr(0, hash));
  } catch (const ToolError& error) {
    throw std::out_of_range("Resource not found: " + uri + " (" + error.what() + ")");
  }
  const std::string text = Notes::read(at);
  std::string content = text;
  if (hash != std::string::npos && hash + 1 < uri.size()) {
    const std::string section = percent_decode(uri.substr(hash + 1));
    const auto parsed = Notes::parse(at, text);
    try {
      const Section found = find_section(*parsed, text, section);
      content = text.substr(found.range.begin, found.range.size());
    } catch (const ToolError& error) {
      throw std::out_of_range("Resource not found: " + uri + " (" + error.what() + ")");
    }
  }
  return {{"contents", json::array({{{"uri", uri}, {"mimeType", "text/markdown"}, {"text", content}}})}};
}

}  // namespace slipbox::mcp
