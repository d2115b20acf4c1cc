#include <unordered_map>
#include <unordered_set>

#include "analysis/features/ambiguous_links.h"
#include "analysis/features/diagnostics.h"
#include "lsp/convert.h"
#include "lsp/features.h"
#include "lsp/pull_diagnostics.h"
#include "lsp/uri.h"

namespace slipbox::lsp {

namespace {

uint64_t fnv1a(std::string_view bytes, uint64_t hash = 1469598103934665603ull) {
  for (const char c : bytes) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 1099511628211ull;
  }
  return hash;
}

std::string hex(uint64_t value) {
  static const char* const kDigits = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i, value >>= 4) out[static_cast<size_t>(i)] = kDigits[value & 15];
  return out;
}

// What closed notes can see of an open note through their links: its headings, block ids
// and aliases (its name comes from its path, which the scan already knows).
uint64_t open_signature(const Workspace::FolderView& folder) {
  uint64_t hash = fnv1a("open");
  for (const std::string& vault_path : folder.open) {
    hash = fnv1a(vault_path, hash);
    const auto id = folder.effective->find_path(vault_path);
    const ParsedNote* parsed = id ? folder.effective->note(*id) : nullptr;
    if (!parsed) continue;
    for (const auto& heading : parsed->headings) hash = fnv1a(std::string_view(heading.text), fnv1a("\x01", hash));
    for (const auto& block : parsed->blocks) hash = fnv1a(std::string_view(block.id), fnv1a("\x02", hash));
    for (const auto& alias : parsed->aliases) hash = fnv1a(std::string_view(alias), fnv1a("\x03", hash));
  }
  return hash;
}

bool inside_nested(const std::string& vault_path, const std::vector<std::string>& nested) {
  for (const std::string& inner : nested)
    if (vault_path.size() > inner.size() && vault_path.starts_with(inner) && vault_path[inner.size()] == '/')
      return true;
  return false;
}

// URIs compared by the file they name: the client may spell a path differently.
std::string uri_key(const std::string& uri) {
  if (const auto path = path_from_uri(uri)) return path_key(*path);
  return uri;
}

}  // namespace

std::vector<Diagnostic> closed_note_diagnostics(const NoteContext& context, const Settings& settings,
                                                const std::function<const LineIndex*()>& lines,
                                                PositionEncoding encoding) {
  struct Found {
    ByteRange range;
    DiagnosticSeverity severity;
    std::string code;
    std::string message;
  };
  std::vector<Found> found;
  for (slipbox::Diagnostic& problem : diagnose_note(context)) {
    const auto severity = settings.severity(problem.kind);
    if (!severity) continue;  // switched off
    found.push_back(
        Found{problem.range, *severity, std::string(diagnostic_code(problem.kind)), std::move(problem.message)});
  }
  if (const auto severity = settings.severity("ambiguous-link", DiagnosticSeverity::Hint))
    for (AmbiguousLink& ambiguous : ambiguous_links(context))
      found.push_back(Found{ambiguous.range, *severity, "ambiguous-link", std::move(ambiguous.message)});
  std::vector<Diagnostic> out;
  if (found.empty()) return out;
  const LineIndex* index = lines();
  if (!index) return out;
  for (Found& f : found) {
    Diagnostic diagnostic;
    diagnostic.range = to_range(*index, f.range, encoding);
    diagnostic.severity = f.severity;
    diagnostic.code = std::move(f.code);
    diagnostic.message = std::move(f.message);
    out.push_back(std::move(diagnostic));
  }
  return out;
}

std::string diagnostics_result_id(const std::vector<Diagnostic>& items) { return hex(fnv1a(json(items).dump())); }

DocumentDiagnosticReport document_diagnostics(const NoteSnapshot& note, const Settings& settings,
                                              const std::optional<std::string>& previous_result_id) {
  DocumentDiagnosticReport report;
  report.items = diagnostics(note, settings);
  report.resultId = diagnostics_result_id(report.items);
  if (previous_result_id && *previous_result_id == report.resultId) {
    report.unchanged = true;
    report.items.clear();
  }
  return report;
}

