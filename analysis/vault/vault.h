#pragma once
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "analysis/markdown/parsed_note.h"

namespace slipbox {

using FileId = uint32_t;
class IndexCache;
class StampLedger;

// One file of the vault. Every file is a possible link target; `.md` files are notes.
struct VaultFile {
  std::string path;        // vault-relative, '/'-separated, NFC: "🛠 Ressurser/Slipbox/Agile Metoder.md"
  bool is_note = false;    // extension `.md`, any case
  std::string name;        // notes: basename without `.md`; attachments: basename with extension
  std::string folder;      // "" at the vault root, else "a/b" (no trailing '/')
  std::string name_loose;  // loose_key(name), precomputed for fuzzy filtering
};

struct ScanOptions {
  size_t max_files = 500'000;             // stop listing beyond this many files
  uint64_t max_note_bytes = 10ull << 20;  // bigger notes are indexed by name only
  unsigned threads = 0;                   // 0: one per core
  // Symlinks, as Obsidian does them (docs/link-resolution.md §6): a symlinked folder or file whose
  // target lies outside the root is part of the vault, listed at its vault path (`lenke/Note.md`);
  // one that leads back into the vault, to a parent of it or of the folder holding it (a loop),
  // is skipped, so no file is listed twice. False (`index.followSymlinks: false`,
  // `check --no-follow-symlinks`): nothing behind any symlink is listed or read.
  bool follow_symlinks = true;
  // Skipped files, unreadable folders, … May be called from several threads, never at once.
  std::function<void(const std::string&)> log;
  // Paths the user excluded (`index.exclude` globs): true skips the file, or the whole
  // folder, as if it were not there. Gets the vault-relative path as spelled on disk.
  std::function<bool(std::string_view vault_path, bool is_folder)> exclude;
  // Parse progress: once with (0, total) before parsing, then about every 1% of the notes
  // and at the end (total, total). Called from any parse worker, never two calls at once,
  // `notes_parsed` never decreasing. Runs on the parse path: keep it cheap (no I/O).
  std::function<void(size_t notes_parsed, size_t notes_total)> progress;
  // When set: true after the scan when listing stopped at max_files (the vault is partial).
  bool* truncated = nullptr;
  // When set and true, the scan stops as soon as it can and returns null: a folder removed
  // from the workspace, a newer scan of the same folder, shutdown. Polled per folder listed
  // and per note parsed.
  std::function<bool()> cancelled;
  // When set: a note whose file is unchanged since the cache was written is taken from it
  // instead of being read and parsed (index_cache.h).
  std::shared_ptr<const IndexCache> cache;
  // When set: the stamp of every note's file as it was read (or found unchanged), so the
  // cache can be written afterwards. Costs a stat per note.
  std::shared_ptr<StampLedger> ledger;
  // When set: how many notes came from `cache`.
  size_t* notes_from_cache = nullptr;
};

// An immutable picture of one vault: its files, name lookups and every note's parse.
// Shared between threads through shared_ptr<const Vault>; never changed after build.
// A FileId is the file's index in NFC path order: stable for a given set of files.
class Vault {
 public:
  const std::filesystem::path& root() const { return table_->root; }
  size_t file_count() const { return table_->files.size(); }
  const VaultFile& file(FileId id) const { return table_->files[id]; }
  const std::vector<VaultFile>& files() const { return table_->files; }

  // The note's parse; null for attachments, notes that could not be read, and ids out of range.
  const ParsedNote* note(FileId id) const;
  std::shared_ptr<const ParsedNote> shared_note(FileId id) const;

  // Exact vault path (compared by fold_key), with extension: "a/b/Note.md". When two files
  // differ only in case, the one spelled exactly like `vault_path` (NFC) wins.
  std::optional<FileId> find_path(std::string_view vault_path) const;
  // Every file whose basename (with extension) has this fold_key, e.g. fold_key("note.md").
  // Ascending FileId, which is ascending NFC path.
  std::span<const FileId> files_with_basename(std::string_view folded_basename) const;
  // How many notes share this note's name (ignoring case): > 1 means the name is ambiguous.
  // For an attachment: how many files share its file name.
  size_t notes_sharing_name(FileId id) const;

