#include "analysis/features/ambiguous_links.h"
#include "analysis/features/diagnostics.h"

#include "lsp/convert.h"
#include "lsp/features.h"

namespace slipbox::lsp {

namespace {
// Outside every folder there is no vault to resolve against: only links into the note
// itself (`[[#Heading]]`) can be judged.
bool judgeable(const NoteSnapshot& note, const slipbox::Diagnostic& found) {
  if (note.in_folder) return true;
  for (const Link& link : note.document->parsed->links)
    if (link.range == found.range) return link.path().empty();
  return false;
}
}  // namespace

std::vector<Diagnostic> diagnostics(const NoteSnapshot& note, const Settings& settings) {
  return diagnostics(note, settings, nullptr);
}

std::vector<Diagnostic> diagnostics(const NoteSnapshot& note, const Settings& settings, DiagnosticsMemo* memo) {
  std::vector<Diagnostic> out;
  if (note.in_folder && !note.vault_ready) return out;
  std::unique_lock<std::mutex> lock;
  ResolveMemo* links = nullptr;
  if (memo) {
    lock = std::unique_lock(memo->mutex);
    memo->links.rebase(note.vault, note.vault_path);
    links = &memo->links;
  }
  for (const slipbox::Diagnostic& found : diagnose_note(note.context(), links)) {
    if (!judgeable(note, found)) continue;
    const auto severity = settings.severity(found.kind);
    if (!severity) continue;  // switched off
    Diagnostic diagnostic;
    diagnostic.range = to_range(note.document->lines, found.range, note.encoding);
    diagnostic.severity = *severity;
    diagnostic.code = std::string(diagnostic_code(found.kind));
    diagnostic.message = found.message;
    out.push_back(std::move(diagnostic));
  }
  // Ambiguous links (the name in several folders): a hint unless configured, whose quick
  // fixes qualify the link (analysis/features/ambiguous_links.h).
  const auto ambiguous_severity = settings.severity("ambiguous-link", DiagnosticSeverity::Hint);
  if (note.in_folder && ambiguous_severity) {
    for (const AmbiguousLink& found : ambiguous_links(note.context(), links)) {
      Diagnostic diagnostic;
      diagnostic.range = to_range(note.document->lines, found.range, note.encoding);
      diagnostic.severity = *ambiguous_severity;
      diagnostic.code = "ambiguous-link";
      diagnostic.message = found.message;
      out.push_back(std::move(diagnostic));
    }
  }
  for (Diagnostic& footnote : footnote_diagnostics(note, settings)) out.push_back(std::move(footnote));
  return out;
}

}  // namespace slipbox::lsp
