#pragma once
#include <optional>

#include "analysis/features/completion.h"
#include "analysis/vault/vault_settings.h"

namespace slipbox {

// The user's link settings applied to complete()'s answer (kept apart from the matcher):
struct CompletionStyle {
  // links.format / newLinkFormat for note, alias and attachment items. Unset: as complete()
  // writes them (wiki links the shortest form, `[text](` links the vault path).
  std::optional<LinkFormat> format;
  // links.style "markdown" / useMarkdownLinks: in `[[`, the item replaces the whole `[[…`
  // with `[Name](Folder/My%20Name.md)` (an alias becomes the link text; a `#subpath` and a
  // `|display` already written are kept). Unset format then means the vault path.
  bool markdown = false;
  // The vault's app.json: files matching userIgnoreFilters go last (Obsidian: "less noticeable
  // in link suggestions"); in `![[`, files in the note's attachmentFolderPath go first.
  const VaultSettings* vault = nullptr;
};

// Rewrites `result` (complete() at `cursor_offset` in `note`) in `style`: insert texts,
// replace ranges and filter texts of note, alias and attachment items, and their order
// (sort_text) among the items kept. Other items are left alone.
void apply_completion_style(const NoteContext& note, uint32_t cursor_offset, const CompletionStyle& style,
                            CompletionResult& result);

}  // namespace slipbox
