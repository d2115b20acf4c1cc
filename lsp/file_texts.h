#pragma once
#include <map>
#include <memory>
#include <optional>
#include <string>

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
  FileTexts(const Workspace& workspace, std::shared_ptr<const Vault> vault, PositionEncoding encoding)
      : workspace_(workspace), vault_(std::move(vault)), encoding_(encoding) {}

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
    std::unique_ptr<LineIndex> lines;  // built at the second range asked (the first scans)
    bool asked = false;
  };
  Entry* entry(FileId file);
  bool is_own_note(FileId file) const { return own_note_ && *own_note_ == file; }

  const Workspace& workspace_;
  std::shared_ptr<const Vault> vault_;
  PositionEncoding encoding_;
  std::optional<FileId> own_note_;                // the request's note, when it is in the vault
  std::shared_ptr<const Document> own_document_;  // … and its snapshot
  std::map<FileId, std::optional<Entry>> cache_;
  std::optional<VaultFileReader> reader_;  // opened at the first file read from disk
};

}  // namespace slipbox::lsp
