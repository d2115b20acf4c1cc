#include "lsp/file_texts.h"

namespace slipbox::lsp {

const FileTexts::Entry* FileTexts::entry(FileId file) {
  auto it = cache_.find(file);
  if (it == cache_.end()) {
    std::optional<Entry> entry;
    if (file < note_.vault->file_count()) {
      // The request's own note: its snapshot text, which the parse was made from.
      std::optional<std::string> text;
      if (!note_.vault_path.empty() && note_.vault->find_path(note_.vault_path) == file) text = note_.document->text;
      else text = workspace_.read_text(*note_.vault, file);
      if (text) {
        entry.emplace();
        entry->text = std::move(*text);
      }
    }
    it = cache_.emplace(file, std::move(entry)).first;
    // The line table views the text: build it where the text stays (moving the entry would
    // move a short string's inline buffer and leave the view dangling).
    if (it->second) it->second->lines = std::make_unique<LineIndex>(it->second->text);
  }
  return it->second ? &*it->second : nullptr;
}

std::optional<Range> FileTexts::range(FileId file, ByteRange range) {
  const Entry* found = entry(file);
  if (!found || range.end > found->text.size() || range.begin > range.end) return std::nullopt;
  return to_range(*found->lines, range, note_.encoding);
}

const std::string* FileTexts::text(FileId file) {
  const Entry* found = entry(file);
  return found ? &found->text : nullptr;
}

std::string FileTexts::uri(FileId file) const {
  if (!note_.vault_path.empty() && note_.vault->find_path(note_.vault_path) == file) return note_.document->uri;
  return workspace_.uri_for(*note_.vault, file);
}

std::optional<int64_t> FileTexts::version(FileId file) const {
  if (auto document = workspace_.document_at(note_.vault->absolute_path(file))) return document->version;
  return std::nullopt;
}

}  // namespace slipbox::lsp
