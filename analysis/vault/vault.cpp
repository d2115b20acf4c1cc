#include "analysis/vault/vault.h"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <deque>
#include <limits>
#include <map>
#include <mutex>
#include <set>
#include <system_error>
#include <thread>
#include <utility>

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include "analysis/text/unicode.h"
#include "analysis/text/vault_path.h"
#include "analysis/text/parallel.h"
#include "analysis/vault/file_kinds.h"

namespace slipbox {

namespace fs = std::filesystem;

// One listed file before the table is built (build moves the paths into the table).
struct Vault::Entry {
  std::string path;       // NFC, '/'
  std::string disk_path;  // as spelled on disk; empty when the same as `path` (most files)
  std::string text;       // from_memory only
};

namespace {

// The first file whose path is not before `path` (files are sorted by path, bytewise).
std::vector<VaultFile>::const_iterator first_at_or_after(const std::vector<VaultFile>& files, std::string_view path) {
  return std::lower_bound(files.begin(), files.end(), path,
                          [](const VaultFile& file, std::string_view p) { return file.path < p; });
}

using Log = std::function<void(const std::string&)>;

std::optional<std::string> read_file_prefix(const fs::path& path, uint64_t max_bytes, bool& too_big);
// The same into `text`, reusing its capacity (a scan reads 100,000 files per thread into one).
bool read_file_into(const fs::path& path, uint64_t max_bytes, std::string& text, bool& too_big);

// Serialises the caller's log callback: the parse workers log concurrently.
Log serialized_log(const Log& log) {
  if (!log) return [](const std::string&) {};
  auto mutex = std::make_shared<std::mutex>();
  return [log, mutex](const std::string& line) {
    std::lock_guard lock(*mutex);
    try {
      log(line);
    } catch (...) {
      // A failing logger must not take the scan down.
    }
  };
}

uint32_t count_code_points(std::string_view text) {
  uint32_t count = 0;
  for (const char c : text)
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++count;
  return count;
}

std::optional<std::string> relative_inside(const fs::path& path, const fs::path& base) {
  if (base.empty()) return std::nullopt;
  const fs::path relative = path.lexically_relative(base);
  if (relative.empty() || relative == ".") return std::nullopt;
  const fs::path first = *relative.begin();
  if (first == ".." || relative.is_absolute()) return std::nullopt;
  return relative.generic_string();
}

// Absolute (absolute_path() feeds URIs), normalised, without a trailing separator.
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

std::string describe(const std::error_code& error) { return error.message(); }

// One name in a folder, with the type readdir reported: regular or directory, else none
// (a symlink, or a file system that does not say), which the caller stats.
struct ListedChild {
  std::string name;
  fs::file_type type = fs::file_type::none;
};

// False when the folder cannot be opened; `error` is also set when the listing broke off.
bool list_folder(const fs::path& folder, std::vector<ListedChild>& out, std::error_code& error) {
  DIR* dir = ::opendir(folder.c_str());
  if (!dir) {
    error.assign(errno, std::generic_category());
    return false;
  }
  for (;;) {
    errno = 0;
    const dirent* entry = ::readdir(dir);
    if (!entry) {
      if (errno != 0) error.assign(errno, std::generic_category());
      break;
    }
    const std::string_view name = entry->d_name;
    if (name == "." || name == "..") continue;
    ListedChild child;
    child.name = std::string(name);
    if (entry->d_type == DT_REG) child.type = fs::file_type::regular;
    if (entry->d_type == DT_DIR) child.type = fs::file_type::directory;
    out.push_back(std::move(child));
  }
  ::closedir(dir);
  return true;
}

// The scan's rules by name: hidden files and folders (.obsidian, .git, .trash, dot files)
// and node_modules folders are never listed.
bool hidden_name(std::string_view name) { return name.empty() || name.front() == '.'; }
bool skipped_folder_name(std::string_view name) { return hidden_name(name) || name == "node_modules"; }

// Lists the files under the root (or one folder of it), recursively, without following loops.
class Walker {
 public:
  Walker(fs::path root, fs::path canonical_root, const ScanOptions& options, Log log)
      : root_(std::move(root)),
        canonical_root_(std::move(canonical_root)),
        options_(options),
        log_(std::move(log)),
        limit_(options.max_files) {}

  // Lists one folder of a scanned vault (changes_under_folder): at most `limit` files, and
  // stops at the first symlinked folder it would follow (only a whole walk knows whether
  // the scan lists that folder there or under another path).
  void list_part(size_t limit) {
    part_ = true;
    limit_ = limit;
  }

