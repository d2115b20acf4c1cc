#include "analysis/features/code_actions.h"
#include "lsp/convert.h"
#include "lsp/features.h"
#include "lsp/link_settings.h"
#include "lsp/uri.h"

namespace slipbox::lsp {

std::string new_note_folder(const std::filesystem::path& vault_root) {
  // Obsidian's "Default location for new notes": `.obsidian/app.json` (lsp/link_settings.cpp).
  return read_vault_settings(vault_root).new_note_folder;
}

std::vector<CodeAction> code_actions(const NoteSnapshot& note, const CodeActionParams& params,
                                     const Workspace& workspace, const ClientCapabilities& client) {
  std::vector<CodeAction> out;
  if (note.in_folder && !note.vault_ready) return out;
  if (!params.only.empty()) {
    bool wanted = false;
    for (const std::string& kind : params.only) wanted |= kind == "quickfix" || kind.starts_with("quickfix.");
    if (!wanted) return out;
  }
  const LineIndex& lines = note.document->lines;
  const uint32_t start = to_offset(lines, params.range.start, note.encoding);
  const ByteRange selection{start, std::max(start, to_offset(lines, params.range.end, note.encoding))};
  CodeActionOptions options;
  if (note.in_folder) {
    const auto vault_settings = note.vault_settings();
    options.new_note_folder = vault_settings->new_note_folder;
    options.new_note_next_to_source = vault_settings->new_note_next_to_source;
    if (note.environment)
      options.link_format = note.environment->style(*vault_settings).format.value_or(LinkFormat::Shortest);
  }
  const auto open = workspace.document(note.document->uri);
  const std::optional<int64_t> version = open ? std::optional<int64_t>(open->version) : std::nullopt;

  for (const QuickFix& fix : quick_fixes(note.context(), selection, options)) {
    WorkspaceEdit edit;
    edit.use_document_changes = client.document_changes;
    if (fix.create_path) {
      if (!client.document_changes || !client.resource_create) continue;  // the client cannot create files
      const std::string uri = uri_from_path(
          note.vault->root() / std::filesystem::path(std::u8string(fix.create_path->begin(), fix.create_path->end())));
      edit.create_file(uri, fix.create_text);
    }
    if (!fix.changes.empty()) {
      DocumentChange change;
      change.edit.uri = note.document->uri;
      change.edit.version = version;
      for (const TextChange& text_change : fix.changes)
        change.edit.edits.push_back(TextEdit{to_range(lines, text_change.range, note.encoding), text_change.new_text});
      edit.documentChanges.push_back(std::move(change));
    }
    CodeAction action;
    action.title = fix.title;
    action.isPreferred = fix.preferred;
    action.edit = std::move(edit);
    action.as_command = !client.code_action_literals;
    out.push_back(std::move(action));
    if (fix.create_path) add_template_actions(note, *fix.create_path, workspace, out);
  }
  return out;
}

}  // namespace slipbox::lsp
