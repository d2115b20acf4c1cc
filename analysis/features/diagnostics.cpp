#include "analysis/features/diagnostics.h"

#include <optional>

namespace slipbox {
namespace {

std::string in_quotes(std::string_view text) { return "\"" + std::string(text) + "\""; }

// The note a heading or block is missing from, as the user wrote it; a self link names
// the note itself.
std::string note_label(const NoteContext& note, const Link& link, const LinkTarget& target) {
  if (!link.path().empty()) return std::string(link.path());
  if (target.file) return note.vault.file(*target.file).name;
  return "this note";
}

// The link text as written (`Projekt/Plan#Mål`), else the parsed linkpath when there is no text.
std::string written_target(const Link& link, std::string_view text) {
  const ByteRange written = link.target_range;
  if (written.end <= text.size() && written.begin <= written.end)
    return std::string(text.substr(written.begin, written.size()));
  return std::string(link.path());
}

}  // namespace

std::string_view diagnostic_code(DiagnosticKind kind) {
  switch (kind) {
    case DiagnosticKind::UnresolvedLink:
      return "unresolved-link";
    case DiagnosticKind::UnresolvedAttachment:
      return "unresolved-attachment";
    case DiagnosticKind::UnresolvedHeading:
      return "unresolved-heading";
    case DiagnosticKind::UnresolvedBlock:
      return "unresolved-block";
    case DiagnosticKind::LinkOutsideVault:
      return "link-outside-vault";
  }
  return "unresolved-link";
}

std::vector<Diagnostic> diagnose_note(const NoteContext& note) { return diagnose_note(note, nullptr); }

std::vector<Diagnostic> diagnose_note(const NoteContext& note, ResolveMemo* memo) {
  std::vector<Diagnostic> diagnostics;
  const SourceNote source = note.source();
  for (const Link& link : note.parsed.links) {
    if (link.in_comment) continue;
    const LinkTarget target = memo ? memo->resolve(note.vault, source, link) : resolve_link(note.vault, source, link);
    std::optional<Diagnostic> diagnostic;
    if (target.outside_vault) {
      diagnostic = Diagnostic{DiagnosticKind::LinkOutsideVault,
                              link.range,
                              "Link leaves the vault: " + in_quotes(link.path()) + " is not followed",
                              {}};
    } else if (link.external) {
      continue;
    } else
      switch (target.status) {
        case LinkStatus::Resolved:
        case LinkStatus::External:
          break;
        case LinkStatus::UnresolvedNote:
          diagnostic =
              Diagnostic{DiagnosticKind::UnresolvedLink, link.range, "No note named " + in_quotes(link.path()), {}};
          break;
        case LinkStatus::UnresolvedAttachment:
          diagnostic = Diagnostic{
              DiagnosticKind::UnresolvedAttachment, link.range, "No file named " + in_quotes(link.path()), {}};
          break;
        case LinkStatus::UnresolvedHeading: {
          const std::string heading(link.subpath());
          diagnostic =
              Diagnostic{DiagnosticKind::UnresolvedHeading,
                         link.range,
                         "No heading " + in_quotes(heading) + " in " + in_quotes(note_label(note, link, target)),
                         {}};
          break;
        }
        case LinkStatus::UnresolvedBlock:
          diagnostic = Diagnostic{DiagnosticKind::UnresolvedBlock,
                                  link.range,
                                  "No block " + in_quotes("^" + std::string(link.block_id())) + " in " +
                                      in_quotes(note_label(note, link, target)),
                                  {}};
          break;
      }
    if (!diagnostic) continue;
    diagnostic->target = written_target(link, note.text);
    diagnostics.push_back(std::move(*diagnostic));
  }
  return diagnostics;
}

void set_written_targets(std::vector<Diagnostic>& diagnostics, const ParsedNote& parsed, std::string_view text) {
  // Both in document order: each diagnostic's link is at or after the previous one's.
  size_t next_link = 0;
  for (Diagnostic& diagnostic : diagnostics) {
    while (next_link < parsed.links.size() && !(parsed.links[next_link].range == diagnostic.range)) ++next_link;
    if (next_link == parsed.links.size()) return;
    diagnostic.target = written_target(parsed.links[next_link], text);
  }
}

}  // namespace slipbox
