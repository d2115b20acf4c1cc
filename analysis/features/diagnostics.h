#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "analysis/features/note_context.h"
#include "analysis/vault/resolve_memo.h"

namespace slipbox {

enum class DiagnosticKind {
  UnresolvedLink,        // no note by that name
  UnresolvedAttachment,  // no file by that name
  UnresolvedHeading,     // the note has no such heading
  UnresolvedBlock,       // the note has no such block id
  LinkOutsideVault,      // `../` above the root, an absolute path, a `file:` URI outside: never followed
};
inline constexpr DiagnosticKind kAllDiagnosticKinds[] = {
    DiagnosticKind::UnresolvedLink, DiagnosticKind::UnresolvedAttachment, DiagnosticKind::UnresolvedHeading,
    DiagnosticKind::UnresolvedBlock, DiagnosticKind::LinkOutsideVault};

// Stable codes users and tools key on: "unresolved-link", "unresolved-attachment", …,
// "link-outside-vault".
std::string_view diagnostic_code(DiagnosticKind kind);

struct Diagnostic {
  DiagnosticKind kind;
  ByteRange range;      // the link
  std::string message;  // names the target: `No note named "Projekt/Plan"`
  std::string target;   // the link text as written (`Projekt/Plan#Mål`)
};

// Broken links in one note, in document order. Links in `%% comments %%` and
// external URIs are never reported, except a `file:` URI that leaves the vault.
std::vector<Diagnostic> diagnose_note(const NoteContext& note);
// The same, resolving through `memo` (rebased by the caller on this note's vault): an edit
// re-resolves only the links whose answer could have changed.
std::vector<Diagnostic> diagnose_note(const NoteContext& note, ResolveMemo* memo);
// Gives diagnostics computed from `parsed` without its text (an empty NoteContext::text: each
// `target` is the parsed linkpath) the link text as written in `text`, the text `parsed` was
// parsed from: what diagnose_note would have set with the text, without resolving again.
void set_written_targets(std::vector<Diagnostic>& diagnostics, const ParsedNote& parsed, std::string_view text);

}  // namespace slipbox
