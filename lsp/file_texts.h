#pragma once
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>

#include "analysis/text/line_index.h"
#include "lsp/convert.h"
#include "lsp/workspace.h"

namespace slipbox::lsp {

// Converts byte ranges in other vault files to LSP ranges: reads each file once per
// request (the open buffer when there is one), builds its line table once.
class FileTexts {
 public:
  // For a request about an open note: that note's own text is its snapshot's.
  FileTexts(const Workspace& workspace, const NoteSnapshot& note);
  // For a request about a whole folder's vault (workspace/symbol).
  FileTexts(const Workspace& workspace, std::shared_ptr<const Vault> vault, PositionEncoding encoding);

  // Reads the files not read yet, on every core: a large answer (references, rename) names
  // thousands of notes, and reading them one after another is most of its time.
  void read_ahead(std::span<const FileId> files);

  // nullopt when the file cannot be read or the range lies outside its text.
  std::optional<Range> range(FileId file, ByteRange range);
  // The text of a file (the open buffer wins), or null.
  const std::string* text(FileId file);
  std::string uri(FileId file) const;
  // The open document's version for a file, when open.
  std::optional<int64_t> version(FileId file) const;

 private:
  struct Entry {
    std::string text;
    std::unique_ptr<LineIndex> lines;  // views `text`: the entry never moves (held by pointer)
  };
  const Entry* entry(FileId file);
  // Reads one file; touches nothing shared, so read_ahead may call it from several threads.
  std::unique_ptr<Entry> load(FileId file) const;
  bool is_own_note(FileId file) const { return own_note_ && *own_note_ == file; }
  // The open document at the file's path, if any (the documents open when this was made).
  const Document* open_document(FileId file) const;

  const Workspace& workspace_;
  std::shared_ptr<const Vault> vault_;
  PositionEncoding encoding_;
  std::optional<FileId> own_note_;                 // the request's note, when it is in the vault
  std::shared_ptr<const Document> own_document_;  // … and its snapshot
  std::unordered_map<std::string, std::shared_ptr<const Document>> open_by_path_;  // path_key → document
  std::unordered_map<FileId, std::unique_ptr<Entry>> cache_;                       // null: unreadable
};

}  // namespace slipbox::lsp