  template <typename Add>
  void run(Add&& add) { run(std::forward<Add>(add), root_, ""); }

  // From `start`, at `start_relative` (vault-relative, as spelled on disk).
  template <typename Add>
  void run(Add&& add, const fs::path& start, const std::string& start_relative) {
    // Absolute folder, vault-relative disk path. Symlinked folders wait until every real
    // folder is listed, so that a folder reachable both ways is listed under its real path.
    // Symlinked folders are taken first in, first out: of two symlinks to one folder, the
    // first by name lists it.
    std::vector<std::pair<fs::path, std::string>> stack;
    std::deque<std::pair<fs::path, std::string>> symlinked;
    stack.emplace_back(start, start_relative);
    while ((!stack.empty() || !symlinked.empty()) && !full_ && !(options_.cancelled && options_.cancelled())) {
      const bool via_symlink = stack.empty();
      std::pair<fs::path, std::string> next;
      if (via_symlink) {
        next = std::move(symlinked.front());
        symlinked.pop_front();
      } else {
        next = std::move(stack.back());
        stack.pop_back();
      }
      auto& [folder, relative] = next;

      std::error_code error;
      const fs::path canonical = fs::canonical(folder, error);
      if (error) {
        log_("skipped folder " + display(relative) + ": " + describe(error));
        continue;
      }
      if (!visited_.insert(canonical.native()).second) {
        log_("skipped folder " + display(relative) + ": already listed (symlink loop or duplicate)");
        continue;
      }
      if (via_symlink) followed_.emplace_back(relative, canonical);

      std::vector<ListedChild> children;
      if (!list_folder(folder, children, error)) {
        log_("skipped folder " + display(relative) + ": " + describe(error));
        continue;
      }
      if (error) log_("incomplete listing of folder " + display(relative) + ": " + describe(error));
      std::sort(children.begin(), children.end(),
                [](const ListedChild& a, const ListedChild& b) { return a.name < b.name; });

      std::vector<std::pair<fs::path, std::string>> subfolders;
      for (const ListedChild& listed : children) {
        const std::string& name = listed.name;
        if (hidden_name(name)) continue;
        const std::string child_relative = relative.empty() ? name : relative + "/" + name;
        const fs::path child_path = folder / name;

        std::error_code status_error;
        // readdir's type saves a stat per file; a symlink or an unknown type is looked at.
        const fs::file_status link_status = listed.type != fs::file_type::none
                                                ? fs::file_status(listed.type)
                                                : fs::symlink_status(child_path, status_error);
        if (status_error) {
          log_("skipped " + child_relative + ": " + describe(status_error));
          continue;
        }
        fs::file_status status = link_status;
        const bool symlink = fs::is_symlink(link_status);
        fs::path real;  // where a symlink leads (canonical)
        if (symlink) {
          if (!options_.follow_symlinks) {
            log_("skipped " + child_relative + ": a symlink (symlinks are not followed)");
            continue;
          }
          status = fs::status(child_path, status_error);
          if (!status_error && fs::exists(status)) real = fs::canonical(child_path, status_error);
          if (status_error || !fs::exists(status)) {
            log_("skipped " + child_relative + ": broken symlink");
            continue;
          }
        }
        if (options_.exclude && options_.exclude(child_relative, fs::is_directory(status))) continue;
        if (symlink && within(real, canonical_root_)) {
          // Listed where it really is (or left out there on purpose): never twice.
          log_("skipped " + child_relative + ": symlink to a place inside the vault");
          continue;
        }
        if (fs::is_directory(status)) {
          if (skipped_folder_name(name)) continue;
          if (symlink && (within(canonical_root_, real) || within(canonical, real))) {
            log_("skipped folder " + child_relative + ": symlink to a parent folder (a loop)");
            continue;
          }
          if (fs::is_symlink(link_status) && part_) {
            stopped_at_symlink_ = true;
            return;
          }
          if (fs::is_symlink(link_status))
            symlinked.emplace_back(child_path, child_relative);
          else
            subfolders.emplace_back(child_path, child_relative);
        } else if (fs::is_regular_file(status)) {
          if (count_ >= limit_) {
            if (!part_) log_("stopped listing after " + std::to_string(options_.max_files) + " files");
            full_ = true;
            return;
          }
          if (symlink) followed_.emplace_back(child_relative, real);
          add(child_relative);
          ++count_;
        } else {
          log_("skipped " + child_relative + ": not a regular file");
        }
      }
      // Reverse so that the stack pops folders in name order (deterministic under max_files).
      for (auto sub = subfolders.rbegin(); sub != subfolders.rend(); ++sub)
        stack.push_back(std::move(*sub));
    }
  }