  // Where the file is on disk (its on-disk spelling, which may be NFD).
  std::filesystem::path absolute_path(FileId id) const;
  // The vault path (NFC, '/') of an absolute path inside the vault, or nullopt when outside
  // it. `..` and a symlinked root are resolved, and a real path behind a symlink the scan
  // followed maps to its vault path (`/elsewhere/Note.md` → `lenke/Note.md`). The file need
  // not exist.
  std::optional<std::string> vault_path_of(const std::filesystem::path& absolute) const;

  // True when `absolute`, with every symlink followed, is inside the vault's root (or the
  // root itself) or inside a symlinked folder or file the scan followed out of it. False when
  // it leads elsewhere or cannot be resolved (missing, a loop).
  // Confinement: nothing outside the vault is read, even through a symlink made after the scan.
  bool contains_on_disk(const std::filesystem::path& absolute) const;
  // True when creating or writing `vault_path` (vault-relative, '/') would land outside the
  // vault on disk: `..` above the root, or a folder on the way (or the file) that exists and
  // resolves outside it (a symlink the scan did not follow; with follow_symlinks off, any
  // symlink). False for a vault without a root on disk (in memory). For "create note" and
  // rename edits.
  bool leads_outside_on_disk(std::string_view vault_path) const;

  // A copy with one note's parse replaced (an edited open buffer). Shares the file table
  // and lookups; copies only one chunk of note pointers.
  std::shared_ptr<const Vault> with_note(FileId id, std::shared_ptr<const ParsedNote> note) const;
  // The notes whose parse is not `base`'s, for a vault with base's file table (with_note
  // copies of it, or of a vault it was copied from): compares shared chunks of parses first,
  // so files / 1024 comparisons when only a few notes were edited. Every file id when the
  // file tables differ.
  std::vector<FileId> notes_changed_since(const Vault& base) const;

  // A copy with a file added (created on disk or in the editor), or with its parse replaced
  // when the path is already listed. Pass null for attachments. Re-sorts the file table
  // without re-parsing (O(files)): for file events, not keystrokes. FileIds after the new
  // file shift by one, so don't carry ids from the old vault over.
  std::shared_ptr<const Vault> with_file(std::string_view vault_path, std::shared_ptr<const ParsedNote> note) const;
  // A copy without the file at exactly this path (NFC); an unchanged copy when there is none.
  std::shared_ptr<const Vault> without_file(std::string_view vault_path) const;
  // A copy with files moved, each (current path, new path): one table copy for any number
  // of moves (rename asks what the vault will look like afterwards; without_file + with_file
  // per move copied the table twice per file). Parses move along; a move whose file is not
  // listed is skipped. The caller keeps new paths distinct from the files that stay.
  std::shared_ptr<const Vault> with_files_moved(const std::vector<std::pair<std::string, std::string>>& moves) const;

  // One file event of a batch: the file at `vault_path` (vault-relative, as spelled on disk)
  // exists now with `note` as its parse (null for attachments and notes indexed by name
  // only), or is gone (`removed`: the file, or every file under the folder at that path).
  struct FileChange {
    std::string vault_path;
    bool removed = false;
    std::shared_ptr<const ParsedNote> note;
  };
  // A copy with a batch of files added, replaced or removed, in one table copy (a `git pull`
  // or a sync brings hundreds of events at once, and a table copy per file is O(files) each).
  // A later change of the same path wins. Null when nothing changes (only
  // removals of files that are not listed).
  std::shared_ptr<const Vault> with_changes(std::vector<FileChange> changes) const;

  // Builders: scan a folder from disk, or make a vault from in-memory notes (tests, fixtures).
  // Null when `options.cancelled` stopped it.
  static std::shared_ptr<const Vault> scan(const std::filesystem::path& root, const ScanOptions& options);

