#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "analysis/features/note_context.h"
#include "analysis/vault/moved_files.h"
#include "analysis/vault/vault_settings.h"

namespace slipbox {

// One replacement in a note's text (bytes).
struct TextChange {
  ByteRange range;
  std::string new_text;
  friend bool operator==(const TextChange&, const TextChange&) = default;
};

// Where the parts of a link's target sit in the note's text, as written.
struct WrittenTarget {
  ByteRange path;     // the linkpath (percent-encoded in Markdown links)
  ByteRange subpath;  // after the first '#', empty when none
  bool has_subpath = false;
};
WrittenTarget written_target(std::string_view text, const Link& link);

// How `link` should spell a new linkpath, in its own form: wiki links as is, Markdown
// links percent-encoded (docs/link-resolution.md §2.3.4); `.md` kept when the link wrote it
// (Markdown links to notes always get it, as Obsidian writes them). `linkpath` has no `.md`
// for notes.
std::string spell_linkpath(const Link& link, std::string_view written_path, std::string_view linkpath, bool is_note);

// The linkpath naming `target` from `source_vault_path`, "shortest path when possible":
// the bare name when no other note shares it and it leads there, else the vault path (without `.md` for notes).
// `keep_path_form`: a link that named a folder keeps naming the full path.
std::string linkpath_for(const Vault& vault, std::string_view source_vault_path, FileId target, bool keep_path_form);
// The same on the vault's files after some moves (rename: the linkpath a link needs once they moved).
std::string linkpath_for(const MovedFiles& files, std::string_view source_vault_path, FileId target,
                         bool keep_path_form);

// The linkpath of a new link to `target` from `source_vault_path` in Obsidian's "New link
// format" (no `.md` for notes): Shortest as linkpath_for; Relative from the source's folder
// (`../Folder/Note`, `./Note` where a bare path would lead elsewhere); Absolute the vault
// path. Always a text that resolves back to `target`, else the full vault path.
std::string linkpath_in_format(const Vault& vault, std::string_view source_vault_path, FileId target,
                               LinkFormat format);

// A whole new link to `target` (plus `#subpath`, as written for a wiki link) in `style`:
// `[[linkpath#subpath|display]]`, or `[display](linkpath.md#subpath)` percent-encoded
// (display defaults to the name). `embed` prefixes `!`.
std::string write_link(const Vault& vault, std::string_view source_vault_path, FileId target, const LinkStyle& style,
                       std::string_view subpath = {}, std::string_view display = {}, bool embed = false);

// A heading as Obsidian writes it into a link (characters that break links become spaces).
std::string heading_for_link(std::string_view heading);
// The same for a link's form: Markdown fragments are percent-encoded.
std::string spell_heading(const Link& link, std::string_view heading);

// Applies non-overlapping changes to a text (tests and previews).
std::string apply_changes(std::string_view text, std::vector<TextChange> changes);

}  // namespace slipbox