  // Listing stopped at max_files (or the limit of list_part).
  bool full() const { return full_; }
  // list_part only: listing stopped at a symlinked folder.
  bool stopped_at_symlink() const { return stopped_at_symlink_; }
  // The symlinks followed out of the root: vault path (disk spelling) and canonical target.
  std::vector<std::pair<std::string, fs::path>> take_followed() { return std::move(followed_); }

 private:
  static std::string display(const std::string& relative) {
    return relative.empty() ? std::string("(vault root)") : relative;
  }

  static bool within(const fs::path& path, const fs::path& base) {
    return path == base || relative_inside(path, base).has_value();
  }

  fs::path root_;
  fs::path canonical_root_;
  const ScanOptions& options_;
  Log log_;
  size_t limit_;
  bool part_ = false;
  std::set<fs::path::string_type> visited_;
  size_t count_ = 0;
  bool full_ = false;
  bool stopped_at_symlink_ = false;
  std::vector<std::pair<std::string, fs::path>> followed_;
};

// Reads and parses one listed note as the scan does: null (indexed by name only) when it
// cannot be read or is over `max_bytes`, with a log line. Link paths go to `linkpaths` when given.
std::shared_ptr<const ParsedNote> read_listed_note(const fs::path& file, const std::string& vault_path,
                                                   uint64_t max_bytes, const Log& log,
                                                   std::shared_ptr<LinkpathPool> linkpaths = nullptr) {
  // Read at most one byte more than allowed: no stat per file, and a huge file is not loaded.
  bool too_big = false;
  thread_local std::string text;
  if (!read_file_into(file, max_bytes, text, too_big)) {
    log("cannot read " + vault_path);
    return nullptr;
  }
  if (too_big) {
    log("indexed by name only (over " + std::to_string(max_bytes) + " bytes): " + vault_path);
    return nullptr;
  }
  auto parsed = std::make_shared<const ParsedNote>(parse_note(text, std::move(linkpaths)));
  if (text.capacity() > (1u << 20)) std::string().swap(text);  // don't keep a huge note's buffer
  return parsed;
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
  const auto it = table_->by_folded_basename.find(std::string(folded_basename));
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
    if (error || !fs::exists(status)) return false;  // created from here on, inside what exists
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

std::shared_ptr<const Vault> Vault::with_file(std::string_view vault_path, std::shared_ptr<const ParsedNote> note) const {
  const std::string path = clean_vault_path(vault_path);
  const auto& files = table_->files;
  const auto at = first_at_or_after(files, path);
  const auto index = static_cast<FileId>(at - files.begin());
  if (path.empty()) return std::shared_ptr<Vault>(new Vault(*this));
  if (at != files.end() && at->path == path) return with_note(index, at->is_note ? std::move(note) : nullptr);

  auto table = std::make_shared<Table>(*table_);
  auto [file, keys] = describe_file(path);
  if (!file.is_note) note = nullptr;
  const std::string_view disk = vault_relative(vault_path);
  table->files.insert(table->files.begin() + index, std::move(file));
  table->keys.insert(table->keys.begin() + index, std::move(keys));
  table->disk_paths.insert(table->disk_paths.begin() + index, disk == path ? std::string() : std::string(disk));
  std::vector<std::shared_ptr<const ParsedNote>> notes = all_notes();
  notes.insert(notes.begin() + index, std::move(note));
  return assemble(std::move(table), std::move(notes));
}

std::shared_ptr<const Vault> Vault::with_files_moved(const std::vector<std::pair<std::string, std::string>>& moves) const {
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
  const std::string path = clean_vault_path(vault_path);
  const auto& files = table_->files;
  const auto at = first_at_or_after(files, path);
  if (path.empty() || at == files.end() || at->path != path) return std::shared_ptr<Vault>(new Vault(*this));
  const auto index = at - files.begin();
  auto table = std::make_shared<Table>(*table_);
  table->files.erase(table->files.begin() + index);
  table->keys.erase(table->keys.begin() + index);
  table->disk_paths.erase(table->disk_paths.begin() + index);
  std::vector<std::shared_ptr<const ParsedNote>> notes = all_notes();
  notes.erase(notes.begin() + index);
  return assemble(std::move(table), std::move(notes));
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
  std::vector<bool> dropped(files.size(), false);                  // removed, or replaced below
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
      for (auto under = first_at_or_after(files, prefix);
           under != files.end() && under->path.starts_with(prefix); ++under)
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
    added.push_back(Added{std::move(file), std::move(keys), disk == path ? std::string() : std::string(disk), std::move(note)});
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

std::shared_ptr<const Vault> Vault::build(fs::path root, std::vector<Entry> entries,
                                          const ParseEntry& parse,
                                          unsigned threads, const std::function<void(size_t, size_t)>& progress,
                                          std::vector<std::pair<std::string, fs::path>> followed, bool follow_symlinks) {
  // Sorted by NFC path so that FileIds are stable; a later duplicate replaces an earlier one.
  std::stable_sort(entries.begin(), entries.end(),
                   [](const Entry& a, const Entry& b) { return a.path < b.path; });
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
      notes[id] = parse(unique[id], table->files[id].path, disk_path.empty() ? table->files[id].path : disk_path);  // distinct slots: no race
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

std::shared_ptr<const Vault> Vault::scan(const fs::path& root, const ScanOptions& options) {
  const Log log = serialized_log(options.log);
  std::error_code error;
  const fs::path cleaned = clean_root(root);
  fs::path canonical_root = fs::weakly_canonical(cleaned, error);
  if (error) canonical_root = cleaned;
  std::vector<Entry> entries;
  std::vector<std::pair<std::string, fs::path>> followed;
  if (options.truncated) *options.truncated = false;
  if (!fs::is_directory(cleaned, error)) {
    log("vault root is not a readable folder: " + cleaned.string());
  } else {
    Walker walker(cleaned, canonical_root, options, log);
    walker.run([&](const std::string& disk_relative) {
      Entry entry;
      entry.path = to_nfc(disk_relative);
      if (entry.path != disk_relative) entry.disk_path = disk_relative;
      entries.push_back(std::move(entry));
    });
    if (options.truncated) *options.truncated = walker.full();
    followed = walker.take_followed();
  }
  const uint64_t max_bytes = options.max_note_bytes;
  // The notes' link paths, each distinct one stored once (most links repeat a path).
  auto linkpaths = std::make_shared<LinkpathPool>();
  const bool cancellable = static_cast<bool>(options.cancelled);
  auto parse = [&](const Entry&, const std::string& vault_path,
                   const std::string& disk_path) -> std::shared_ptr<const ParsedNote> {
    if (cancellable && options.cancelled()) return nullptr;  // the result is thrown away: skip the work
    return read_listed_note(cleaned / fs::path(disk_path), vault_path, max_bytes, log, linkpaths);
  };
  if (cancellable && options.cancelled()) return nullptr;
  auto vault = build(cleaned, std::move(entries), parse, options.threads, options.progress, std::move(followed),
                     options.follow_symlinks);
  linkpaths->freeze();
  if (cancellable && options.cancelled()) return nullptr;
  return vault;
}

bool Vault::scan_skips(std::string_view vault_path, bool is_folder, const ScanOptions& options) {
  vault_path = vault_relative(vault_path);
  while (vault_path.ends_with('/')) vault_path.remove_suffix(1);
  // As the walk meets the path: each folder on the way, then the path itself.
  for (size_t start = 0; start <= vault_path.size();) {
    size_t end = vault_path.find('/', start);
    if (end == std::string_view::npos) end = vault_path.size();
    const bool last = end == vault_path.size();
    const bool folder = !last || is_folder;
    const std::string_view name = vault_path.substr(start, end - start);
    if (folder ? skipped_folder_name(name) : hidden_name(name)) return true;
    if (options.exclude && options.exclude(vault_path.substr(0, end), folder)) return true;
    start = end + 1;
  }
  return false;
}

std::optional<std::vector<Vault::FileChange>> Vault::changes_under_folder(std::string_view vault_folder,
                                                                          const ScanOptions& options) const {
  std::string folder(vault_relative(vault_folder));
  while (folder.ends_with('/')) folder.pop_back();
  if (folder.empty()) return std::nullopt;  // the root: that is a scan
  const Log log = serialized_log(options.log);
  const auto& files = table_->files;
  const auto first_from = [&](const std::string& path) {
    return first_at_or_after(files, path);
  };
  const std::string nfc_folder = to_nfc(folder);
  const std::string prefix = nfc_folder + "/";

  // The files the scan would list there now (disk spelling), as the walk from the root meets them.
  std::vector<std::string> listed;
  const fs::path start = table_->root / fs::path(folder);
  std::error_code error;
  const fs::path real = fs::canonical(start, error);
  // A folder the walk would not enter (gone again, a loop, skipped by its path, a symlink out)
  // lists nothing.
  if (!error && fs::is_directory(real, error) && !scan_skips(folder, true, options)) {
    if (real != (table_->canonical_root / fs::path(folder)).lexically_normal()) {
      // Through a symlink: only a whole walk knows whether and where the scan lists it
      // (docs/link-resolution.md §6); not following symlinks, nothing there is listed.
      if (options.follow_symlinks) return std::nullopt;
    } else {
      size_t known = 0;
      for (auto at = first_from(prefix); at != files.end() && at->path.starts_with(prefix); ++at) ++known;
      // Files listed there already are replaced, not added: the cap counts the rest.
      const size_t elsewhere = files.size() - known;
      if (elsewhere >= options.max_files) return std::nullopt;
      Walker walker(table_->root, table_->canonical_root, options, log);
      walker.list_part(options.max_files - elsewhere);
      walker.run([&](const std::string& disk_relative) { listed.push_back(disk_relative); }, start, folder);
      if (walker.full() || walker.stopped_at_symlink()) return std::nullopt;
    }
  }

  std::vector<FileChange> changes;
  std::set<std::string> now;  // NFC paths listed
  for (std::string& disk : listed) {
    std::string path = to_nfc(disk);
    const auto at = first_from(path);
    const bool known = at != files.end() && at->path == path;
    now.insert(std::move(path));
    if (known) continue;  // its own events tell when its text changes
    changes.push_back(FileChange{std::move(disk), false, nullptr});
  }
  run_in_parallel(changes.size(), options.threads, [&](size_t i) {
    FileChange& change = changes[i];
    if (!is_note_extension(file_extension(change.vault_path))) return;
    try {
      change.note = read_listed_note(table_->root / fs::path(change.vault_path), to_nfc(change.vault_path),
                                     options.max_note_bytes, log);
    } catch (...) {
      change.note = nullptr;  // as in the scan: a stray exception must not kill a worker
    }
  });
  // What the vault lists there and the disk no longer has, and a file at the folder's own path.
  if (const auto at = first_from(nfc_folder); at != files.end() && at->path == nfc_folder)
    changes.push_back(FileChange{nfc_folder, true, nullptr});
  for (auto at = first_from(prefix); at != files.end() && at->path.starts_with(prefix); ++at)
    if (!now.contains(at->path)) changes.push_back(FileChange{at->path, true, nullptr});
  return changes;
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
  auto parse = [&linkpaths](const Entry& entry, const std::string&, const std::string&) -> std::shared_ptr<const ParsedNote> {
    return std::make_shared<const ParsedNote>(parse_note(entry.text, linkpaths));
  };
  auto vault = build(std::move(root), std::move(entries), parse, 1);
  linkpaths->freeze();
  return vault;
}

namespace {

// Reads up to `max_bytes`; `too_big` tells whether the file has more. nullopt on any error.
std::optional<std::string> read_file_prefix(const fs::path& path, uint64_t max_bytes, bool& too_big) {
  std::string text;
  if (!read_file_into(path, max_bytes, text, too_big)) return std::nullopt;
  return text;
}

bool read_file_into(const fs::path& path, uint64_t max_bytes, std::string& text, bool& too_big) {
  too_big = false;
  text.clear();
  // Plain read(2): stdio would fstat every file for a buffer size. O_NONBLOCK: a file
  // replaced by a FIFO since the listing must not hang the scan.
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return false;
  bool failed = false;
  try {
    char buffer[1 << 16];
    for (;;) {
      const ssize_t got = ::read(fd, buffer, sizeof buffer);
      if (got < 0 && errno == EINTR) continue;
      if (got < 0) {
        failed = true;
        break;
      }
      if (got == 0) break;
      const auto read = static_cast<size_t>(got);
      if (text.size() + read > max_bytes) {
        too_big = true;
        text.append(buffer, static_cast<size_t>(max_bytes - text.size()));
        break;
      }
      text.append(buffer, read);
    }
  } catch (...) {
    failed = true;  // out of memory on a huge file
  }
  ::close(fd);
  return !failed;
}

}  // namespace

std::optional<std::string> read_file_text(const fs::path& path) {
  bool too_big = false;
  return read_file_prefix(path, std::numeric_limits<uint64_t>::max(), too_big);
}

std::optional<std::string> read_file_text(const fs::path& path, uint64_t max_bytes, bool* too_big) {
  bool over = false;
  std::optional<std::string> text = read_file_prefix(path, max_bytes, over);
  if (too_big) *too_big = over;
  if (over) return std::nullopt;
  return text;
}

}  // namespace slipbox
