#pragma once
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "analysis/features/note_context.h"
#include "analysis/markdown/parsed_note.h"
#include "analysis/text/line_index.h"
#include "analysis/vault/vault.h"
#include "analysis/vault/vault_file_reader.h"
#include "lsp/link_settings.h"
#include "lsp/protocol.h"

namespace slipbox::lsp {

// One open document, immutable: text, version, parse and line table built together, so a
// request always sees them agree. Held by shared_ptr and never moved (`lines` views `text`).
struct Document {
  Document(std::string uri, std::optional<std::filesystem::path> path, int64_t version, std::string text);
  Document(const Document&) = delete;
  Document& operator=(const Document&) = delete;

  const std::string uri;                            // as the client spelled it
  const std::optional<std::filesystem::path> path;  // nullopt for non-file URIs
  const std::string normal_path;                    // path_key(*path): how document_at finds it
  const int64_t version;
  const std::string text;
  const std::shared_ptr<const ParsedNote> parsed;
  const LineIndex lines;
};

// What a request sees about one open note: everything immutable, usable on any thread.
struct NoteSnapshot {
  std::shared_ptr<const Document> document;
  std::shared_ptr<const Vault> vault;  // never null: an empty vault outside every folder
  std::string vault_path;              // "" when the note is outside every folder
  bool in_folder = false;              // the note lies inside a workspace folder
  bool vault_ready = false;            // the folder's first scan has finished
  bool indexing = false;               // indexing work on the folder is under way (Workspace::begin_update)
  // The vault is complete: what a request answers from it, the settled index agrees with.
  bool index_complete() const { return !in_folder || (vault_ready && !indexing); }
  // The user's link settings, the settings and alias caches, the clock; never null from Workspace.
  std::shared_ptr<const QueryEnvironment> environment;
  // The .obsidian settings of the note's vault: through the environment's cache, else read now.
  std::shared_ptr<const VaultSettings> vault_settings() const;
  // `links.resolveAliases`: the vault's alias index; null when the setting is off.
  std::shared_ptr<const AliasIndex> aliases;
  // The columns the client counts in (lsp/convert.h).
  PositionEncoding encoding = PositionEncoding::Utf16;

  NoteContext context() const {
    return NoteContext{*vault, vault_path, document->text, *document->parsed, aliases.get()};
  }
};

// The server's mutable state: workspace folders with their vault snapshots, and the open
// documents. Mutated only on the scheduler's strand; read from any thread (a mutex guards
// the maps, and what they hand out is immutable).
class Workspace {
 public:
  Workspace();

  void set_folders(const std::vector<std::filesystem::path>& roots);
  std::vector<std::filesystem::path> folders() const;
  // workspace/didChangeWorkspaceFolders. add_folder: false when it is already a folder;
  // remove_folder: false when it was not one (its vault is dropped).
  bool add_folder(const std::filesystem::path& root);
  bool remove_folder(const std::filesystem::path& root);

  // Every folder whose first scan finished, for vault-wide queries (workspace/diagnostic).
  struct FolderView {
    std::filesystem::path root;
    std::shared_ptr<const Vault> scanned;    // as scanned (and updated by file events)
    std::shared_ptr<const Vault> effective;  // with the open buffers' parses
    // Vault paths ("a/b") of other folders nested inside this one: their notes are theirs.
    std::vector<std::string> nested;
    // Vault paths of the notes open in this folder (their buffers are the truth).
    std::vector<std::string> open;
  };
  std::vector<FolderView> ready_folders() const;

  // Indexing work under way — a scan, a rescan waiting for its debounce, a batch of file events
  // being read — from when the server knows it is coming until its result is committed. While
  // any is open for a note's folder, requests that need the vault wait (lsp/readiness.h).
  // `root`: nullopt for work on every folder. Ending a ticket twice, or one of a folder removed
  // since, does nothing.
  using UpdateTicket = uint64_t;
  UpdateTicket begin_update(const std::optional<std::filesystem::path>& root);
  void end_update(UpdateTicket ticket);
  // Shown when a request gives up waiting: "Indexing 1,234/10,000 notes".
  void set_progress(const std::filesystem::path& root, const std::string& message);
  // The vault behind `path` is complete (first scan done, no update under way); true for a
  // path outside every folder. index_ready(): every folder's.
  bool index_ready_at(const std::filesystem::path& path) const;
  bool index_ready() const;
  // The folders still being indexed, with their progress, for messages.
  std::string describe_indexing() const;
  // Swaps in a freshly scanned vault for the folder at `root`.
  void set_vault(const std::filesystem::path& root, const std::shared_ptr<const Vault>& vault);
  // Brings files of the vault up to date with the disk (saved, closed, created, changed or
  // deleted): a note is re-parsed, a new file added, a vanished file or folder removed, a
  // folder that appeared or changed listed with the scan's rules (`options`: the ones the
  // folders were scanned with). One vault update per folder for the whole batch: for file
  // events rather than keystrokes. NeedsRescan when a folder cannot be listed on its own
  // (Vault::changes_under_folder); the rest of the batch is applied.
  enum class DiskChange { Updated, Unchanged, NeedsRescan };
  DiskChange refresh_from_disk(const std::vector<std::filesystem::path>& paths, const ScanOptions& options);
  // The same in two steps, so the reading and parsing (seconds for a `git pull`) runs off the
  // strand and only the commit on it: read_from_disk() on any thread, then commit_disk_read()
  // on the strand, batches in the order they were read.
  struct DiskRead {
    std::vector<std::pair<std::filesystem::path, Vault::FileChange>> changes;  // (folder root, change)
    bool needs_rescan = false;
  };
  DiskRead read_from_disk(const std::vector<std::filesystem::path>& paths, const ScanOptions& options) const;
  // `affects_other_notes` (when given): set when the commit may change the diagnostics of a
  // note other than the open ones — a file added or removed, a closed note's text changed. Not
  // set for open notes saved: their buffers were the truth already, for them and for every link.
  DiskChange commit_disk_read(DiskRead read, bool* affects_other_notes = nullptr);

