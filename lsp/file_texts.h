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
  FileTexts(const Workspace& workspace, const NoteSnapshot& note) : workspace_(workspace), note_(note) {}

  // nullopt when the file cannot be read or the range lies outside its text.
  std::optional<Range> range(FileId file, ByteRange range);
  // The text of a file (the open buffer wins), or null.
  const std::string* text(FileId file);
  std::string uri(FileId file) const;
  // The URI of the note the request is about.
  const std::string& current_uri() const { return note_.document->uri; }
  // The open document's version for a file, when open.
  std::optional<int64_t> version(FileId file) const;

 private:
  struct Entry {
    std::string text;
    std::unique_ptr<LineIndex> lines;
  };
  const Entry* entry(FileId file);

  const Workspace& workspace_;
  const NoteSnapshot& note_;
  std::map<FileId, std::optional<Entry>> cache_;
};

}  // namespace slipbox::lsp
