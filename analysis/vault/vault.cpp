// The value half of Vault: the immutable file table and parses, its queries and the copies
// that change it. The disk scan that fills it is vault_scan.cpp.

#include "analysis/vault/vault.h"

#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <system_error>
#include <utility>

#include "analysis/text/parallel.h"
#include "analysis/text/unicode.h"
#include "analysis/text/vault_path.h"
#include "analysis/vault/file_kinds.h"
#include "analysis/vault/vault_internal.h"

namespace slipbox {

namespace fs = std::filesystem;

namespace vault_detail {

std::vector<VaultFile>::const_iterator first_at_or_after(const std::vector<VaultFile>& files, std::string_view path) {
  return std::lower_bound(files.begin(), files.end(), path,
                          [](const VaultFile& file, std::string_view p) { return file.path < p; });
}

std::optional<std::string> relative_inside(const fs::path& path, const fs::path& base) {
  if (base.empty()) return std::nullopt;
  const fs::path relative = path.lexically_relative(base);
  if (relative.empty() || relative == ".") return std::nullopt;
  const fs::path first = *relative.begin();
  if (first == ".." || relative.is_absolute()) return std::nullopt;
  return relative.generic_string();
}

fs::path clean_root(fs::path root) {
  if (!root.empty() && root.is_relative()) {
    std::error_code error;
    fs::path absolute = fs::absolute(root, error);
    if (!error) root = std::move(absolute);
  }
  root = root.lexically_normal();
  if (!root.has_filename() && root.has_relative_path()) root = root.parent_path();
  return root;
}

}  // namespace vault_detail

using vault_detail::clean_root;
using vault_detail::first_at_or_after;
using vault_detail::relative_inside;

namespace {

uint32_t count_code_points(std::string_view text) {
  uint32_t count = 0;
  for (const char c : text)
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++count;
  return count;
}

}  // namespace

const ParsedNote* Vault::note(FileId id) const {
  if (id >= table_->files.size()) return nullptr;
  return (*note_chunks_[id / kChunkSize])[id % kChunkSize].get();  // no refcount traffic
}

std::shared_ptr<const ParsedNote> Vault::shared_note(FileId id) const {
  if (id >= table_->files.size()) return nullptr;
  return (*note_chunks_[id / kChunkSize])[id % kChunkSize];
}

std::optional<FileId> Vault::find_path(std::string_view vault_path) const {
  const std::string nfc = clean_vault_path(vault_path);
  const std::string folded = fold_key(nfc);
  const size_t slash = folded.rfind('/');
  const std::string basename = slash == std::string::npos ? folded : folded.substr(slash + 1);
  std::optional<FileId> found;
  for (const FileId id : files_with_basename(basename)) {
    if (table_->keys[id].folded_path != folded) continue;
    if (table_->files[id].path == nfc) return id;  // exact case wins
    if (!found) found = id;
  }
  return found;
}

std::span<const FileId> Vault::files_with_basename(std::string_view folded_basename) const {
  const auto it = table_->by_folded_basename.find(folded_basename);
  if (it == table_->by_folded_basename.end()) return {};
  return it->second;
}

size_t Vault::notes_sharing_name(FileId id) const {
  if (id >= table_->files.size()) return 0;
  const VaultFile& target = table_->files[id];
  const std::string& folded_path = table_->keys[id].folded_path;
  const size_t slash = folded_path.rfind('/');
  const std::string basename = slash == std::string::npos ? folded_path : folded_path.substr(slash + 1);
  size_t count = 0;
  for (const FileId other : files_with_basename(basename))
    if (table_->files[other].is_note == target.is_note) ++count;
  return count;
}

fs::path Vault::absolute_path(FileId id) const {
  if (id >= table_->files.size()) return {};
  const std::string& disk_path = table_->disk_paths[id];
  return table_->root / fs::path(disk_path.empty() ? table_->files[id].path : disk_path);
}

std::optional<std::string> Vault::vault_path_of(const fs::path& absolute) const {
  std::error_code error;
  fs::path path = absolute.is_absolute() ? absolute : fs::absolute(absolute, error);
  if (error) return std::nullopt;
  path = path.lexically_normal();
  std::optional<std::string> relative = relative_inside(path, table_->root);
  if (!relative) {
    const fs::path canonical = fs::weakly_canonical(path, error);
    if (!error) relative = relative_inside(canonical, table_->canonical_root);
  }
  if (!relative && !table_->followed.empty()) {
    // A real path behind a followed symlink: its vault path.
    const fs::path canonical = fs::weakly_canonical(path, error);
    if (error) return std::nullopt;
    for (const auto& [vault_path, real] : table_->followed) {
      if (canonical == real) return to_nfc(vault_path);
      if (const auto inner = relative_inside(canonical, real)) return to_nfc(vault_path + "/" + *inner);
    }
  }
  if (!relative) return std::nullopt;
  return to_nfc(*relative);
}

bool Vault::inside_on_disk(const fs::path& real) const {
  const fs::path& root = table_->canonical_root;
  if (real == root || relative_inside(real, root)) return true;
  for (const auto& followed : table_->followed)
    if (real == followed.second || relative_inside(real, followed.second)) return true;
  return false;
}

bool Vault::contains_on_disk(const fs::path& absolute) const {
  std::error_code error;
  const fs::path target = fs::canonical(absolute, error);
  if (error) return false;
  // The root resolved when the vault was built: one path walk per call, not two (check
  // calls this for every note it reads).
  return inside_on_disk(target);
}

bool Vault::leads_outside_on_disk(std::string_view vault_path) const {
  std::error_code error;
  static_cast<void>(fs::canonical(table_->root, error));
  if (error) return false;  // no root on disk: nothing to follow out of
  fs::path at = table_->root;
  int depth = 0;
  size_t start = 0;
  while (start <= vault_path.size()) {
    size_t end = vault_path.find('/', start);
    if (end == std::string_view::npos) end = vault_path.size();
    const std::string_view segment = vault_path.substr(start, end - start);
    start = end + 1;
    if (segment.empty() || segment == ".") continue;
    if (segment == "..") {
      if (--depth < 0) return true;
      at = at.parent_path();
      continue;
    }
    ++depth;
    at /= fs::path(std::string(segment));
    const fs::file_status status = fs::symlink_status(at, error);
    if (error || !fs::exists(status)) return false;                       // created from here on, inside what exists
    if (fs::is_symlink(status) && !table_->follow_symlinks) return true;  // nothing behind it is the vault's
    const fs::path real = fs::canonical(at, error);
    if (error) return true;  // a symlink loop or a dangling link: refuse
    if (!inside_on_disk(real)) return true;
  }
  return false;
}

std::shared_ptr<const Vault> Vault::with_note(FileId id, std::shared_ptr<const ParsedNote> note) const {
  auto copy = std::shared_ptr<Vault>(new Vault(*this));
  if (id < table_->files.size()) {
    const size_t chunk = id / kChunkSize;
    auto replaced = std::make_shared<NoteChunk>(*note_chunks_[chunk]);
    (*replaced)[id % kChunkSize] = std::move(note);
    copy->note_chunks_[chunk] = std::move(replaced);
  }
  return copy;
}

std::vector<FileId> Vault::notes_changed_since(const Vault& base) const {
  std::vector<FileId> changed;
  const bool same_table = base.table_ == table_ && base.note_chunks_.size() == note_chunks_.size();
  for (size_t chunk = 0; chunk < note_chunks_.size(); ++chunk) {
    if (same_table && note_chunks_[chunk] == base.note_chunks_[chunk]) continue;
    const NoteChunk& mine = *note_chunks_[chunk];
    for (size_t k = 0; k < mine.size() && chunk * kChunkSize + k < table_->files.size(); ++k) {
      const auto id = static_cast<FileId>(chunk * kChunkSize + k);
      if (!same_table || mine[k] != (*base.note_chunks_[chunk])[k]) changed.push_back(id);
    }
  }
  return changed;
}

namespace {

std::pair<VaultFile, Vault::FileKeys> describe_file(std::string path) {
  VaultFile file;
  file.path = std::move(path);
  const size_t slash = file.path.rfind('/');
  file.folder = slash == std::string::npos ? std::string() : file.path.substr(0, slash);
  const std::string basename = slash == std::string::npos ? file.path : file.path.substr(slash + 1);
  file.is_note = is_note_extension(file_extension(basename));
  file.name = file.is_note ? basename.substr(0, basename.size() - 3) : basename;
  file.name_loose = loose_key(file.name);

  Vault::FileKeys keys;
  keys.folded_path = fold_key(file.path);
  keys.folded_folder = fold_key(file.folder);
  keys.path_code_points = count_code_points(file.path);
  return {std::move(file), std::move(keys)};
}

std::string folded_basename(const std::string& folded_path) {
  const size_t slash = folded_path.rfind('/');
  return slash == std::string::npos ? folded_path : folded_path.substr(slash + 1);
}

}  // namespace

std::shared_ptr<const Vault> Vault::assemble(std::shared_ptr<Table> table,
                                             std::vector<std::shared_ptr<const ParsedNote>> notes) {
  table->by_folded_basename.clear();
  for (FileId id = 0; id < table->keys.size(); ++id)
    table->by_folded_basename[folded_basename(table->keys[id].folded_path)].push_back(id);

  auto vault = std::shared_ptr<Vault>(new Vault());
  const size_t count = table->files.size();
  notes.resize(count);
  for (size_t begin = 0; begin < count; begin += kChunkSize) {
    auto chunk = std::make_shared<NoteChunk>(kChunkSize);
    for (size_t i = begin; i < std::min(count, begin + kChunkSize); ++i) (*chunk)[i - begin] = std::move(notes[i]);
    vault->note_chunks_.push_back(std::move(chunk));
  }
  vault->table_ = std::move(table);
  return vault;
}

std::vector<std::shared_ptr<const ParsedNote>> Vault::all_notes() const {
  std::vector<std::shared_ptr<const ParsedNote>> notes;
  notes.reserve(file_count());
  for (FileId id = 0; id < file_count(); ++id) notes.push_back(shared_note(id));
  return notes;
}

std::shared_ptr<const Vault> Vault::with_file(std::string_view vault_path,
                                              std::shared_ptr<const ParsedNote> note) const {
  std::shared_ptr<const Vault> changed = with_changes({FileChange{std::string(vault_path), false, std::move(note)}});
  return changed ? changed : std::shared_ptr<Vault>(new Vault(*this));
}

std::shared_ptr<const Vault> Vault::with_files_moved(
    const std::vector<std::pair<std::string, std::string>>& moves) const {
  const auto& files = table_->files;
  // Every removal before every addition: the moves happen at once (a swap of two names).
  std::vector<FileChange> removals, additions;
  for (const auto& [from, to] : moves) {
    const std::string path = clean_vault_path(from);
    const auto at = first_at_or_after(files, path);
    if (path.empty() || clean_vault_path(to).empty() || at == files.end() || at->path != path) continue;
    const auto id = static_cast<FileId>(at - files.begin());
    removals.push_back(FileChange{path, true, nullptr});
    additions.push_back(FileChange{to, false, at->is_note ? shared_note(id) : nullptr});  // the parse moves along
  }
  removals.insert(removals.end(), std::make_move_iterator(additions.begin()), std::make_move_iterator(additions.end()));
  std::shared_ptr<const Vault> moved = with_changes(std::move(removals));
  return moved ? moved : std::shared_ptr<Vault>(new Vault(*this));
}

std::shared_ptr<const Vault> Vault::without_file(std::string_view vault_path) const {
  // Only the file at exactly this path: with_changes would take a folder's files along.
  const std::string path = clean_vault_path(vault_path);
  const auto at = first_at_or_after(table_->files, path);
  const bool listed = !path.empty() && at != table_->files.end() && at->path == path;
  std::shared_ptr<const Vault> changed = listed ? with_changes({FileChange{path, true, nullptr}}) : nullptr;
  return changed ? changed : std::shared_ptr<Vault>(new Vault(*this));
}

std::shared_ptr<const Vault> Vault::with_changes(std::vector<FileChange> changes) const {
  const auto& files = table_->files;
  struct Added {
    VaultFile file;
    FileKeys keys;
    std::string disk_path;
    std::shared_ptr<const ParsedNote> note;
  };
  // The last change of each path, in path order.
  std::map<std::string, FileChange> latest;
  for (FileChange& change : changes) {
    std::string path = clean_vault_path(change.vault_path);
    if (path.empty()) continue;
    latest.insert_or_assign(std::move(path), std::move(change));
  }
  std::vector<bool> dropped(files.size(), false);  // removed, or replaced below
  std::unordered_map<FileId, std::shared_ptr<const ParsedNote>> replaced;
  std::vector<Added> added;
  bool listing_changes = false;
  for (auto& [path, change] : latest) {
    const auto at = first_at_or_after(files, path);
    const auto id = static_cast<FileId>(at - files.begin());
    const bool listed = at != files.end() && at->path == path;
    if (change.removed) {
      if (listed) {
        dropped[id] = listing_changes = true;
        continue;
      }
      // A folder: every file under it (a contiguous run of the sorted table).
      const std::string prefix = path + "/";
      for (auto under = first_at_or_after(files, prefix); under != files.end() && under->path.starts_with(prefix);
           ++under)
        dropped[under - files.begin()] = listing_changes = true;
      continue;
    }
    if (listed) {
      replaced[id] = at->is_note ? std::move(change.note) : nullptr;
      continue;
    }
    const std::string_view disk = vault_relative(change.vault_path);
    auto [file, keys] = describe_file(path);
    std::shared_ptr<const ParsedNote> note = file.is_note ? std::move(change.note) : nullptr;
    added.push_back(
        Added{std::move(file), std::move(keys), disk == path ? std::string() : std::string(disk), std::move(note)});
    listing_changes = true;
  }
  if (!listing_changes) {  // only parses replaced: the table stays shared
    if (replaced.empty()) return nullptr;
    std::shared_ptr<const Vault> vault = std::shared_ptr<Vault>(new Vault(*this));
    for (auto& [id, note] : replaced) vault = vault->with_note(id, std::move(note));
    return vault;
  }

  // The files that stay are sorted, and so are the added ones (from the map): merge them.
  auto table = std::make_shared<Table>();
  table->root = table_->root;
  table->canonical_root = table_->canonical_root;
  table->followed = table_->followed;
  table->follow_symlinks = table_->follow_symlinks;
  const size_t count = files.size() + added.size();
  table->files.reserve(count);
  table->keys.reserve(count);
  table->disk_paths.reserve(count);
  std::vector<std::shared_ptr<const ParsedNote>> notes;
  notes.reserve(count);
  size_t next_added = 0;
  const auto take_added_before = [&](const std::string* path) {
    for (; next_added < added.size() && (!path || added[next_added].file.path < *path); ++next_added) {
      Added& a = added[next_added];
      table->files.push_back(std::move(a.file));
      table->keys.push_back(std::move(a.keys));
      table->disk_paths.push_back(std::move(a.disk_path));
      notes.push_back(std::move(a.note));
    }
  };
  for (FileId id = 0; id < files.size(); ++id) {
    if (dropped[id]) continue;
    take_added_before(&files[id].path);
    table->files.push_back(files[id]);
    table->keys.push_back(table_->keys[id]);
    table->disk_paths.push_back(table_->disk_paths[id]);
    const auto swapped = replaced.find(id);
    notes.push_back(swapped != replaced.end() ? std::move(swapped->second) : shared_note(id));
  }
  take_added_before(nullptr);
  return assemble(std::move(table), std::move(notes));
}

std::shared_ptr<const Vault> Vault::build(fs::path root, std::vector<Entry> entries, const ParseEntry& parse,
                                          unsigned threads, const std::function<void(size_t, size_t)>& progress,
                                          std::vector<std::pair<std::string, fs::path>> followed,
                                          bool follow_symlinks) {
  // Sorted by NFC path so that FileIds are stable; a later duplicate replaces an earlier one.
  std::stable_sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) { return a.path < b.path; });
  std::vector<Entry> unique;
  unique.reserve(entries.size());
  for (Entry& entry : entries) {
    if (entry.path.empty()) continue;
    if (!unique.empty() && unique.back().path == entry.path)
      unique.back() = std::move(entry);
    else
      unique.push_back(std::move(entry));
  }
  std::vector<Entry>().swap(entries);  // moved-from shells, 100 bytes a file: not kept while parsing

  auto table = std::make_shared<Table>();
  table->root = clean_root(std::move(root));
  std::error_code error;
  table->canonical_root = fs::weakly_canonical(table->root, error);
  if (error) table->canonical_root = table->root;
  table->followed = std::move(followed);
  table->follow_symlinks = follow_symlinks;
  table->files.reserve(unique.size());
  table->disk_paths.reserve(unique.size());
  table->keys.reserve(unique.size());
  // The paths move into the table (the parse reads them there): not held twice while parsing.
  for (Entry& entry : unique) {
    auto [file, keys] = describe_file(std::move(entry.path));
    table->files.push_back(std::move(file));
    table->keys.push_back(std::move(keys));
    table->disk_paths.push_back(std::move(entry.disk_path));
  }

  std::vector<std::shared_ptr<const ParsedNote>> notes(unique.size());
  std::vector<FileId> note_ids;
  for (FileId id = 0; id < unique.size(); ++id)
    if (table->files[id].is_note) note_ids.push_back(id);
  // Progress: an atomic count per note; the callback (under a mutex) only every ~1%.
  const size_t total = note_ids.size();
  const size_t step = std::max<size_t>(1, total / 100);
  std::atomic<size_t> parsed{0};
  std::mutex progress_mutex;
  size_t reported = 0;
  auto report = [&](size_t done) {
    std::lock_guard lock(progress_mutex);
    if (done < reported || (done == reported && done != 0)) return;  // a later count got there first
    reported = done;
    try {
      progress(done, total);
    } catch (...) {
      // A failing callback must not take the scan down.
    }
  };
  if (progress) report(0);
  run_in_parallel(total, threads, [&](size_t i) {
    const FileId id = note_ids[i];
    try {
      const std::string& disk_path = table->disk_paths[id];
      notes[id] = parse(unique[id], table->files[id].path,
                        disk_path.empty() ? table->files[id].path : disk_path);  // distinct slots: no race
    } catch (...) {
      notes[id] = nullptr;  // parsing is specified never to fail; a stray exception must not kill a worker
    }
    if (progress) {
      const size_t done = ++parsed;
      if (done % step == 0 || done == total) report(done);
    }
  });
  return assemble(std::move(table), std::move(notes));
}

std::shared_ptr<const Vault> Vault::from_memory(fs::path root, std::vector<InMemoryFile> files) {
  std::vector<Entry> entries;
  entries.reserve(files.size());
  for (InMemoryFile& file : files) {
    Entry entry;
    entry.path = clean_vault_path(file.path);
    const std::string_view disk = vault_relative(file.path);
    if (disk != entry.path) entry.disk_path = std::string(disk);
    entry.text = std::move(file.text);
    entries.push_back(std::move(entry));
  }
  // Pooled like a scan's, so that tests on in-memory vaults cover pooled link paths too.
  auto linkpaths = std::make_shared<LinkpathPool>();
  auto parse = [&linkpaths](const Entry& entry, const std::string&,
                            const std::string&) -> std::shared_ptr<const ParsedNote> {
    return std::make_shared<const ParsedNote>(parse_note(entry.text, linkpaths));
  };
  auto vault = build(std::move(root), std::move(entries), parse, 1);
  linkpaths->freeze();
  return vault;
}

}  // namespace slipbox
