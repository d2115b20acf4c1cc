#pragma once
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "analysis/features/link_edit.h"
#include "analysis/features/symbol_at.h"
#include "analysis/vault/link_graph.h"

namespace slipbox {

// The changes to one note's text; `file` nullopt = the request's note outside the vault.
struct FileEdits {
  std::optional<FileId> file;
  std::vector<TextChange> changes;
};

struct FileMove {
  FileId file = 0;
  std::string new_path;  // vault path, with extension
};

struct RenameResult {
  std::vector<FileEdits> edits;  // ranges refer to the texts before any move
  std::vector<FileMove> moves;   // files to rename after the edits
  std::string error;             // non-empty: nothing to do, and why
};

struct PrepareRenameResult {
  ByteRange range;          // what the cursor is on, in the request's note
  std::string placeholder;  // the current name
};

// Told, before the texts are read one by one, which notes' texts a rename will read (so that
// a caller may read them all at once); may be empty.
using ReadAhead = std::function<void(std::span<const FileId>)>;

// Rename is offered on a note (a link to it, its title, anywhere in it), a heading (its
// line, or the `#Heading` part of a link), and a tag. Not on blocks or missing notes.
std::optional<PrepareRenameResult> prepare_rename(const NoteContext& note, uint32_t cursor);

// The edits of renaming what the cursor is on to `new_name`:
// - note: `new_name` is the new name (same folder) or, with a '/', the new vault path;
//   the file moves and every link to it is rewritten (see rename_files);
// - heading: the heading line and every link to it (`#A#B` chains, Markdown fragments);
// - tag: every use, nested tags (`#a/b` when renaming `a`) and front matter included.
// `read_text` gives every note's current text (links are edited where they are written).
RenameResult rename_symbol(const NoteContext& note, uint32_t cursor, std::string_view new_name, const LinkGraph& graph,
                           const ReadText& read_text, const ReadAhead& read_ahead = {});

// The link edits that keep every link pointing where it points when files move (a
// rename in the editor's file tree, workspace/willRenameFiles, or a note rename): links
// to a moved file get its new linkpath in their own form (wiki or Markdown, `%20`, `.md`,
// alias, heading, block and `!` kept; bare name when it stays unique, else the path);
// links of a moved note that its new folder would send elsewhere, and links that a new
// name would make resolve to another note, are qualified with their target's path.
RenameResult rename_files(const LinkGraph& graph, const std::vector<FileMove>& moves, const ReadText& read_text,
                          const ReadAhead& read_ahead = {});

}  // namespace slipbox
