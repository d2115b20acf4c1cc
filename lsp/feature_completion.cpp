#include "analysis/features/completion.h"
#include "analysis/features/completion_style.h"
#include "analysis/features/daily_notes.h"

#include <map>
#include <memory>

#include "lsp/convert.h"
#include "lsp/features.h"

namespace slipbox::lsp {

uint32_t cursor_offset(const NoteSnapshot& note, const Position& position) {
  return to_offset(note.document->lines, position, note.encoding);
}

namespace {

CompletionItemKind kind_of(CompletionKind kind) {
  switch (kind) {
    case CompletionKind::Note:
    case CompletionKind::Attachment:
      return CompletionItemKind::File;
    case CompletionKind::Alias:
    case CompletionKind::Heading:
    case CompletionKind::Block:
      return CompletionItemKind::Reference;
    case CompletionKind::Tag:
      return CompletionItemKind::Keyword;
    case CompletionKind::PlannedNote:
      return CompletionItemKind::Event;  // distinct from the notes that exist
  }
  return CompletionItemKind::Text;
}

// Another note's text and line table, read once per request however many of its blocks are offered.
struct OtherNote {
  std::string text;
  LineIndex lines;
  explicit OtherNote(std::string read) : text(std::move(read)), lines(text) {}
};
using OtherNotes = std::map<FileId, std::unique_ptr<OtherNote>>;

// A block picked without an id gets one: in this note by an additional edit, in another by
// the item's command, which has the server send workspace/applyEdit. False when that cannot
// be done (the other note unreadable): the item is left out rather than linking to nothing.
bool label_block(const NoteSnapshot& note, const BlockIdInsertion& insertion, const Workspace* workspace,
                 const ClientCapabilities* client, OtherNotes& others, lsp::CompletionItem& out) {
  const uint32_t at = insertion.offset;
  if (insertion.self) {
    const Position position = to_position(note.document->lines, at, note.encoding);
    out.additionalTextEdits.push_back(TextEdit{Range{position, position}, insertion.text});
    return true;
  }
  if (!workspace || !insertion.file) return false;
  auto& other = others[*insertion.file];
  if (!other) {
    auto text = workspace->read_text(*note.vault, *insertion.file);
    if (!text) return false;
    other = std::make_unique<OtherNote>(std::move(*text));
  }
  if (at > other->text.size()) return false;
  const Position position = to_position(other->lines, at, note.encoding);
  WorkspaceEdit edit;
  edit.use_document_changes = client && client->document_changes;
  DocumentChange change;
  change.edit.uri = workspace->uri_for(*note.vault, *insertion.file);
  if (const auto open = workspace->document(change.edit.uri)) change.edit.version = open->version;
  change.edit.edits.push_back(TextEdit{Range{position, position}, insertion.text});
  edit.documentChanges.push_back(std::move(change));
  out.command =
      json{{"title", "Label the block"}, {"command", kApplyEditCommand}, {"arguments", json::array({json(edit)})}};
  return true;
}

}  // namespace

CompletionList completion(const NoteSnapshot& note, const Position& position, const LinkGraph* graph,
                          const Workspace* workspace, const ClientCapabilities* client) {
  if (auto footnotes_or_callouts = authoring_completion(note, position)) return std::move(*footnotes_or_callouts);
  CompletionOptions options;
  options.graph = graph;
  const auto index = completion_indexes().get(note.vault);
  options.index = index.get();
  // Bare `[[`: recently modified notes first among equals (read once per file table, on the
  // indexing thread after a scan; only notes outside every folder have none).
  std::shared_ptr<const ModifiedTimes> times;
  const auto site = find_completion_site(note.context().text, cursor_offset(note, position));
  if (note.in_folder && site && site->cursor == site->query_begin) times = modified_times().get(note.vault);
  if (times) options.modified = &times->times;
  // Other notes' text (block items, paragraphs): the open buffer, else the disk.
  if (workspace && note.in_folder)
    options.read_text = [workspace, vault = note.vault](FileId id) { return workspace->read_text(*vault, id); };
  CompletionResult result = complete(note.context(), cursor_offset(note, position), options);
  if (note.environment && note.in_folder) {
    // The user's link style, app.json's userIgnoreFilters and attachment folder.
    const auto vault_settings = note.environment->vault_settings->get(note.vault->root());
    const QueryEnvironment::Style style = note.environment->style(*vault_settings);
    apply_completion_style(note.context(), cursor_offset(note, position),
                           CompletionStyle{style.format, style.markdown, vault_settings.get()}, result);
    add_daily_note_items(note.context(), cursor_offset(note, position), vault_settings->daily_notes,
                         note.environment->now(),
                         LinkStyle{style.markdown, style.format.value_or(LinkFormat::Shortest)}, result);
  }
  CompletionList list;
  list.isIncomplete = result.is_incomplete || note.indexing || (note.in_folder && !note.vault_ready);
  list.items.reserve(result.items.size());
  OtherNotes others;
  for (const slipbox::CompletionItem& item : result.items) {
    lsp::CompletionItem out;
    out.label = item.label;
    out.kind = kind_of(item.kind);
    out.detail = item.detail;
    out.sortText = item.sort_text;
    out.filterText = item.filter_text;
    out.textEdit = TextEdit{to_range(note.document->lines, item.replace_range, note.encoding), item.insert_text};
    if (item.new_block_id && !label_block(note, *item.new_block_id, workspace, client, others, out)) continue;
    list.items.push_back(std::move(out));
  }
  return list;
}

}  // namespace slipbox::lsp
