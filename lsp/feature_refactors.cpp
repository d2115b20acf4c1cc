#include "analysis/features/convert_link.h"
#include "analysis/features/extract_note.h"
#include "analysis/features/inline_embed.h"
#include "analysis/features/unlinked_mentions.h"
#include "lsp/convert.h"
#include "lsp/features.h"
#include "lsp/file_texts.h"
#include "lsp/link_settings.h"
#include "lsp/uri.h"

namespace slipbox::lsp {
namespace {

// `kind` is asked for when `only` is empty or names it or a parent kind ("refactor").
bool wanted(const std::vector<std::string>& only, std::string_view kind) {
  if (only.empty()) return true;
  for (const std::string& asked : only)
    if (kind == asked || (kind.starts_with(asked) && kind.size() > asked.size() && kind[asked.size()] == '.'))
      return true;
  return false;
}

std::string file_uri(const Vault& vault, const std::string& vault_path) {
  return uri_from_path(vault.root() / std::filesystem::path(std::u8string(vault_path.begin(), vault_path.end())));
}

// The refactor's edits in the order a client applies them: the new note first, then the
// request's note, then the others. Nullopt when another note changed since it was read.
std::optional<WorkspaceEdit> to_workspace_edit(const NoteSnapshot& note, const Refactor& refactor, FileTexts& texts,
                                               std::optional<int64_t> version, const ClientCapabilities& client) {
  WorkspaceEdit edit;
  edit.use_document_changes = client.document_changes;
  if (refactor.create_path) {
    const std::string uri = file_uri(*note.vault, *refactor.create_path);
    edit.create_file(uri, refactor.create_text, /*ignore_if_exists=*/false);
  }
  if (!refactor.changes.empty()) {
    DocumentChange change;
    change.edit.uri = note.document->uri;
    change.edit.version = version;
    for (const TextChange& text_change : refactor.changes)
      change.edit.edits.push_back(
          TextEdit{to_range(note.document->lines, text_change.range, note.encoding), text_change.new_text});
    edit.documentChanges.push_back(std::move(change));
  }
  for (const FileEdits& file_edits : refactor.other_notes) {
    if (!file_edits.file) continue;
    DocumentChange change;
    change.edit.uri = texts.uri(*file_edits.file);
    change.edit.version = texts.version(*file_edits.file);
    for (const TextChange& text_change : file_edits.changes) {
      const auto range = texts.range(*file_edits.file, text_change.range);
      if (!range) return std::nullopt;
      change.edit.edits.push_back(TextEdit{*range, text_change.new_text});
    }
    edit.documentChanges.push_back(std::move(change));
  }
  return edit;
}

}  // namespace

std::optional<std::vector<Refactor>> MentionsMemo::find(const std::shared_ptr<const Vault>& vault,
                                                        std::string_view note_path, const LinkStyle& style) const {
  std::lock_guard lock(mutex_);
  if (vault_.lock() != vault || note_path_ != note_path || style_.markdown != style.markdown ||
      style_.format != style.format)
    return std::nullopt;
  return refactors_;
}

void MentionsMemo::keep(const std::shared_ptr<const Vault>& vault, std::string_view note_path, const LinkStyle& style,
                        std::vector<Refactor> refactors) {
  std::lock_guard lock(mutex_);
  vault_ = vault;
  note_path_ = note_path;
  style_ = style;
  refactors_ = std::move(refactors);
}

std::vector<CodeAction> refactor_actions(const NoteSnapshot& note, const CodeActionParams& params,
                                         const Workspace& workspace, NavigationIndexes& indexes,
                                         const ClientCapabilities& client, const std::function<bool()>& cancelled) {
  std::vector<CodeAction> out;
  if (note.in_folder && !note.vault_ready) return out;
  const LineIndex& lines = note.document->lines;
  const uint32_t start = to_offset(lines, params.range.start, note.encoding);
  const ByteRange selection{start, std::max(start, to_offset(lines, params.range.end, note.encoding))};
  RefactorOptions options;
  if (note.in_folder) {
    const auto vault_settings = note.vault_settings();
    options.new_note_folder = vault_settings->new_note_folder;
    options.new_note_next_to_source = vault_settings->new_note_next_to_source;
    if (note.environment) {
      const QueryEnvironment::Style style = note.environment->style(*vault_settings);
      options.style = LinkStyle{style.markdown, style.format.value_or(LinkFormat::Shortest)};
    }
  }
  FileTexts texts(workspace, note);
  const ReadText read_text = [&](FileId id) -> std::optional<std::string> {
    if (const std::string* text = texts.text(id)) return *text;
    return std::nullopt;
  };
  const NoteContext context = note.context();
  std::vector<Refactor> refactors;
  if (wanted(params.only, "refactor.rewrite")) refactors = convert_link_actions(context, selection, options);
  // Reads every note of the vault: only on the title, and only for clients that can edit
  // several files. Texts are read without FileTexts' cache, which would keep them all; it
  // reads again only the notes that change.
  if (wanted(params.only, "refactor.rewrite") && note.in_folder && client.document_changes &&
      on_note_title(context, selection.begin)) {
    std::optional<std::vector<Refactor>> mentions = indexes.mentions.find(note.vault, note.vault_path, options.style);
    if (!mentions) {
      const ReadText read_uncached = [&](FileId id) { return workspace.read_text(*note.vault, id); };
      mentions = unlinked_mentions_actions(context, selection, read_uncached, options, cancelled);
      if (!(cancelled && cancelled())) indexes.mentions.keep(note.vault, note.vault_path, options.style, *mentions);
    }
    for (Refactor& r : *mentions) refactors.push_back(std::move(r));
  }
  if (wanted(params.only, "refactor.inline"))
    for (Refactor& r : inline_embed_actions(context, selection, read_text)) refactors.push_back(std::move(r));
  // Creating the new note needs the client to create files.
  const bool can_create = client.document_changes && client.resource_create;
  if (wanted(params.only, "refactor.extract") && can_create && note.in_folder) {
    bool on_heading = !selection.empty();
    for (const Heading& heading : context.parsed.headings) on_heading |= heading.range.touches(selection.begin);
    if (on_heading) {
      const auto graph = indexes.graphs.get(note.vault);
      for (Refactor& r : extract_note_actions(context, selection, *graph, read_text, options))
        refactors.push_back(std::move(r));
    }
  }

  const auto open = workspace.document(note.document->uri);
  const std::optional<int64_t> version = open ? std::optional<int64_t>(open->version) : std::nullopt;
  for (const Refactor& refactor : refactors) {
    if (!refactor.other_notes.empty() && !client.document_changes) continue;  // several files need documentChanges
    auto edit = to_workspace_edit(note, refactor, texts, version, client);
    if (!edit) continue;
    CodeAction action;
    action.title = refactor.title;
    action.kind = refactor.kind;
    action.edit = std::move(edit);
    action.as_command = !client.code_action_literals;
    out.push_back(std::move(action));
  }
  return out;
}

}  // namespace slipbox::lsp
