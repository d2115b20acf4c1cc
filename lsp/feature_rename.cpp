#include "analysis/features/rename.h"

#include <map>

#include "lsp/features.h"
#include "lsp/file_texts.h"
#include "lsp/uri.h"

namespace slipbox::lsp {
namespace {

std::string file_uri(const Vault& vault, const std::string& vault_path) {
  return uri_from_path(vault.root() / std::filesystem::path(std::u8string(vault_path.begin(), vault_path.end())));
}

// Text edits first (they name the files by their old URIs), then the moves.
std::optional<WorkspaceEdit> to_workspace_edit(const NoteSnapshot& note, const RenameResult& result, FileTexts& texts,
                                               const ClientCapabilities& client, bool include_moves) {
  WorkspaceEdit edit;
  edit.use_document_changes = client.document_changes;
  for (const FileEdits& file_edits : result.edits) {
    DocumentChange change;
    if (!file_edits.file) {
      change.edit.uri = note.document->uri;
      for (const TextChange& text_change : file_edits.changes)
        change.edit.edits.push_back(
            TextEdit{to_range(note.document->lines, text_change.range, note.encoding), text_change.new_text});
    } else {
      change.edit.uri = texts.uri(*file_edits.file);
      change.edit.version = texts.version(*file_edits.file);
      for (const TextChange& text_change : file_edits.changes) {
        const auto range = texts.range(*file_edits.file, text_change.range);
        if (!range) return std::nullopt;  // the file changed under us: better nothing than a wrong edit
        change.edit.edits.push_back(TextEdit{*range, text_change.new_text});
      }
    }
    if (!change.edit.edits.empty()) edit.documentChanges.push_back(std::move(change));
  }
  if (include_moves) {
    for (const FileMove& move : result.moves) {
      DocumentChange change;
      change.kind = DocumentChange::Kind::Rename;
      change.rename = RenameFile{texts.uri(move.file), file_uri(*note.vault, move.new_path), false, false};
      edit.documentChanges.push_back(std::move(change));
    }
  }
  return edit;
}

}  // namespace

std::optional<lsp::PrepareRenameResult> prepare_rename(const NoteSnapshot& note, const Position& position) {
  if (note.in_folder && !note.vault_ready) return std::nullopt;
  const auto prepared = slipbox::prepare_rename(note.context(), cursor_offset(note, position));
  if (!prepared) return std::nullopt;
  return lsp::PrepareRenameResult{to_range(note.document->lines, prepared->range, note.encoding),
                                  prepared->placeholder};
}

RenameOutcome rename(const NoteSnapshot& note, const RenameParams& params, const Workspace& workspace,
                     NavigationIndexes& indexes, const ClientCapabilities& client) {
  RenameOutcome outcome;
  if (note.in_folder && !note.vault_ready) {
    outcome.error = "The vault is still being indexed";
    return outcome;
  }
  const auto graph = indexes.graphs.get(note.vault);
  FileTexts texts(workspace, note);
  const ReadText read_text = [&](FileId id) -> std::optional<std::string> {
    if (const std::string* text = texts.text(id)) return *text;
    return std::nullopt;
  };
  const RenameResult result =
      rename_symbol(note.context(), cursor_offset(note, params.position), params.newName, *graph, read_text);
  if (!result.error.empty()) {
    outcome.error = result.error;
    return outcome;
  }
  if (!result.moves.empty() && !(client.document_changes && client.resource_rename)) {
    outcome.error = "Renaming a note needs a client that can rename files (workspaceEdit.resourceOperations: rename)";
    return outcome;
  }
  outcome.edit = to_workspace_edit(note, result, texts, client, true);
  if (!outcome.edit) outcome.error = "A note changed while renaming; try again";
  return outcome;
}

std::optional<WorkspaceEdit> will_rename_files(const RenameFilesParams& params, const Workspace& workspace,
                                               NavigationIndexes& indexes, const ClientCapabilities& client) {
  // The moves of each vault, found through a stand-in document at the old path.
  struct Batch {
    NoteSnapshot snapshot;
    std::vector<FileMove> moves;
  };
  std::map<const Vault*, Batch> batches;
  for (const FileRename& file : params.files) {
    const auto old_path = path_from_uri(file.oldUri);
    const auto new_path = path_from_uri(file.newUri);
    if (!old_path || !new_path) continue;
    NoteSnapshot snapshot =
        workspace.snapshot_of(std::make_shared<const Document>(file.oldUri, *old_path, 0, std::string()));
    if (!snapshot.vault_ready || snapshot.vault_path.empty()) continue;
    const Vault& vault = *snapshot.vault;
    const auto new_vault_path = vault.vault_path_of(*new_path);
    if (!new_vault_path) continue;  // moved out of the vault: its links are left as they are
    Batch& batch = batches[&vault];
    if (!batch.snapshot.vault) batch.snapshot = snapshot;
    if (const auto id = vault.find_path(snapshot.vault_path)) {
      batch.moves.push_back(FileMove{*id, *new_vault_path});
      continue;
    }
    // A folder: every file under it moves along.
    const std::string prefix = snapshot.vault_path + "/";
    for (FileId id = 0; id < vault.file_count(); ++id) {
      const std::string& path = vault.file(id).path;
      if (path.starts_with(prefix))
        batch.moves.push_back(FileMove{id, *new_vault_path + "/" + path.substr(prefix.size())});
    }
  }
  std::optional<WorkspaceEdit> merged;
  for (auto& [vault, batch] : batches) {
    if (batch.moves.empty()) continue;
    const auto graph = indexes.graphs.get(batch.snapshot.vault);
    FileTexts texts(workspace, batch.snapshot);
    const ReadText read_text = [&](FileId id) -> std::optional<std::string> {
      if (const std::string* text = texts.text(id)) return *text;
      return std::nullopt;
    };
    const RenameResult result = rename_files(*graph, batch.moves, read_text);
    if (!result.error.empty()) continue;
    const auto edit = to_workspace_edit(batch.snapshot, result, texts, client, false);
    if (!edit) continue;
    if (!merged)
      merged = *edit;
    else
      merged->documentChanges.insert(merged->documentChanges.end(), edit->documentChanges.begin(),
                                     edit->documentChanges.end());
  }
  return merged;
}

}  // namespace slipbox::lsp