  // True when the scan leaves `vault_path` (vault-relative, as spelled on disk) out by its
  // path alone: a hidden name ('.') or a node_modules folder on the way, or `options.exclude`
  // on the path or a folder above it. A file event for such a path changes nothing.
  static bool scan_skips(std::string_view vault_path, bool is_folder, const ScanOptions& options);
  // The changes that make the files listed under one folder what a scan would list there now,
  // for a folder created, moved in or changed after the scan (editors report a folder moved
  // in as one event, none for its files). Listed by the scan's own walk with `options`; files
  // not listed yet are read and parsed as the scan reads them; listed files no longer there
  // are removed; listed files still there are not re-read (a change of a file's text comes
  // as an event for the file). `vault_folder`: vault-relative, as spelled on disk.
  // nullopt when only a full scan gets it right: the folder reached through a symlink, a
  // symlinked folder inside it that the scan would follow (the scan lists a folder reachable
  // two ways once, under the path a whole walk finds first), or max_files passed.
  std::optional<std::vector<FileChange>> changes_under_folder(std::string_view vault_folder,
                                                              const ScanOptions& options) const;
  struct InMemoryFile {
    std::string path;  // vault-relative
    std::string text;  // parsed when the path is a note
  };
  static std::shared_ptr<const Vault> from_memory(std::filesystem::path root, std::vector<InMemoryFile> files);

  // Lookup data the resolver reads per file (parallel to files()).
  struct FileKeys {
    std::string folded_path;    // fold_key(path)
    std::string folded_folder;  // fold_key(folder)
    uint32_t path_code_points;  // length of the NFC path in code points
  };
  const FileKeys& keys(FileId id) const { return table_->keys[id]; }

 private:
  // Everything but the parses: built once, shared by every copy made by with_note.
  struct Table {
    std::filesystem::path root;
    std::filesystem::path canonical_root;  // weakly_canonical(root)
    std::vector<VaultFile> files;
    // Vault-relative, as spelled on disk; empty when that is the NFC path (most files), so
    // that most paths are not stored twice.
    std::vector<std::string> disk_paths;
    std::vector<FileKeys> keys;
    // Looked up by string_view (transparent): a lookup per resolved link allocates nothing.
    struct BasenameHash {
      using is_transparent = void;
      size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
    };
    std::unordered_map<std::string, std::vector<FileId>, BasenameHash, std::equal_to<>> by_folded_basename;
    // The symlinks the scan followed out of the root: vault path (as spelled on disk) and
    // the canonical path it leads to. And whether symlinks were followed at all.
    std::vector<std::pair<std::string, std::filesystem::path>> followed;
    bool follow_symlinks = true;
  };
  // Is `real` (canonical) inside the root or a followed symlink's target?
  bool inside_on_disk(const std::filesystem::path& real) const;
  // Parses in fixed-size chunks so that replacing one copies one chunk, not 100k pointers.
  static constexpr size_t kChunkSize = 1024;
  using NoteChunk = std::vector<std::shared_ptr<const ParsedNote>>;

  struct Entry;  // one listed file before the table is built
  // Parses one listed note, given its vault path and its path on disk (vault-relative).
  using ParseEntry = std::function<std::shared_ptr<const ParsedNote>(const Entry&, const std::string& vault_path,
                                                                     const std::string& disk_path)>;
  static std::shared_ptr<const Vault> build(std::filesystem::path root, std::vector<Entry> entries,
                                            const ParseEntry& parse, unsigned threads,
                                            const std::function<void(size_t, size_t)>& progress = {},
                                            std::vector<std::pair<std::string, std::filesystem::path>> followed = {},
                                            bool follow_symlinks = true);

  static std::shared_ptr<const Vault> assemble(std::shared_ptr<Table> table,
                                               std::vector<std::shared_ptr<const ParsedNote>> notes);
  std::vector<std::shared_ptr<const ParsedNote>> all_notes() const;

  std::shared_ptr<const Table> table_;
  std::vector<std::shared_ptr<const NoteChunk>> note_chunks_;
};

// Reads a vault file's current text (the open buffer when there is one, else the disk).
using ReadText = std::function<std::optional<std::string>(FileId)>;
// Reads from disk; nullopt when the file cannot be read.
std::optional<std::string> read_file_text(const std::filesystem::path& path);
// Reads at most `max_bytes`: nullopt when the file cannot be read or is bigger (then
// `too_big` is set), so a huge file is never loaded whole.
std::optional<std::string> read_file_text(const std::filesystem::path& path, uint64_t max_bytes, bool* too_big);

}  // namespace slipbox
