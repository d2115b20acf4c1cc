#pragma once
#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

namespace slipbox {

// Obsidian's "New link format" (docs/link-resolution.md §2.4).
enum class LinkFormat {
  Shortest,  // the bare name when it is unique and leads there, else the vault path
  Relative,  // from the source note's folder: `../Folder/Note`
  Absolute,  // the vault path: `Folder/Note`
};

// How new links are written (completion, create-note, quick fixes): `[[Note]]` or
// `[Note](Folder/Note.md)`, and which path form.
struct LinkStyle {
  bool markdown = false;
  LinkFormat format = LinkFormat::Shortest;
};

// Obsidian's "Daily notes" core plugin, `.obsidian/daily-notes.json`.
struct DailyNoteSettings {
  std::string format = "YYYY-MM-DD";  // moment.js (analysis/text/moment_format.h); may hold `/`
  std::string folder;                 // "" = the vault root
  std::string template_path;          // a vault path, `.md` optional; "" = none
};

// Obsidian's "Templates" core plugin, `.obsidian/templates.json`.
struct TemplateSettings {
  std::string folder;  // "" = no templates
  std::string date_format = "YYYY-MM-DD";
  std::string time_format = "HH:mm";
};

// What a vault's `.obsidian/app.json` says, as plain values (read in lsp/, JSON stays there).
struct VaultSettings {
  // "Excluded files" (userIgnoreFilters). Obsidian keeps such files in the index and
  // resolves links to them, but hides them in Search and ranks them last in link
  // suggestions. An entry is a path prefix (`Archive/`, `Daily/2020`) or, written
  // between slashes, a regular expression searched in the path (`/\.excalidraw/`).
  std::vector<std::string> ignore_filters;
  std::optional<LinkFormat> new_link_format;  // newLinkFormat
  std::optional<bool> use_markdown_links;     // useMarkdownLinks
  // attachmentFolderPath as written: "/" (or "") the vault root, "./" next to the note,
  // "./sub" a folder under the note's folder, "Folder" a fixed folder.
  std::string attachment_folder_path;
  // "Default location for new notes" (newFileLocation): newFileFolderPath when it is
  // "folder", else "" (the vault root); "current" puts a new note next to the note it is
  // created from (new_note_next_to_source).
  std::string new_note_folder;
  bool new_note_next_to_source = false;
  // The two core plugins' files, read along with app.json.
  DailyNoteSettings daily_notes;
  TemplateSettings templates;

  // Compiles the regular-expression filters; call after setting ignore_filters.
  void compile_filters();
  // userIgnoreFilters: true when Obsidian hides this vault path (NFC, '/').
  bool is_ignored(std::string_view vault_path) const;
  // The folder new attachments of the note at `note_vault_path` go to ("" = vault root).
  std::string attachment_folder_for(std::string_view note_vault_path) const;

 private:
  std::vector<std::string> prefixes_;
  std::vector<std::shared_ptr<const std::regex>> patterns_;
};

}  // namespace slipbox
