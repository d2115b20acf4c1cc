#include "lsp/file_texts.h"

#include <algorithm>
#include <vector>

#include "analysis/text/parallel.h"
#include "lsp/uri.h"

namespace slipbox::lsp {
namespace {

std::unordered_map<std::string, std::shared_ptr<const Document>> open_documents(const Workspace& workspace) {
  std::unordered_map<std::string, std::shared_ptr<const Document>> out;
  for (auto& document : workspace.documents())
    if (document->path) out.emplace(path_key(*document->path), std::move(document));
  return out;
}

// Below this many files a read on this thread costs less than starting others.
constexpr size_t kParallelReadFiles = 64;

}  // namespace

FileTexts::FileTexts(const Workspace& workspace, const NoteSnapshot& note)
    : workspace_(workspace),
      vault_(note.vault),
      encoding_(note.encoding),
      own_document_(note.document),
      open_by_path_(open_documents(workspace)) {
  if (!note.vault_path.empty()) own_note_ = vault_->find_path(note.vault_path);
}

FileTexts::FileTexts(const Workspace& workspace, std::shared_ptr<const Vault> vault, PositionEncoding encoding)
    : workspace_(workspace), vault_(std::move(vault)), encoding_(encoding), open_by_path_(open_documents(workspace)) {}

const Document* FileTexts::open_document(FileId file) const {
  if (open_by_path_.empty()) return nullptr;
  const auto it = open_by_path_.find(path_key(vault_->absolute_path(file)));
  return it == open_by_path_.end() ? nullptr : it->second.get();
}

std::unique_ptr<FileTexts::Entry> FileTexts::load(FileId file) const {
  if (file >= vault_->file_count()) return nullptr;
  std::optional<std::string> text;
  if (is_own_note(file)) {
    text = own_document_->text;  // its snapshot text, which the parse was made from
  } else if (const Document* document = open_document(file)) {
    text = document->text;
  } else {
    // As Workspace::read_text: not through a symlink replaced since the scan, not over the size cap.
    const std::filesystem::path path = vault_->absolute_path(file);
    if (vault_->contains_on_disk(path)) text = read_file_text(path, workspace_.max_note_bytes(), nullptr);
  }
  if (!text) return nullptr;
  auto entry = std::make_unique<Entry>();
  entry->text = std::move(*text);
  entry->lines = std::make_unique<LineIndex>(entry->text);
  return entry;
}

void FileTexts::read_ahead(std::span<const FileId> files) {
  std::vector<FileId> wanted;
  for (const FileId file : files)
    if (!cache_.contains(file)) wanted.push_back(file);
  std::sort(wanted.begin(), wanted.end());
  wanted.erase(std::unique(wanted.begin(), wanted.end()), wanted.end());
  if (wanted.size() < kParallelReadFiles) return;  // entry() reads them when asked
  std::vector<std::unique_ptr<Entry>> loaded(wanted.size());
  run_in_parallel(wanted.size(), 0, [&](size_t i) { loaded[i] = load(wanted[i]); });
  for (size_t i = 0; i < wanted.size(); ++i) cache_.emplace(wanted[i], std::move(loaded[i]));
}

const FileTexts::Entry* FileTexts::entry(FileId file) {
  auto it = cache_.find(file);
  if (it == cache_.end()) it = cache_.emplace(file, load(file)).first;
  return it->second.get();
}

std::optional<Range> FileTexts::range(FileId file, ByteRange range) {
  const Entry* found = entry(file);
  if (!found || range.end > found->text.size() || range.begin > range.end) return std::nullopt;
  return to_range(*found->lines, range, encoding_);
}

const std::string* FileTexts::text(FileId file) {
  const Entry* found = entry(file);
  return found ? &found->text : nullptr;
}

std::string FileTexts::uri(FileId file) const {
  if (is_own_note(file)) return own_document_->uri;
  if (const Document* document = open_document(file)) return document->uri;
  return uri_from_path(vault_->absolute_path(file));
}

std::optional<int64_t> FileTexts::version(FileId file) const {
  if (const Document* document = open_document(file)) return document->version;
  return std::nullopt;
}

}  // namespace slipbox::lsp
