#include "analysis/features/completion.h"
#include "analysis/features/completion_style.h"

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

}  // namespace

CompletionList completion(const NoteSnapshot& note, const Position& position, const LinkGraph* graph) {
  if (auto footnotes_or_callouts = authoring_completion(note, position)) return std::move(*footnotes_or_callouts);
  CompletionOptions options;
  options.graph = graph;
  const auto index = completion_indexes().get(note.vault);
  options.index = index.get();
  CompletionResult result = complete(note.context(), cursor_offset(note, position), options);
  if (note.options && note.in_folder) {
    // The user's link style, app.json's userIgnoreFilters and attachment folder.
    const auto vault_settings = note.options->vault_settings->get(note.vault->root());
    const NoteOptions::Style style = note.options->style(*vault_settings);
    apply_completion_style(note.context(), cursor_offset(note, position),
                           CompletionStyle{style.format, style.markdown, vault_settings.get()}, result);
  }
  CompletionList list;
  list.isIncomplete = result.is_incomplete || note.indexing || (note.in_folder && !note.vault_ready);
  list.items.reserve(result.items.size());
  for (const slipbox::CompletionItem& item : result.items) {
    lsp::CompletionItem out;
    out.label = item.label;
    out.kind = kind_of(item.kind);
    out.detail = item.detail;
    out.sortText = item.sort_text;
    out.filterText = item.filter_text;
    out.textEdit = TextEdit{to_range(note.document->lines, item.replace_range, note.encoding), item.insert_text};
    list.items.push_back(std::move(out));
  }
  return list;
}

}  // namespace slipbox::lsp
