#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/features/rename.h"
#include "analysis/vault/vault_settings.h"

namespace slipbox {

// What the refactors (convert link, inline embed, extract to a new note) need to know of
// the settings.
struct RefactorOptions {
  // How links they write look (links.style / links.format, newLinkFormat, useMarkdownLinks).
  LinkStyle style;
  // Where an extracted note goes: newFileLocation as "Create note" reads it.
  std::string new_note_folder;
  bool new_note_next_to_source = false;
};

// One refactor as data: the LSP shell turns it into a code action with a WorkspaceEdit.
struct Refactor {
  std::string title;
  std::string kind;                        // "refactor.rewrite", "refactor.inline", "refactor.extract"
  std::vector<TextChange> changes;         // in the note the request is about
  std::vector<FileEdits> other_notes;      // in other notes of the vault (never the request's)
  std::optional<std::string> create_path;  // a note to create (vault path), before the changes
  std::string create_text;                 // its whole content
};

}  // namespace slipbox
