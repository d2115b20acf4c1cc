#include "analysis/features/check.h"

#include <algorithm>
#include <tuple>

#include "analysis/text/parallel.h"
#include "analysis/vault/linkpath_cache.h"

namespace slipbox {
namespace {

void check_note(const Vault& vault, FileId id, const ReadText& read_text, const CheckOptions& options,
                LinkpathCache& linkpaths, std::vector<CheckFinding>& out) {
  const VaultFile& file = vault.file(id);
  const ParsedNote* indexed = vault.note(id);
  if (!indexed) return;  // too big or unreadable when the vault was built
  // Most notes have no broken link: find that out from the vault's parse, without reading.
  std::vector<Diagnostic> diagnostics =
      diagnose_note(NoteContext{vault, file.path, std::string_view(), *indexed, nullptr, &linkpaths});
  std::vector<AmbiguousLink> ambiguous;
  if (options.ambiguous_links)
    ambiguous = ambiguous_links(NoteContext{vault, file.path, std::string_view(), *indexed, nullptr, &linkpaths});
  if (diagnostics.empty() && ambiguous.empty()) return;
  // Positions must match the text they are computed in: diagnose again only if it changed.
  std::optional<std::string> text = read_text ? read_text(id) : std::nullopt;
  if (!text) return;
  std::optional<ParsedNote> reparsed;
  if (indexed->parsed_from(*text)) {
    set_written_targets(diagnostics, *indexed, *text);
  } else {
    reparsed = parse_note(*text);
    const NoteContext context{vault, file.path, *text, *reparsed, nullptr, &linkpaths};
    diagnostics = diagnose_note(context);
    if (options.ambiguous_links) ambiguous = ambiguous_links(context);
  }
  if (diagnostics.empty() && ambiguous.empty()) return;
  const LineIndex lines(*text);
  for (Diagnostic& diagnostic : diagnostics) {
    CheckFinding finding;
    finding.path = file.path;
    finding.start = lines.position_of(diagnostic.range.begin);
    finding.end = lines.position_of(diagnostic.range.end);
    finding.diagnostic = std::move(diagnostic);
    out.push_back(std::move(finding));
  }
  const ParsedNote& parsed = reparsed ? *reparsed : *indexed;
  for (AmbiguousLink& found : ambiguous) {
    CheckFinding finding;
    finding.path = file.path;
    finding.ambiguous = true;
    finding.start = lines.position_of(found.range.begin);
    finding.end = lines.position_of(found.range.end);
    finding.diagnostic.kind = DiagnosticKind::UnresolvedLink;  // unused: code() says ambiguous-link
    finding.diagnostic.range = found.range;
    finding.diagnostic.message = std::move(found.message);
    for (const Link& link : parsed.links)
      if (link.range == found.range) finding.diagnostic.target = std::string(link.path());
    out.push_back(std::move(finding));
  }
}

}  // namespace

std::vector<CheckFinding> check_vault(const Vault& vault, const ReadText& read_text, const CheckOptions& options) {
  std::vector<FileId> notes;
  for (FileId id = 0; id < vault.file_count(); ++id)
    if (vault.file(id).is_note) notes.push_back(id);

  // At least 64 notes a worker: starting a thread costs more than checking a few notes.
  const unsigned workers =
      std::min(parallel_workers(notes.size(), 0), std::max(1u, static_cast<unsigned>((notes.size() + 63) / 64)));
  std::vector<std::vector<CheckFinding>> found(workers);
  std::vector<LinkpathCache> linkpaths(workers);  // per worker: most linkpaths resolve the same from every note
  run_in_parallel_workers(notes.size(), workers, [&](unsigned worker, size_t i) {
    try {
      check_note(vault, notes[i], read_text, options, linkpaths[worker], found[worker]);
    } catch (const std::exception&) {
      // One unreadable note must not stop the check of the others.
    }
  });

  std::vector<CheckFinding> findings;
  for (auto& part : found) std::move(part.begin(), part.end(), std::back_inserter(findings));
  std::sort(findings.begin(), findings.end(), [](const CheckFinding& a, const CheckFinding& b) {
    return std::tie(a.path, a.start.line, a.start.column_utf16, a.end.line, a.end.column_utf16) <
           std::tie(b.path, b.start.line, b.start.column_utf16, b.end.line, b.end.column_utf16);
  });
  return findings;
}

}  // namespace slipbox
