#include "lsp/file_texts.h"

namespace slipbox::lsp {

FileTexts::FileTexts(const Workspace& workspace, const NoteSnapshot& note)
    : workspace_(workspace), vault_(note.vault), encoding_(note.encoding), own_document_(note.document) {
  if (!note.vault_path.empty()) own_note_ = vault_->find_path(note.vault_path);
}

FileTexts::Entry* FileTexts::entry(FileId file) {
  auto it = cache_.find(file);
  if (it == cache_.end()) {
    std::optional<Entry> entry;
    if (file < vault_->file_count()) {
      // The request's own note: its snapshot text, which the parse was made from.
      std::optional<std::string> text;
      if (is_own_note(file))
        text = own_document_->text;
      else
        text = workspace_.read_text(*vault_, file, reader_ ? *reader_ : reader_.emplace(*vault_));
      if (text) {
        entry.emplace();
        entry->text = std::move(*text);
      }
    }
    it = cache_.emplace(file, std::move(entry)).first;
  }
  return it->second ? &*it->second : nullptr;
}

std::optional<Range> FileTexts::range(FileId file, ByteRange range) {
  Entry* found = entry(file);
  if (!found || range.end > found->text.size() || range.begin > range.end) return std::nullopt;
  // Most files are asked about once (the one link from them): scanning to it is cheaper than
  // a line table of the whole text.
  if (!found->lines && !found->asked) {
    found->asked = true;
    if (auto scanned = to_range_by_scanning(found->text, range, encoding_)) return scanned;
  }
  // The line table views the text: built where the text stays (moving the entry would move a
  // short string's inline buffer and leave the view dangling).
  if (!found->lines) found->lines = std::make_unique<LineIndex>(found->text);
  return to_range(*found->lines, range, encoding_);
}

const std::string* FileTexts::text(FileId file) {
  const Entry* found = entry(file);
  return found ? &found->text : nullptr;
}

std::string FileTexts::uri(FileId file) const {
  if (is_own_note(file)) return own_document_->uri;
  return workspace_.uri_for(*vault_, file);
}

std::optional<int64_t> FileTexts::version(FileId file) const {
  if (auto document = workspace_.document_at(vault_->absolute_path(file))) return document->version;
  return std::nullopt;
}

}  // namespace slipbox::lsp