std::optional<WorkspaceDiagnosticReport> WorkspaceDiagnostics::pull(const Workspace& workspace,
                                                                    const std::shared_ptr<const Settings>& settings,
                                                                    const WorkspaceDiagnosticParams& params,
                                                                    const CancelToken& cancel) {
  std::vector<DocumentDiagnosticReport> reports;
  std::unordered_set<std::string> current;  // folder keys

  // Closed notes, per folder, from the cache when nothing they depend on changed.
  for (const Workspace::FolderView& folder : workspace.ready_folders()) {
    const std::string key = path_key(folder.root);
    current.insert(key);
    const uint64_t signature = open_signature(folder);
    std::shared_ptr<const FolderResult> result;
    {
      std::lock_guard lock(mutex_);
      const auto it = cache_.find(key);
      if (it != cache_.end() && it->second->scanned == folder.scanned && it->second->settings == settings &&
          it->second->open_signature == signature)
        result = it->second;
    }
    if (!result) {
      auto fresh = std::make_shared<FolderResult>();
      fresh->scanned = folder.scanned;
      fresh->settings = settings;
      fresh->open_signature = signature;
      const Vault& vault = *folder.effective;
      const std::unordered_set<std::string> open(folder.open.begin(), folder.open.end());
      for (FileId id = 0; id < vault.file_count(); ++id) {
        if (id % 256 == 0 && cancel.cancelled()) return std::nullopt;
        const VaultFile& file = vault.file(id);
        if (!file.is_note || open.count(file.path) || inside_nested(file.path, folder.nested)) continue;
        const ParsedNote* parsed = vault.note(id);
        if (!parsed) continue;
        std::optional<std::string> text;
        std::optional<LineIndex> lines;
        auto items = closed_note_diagnostics(
            NoteContext{vault, file.path, std::string_view(), *parsed}, *settings,
            [&]() -> const LineIndex* {
              text = workspace.read_text(vault, id);
              if (!text) return nullptr;
              lines.emplace(*text);
              return &*lines;
            },
            workspace.position_encoding());
        if (items.empty()) continue;
        std::string result_id = diagnostics_result_id(items);
        fresh->closed.push_back(Closed{uri_from_path(vault.absolute_path(id)), std::move(items), std::move(result_id)});
      }
      std::lock_guard lock(mutex_);
      cache_[key] = fresh;
      result = std::move(fresh);
    }
    for (const Closed& closed : result->closed)
      reports.push_back(DocumentDiagnosticReport{false, closed.result_id, closed.items, closed.uri, std::nullopt});
  }
  {
    // Folders that are gone take their results with them.
    std::lock_guard lock(mutex_);
    std::erase_if(cache_, [&](const auto& entry) { return !current.count(entry.first); });
  }

  // Open notes inside a folder, from their buffers.
  for (const auto& document : workspace.documents()) {
    if (cancel.cancelled()) return std::nullopt;
    const auto note = workspace.snapshot(document->uri);
    if (!note || !note->in_folder || !note->vault_ready) continue;
    auto items = diagnostics(*note, *settings);
    if (items.empty()) {
      reports.push_back(
          DocumentDiagnosticReport{false, diagnostics_result_id(items), {}, document->uri, document->version});
      continue;
    }
    std::string result_id = diagnostics_result_id(items);
    reports.push_back(
        DocumentDiagnosticReport{false, std::move(result_id), std::move(items), document->uri, document->version});
  }

  // Against what the client already has.
  std::unordered_map<std::string, const PreviousResultId*> previous;
  for (const PreviousResultId& id : params.previousResultIds) previous[uri_key(id.uri)] = &id;
  const std::string empty_id = diagnostics_result_id({});
  WorkspaceDiagnosticReport out;
  for (DocumentDiagnosticReport& report : reports) {
    const auto it = previous.find(uri_key(report.uri));
    const bool known = it != previous.end() && it->second;
    if (known && it->second->value == report.resultId) {
      report.unchanged = true;
      report.items.clear();
    }
    if (it != previous.end()) it->second = nullptr;  // answered
    // An open note without problems that the client shows nothing for: nothing to say.
    if (!known && report.items.empty() && !report.unchanged) continue;
    out.items.push_back(std::move(report));
  }
  // Notes the client still shows problems for that have none now (fixed, deleted, or in a
  // folder that was removed): an empty list clears them.
  for (const auto& [key, id] : previous)
    if (id && id->value != empty_id)
      out.items.push_back(DocumentDiagnosticReport{false, empty_id, {}, id->uri, std::nullopt});
  return out;
}

}  // namespace slipbox::lsp
