#pragma once
#include <optional>
#include <string>
#include <vector>

#include "analysis/features/link_edit.h"

namespace slipbox {

struct CodeActionOptions {
  // Where a note created from a bare name goes (Obsidian's "Default location for new
  // notes", `.obsidian/app.json` newFileFolderPath when newFileLocation is "folder").
  std::string new_note_folder;
  // newFileLocation "current": next to the note the link is in (wins over new_note_folder).
  bool new_note_next_to_source = false;
  // How a fix writes a path it picks (links.format / newLinkFormat).
  LinkFormat link_format = LinkFormat::Shortest;
  size_t max_suggestions = 3;
};

struct QuickFix {
  std::string title;
  bool preferred = false;
  std::vector<TextChange> changes;         // in the note the request is about
  std::optional<std::string> create_path;  // a note to create (vault path), before the changes
  std::string create_text;                 // its first content: `# Title`
};

// Quick fixes for the links touching `selection`:
// - a broken note or attachment link: the mojibake repair of its text when that names an
//   existing file (preferred), the closest existing names, and creating the note (in the
//   folder the link names, else next to the note or in `new_note_folder`);
// - a broken heading or block: the closest existing ones;
// - an ambiguous link (same name in several folders): qualify it with each folder.
std::vector<QuickFix> quick_fixes(const NoteContext& note, ByteRange selection, const CodeActionOptions& options);

}  // namespace slipbox
