#pragma once
// Pull diagnostics (LSP 3.17): textDocument/diagnostic and workspace/diagnostic, so a
// problems panel lists every broken link of the vault, closed notes included.
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "analysis/features/note_context.h"
#include "analysis/text/line_index.h"
#include "lsp/endpoint.h"
#include "lsp/protocol.h"
#include "lsp/settings.h"
#include "lsp/workspace.h"

namespace slipbox::lsp {

// A closed note's diagnostics, as textDocument/publishDiagnostics would give them were it
// open (feature_diagnostics.cpp): broken links with the settings' severities, ambiguous
// links as hints. `lines` is asked for only when there is something to convert (the
// note's text is read then); when it gives null nothing is returned.
std::vector<Diagnostic> closed_note_diagnostics(const NoteContext& context, const Settings& settings,
                                                const std::function<const LineIndex*()>& lines,
                                                PositionEncoding encoding);

// A document's resultId: a hash of its diagnostics as sent (equal lists, equal ids).
std::string diagnostics_result_id(const std::vector<Diagnostic>& items);

// textDocument/diagnostic: the open buffer (or the file, inside a folder).
DocumentDiagnosticReport document_diagnostics(const NoteSnapshot& note, const Settings& settings,
                                              const std::optional<std::string>& previous_result_id);

// workspace/diagnostic over every note of every indexed folder: closed notes from the
// index (a note's text is read only when it has problems), open notes from their buffer; a
// note in a nested folder belongs to the innermost. Reported: notes with diagnostics, and
// notes the client still shows problems for (previousResultIds) that now have none (an
// empty list, so the panel clears); `unchanged` where the client's id still holds.
// Closed notes' results are kept between pulls while the folder's files, the settings and
// the open notes' headings, block ids and aliases stay the same (VS Code pulls every 2 s).
class WorkspaceDiagnostics {
 public:
  // nullopt when `cancel` fired (checked every few hundred notes). Any thread.
  std::optional<WorkspaceDiagnosticReport> pull(const Workspace& workspace,
                                                const std::shared_ptr<const Settings>& settings,
                                                const WorkspaceDiagnosticParams& params, const CancelToken& cancel);

 private:
  struct Closed {
    std::string uri;
    std::vector<Diagnostic> items;
    std::string result_id;
  };
  struct FolderResult {
    std::shared_ptr<const Vault> scanned;
    std::shared_ptr<const Settings> settings;
    uint64_t open_signature = 0;
    std::vector<Closed> closed;
  };
  std::mutex mutex_;
  std::map<std::string, std::shared_ptr<const FolderResult>> cache_;  // by path_key(root)
};

}  // namespace slipbox::lsp
