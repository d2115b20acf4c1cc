#include "analysis/vault/moved_files.h"

#include "analysis/text/unicode.h"
#include "analysis/text/vault_path.h"
#include "analysis/vault/file_kinds.h"

namespace slipbox {
namespace {

// The same description of a path as the vault's own (Vault::with_changes).
VaultFile describe(std::string path) {
  VaultFile file;
  file.path = std::move(path);
  file.folder = std::string(folder_of(file.path));
  const std::string_view basename = basename_of(file.path);
  file.is_note = is_note_extension(file_extension(basename));
  file.name = std::string(file.is_note ? basename.substr(0, basename.size() - 3) : basename);
  file.name_loose = loose_key(file.name);
  return file;
}

uint32_t count_code_points(std::string_view text) {
  uint32_t count = 0;
  for (const char c : text)
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++count;
  return count;
}

std::string folded_basename(std::string_view folded_path) { return std::string(basename_of(folded_path)); }

}  // namespace

MovedFiles::MovedFiles(const Vault& vault, const std::vector<std::pair<FileId, std::string>>& moves) : vault_(vault) {
  for (const auto& [id, path] : moves) {
    if (id >= vault.file_count()) continue;
    Moved entry;
    entry.file = describe(path);
    entry.keys.folded_path = fold_key(entry.file.path);
    entry.keys.folded_folder = fold_key(entry.file.folder);
    entry.keys.path_code_points = count_code_points(entry.file.path);
    moved_[id] = std::move(entry);
  }
  for (const auto& [id, entry] : moved_) moved_by_basename_[folded_basename(entry.keys.folded_path)].push_back(id);
}

const MovedFiles::Moved* MovedFiles::moved(FileId id) const {
  if (moved_.empty()) return nullptr;
  const auto it = moved_.find(id);
  return it == moved_.end() ? nullptr : &it->second;
}

const VaultFile& MovedFiles::file(FileId id) const {
  const Moved* entry = moved(id);
  return entry ? entry->file : vault_.file(id);
}

const Vault::FileKeys& MovedFiles::keys(FileId id) const {
  const Moved* entry = moved(id);
  return entry ? entry->keys : vault_.keys(id);
}

std::vector<FileId> MovedFiles::files_with_basename(std::string_view folded_basename) const {
  std::vector<FileId> out;
  for (const FileId id : vault_.files_with_basename(folded_basename))
    if (!moved(id)) out.push_back(id);
  const auto it = moved_by_basename_.find(std::string(folded_basename));
  if (it != moved_by_basename_.end()) out.insert(out.end(), it->second.begin(), it->second.end());
  return out;
}

std::optional<FileId> MovedFiles::find_path(std::string_view vault_path) const {
  const std::string nfc = clean_vault_path(vault_path);
  const std::string folded = fold_key(nfc);
  std::optional<FileId> found;
  for (const FileId id : files_with_basename(folded_basename(folded))) {
    if (keys(id).folded_path != folded) continue;
    if (file(id).path == nfc) return id;  // exact case wins
    if (!found || before(id, *found)) found = id;
  }
  return found;
}

size_t MovedFiles::notes_sharing_name(FileId id) const {
  if (id >= file_count()) return 0;
  const bool is_note = file(id).is_note;
  size_t count = 0;
  for (const FileId other : files_with_basename(folded_basename(keys(id).folded_path)))
    if (file(other).is_note == is_note) ++count;
  return count;
}

}  // namespace slipbox