  // Documents are found by their URI however it is spelled (uri_key: `%41` and `A`,
  // `file://localhost/`, `FILE:`, lowercase escapes).
  void open(std::shared_ptr<const Document> document);
  void close(const std::string& uri);
  std::shared_ptr<const Document> document(const std::string& uri) const;
  std::vector<std::shared_ptr<const Document>> documents() const;

  // The note behind `uri` as a request sees it, or nullopt when it is not open.
  std::optional<NoteSnapshot> snapshot(const std::string& uri) const;
  // The same for a document that is not open (read from disk for a one-off request).
  NoteSnapshot snapshot_of(std::shared_ptr<const Document> document) const;
  // The current vault (open buffers included) of the workspace folder whose root is `root`;
  // null when there is no such folder or its first scan has not finished.
  std::shared_ptr<const Vault> folder_vault(const std::filesystem::path& root) const;
  // The same for the innermost folder holding `path`; null outside every folder.
  std::shared_ptr<const Vault> vault_holding(const std::filesystem::path& path) const;

  // The folder holding `path` has listed it: its first scan finished and found the file.
  // True outside every folder (there is nothing to list it).
  bool has_listed(const std::filesystem::path& path) const;

  // A vault file's text: the open buffer when there is one, else the disk.
  std::optional<std::string> read_text(const Vault& vault, FileId id) const;
  // The same through a reader of that vault kept for a whole request (many files).
  std::optional<std::string> read_text(const Vault& vault, FileId id, const VaultFileReader& reader) const;
  // The URI for a vault file: the client's own spelling when the file is open.
  std::string uri_for(const Vault& vault, FileId id) const;
  // The open document at an absolute path, if any.
  std::shared_ptr<const Document> document_at(const std::filesystem::path& path) const;

  // The link settings every snapshot carries (lsp/link_settings.h).
  void set_query_environment(std::shared_ptr<const QueryEnvironment> options);
  std::shared_ptr<const QueryEnvironment> query_environment() const;

  // The note size cap (setting `index.maxNoteBytes`) for every read from disk after the
  // scan: file events, request reads. A bigger file is never loaded whole.
  void set_max_note_bytes(uint64_t max_bytes) { max_note_bytes_.store(max_bytes, std::memory_order_relaxed); }
  uint64_t max_note_bytes() const { return max_note_bytes_.load(std::memory_order_relaxed); }

  // The position encoding negotiated at initialize; every snapshot carries it.
  void set_position_encoding(PositionEncoding encoding) { encoding_.store(encoding, std::memory_order_relaxed); }
  PositionEncoding position_encoding() const { return encoding_.load(std::memory_order_relaxed); }

 private:
  struct Folder {
    std::filesystem::path root;
    std::shared_ptr<const Vault> scanned;  // null until the first scan finishes
    // `scanned` with the open buffers' parses, rebuilt lazily when generation_ moved on.
    mutable std::shared_ptr<const Vault> effective;
    mutable uint64_t effective_generation = 0;
    std::vector<UpdateTicket> updates;  // open update tickets
    std::string progress;
  };
  bool complete_locked(const Folder& folder) const;

  Folder* folder_of(const std::filesystem::path& path, std::string* vault_path);
  const Folder* folder_of(const std::filesystem::path& path, std::string* vault_path) const;
  // Both: call with mutex_ held.
  std::shared_ptr<const Vault> effective_vault(const Folder& folder) const;
  NoteSnapshot snapshot_locked(std::shared_ptr<const Document> document) const;
  // Outside mutex_: the alias index may have to be built.
  void attach_options(NoteSnapshot& snapshot) const;

  mutable std::mutex mutex_;
  std::vector<Folder> folders_;
  // By uri_key(): found however the client spells the URI; each keeps the spelling it was
  // opened with, which answers use.
  std::unordered_map<std::string, std::shared_ptr<const Document>> documents_;
  uint64_t generation_ = 1;  // bumped whenever an open buffer or a vault changes
  UpdateTicket next_ticket_ = 1;
  std::vector<UpdateTicket> workspace_updates_;  // open tickets on every folder
  std::shared_ptr<const Vault> empty_vault_;
  mutable std::mutex options_mutex_;
  std::shared_ptr<const QueryEnvironment> query_environment_ = std::make_shared<const QueryEnvironment>();
  std::atomic<uint64_t> max_note_bytes_{ScanOptions{}.max_note_bytes};
  std::atomic<PositionEncoding> encoding_{PositionEncoding::Utf16};
};

// Lexically normalised key for comparing paths.
std::string path_key(const std::filesystem::path& path);

}  // namespace slipbox::lsp
