#include "lsp/workspace.h"

#include <algorithm>
#include <set>
#include <tuple>
#include <utility>

#include "analysis/text/unicode.h"
#include "analysis/vault/file_kinds.h"
#include "lsp/uri.h"

namespace slipbox::lsp {

namespace fs = std::filesystem;

std::string path_key(const fs::path& path) { return path.lexically_normal().generic_string(); }

namespace {

// The vault path of `path` under `root`, or nullopt when it is outside.
std::optional<std::string> relative_inside(const fs::path& root, const fs::path& path) {
  const fs::path relative = path.lexically_normal().lexically_relative(root.lexically_normal());
  if (relative.empty() || relative == ".") return std::nullopt;
  const auto first = relative.begin();
  if (first != relative.end() && *first == "..") return std::nullopt;
  return to_nfc(relative.generic_string());
}

}  // namespace

Document::Document(std::string uri, std::optional<fs::path> path, int64_t version, std::string text)
    : uri(std::move(uri)),
      path(std::move(path)),
      normal_path(this->path ? path_key(*this->path) : std::string()),
      version(version),
      text(std::move(text)),
      parsed(std::make_shared<const ParsedNote>(parse_note(this->text))),
      lines(this->text) {}

Workspace::Workspace() : empty_vault_(Vault::from_memory(fs::path("/"), {})) {}

void Workspace::set_folders(const std::vector<fs::path>& roots) {
  std::lock_guard lock(mutex_);
  folders_.clear();
  for (const auto& root : roots) folders_.push_back(Folder{root.lexically_normal(), nullptr, nullptr, 0, {}, {}});
  ++generation_;
}

std::vector<fs::path> Workspace::folders() const {
  std::lock_guard lock(mutex_);
  std::vector<fs::path> roots;
  for (const Folder& folder : folders_) roots.push_back(folder.root);
  return roots;
}

bool Workspace::add_folder(const fs::path& root) {
  std::lock_guard lock(mutex_);
  const std::string key = path_key(root);
  for (const Folder& folder : folders_)
    if (path_key(folder.root) == key) return false;
  folders_.push_back(Folder{root.lexically_normal(), nullptr, nullptr, 0, {}, {}});
  ++generation_;
  return true;
}

bool Workspace::remove_folder(const fs::path& root) {
  std::lock_guard lock(mutex_);
  const std::string key = path_key(root);
  const auto it =
      std::find_if(folders_.begin(), folders_.end(), [&](const Folder& f) { return path_key(f.root) == key; });
  if (it == folders_.end()) return false;
  folders_.erase(it);
  ++generation_;
  return true;
}

std::vector<Workspace::FolderView> Workspace::ready_folders() const {
  std::lock_guard lock(mutex_);
  std::vector<FolderView> views;
  for (const Folder& folder : folders_) {
    if (!folder.scanned) continue;
    FolderView view{folder.root, folder.scanned, effective_vault(folder), {}, {}};
    for (const Folder& other : folders_)
      if (&other != &folder)
        if (auto inner = relative_inside(folder.root, other.root)) view.nested.push_back(*inner);
    for (const auto& [uri, document] : documents_) {
      if (!document->path) continue;
      std::string vault_path;
      // Only notes this folder owns (the innermost folder wins).
      if (folder_of(*document->path, &vault_path) == &folder) view.open.push_back(vault_path);
    }
    views.push_back(std::move(view));
  }
  return views;
}

Workspace::UpdateTicket Workspace::begin_update(const std::optional<fs::path>& root) {
  std::lock_guard lock(mutex_);
  const UpdateTicket ticket = next_ticket_++;
  if (!root) {
    workspace_updates_.push_back(ticket);
    return ticket;
  }
  for (Folder& folder : folders_)
    if (path_key(folder.root) == path_key(*root)) folder.updates.push_back(ticket);
  return ticket;
}

void Workspace::end_update(UpdateTicket ticket) {
  std::lock_guard lock(mutex_);
  std::erase(workspace_updates_, ticket);
  for (Folder& folder : folders_) {
    std::erase(folder.updates, ticket);
    if (folder.updates.empty()) folder.progress.clear();
  }
}

void Workspace::set_progress(const fs::path& root, const std::string& message) {
  std::lock_guard lock(mutex_);
  for (Folder& folder : folders_)
    if (path_key(folder.root) == path_key(root)) folder.progress = message;
}

bool Workspace::complete_locked(const Folder& folder) const {
  return folder.scanned && folder.updates.empty() && workspace_updates_.empty();
}

bool Workspace::index_ready_at(const fs::path& path) const {
  std::lock_guard lock(mutex_);
  const Folder* folder = folder_of(path, nullptr);
  return !folder || complete_locked(*folder);
}

bool Workspace::index_ready() const {
  std::lock_guard lock(mutex_);
  for (const Folder& folder : folders_)
    if (!complete_locked(folder)) return false;
  return true;
}

std::string Workspace::describe_indexing() const {
  std::lock_guard lock(mutex_);
  std::string out;
  for (const Folder& folder : folders_) {
    if (complete_locked(folder)) continue;
    if (!out.empty()) out += "; ";
    out += folder.root.filename().empty() ? folder.root.string() : folder.root.filename().string();
    out += folder.progress.empty() ? (folder.scanned ? ": updating" : ": indexing") : ": " + folder.progress;
  }
  return out;
}

void Workspace::set_vault(const fs::path& root, const std::shared_ptr<const Vault>& vault) {
  std::lock_guard lock(mutex_);
  for (Folder& folder : folders_) {
    if (path_key(folder.root) != path_key(root)) continue;
    folder.scanned = vault;
  }
  ++generation_;
}

Workspace::DiskChange Workspace::refresh_from_disk(const std::vector<fs::path>& paths, const ScanOptions& options) {
  return commit_disk_read(read_from_disk(paths, options));
}

Workspace::DiskRead Workspace::read_from_disk(const std::vector<fs::path>& paths, const ScanOptions& options) const {
  bool needs_rescan = false;
  struct Event {
    fs::path path;
    fs::path root;                       // of the folder that owns it (the innermost)
    std::shared_ptr<const Vault> vault;  // that folder's
    std::string disk_path;               // vault-relative, as spelled on disk
    fs::file_status status;              // following symlinks
    bool outside = false;                // a file through a symlink out of the vault
  };
  std::vector<Event> folder_events, file_events;
  for (const fs::path& path : paths) {
    std::error_code error;
    const fs::file_status status = fs::status(path, error);
    Event event{path, {}, nullptr, {}, status, false};
    {
      std::lock_guard lock(mutex_);
      std::string vault_path;
      const Folder* folder = folder_of(path, &vault_path);
      if (!folder || !folder->scanned) continue;
      event.root = folder->root;
      event.vault = folder->scanned;
      event.disk_path = path.lexically_normal().lexically_relative(folder->root.lexically_normal()).generic_string();
      // A symlink to a file outside the vault is not part of it until a scan follows it (the
      // scan decides which symlinks are the vault's, docs/link-resolution.md §6): following symlinks, one that
      // appeared since the scan calls for one. Not following symlinks, no symlinked file is.
      if (fs::is_regular_file(status)) {
        std::error_code link_error;
        const bool symlink = fs::is_symlink(fs::symlink_status(path, link_error));
        event.outside = !folder->scanned->contains_on_disk(path) || (!options.follow_symlinks && symlink);
        if (event.outside && symlink && options.follow_symlinks) needs_rescan = true;
      }
    }
    // What the scan leaves out (hidden, node_modules, index.exclude) no event brings in.
    if (Vault::scan_skips(event.disk_path, fs::is_directory(status), options)) continue;
    (fs::is_directory(status) ? folder_events : file_events).push_back(std::move(event));
  }

  // Read and parse outside the lock: requests keep reading while the disk is slow.
  std::vector<std::pair<fs::path, Vault::FileChange>> changes;  // (folder root, change)
  // A folder appeared (created, moved in) or changed: list it as the scan would, instead of
  // rescanning the vault. Its files the batch also names are read once, by the listing; a
  // folder inside another one of the batch is listed with it.
  std::set<std::pair<std::string, std::string>> listed;  // (root, NFC vault path)
  std::sort(folder_events.begin(), folder_events.end(), [](const Event& a, const Event& b) {
    return std::tie(a.root, a.disk_path) < std::tie(b.root, b.disk_path);  // outer folders first
  });
  std::vector<const Event*> outer;
  for (const Event& event : folder_events) {
    if (std::any_of(outer.begin(), outer.end(), [&](const Event* other) {
          return other->root == event.root &&
                 (event.disk_path == other->disk_path || event.disk_path.starts_with(other->disk_path + "/"));
        }))
      continue;
    outer.push_back(&event);
    auto under = event.vault->changes_under_folder(event.disk_path, options);
    if (!under) {
      needs_rescan = true;  // only a whole scan lists it right (a symlinked folder, over the cap)
      continue;
    }
    for (Vault::FileChange& change : *under) {
      if (!change.removed) listed.emplace(path_key(event.root), to_nfc(change.vault_path));
      changes.emplace_back(event.root, std::move(change));
    }
  }
  for (Event& event : file_events) {
    if (listed.contains({path_key(event.root), to_nfc(event.disk_path)})) continue;
    Vault::FileChange change{event.disk_path, !fs::is_regular_file(event.status) || event.outside, nullptr};
    if (!change.removed && is_note_extension(file_extension(event.disk_path))) {
      bool too_big = false;
      const auto text = read_file_text(event.path, options.max_note_bytes, &too_big);
      if (!text && !too_big) continue;  // unreadable now: keep what the index has
      if (text)
        change.note = std::make_shared<const ParsedNote>(parse_note(*text));  // too big: by name only, as a scan does
    }
    changes.emplace_back(std::move(event.root), std::move(change));
  }

  return DiskRead{std::move(changes), needs_rescan};
}

// NOLINTNEXTLINE(performance-unnecessary-value-param): its changes are moved out (through a structured binding)
Workspace::DiskChange Workspace::commit_disk_read(DiskRead read, bool* affects_other_notes) {
  bool updated = false;
  bool affects_others = false;
  std::lock_guard lock(mutex_);
  for (Folder& folder : folders_) {
    if (!folder.scanned) continue;
    std::vector<Vault::FileChange> mine;
    for (auto& [root, change] : read.changes)
      if (root == folder.root) mine.push_back(std::move(change));
    if (mine.empty()) continue;
    if (!affects_others)
      for (const Vault::FileChange& change : mine) {
        const auto id = folder.scanned->find_path(change.vault_path);
        if (change.removed || !id) {
          affects_others = true;  // a name appears or goes
          break;
        }
        bool open = false;
        const fs::path path = folder.scanned->absolute_path(*id);
        for (const auto& [uri, document] : documents_)
          open = open || (document->path && path_key(*document->path) == path_key(path));
        if (open) continue;  // the buffer, not the disk, is what links see
        // A closed note's own diagnostics show in the workspace pull: unchanged only when the
        // text is (a touch, a copy with the same bytes).
        const ParsedNote* before = folder.scanned->note(*id);
        if (!before || !change.note || before->text_bytes != change.note->text_bytes ||
            before->text_hash != change.note->text_hash) {
          affects_others = true;
          break;
        }
      }
    if (auto vault = folder.scanned->with_changes(std::move(mine))) {
      folder.scanned = std::move(vault);
      updated = true;
    }
  }
  if (updated) ++generation_;
  if (affects_other_notes) *affects_other_notes = updated && affects_others;
  if (read.needs_rescan) return DiskChange::NeedsRescan;
  return updated ? DiskChange::Updated : DiskChange::Unchanged;
}

void Workspace::open(std::shared_ptr<const Document> document) {
  std::lock_guard lock(mutex_);
  documents_[uri_key(document->uri)] = std::move(document);
  ++generation_;
}

void Workspace::close(const std::string& uri) {
  std::lock_guard lock(mutex_);
  documents_.erase(uri_key(uri));
  ++generation_;
}

std::shared_ptr<const Document> Workspace::document(const std::string& uri) const {
  const std::string key = uri_key(uri);
  std::lock_guard lock(mutex_);
  const auto it = documents_.find(key);
  return it == documents_.end() ? nullptr : it->second;
}

std::vector<std::shared_ptr<const Document>> Workspace::documents() const {
  std::lock_guard lock(mutex_);
  std::vector<std::shared_ptr<const Document>> out;
  for (const auto& [uri, document] : documents_) out.push_back(document);
  return out;
}

const Workspace::Folder* Workspace::folder_of(const fs::path& path, std::string* vault_path) const {
  // The innermost folder wins when folders nest.
  const Folder* best = nullptr;
  size_t best_length = 0;
  for (const Folder& folder : folders_) {
    const auto relative = relative_inside(folder.root, path);
    if (!relative) continue;
    const size_t length = path_key(folder.root).size();
    if (!best || length > best_length) {
      best = &folder;
      best_length = length;
      if (vault_path) *vault_path = *relative;
    }
  }
  return best;
}

Workspace::Folder* Workspace::folder_of(const fs::path& path, std::string* vault_path) {
  return const_cast<Folder*>(std::as_const(*this).folder_of(path, vault_path));
}

std::shared_ptr<const Vault> Workspace::effective_vault(const Folder& folder) const {
  if (!folder.scanned) return nullptr;
  if (folder.effective && folder.effective_generation == generation_) return folder.effective;
  std::shared_ptr<const Vault> vault = folder.scanned;
  for (const auto& [uri, document] : documents_) {
    if (!document->path) continue;
    const auto relative = relative_inside(folder.root, *document->path);
    if (!relative) continue;
    const auto id = vault->find_path(*relative);
    if (!id || !vault->file(*id).is_note) continue;
    vault = vault->with_note(*id, document->parsed);
  }
  folder.effective = vault;
  folder.effective_generation = generation_;
  return vault;
}

std::optional<NoteSnapshot> Workspace::snapshot(const std::string& uri) const {
  std::optional<NoteSnapshot> snapshot;
  const std::string key = uri_key(uri);
  {
    std::lock_guard lock(mutex_);
    const auto it = documents_.find(key);
    if (it == documents_.end()) return std::nullopt;
    snapshot = snapshot_locked(it->second);
  }
  attach_options(*snapshot);
  return snapshot;
}

NoteSnapshot Workspace::snapshot_of(std::shared_ptr<const Document> document) const {
  NoteSnapshot snapshot;
  {
    std::lock_guard lock(mutex_);
    snapshot = snapshot_locked(std::move(document));
  }
  attach_options(snapshot);
  return snapshot;
}

std::shared_ptr<const Vault> Workspace::folder_vault(const fs::path& root) const {
  const std::string key = path_key(root);
  std::lock_guard lock(mutex_);
  for (const Folder& folder : folders_)
    if (path_key(folder.root) == key) return effective_vault(folder);
  return nullptr;
}

std::shared_ptr<const Vault> Workspace::vault_holding(const fs::path& path) const {
  std::lock_guard lock(mutex_);
  const Folder* folder = folder_of(path, nullptr);
  return folder ? effective_vault(*folder) : nullptr;
}

bool Workspace::has_listed(const fs::path& path) const {
  std::lock_guard lock(mutex_);
  std::string vault_path;
  const Folder* folder = folder_of(path, &vault_path);
  if (!folder) return true;
  return folder->scanned && folder->scanned->find_path(vault_path).has_value();
}

std::shared_ptr<const VaultSettings> NoteSnapshot::vault_settings() const {
  if (environment) return environment->vault_settings->get(vault->root());
  return std::make_shared<const VaultSettings>(read_vault_settings(vault->root()));
}

void Workspace::set_query_environment(std::shared_ptr<const QueryEnvironment> options) {
  if (!options) options = std::make_shared<const QueryEnvironment>();
  std::lock_guard lock(options_mutex_);
  query_environment_ = std::move(options);
}

std::shared_ptr<const QueryEnvironment> Workspace::query_environment() const {
  std::lock_guard lock(options_mutex_);
  return query_environment_;
}

void Workspace::attach_options(NoteSnapshot& snapshot) const {
  snapshot.environment = query_environment();
  snapshot.encoding = position_encoding();
  // Built once per file table and shared by later snapshots (AliasIndexCache).
  if (snapshot.environment->resolve_aliases && snapshot.vault_ready)
    snapshot.aliases = snapshot.environment->aliases->get(snapshot.vault);
}

NoteSnapshot Workspace::snapshot_locked(std::shared_ptr<const Document> document) const {
  NoteSnapshot snapshot;
  snapshot.document = std::move(document);
  snapshot.vault = empty_vault_;
  if (snapshot.document->path) {
    std::string vault_path;
    if (const Folder* folder = folder_of(*snapshot.document->path, &vault_path)) {
      snapshot.in_folder = true;
      snapshot.vault_path = vault_path;
      snapshot.indexing = !folder->updates.empty() || !workspace_updates_.empty();
      if (auto vault = effective_vault(*folder)) {
        snapshot.vault = std::move(vault);
        snapshot.vault_ready = true;
      }
    }
  }
  return snapshot;
}

std::shared_ptr<const Document> Workspace::document_at(const fs::path& path) const {
  std::lock_guard lock(mutex_);
  if (documents_.empty()) return nullptr;
  const std::string key = path_key(path);
  for (const auto& [uri, document] : documents_)
    if (document->path && document->normal_path == key) return document;
  return nullptr;
}

std::optional<std::string> Workspace::read_text(const Vault& vault, FileId id) const {
  return read_text(vault, id, VaultFileReader(vault));
}

std::optional<std::string> Workspace::read_text(const Vault& vault, FileId id, const VaultFileReader& reader) const {
  if (auto document = document_at(vault.absolute_path(id))) return document->text;
  // Never through a symlink made since the scan that leads out of the vault; a note over the
  // size cap is never loaded whole (hover, definition, references).
  return reader.read(id, max_note_bytes());
}

std::string Workspace::uri_for(const Vault& vault, FileId id) const {
  const fs::path path = vault.absolute_path(id);
  if (auto document = document_at(path)) return document->uri;
  return uri_from_path(path);
}

}  // namespace slipbox::lsp
