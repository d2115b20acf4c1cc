// The disk half of Vault: walking the folder tree (symlinks, hidden names, limits), reading
// and parsing the notes in parallel, and listing one folder again after a folder event.

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <deque>
#include <limits>
#include <mutex>
#include <set>
#include <system_error>

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include "analysis/text/parallel.h"
#include "analysis/text/unicode.h"
#include "analysis/text/vault_path.h"
#include "analysis/vault/file_kinds.h"
#include "analysis/vault/index_cache.h"
#include "analysis/vault/vault.h"
#include "analysis/vault/vault_internal.h"

namespace slipbox {

namespace fs = std::filesystem;
using vault_detail::clean_root;
using vault_detail::first_at_or_after;
using vault_detail::relative_inside;

namespace {

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
  void run(Add&& add) {
    run(std::forward<Add>(add), root_, "");
  }

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
      for (auto sub = subfolders.rbegin(); sub != subfolders.rend(); ++sub) stack.push_back(std::move(*sub));
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
                                                   const std::shared_ptr<LinkpathPool>& linkpaths = nullptr) {
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
  auto parsed = std::make_shared<const ParsedNote>(parse_note(text, linkpaths));
  if (text.capacity() > (1u << 20)) std::string().swap(text);  // don't keep a huge note's buffer
  return parsed;
}

}  // namespace

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
  std::atomic<size_t> from_cache{0};
  auto parse = [&](const Entry&, const std::string& vault_path,
                   const std::string& disk_path) -> std::shared_ptr<const ParsedNote> {
    if (cancellable && options.cancelled()) return nullptr;  // the result is thrown away: skip the work
    const fs::path file = cleaned / fs::path(disk_path);
    if (!options.cache && !options.ledger) return read_listed_note(file, vault_path, max_bytes, log, linkpaths);
    // Stamped before reading: a write after the stat shows as a changed stamp next time.
    const std::optional<FileStamp> stamp = stamp_file(file);
    std::shared_ptr<const ParsedNote> note;
    if (stamp && options.cache && stamp->size <= max_bytes) {
      note = options.cache->fresh_note(vault_path, *stamp, linkpaths);
      if (note) from_cache.fetch_add(1, std::memory_order_relaxed);
    }
    if (!note) note = read_listed_note(file, vault_path, max_bytes, log, linkpaths);
    if (note && stamp && options.ledger) options.ledger->record(vault_path, *stamp, note);
    return note;
  };
  if (cancellable && options.cancelled()) return nullptr;
  auto vault = build(cleaned, std::move(entries), parse, options.threads, options.progress, std::move(followed),
                     options.follow_symlinks);
  linkpaths->freeze();
  if (options.notes_from_cache) *options.notes_from_cache = from_cache.load();
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
  const auto first_from = [&](const std::string& path) { return first_at_or_after(files, path); };
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
  return vault_detail::read_fd_into(fd, max_bytes, text, too_big);
}

}  // namespace

bool vault_detail::read_fd_into(int fd, uint64_t max_bytes, std::string& text, bool& too_big) {
  too_big = false;
  text.clear();
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
