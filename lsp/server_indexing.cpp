// Server: scanning folders, progress, rescans, file events read off the strand, and the link
// graphs built ahead of the requests that need them.
#include "lsp/server.h"

#include <filesystem>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "analysis/vault/index_cache.h"
#include "lsp/convert.h"
#include "lsp/features.h"
#include "lsp/progress.h"
#include "lsp/uri.h"

namespace slipbox::lsp {

namespace fs = std::filesystem;

// ---- indexing ----------------------------------------------------------------------------

namespace {
// 12345 → "12,345"
std::string with_commas(size_t n) {
  std::string digits = std::to_string(n);
  for (size_t i = digits.size(); i > 3; i -= 3) digits.insert(i - 3, ",");
  return digits;
}
}  // namespace

void Server::index_folder(const fs::path& root) {
  // Requests about the folder wait from now until the scan's vault is in (or it failed).
  const Workspace::UpdateTicket ticket = workspace_.begin_update(root);
  auto cancelled = std::make_shared<std::atomic<bool>>(false);
  auto& running = scans_[path_key(root)];
  if (running) running->store(true);  // superseded: its vault would be older than this one's
  running = cancelled;
  static std::atomic<uint64_t> tokens{0};
  std::shared_ptr<WorkDoneProgress> progress;
  if (client_.work_done_progress)
    progress = WorkDoneProgress::start(endpoint_, "slipbox/index/" + std::to_string(++tokens), "Slipbox",
                                       "Indexing " + root.filename().string());
  scheduler_.indexing([this, root, progress, ticket, cancelled] {
    const auto started = std::chrono::steady_clock::now();
    if (options_.before_scan) options_.before_scan();
    ScanOptions scan_options = listing_rules(*settings());
    bool truncated = false;
    scan_options.truncated = &truncated;
    scan_options.cancelled = [this, cancelled] { return cancelled->load() || shutting_down_.load(); };
    // "Indexing 12,345/100,000 notes", at most ten a second, to the client's progress and to
    // the message of a request that gives up waiting. The scan never calls this twice at
    // once, so `last` needs no lock.
    auto last = std::make_shared<std::chrono::steady_clock::time_point>();
    scan_options.progress = [this, root, progress, last](size_t parsed, size_t total) {
      const auto now = std::chrono::steady_clock::now();
      if (parsed != total && now - *last < std::chrono::milliseconds(100)) return;
      *last = now;
      std::string message = "Indexing " + with_commas(parsed) + "/" + with_commas(total) + " notes";
      workspace_.set_progress(root, message);
      if (!progress) return;
      const unsigned percentage = total ? static_cast<unsigned>(parsed * 100 / total) : 100;
      scheduler_.ordered(
          [progress, percentage, message = std::move(message)] { progress->report(message, percentage); });
    };
    // The persistent index: notes unchanged since it was written are not read again.
    std::shared_ptr<StampLedger> ledger;
    fs::path cache_file;
    size_t notes_from_cache = 0;
    std::shared_ptr<const IndexCache> cache;
    if (settings()->index_cache) cache_file = IndexCache::file_for(root);
    if (!cache_file.empty()) {
      ledger = std::make_shared<StampLedger>();
      try {
        // Info, not a warning: a cache from the previous version is discarded after every upgrade.
        cache = IndexCache::load(cache_file, root, [this](const std::string& line) { log_.info(line); });
      } catch (const std::exception& e) {
        log_.warning("index cache " + cache_file.string() + " cannot be read: " + e.what());
      }
      scan_options.cache = cache;
      scan_options.ledger = ledger;
      scan_options.notes_from_cache = &notes_from_cache;
    }
    std::shared_ptr<const Vault> vault;
    try {
      vault = Vault::scan(root, scan_options);
    } catch (const std::exception& e) {
      log_.error("indexing " + root.string() + " failed: " + e.what());
    }
    const bool stopped = scan_options.cancelled();
    const auto elapsed =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
    if (vault && !stopped)
      log_.info("indexed " + root.string() + ": " + std::to_string(vault->file_count()) + " files in " +
                std::to_string(elapsed.count()) + " ms" +
                (cache ? " (" + std::to_string(notes_from_cache) + " notes from the index cache)" : ""));
    // Saved again unless every note came from a cache that holds nothing else.
    size_t notes = 0;
    if (vault)
      for (FileId id = 0; id < vault->file_count(); ++id) notes += vault->note(id) != nullptr;
    const bool cache_current = cache && notes_from_cache == notes && cache->size() == notes;
    scheduler_.ordered([this, root, vault, progress, truncated, max_files = scan_options.max_files, ticket, cancelled,
                        ledger, cache_file, cache_current] {
      const bool superseded = cancelled->load();
      if (const auto mine = scans_.find(path_key(root)); mine != scans_.end() && mine->second == cancelled)
        scans_.erase(mine);
      if (progress)
        progress->end(superseded ? "Stopped"
                      : vault    ? "Indexed " + std::to_string(vault->file_count()) + " files"
                                 : "Indexing failed");
      if (vault && !superseded) {
        workspace_.set_vault(root, vault);
        if (ledger)
          index_caches_[path_key(root)] = IndexCacheState{root, cache_file, ledger};
        else
          index_caches_.erase(path_key(root));
      }
      // Waiting requests run now, on the new vault (a failed first scan leaves the folder
      // without one: they wait on until a rescan, or fail with "still indexing" at their deadline).
      finish_update(ticket);
      if (superseded) return;
      if (vault) {
        publish_all_diagnostics();
        request_code_lens_refresh();  // lenses asked for meanwhile were answered after the wait; others may show stale
                                      // counts
        request_semantic_tokens_refresh();  // links coloured broken before the index may resolve now
        request_inlay_hint_refresh();
        prepare_navigation();
        if (ledger && !cache_current) write_index_caches();
      }
      // Once per folder: a home folder as a root must not freeze the editor, nor go unnoticed.
      if (vault && truncated && warned_capped_.insert(path_key(root)).second) {
        const std::string message = "Slipbox indexed only the first " + with_commas(max_files) + " files of " +
                                    root.string() +
                                    " (index.maxFiles). Links to the rest look broken. To index more, raise "
                                    "\"index.maxFiles\" in the Slipbox settings, or open a smaller folder.";
        log_.warning(message);
        endpoint_.notify("window/showMessage", json{{"type", 2}, {"message", message}});
      }
    });
  });
}

ScanOptions Server::listing_rules(const Settings& settings) const {
  ScanOptions options;
  options.max_note_bytes = settings.max_note_bytes;
  if (auto globs = settings.exclude_globs)
    options.exclude = [globs](std::string_view path, bool is_folder) { return globs->excludes(path, is_folder); };
  options.max_files = settings.max_files;
  options.follow_symlinks = settings.follow_symlinks;
  options.log = [this](const std::string& message) { log_.info(message); };
  return options;
}

void Server::finish_update(Workspace::UpdateTicket ticket) {
  workspace_.end_update(ticket);
  readiness_.recheck();
}

void Server::schedule_rescan() {
  // Requests wait from now, not from when the debounce ends: they would answer from the
  // vault about to be replaced.
  if (!rescan_ticket_) rescan_ticket_ = workspace_.begin_update(std::nullopt);
  rescan_timer_->schedule([this] {
    for (const fs::path& root : workspace_.folders()) index_folder(root);
    if (rescan_ticket_) finish_update(*std::exchange(rescan_ticket_, std::nullopt));
  });
}

void Server::apply_disk_changes(std::vector<fs::path> paths) {
  if (paths.empty()) return;
  // One vault update for the whole batch (a git pull brings hundreds of events at once),
  // with the rules the folders were scanned with: what the scan left out stays out. Read and
  // parsed on the indexing thread (in order with scans and earlier batches), committed on the
  // strand; requests wait for the commit, other requests keep being served meanwhile.
  const Workspace::UpdateTicket ticket = workspace_.begin_update(std::nullopt);
  scheduler_.indexing([this, paths = std::move(paths), rules = listing_rules(*settings()), ticket] {
    auto read = std::make_shared<Workspace::DiskRead>();
    try {
      *read = workspace_.read_from_disk(paths, rules);
    } catch (const std::exception& e) {
      log_.error(std::string("reading changed files failed: ") + e.what());
    }
    scheduler_.ordered([this, read, ticket] {
      bool affects_others = false;
      Workspace::DiskChange change = Workspace::DiskChange::Unchanged;
      try {
        change = workspace_.commit_disk_read(std::move(*read), &affects_others);
      } catch (...) {
        finish_update(ticket);
        throw;  // logged by the scheduler
      }
      finish_update(ticket);
      if (change == Workspace::DiskChange::Unchanged) return;
      if (change == Workspace::DiskChange::NeedsRescan) schedule_rescan();  // a folder only a scan lists right
      // Other notes' links may resolve differently now (a file event, not a keystroke). An open
      // note saved changes nothing for anyone: its buffer was the truth already.
      if (affects_others) {
        publish_all_diagnostics();
        request_code_lens_refresh();
        request_semantic_tokens_refresh();
        request_inlay_hint_refresh();
      }
      prepare_navigation();
      schedule_index_cache_write();
    });
  });
}

void Server::schedule_index_cache_write() {
  if (index_caches_.empty()) return;
  index_cache_timer_->schedule([this] { write_index_caches(); });
}

void Server::write_index_caches() {
  for (const Workspace::FolderView& folder : workspace_.ready_folders()) {
    const auto state = index_caches_.find(path_key(folder.root));
    if (state == index_caches_.end() || !folder.scanned) continue;
    // Low priority, off the indexing thread: file events are read meanwhile.
    scheduler_.warm_up([this, vault = folder.scanned, file = state->second.file, ledger = state->second.ledger] {
      write_index_cache(file, *vault, *ledger, [this](const std::string& line) { log_.warning(line); });
    });
  }
}

void Server::prepare_navigation() {
  // The per-table indexes (quick next to the link graph) at normal priority on the indexing
  // thread, idle once a scan is done: at nice 10 on a loaded machine they were late, and
  // completion scanned every name meanwhile. The link graph (the long build) on the
  // low-priority warm-up thread.
  prepare_table_indexes(workspace_, [this](std::function<void()> task) { scheduler_.indexing(std::move(task)); });
  prepare_navigation_indexes(workspace_, indexes_,
                             [this](std::function<void()> task) { scheduler_.warm_up(std::move(task)); });
  // Then hand the freed pages back. Each file event in a big vault frees a file table and
  // the indexes built on it, mostly small blocks scattered among live ones, which glibc keeps:
  // after a few created and deleted notes the server held about twice the memory it used
  // (bench/RESULTS.md, "File events at 100k"). Cheap, and on idle background threads.
  // Behind the builds of both threads (whichever finishes last frees the most); only the
  // latest request runs, so a burst of events trims once per thread at its end.
  const uint64_t request = ++trim_requests_;
  const auto trim = [this, request] {
#if defined(__GLIBC__)
    if (trim_requests_ == request) malloc_trim(0);
#endif
  };
  scheduler_.indexing(trim);
  scheduler_.warm_up(trim);
}

}  // namespace slipbox::lsp
