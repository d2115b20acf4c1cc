#include "lsp/server.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <future>
#include <thread>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "lsp/convert.h"
#include "lsp/features.h"
#include "lsp/progress.h"
#include "lsp/uri.h"

namespace slipbox::lsp {

namespace fs = std::filesystem;

namespace {

unsigned request_threads(unsigned wanted) {
  if (wanted) return wanted;
  const unsigned cores = std::thread::hardware_concurrency();
  return cores ? cores : 2;
}

// Closed files are read only inside a workspace folder, symlinks followed: a request for
// any other path must not make the server read, parse and echo a file elsewhere.
bool inside_a_folder_on_disk(const Workspace& workspace, const fs::path& path) {
  std::error_code error;
  const fs::path real = fs::canonical(path, error);
  if (error) return false;
  for (const fs::path& root : workspace.folders()) {
    const fs::path real_root = fs::canonical(root, error);
    if (error) continue;
    const fs::path relative = real.lexically_relative(real_root);
    if (!relative.empty() && *relative.begin() != "..") return true;
  }
  return false;
}

std::shared_ptr<const Document> read_closed_document(const Workspace& workspace, const std::string& uri) {
  const auto path = path_from_uri(uri);
  if (!path || !inside_a_folder_on_disk(workspace, *path)) return nullptr;
  // Over the size cap: not loaded (the request gets an empty answer).
  auto text = read_file_text(*path, workspace.max_note_bytes(), nullptr);
  if (!text) return nullptr;
  return std::make_shared<const Document>(uri, path, 0, std::move(*text));
}

}  // namespace

Server::Server(Transport& transport, Logger& log, ServerOptions options)
    : options_(std::move(options)),
      log_(log),
      scheduler_(request_threads(options_.threads), [&log](const std::string& message) { log.error(message); }),
      endpoint_(transport, scheduler_, log),
      readiness_(scheduler_) {
  using W = Endpoint::Where;
  // Lifecycle and state changes run on the strand, in order; queries go to the pool.
  endpoint_.on_request<InitializeParams, InitializeResult>(
      "initialize", [this](const auto& p, auto r) { on_initialize(p, std::move(r)); }, W::Ordered);
  endpoint_.on_request<NoParams, NullResult>(
      "shutdown", [this](const auto& p, auto r) { on_shutdown(p, std::move(r)); }, W::Ordered);
  endpoint_.on_notification<NoParams>("initialized", [this](const auto& p) { on_initialized(p); });
  endpoint_.on_notification<DidOpenTextDocumentParams>("textDocument/didOpen", [this](const auto& p) { on_did_open(p); });
  endpoint_.on_notification<DidChangeTextDocumentParams>("textDocument/didChange", [this](const auto& p) { on_did_change(p); });
  endpoint_.on_notification<DidCloseTextDocumentParams>("textDocument/didClose", [this](const auto& p) { on_did_close(p); });
  endpoint_.on_notification<DidSaveTextDocumentParams>("textDocument/didSave", [this](const auto& p) { on_did_save(p); });
  endpoint_.on_notification<DidChangeConfigurationParams>(
      "workspace/didChangeConfiguration", [this](const auto& p) { on_did_change_configuration(p); });
  endpoint_.on_notification<DidChangeWatchedFilesParams>(
      "workspace/didChangeWatchedFiles", [this](const auto& p) { on_did_change_watched_files(p); });
  endpoint_.on_notification<DidChangeWorkspaceFoldersParams>(
      "workspace/didChangeWorkspaceFolders", [this](const auto& p) { on_did_change_workspace_folders(p); });
  endpoint_.on_request<DocumentDiagnosticParams, DocumentDiagnosticReport>(
      "textDocument/diagnostic", [this](const auto& p, auto r) { on_document_diagnostic(p, std::move(r)); });
  endpoint_.on_request<WorkspaceDiagnosticParams, WorkspaceDiagnosticReport>(
      "workspace/diagnostic", [this](const auto& p, auto r) { on_workspace_diagnostic(p, std::move(r)); });
  endpoint_.on_request<CompletionParams, CompletionList>(
      "textDocument/completion", [this](const auto& p, auto r) { on_completion(p, std::move(r)); });
  endpoint_.on_request<DefinitionParams, OrNull<Location>>(
      "textDocument/definition", [this](const auto& p, auto r) { on_definition(p, std::move(r)); });
  endpoint_.on_request<HoverParams, OrNull<Hover>>(
      "textDocument/hover", [this](const auto& p, auto r) { on_hover(p, std::move(r)); });
  endpoint_.on_request<ReferenceParams, std::vector<Location>>(
      "textDocument/references", [this](const auto& p, auto r) { on_references(p, std::move(r)); });
  endpoint_.on_request<DocumentSymbolParams, DocumentSymbolResult>(
      "textDocument/documentSymbol", [this](const auto& p, auto r) { on_document_symbol(p, std::move(r)); });
  endpoint_.on_request<WorkspaceSymbolParams, std::vector<SymbolInformation>>(
      "workspace/symbol", [this](const auto& p, auto r) { on_workspace_symbol(p, std::move(r)); });
  endpoint_.on_request<DocumentLinkParams, std::vector<DocumentLink>>(
      "textDocument/documentLink", [this](const auto& p, auto r) { on_document_link(p, std::move(r)); });
  endpoint_.on_request<CodeActionParams, std::vector<CodeAction>>(
      "textDocument/codeAction", [this](const auto& p, auto r) { on_code_action(p, std::move(r)); });
  endpoint_.on_request<ExecuteCommandParams, NullResult>(
      "workspace/executeCommand", [this](const auto& p, auto r) { on_execute_command(p, std::move(r)); });
  endpoint_.on_request<PrepareRenameParams, OrNull<PrepareRenameResult>>(
      "textDocument/prepareRename", [this](const auto& p, auto r) { on_prepare_rename(p, std::move(r)); });
  endpoint_.on_request<RenameParams, OrNull<WorkspaceEdit>>(
      "textDocument/rename", [this](const auto& p, auto r) { on_rename(p, std::move(r)); });
  endpoint_.on_request<RenameFilesParams, OrNull<WorkspaceEdit>>(
      "workspace/willRenameFiles", [this](const auto& p, auto r) { on_will_rename_files(p, std::move(r)); });
  // Ordered: reads the configuration, which lives on the strand.
  endpoint_.on_request<CodeLensParams, std::vector<CodeLens>>(
      "textDocument/codeLens", [this](const auto& p, auto r) { on_code_lens(p, std::move(r)); }, W::Ordered);
  endpoint_.on_request<FoldingRangeParams, std::vector<FoldingRange>>(
      "textDocument/foldingRange", [this](const auto& p, auto r) { on_folding_range(p, std::move(r)); });
  endpoint_.on_request<SelectionRangeParams, std::vector<SelectionRange>>(
      "textDocument/selectionRange", [this](const auto& p, auto r) { on_selection_range(p, std::move(r)); });
  endpoint_.on_request<SemanticTokensParams, SemanticTokens>(
      "textDocument/semanticTokens/full", [this](const auto& p, auto r) { on_semantic_tokens(p, std::move(r)); });
  endpoint_.on_request<SemanticTokensParams, SemanticTokens>(
      "textDocument/semanticTokens/range", [this](const auto& p, auto r) { on_semantic_tokens(p, std::move(r)); });
  rescan_timer_ = std::make_unique<Debouncer>(scheduler_.strand(), options_.rescan_delay);
  endpoint_.on_shutdown_received([this] { on_shutdown_received(); });
  // A request waiting for a link graph (Need::NoteGraph) runs once one is built, on whichever
  // thread built it (the warm-up, or a request that needed it at once).
  indexes_.graphs.on_built([this] { readiness_.recheck(); });
}

Server::~Server() { stop(); }

void Server::drain(std::chrono::milliseconds patience) {
  endpoint_.wait_idle(patience);
  auto done = std::make_shared<std::promise<void>>();
  auto future = done->get_future();
  scheduler_.ordered([done] { done->set_value(); });
  future.wait_for(patience);
}

void Server::close() {
  log_.set_client_sink(nullptr);
  endpoint_.close();
}

void Server::stop() {
  stop_waiting();
  if (parent_monitor_) parent_monitor_->stop();
  if (watcher_) watcher_->stop();
  close();
  scheduler_.stop();
}

// ---- lifecycle -------------------------------------------------------------------------

void Server::on_initialize(const InitializeParams& params, Reply<InitializeResult> reply) {
  std::vector<fs::path> roots;
  for (const WorkspaceFolder& folder : params.workspaceFolders) {
    if (auto path = path_from_uri(folder.uri)) roots.push_back(*path);
    else log_.warning("ignoring workspace folder " + folder.uri + ": not a file URI");
  }
  if (roots.empty() && params.rootUri) {
    if (auto path = path_from_uri(*params.rootUri)) roots.push_back(*path);
    else log_.warning("ignoring rootUri " + *params.rootUri + ": not a file URI");
  }
  if (roots.empty() && params.rootPath && !params.rootPath->empty()) roots.push_back(*params.rootPath);

  client_ = params.capabilities;
  // Columns in bytes when the client can take them (no UTF-16 counting), else LSP's UTF-16.
  workspace_.set_position_encoding(client_.utf8_positions ? PositionEncoding::Utf8 : PositionEncoding::Utf16);
  // A client that pulls diagnostics gets them only that way (pushed too, VS Code shows them
  // twice) — if it can be told to pull again when the index arrives or a file changes on
  // disk (refreshSupport; Neovim 0.10 cannot): else it is pushed to, as before.
  pull_diagnostics_ = client_.pull_diagnostics && client_.diagnostics_refresh;
  initialization_options_ = params.initializationOptions;
  rebuild_settings();
  workspace_.set_folders(roots);

  // Answer at once; the vault is indexed in the background.
  reply(InitializeResult{options_.version, pull_diagnostics_, workspace_.position_encoding()});
  log_.set_client_sink([this](Logger::Level level, const std::string& message) {
    endpoint_.notify("window/logMessage", json{{"type", static_cast<int>(level)}, {"message", message}});
  });
  for (const fs::path& root : workspace_.folders()) index_folder(root);
  // An editor that dies leaves its server reading a pipe nobody closes. A processId we cannot
  // see (an editor outside our container) is not monitored: it would look dead at once.
  if (params.processId && options_.on_parent_gone) {
    if (ParentProcessMonitor::alive(*params.processId))
      parent_monitor_ = std::make_unique<ParentProcessMonitor>(*params.processId, options_.parent_poll, options_.on_parent_gone);
    else
      log_.warning("the editor's process " + std::to_string(*params.processId) + " is not visible (" +
                   std::strerror(errno) + "): not monitored");
  }
}

void Server::request_configuration(std::function<void()> answered) {
  endpoint_.call("workspace/configuration", json{{"items", json::array({json{{"section", "slipbox"}}})}},
                 [this, answered](const std::optional<json>& result, const std::optional<json>& error) {
                   if (!error && result && result->is_array() && !result->empty()) {
                     client_configuration_ = (*result)[0];
                     rebuild_settings();  // a rescan it starts takes its own ticket first
                     publish_all_diagnostics();
                   }
                   if (answered) answered();
                 });
}

void Server::on_initialized(const NoParams&) {
  if (std::exchange(initialized_, true)) return;  // a second `initialized` changes nothing
  if (client_.workspace_configuration) {
    // Until the client's settings arrive, an answer could come from the wrong ones (an
    // index.exclude not applied yet): requests wait for them too, for a few seconds at most.
    const Workspace::UpdateTicket ticket = workspace_.begin_update(std::nullopt);
    auto settled = std::make_shared<bool>(false);
    auto settle = [this, ticket, settled] {
      if (std::exchange(*settled, true)) return;
      finish_update(ticket);
    };
    auto timer = std::make_shared<boost::asio::steady_timer>(scheduler_.strand(), std::chrono::seconds(3));
    timer->async_wait([timer, settle](const boost::system::error_code& error) {
      if (!error) settle();
    });
    request_configuration(settle);
  }
  watch_files();  // lsp/server_watch.cpp
}

void Server::on_shutdown(const NoParams&, Reply<NullResult> reply) { reply(NullResult{}); }

void Server::on_shutdown_received() {
  // Reader thread. The endpoint answers `shutdown` once every earlier request is answered:
  // requests waiting for the index get a short grace (a scan about to finish answers them),
  // then the scans stop and whatever still waits fails, so shutdown is answered promptly.
  auto timer = std::make_shared<boost::asio::steady_timer>(scheduler_.strand(), options_.shutdown_grace);
  timer->async_wait([this, timer](const boost::system::error_code& error) {
    if (!error) stop_waiting();
  });
}

void Server::stop_waiting() {
  if (shutting_down_.exchange(true)) return;
  readiness_.fail_all("the server is shutting down");
}

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
      scheduler_.ordered([progress, percentage, message = std::move(message)] { progress->report(message, percentage); });
    };
    std::shared_ptr<const Vault> vault;
    try {
      vault = Vault::scan(root, scan_options);
    } catch (const std::exception& e) {
      log_.error("indexing " + root.string() + " failed: " + e.what());
    }
    const bool stopped = scan_options.cancelled();
    const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
    if (vault && !stopped) log_.info("indexed " + root.string() + ": " + std::to_string(vault->file_count()) + " files in " +
                                     std::to_string(elapsed.count()) + " ms");
    scheduler_.ordered([this, root, vault, progress, truncated, max_files = scan_options.max_files, ticket, cancelled] {
      const bool superseded = cancelled->load();
      if (const auto mine = scans_.find(path_key(root)); mine != scans_.end() && mine->second == cancelled) scans_.erase(mine);
      if (progress) progress->end(superseded ? "Stopped" : vault ? "Indexed " + std::to_string(vault->file_count()) + " files" : "Indexing failed");
      if (vault && !superseded) workspace_.set_vault(root, vault);
      // Waiting requests run now, on the new vault (a failed first scan leaves the folder
      // without one: they wait on until a rescan, or fail with "still indexing" at their deadline).
      finish_update(ticket);
      if (superseded) return;
      if (vault) {
        publish_all_diagnostics();
        request_code_lens_refresh();  // lenses asked for meanwhile were answered after the wait; others may show stale counts
        request_semantic_tokens_refresh();  // links coloured broken before the index may resolve now
        prepare_navigation();
      }
      // Once per folder: a home folder as a root must not freeze the editor, nor go unnoticed.
      if (vault && truncated && warned_capped_.insert(path_key(root)).second) {
        const std::string message = "Slipbox indexed only the first " + with_commas(max_files) + " files of " +
                                    root.string() + " (index.maxFiles). Links to the rest look broken. To index more, raise "
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

// ---- documents ---------------------------------------------------------------------------

void Server::on_did_open(const DidOpenTextDocumentParams& params) {
  const TextDocumentItem& item = params.textDocument;
  workspace_.open(std::make_shared<const Document>(item.uri, path_from_uri(item.uri), item.version, item.text));
  cancel_typing_publish(item.uri);
  if (!pull_diagnostics_) publish_diagnostics(item.uri);  // a pulling client asks itself
}

void Server::on_did_change(const DidChangeTextDocumentParams& params) {
  const auto previous = workspace_.document(params.textDocument.uri);
  if (!previous) {
    log_.warning("didChange for a document that is not open: " + params.textDocument.uri);
    return;
  }
  const std::string uri = previous->uri;  // the spelling it was opened with (answers use it)
  std::string text = previous->text;
  std::optional<uint32_t> cursor;
  for (const TextDocumentContentChangeEvent& change : params.contentChanges)
    cursor = apply_change(text, change, workspace_.position_encoding());
  workspace_.open(std::make_shared<const Document>(uri, previous->path, params.textDocument.version, std::move(text)));
  if (!pull_diagnostics_) schedule_diagnostics_after_typing(uri, cursor);
}

void Server::on_did_close(const DidCloseTextDocumentParams& params) {
  const auto previous = workspace_.document(params.textDocument.uri);
  const std::string uri = previous ? previous->uri : params.textDocument.uri;  // as it was opened
  workspace_.close(uri);
  diagnostics_timers_.erase(uri);
  typing_.erase(uri);
  endpoint_.notify("textDocument/publishDiagnostics", PublishDiagnosticsParams{uri, std::nullopt, {}});
  diagnostics_memos_.erase(uri);
  // The disk is the truth again for this note.
  if (previous && previous->path) apply_disk_changes({*previous->path});
}

void Server::on_did_save(const DidSaveTextDocumentParams& params) {
  // Saved: the diagnostics of what was typed are wanted now, not after the typing delay (when
  // they were published already, they are not sent again).
  if (const auto document = workspace_.document(params.textDocument.uri); document && !pull_diagnostics_)
    if (cancel_typing_publish(document->uri)) schedule_diagnostics(document->uri);
  if (const auto path = path_from_uri(params.textDocument.uri)) apply_disk_changes({*path});
}

void Server::on_did_change_configuration(const DidChangeConfigurationParams& params) {
  const json& pushed = params.settings.is_object() && params.settings.contains("slipbox") ? params.settings["slipbox"] : params.settings;
  if (pushed.is_object() && !pushed.empty()) {
    client_configuration_ = pushed;
    rebuild_settings();
    publish_all_diagnostics();
  }
  // Pull-model clients send empty settings and expect us to ask.
  if (client_.workspace_configuration) request_configuration();
}

void Server::on_did_change_watched_files(const DidChangeWatchedFilesParams& params) {
  std::vector<fs::path> paths;
  for (const FileEvent& event : params.changes)
    if (const auto path = path_from_uri(event.uri)) paths.push_back(*path);
  apply_disk_changes(paths);
}

void Server::on_did_change_workspace_folders(const DidChangeWorkspaceFoldersParams& params) {
  bool removed = false;
  for (const WorkspaceFolder& folder : params.removed) {
    const auto root = path_from_uri(folder.uri);
    if (!root || !workspace_.remove_folder(*root)) continue;
    warned_capped_.erase(path_key(*root));
    // Its scan stops: a removed 50,000-note folder must not hold up the next folder's index.
    if (const auto scan = scans_.find(path_key(*root)); scan != scans_.end()) scan->second->store(true);
    removed = true;
  }
  if (removed && watcher_) {
    // FileWatcher cannot drop one root: a new one watches the folders that are left.
    watcher_->stop();
    watcher_.reset();
    start_file_watcher();
  }
  // Open notes of a removed folder lose their vault-wide diagnostics (they are outside
  // every folder now, or in the folder around it).
  if (removed) {
    readiness_.recheck();  // requests that waited for it answer now
    publish_all_diagnostics();
  }
  for (const WorkspaceFolder& folder : params.added) {
    const auto root = path_from_uri(folder.uri);
    if (!root) {
      log_.warning("ignoring workspace folder " + folder.uri + ": not a file URI");
      continue;
    }
    if (!workspace_.add_folder(*root)) continue;
    if (watcher_ && !watcher_->add_root(*root)) log_.warning("cannot watch " + root->string() + " for changes");
    index_folder(*root);
  }
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
      }
      prepare_navigation();
    });
  });
}

// ---- settings ----------------------------------------------------------------------------

std::shared_ptr<const Settings> Server::settings() const {
  std::lock_guard lock(settings_mutex_);
  return settings_;
}

void Server::rebuild_settings() {
  // The client's configuration overrides initializationOptions; a new configuration
  // replaces the previous one (a setting the user removed falls back to the default).
  std::string problems;
  auto settings = std::make_shared<Settings>();
  settings->merge(initialization_options_, &problems);
  settings->merge(client_configuration_, &problems);
  workspace_.set_max_note_bytes(settings->max_note_bytes);
  {
    std::lock_guard lock(settings_mutex_);
    // index.exclude changed: the vaults were listed with the old globs (not at initialize,
    // where the folders are not set yet and the first scan follows).
    if ((settings_->exclude != settings->exclude || settings_->follow_symlinks != settings->follow_symlinks) &&
        !workspace_.folders().empty())
      schedule_rescan();
    workspace_.set_note_options(make_note_options(*settings, workspace_.note_options()));
    settings_ = std::move(settings);
  }
  if (!problems.empty()) log_.warning(problems);
}

// ---- diagnostics -------------------------------------------------------------------------

void Server::schedule_diagnostics(const std::string& uri) {
  auto& timer = diagnostics_timers_[uri];
  if (!timer) timer = std::make_unique<Coalescer>(scheduler_.strand(), options_.diagnostics_delay);
  timer->schedule([this, uri](Coalescer::Done done) { publish_diagnostics(uri, std::move(done)); });
}

void Server::schedule_diagnostics_after_typing(const std::string& uri, std::optional<uint32_t> cursor) {
  if (options_.typing_delay.count() <= 0) return schedule_diagnostics(uri);
  Typing& typing = typing_[uri];
  // Inside a link being written (find_completion_site: an unclosed `[[` or `](` before the
  // cursor on its line) the name is still being typed; one just closed is not.
  const bool was_in_link = std::exchange(typing.in_link, false);
  if (cursor)
    if (const auto document = workspace_.document(uri))
      typing.in_link = find_completion_site(document->text, *cursor).has_value();
  if (was_in_link && !typing.in_link && typing.pending) {  // the cursor left the link: publish now
    cancel_typing_publish(uri);
    return schedule_diagnostics(uri);
  }
  if (!typing.timer)
    typing.timer = std::make_unique<Debouncer>(scheduler_.strand(), options_.typing_delay, Debouncer::Edge::TrailingOnly);
  typing.pending = true;
  typing.timer->schedule([this, uri] {
    if (const auto found = typing_.find(uri); found != typing_.end()) found->second.pending = false;
    schedule_diagnostics(uri);
  });
}

bool Server::cancel_typing_publish(const std::string& uri) {
  const auto found = typing_.find(uri);
  if (found == typing_.end() || !found->second.pending) return false;
  found->second.pending = false;
  found->second.timer->cancel();
  return true;
}

void Server::publish_diagnostics(const std::string& uri, std::function<void()> done) {
  auto snapshot = workspace_.snapshot(uri);
  if (!snapshot || (snapshot->in_folder && !snapshot->vault_ready)) {  // published after indexing
    if (done) done();
    return;
  }
  auto& memo = diagnostics_memos_[uri];
  if (!memo) memo = std::make_shared<DiagnosticsMemo>();
  scheduler_.background([this, uri, snapshot = std::move(*snapshot), settings = settings(), done = std::move(done), memo] {
    std::vector<Diagnostic> found;
    try {
      found = diagnostics(snapshot, *settings, memo.get());
    } catch (...) {
      if (done) done();
      throw;  // logged by the scheduler
    }
    if (done) done();
    scheduler_.ordered([this, uri, document = snapshot.document, found = std::move(found)]() mutable {
      // A newer edit has its own run coming; a closed note keeps its cleared list.
      if (workspace_.document(uri) != document) return;
      endpoint_.notify("textDocument/publishDiagnostics",
                       PublishDiagnosticsParams{uri, document->version, std::move(found)});
    });
  });
}

void Server::publish_all_diagnostics() {
  if (pull_diagnostics_) return request_diagnostics_refresh();
  for (const auto& document : workspace_.documents()) publish_diagnostics(document->uri);
}

void Server::prepare_navigation() {
  // The per-table indexes (quick next to the link graph) at normal priority on the indexing
  // thread, idle once a scan is done: at nice 10 on a loaded machine they were late, and
  // completion scanned every name meanwhile. The link graph (the long build) on the
  // low-priority warm-up thread.
  prepare_table_indexes(workspace_, [this](std::function<void()> task) { scheduler_.indexing(std::move(task)); });
  prepare_navigation_indexes(workspace_, indexes_, [this](std::function<void()> task) { scheduler_.warm_up(std::move(task)); });
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

void Server::request_diagnostics_refresh() {
  if (client_.diagnostics_refresh) request_refresh(diagnostics_refresh_);
}

void Server::request_code_lens_refresh() {
  if (client_.code_lens_refresh && backlink_lenses_enabled()) request_refresh(code_lens_refresh_);
}

void Server::request_semantic_tokens_refresh() {
  if (client_.semantic_tokens_refresh) request_refresh(semantic_tokens_refresh_);
}

void Server::request_refresh(Refresh& refresh) {
  // Each refresh makes the client ask again for every visible note (and VS Code for the whole
  // workspace's diagnostics): one in flight at a time, at most one per refresh_spacing, the
  // last change of a burst always followed by one.
  if (refresh.in_flight) {
    refresh.again = true;
    return;
  }
  const auto now = std::chrono::steady_clock::now();
  const auto next_allowed = refresh.last_sent + options_.refresh_spacing;
  if (now < next_allowed) {
    if (refresh.timer_armed) return;
    refresh.timer_armed = true;
    if (!refresh.timer) refresh.timer = std::make_unique<boost::asio::steady_timer>(scheduler_.strand());
    refresh.timer->expires_at(next_allowed);
    refresh.timer->async_wait([this, &refresh](const boost::system::error_code& error) {
      if (error) return;
      refresh.timer_armed = false;
      request_refresh(refresh);
    });
    return;
  }
  refresh.in_flight = true;
  refresh.last_sent = now;
  endpoint_.call(refresh.method, nullptr, [this, &refresh](const std::optional<json>&, const std::optional<json>&) {
    refresh.in_flight = false;
    if (std::exchange(refresh.again, false)) request_refresh(refresh);
  });
}

// ---- queries -----------------------------------------------------------------------------

namespace {
// The note a query is about: the open buffer, else the file on disk.
std::optional<NoteSnapshot> note_for(const Workspace& workspace, const std::string& uri) {
  if (auto snapshot = workspace.snapshot(uri)) return snapshot;
  if (auto document = read_closed_document(workspace, uri)) return workspace.snapshot_of(std::move(document));
  return std::nullopt;
}
}  // namespace

bool Server::ready(Need need, const std::string& uri) {
  if (need == Need::WorkspaceIndex) return workspace_.index_ready();
  const auto path = path_from_uri(uri);
  if (!path) return true;  // no vault behind it: nothing to wait for
  if (!workspace_.index_ready_at(*path)) return false;
  if (need == Need::NoteIndex) return true;
  const auto vault = workspace_.vault_holding(*path);  // open buffers included
  if (!vault) return true;  // outside every folder
  if (indexes_.graphs.try_get(vault)) return true;
  // None ready, and maybe none under way (a build for an older file table was dropped): start one.
  indexes_.graphs.prepare(vault, [this](std::function<void()> task) { scheduler_.warm_up(std::move(task)); });
  return false;
}

template <typename Result>
void Server::when_ready(Need need, const std::string& uri, const Reply<Result>& reply, std::function<void()> answer) {
  const double wait_seconds = settings()->wait_seconds;
  Readiness::Waiter waiter;
  waiter.ready = [this, need, uri] { return ready(need, uri); };
  waiter.abandoned = [reply] { return reply.cancelled(); };
  waiter.run = [reply, answer = std::move(answer)] {
    try {
      answer();
    } catch (const RpcError& e) {
      reply.error(e);
    } catch (const std::exception& e) {
      reply.error(ErrorCode::InternalError, e.what());
    }
  };
  waiter.fail = [reply](const std::string& why) { reply.error(ErrorCode::RequestFailed, why); };
  waiter.describe_wait = [this, wait_seconds] {
    const std::string what = workspace_.describe_indexing();
    std::string seconds = std::to_string(wait_seconds);
    seconds.erase(seconds.find_last_not_of('0') + 1);
    if (seconds.ends_with('.')) seconds.pop_back();
    return "Slipbox is still indexing" + (what.empty() ? std::string(" (building the link graph)") : " (" + what + ")") +
           "; no answer within " + seconds + " s (setting index.waitSeconds). Try again in a moment.";
  };
  readiness_.wait(std::move(waiter), std::chrono::milliseconds(static_cast<int64_t>(wait_seconds * 1000)));
}

void Server::on_completion(const CompletionParams& params, Reply<CompletionList> reply) {
  const auto note = note_for(workspace_, params.textDocument.uri);
  if (!note) return reply(CompletionList{});
  // Completion never waits: it answers with what is known, and says when that is partial so
  // the client asks again on the next keystroke. Planned notes come from the link graph only
  // once it is built in the background.
  const auto graph = ready_link_graph(*note, indexes_);
  CompletionList list = completion(*note, params.position, graph.get(), &workspace_, &client_);
  if (!note->index_complete() || (note->in_folder && !graph)) list.isIncomplete = true;
  reply(list);
}

void Server::on_definition(const DefinitionParams& params, Reply<OrNull<Location>> reply) {
  when_ready(Need::NoteIndex, params.textDocument.uri, reply, [this, params, reply] {
    const auto note = note_for(workspace_, params.textDocument.uri);
    if (!note) return reply(OrNull<Location>{});
    reply(OrNull<Location>{definition(*note, params.position, workspace_)});
  });
}

void Server::on_hover(const HoverParams& params, Reply<OrNull<Hover>> reply) {
  when_ready(Need::NoteIndex, params.textDocument.uri, reply, [this, params, reply] {
    const auto note = note_for(workspace_, params.textDocument.uri);
    if (!note) return reply(OrNull<Hover>{});
    // Outside every folder there is no vault: a link to another note is neither shown nor "missing".
    if (!note->in_folder) {
      const Link* link = link_at(*note->document->parsed, cursor_offset(*note, params.position));
      if (link && !link->path().empty()) return reply(OrNull<Hover>{});
    }
    reply(OrNull<Hover>{hover(*note, params.position, workspace_, client_)});
  });
}

// ---- navigation --------------------------------------------------------------------------

void Server::on_references(const ReferenceParams& params, Reply<std::vector<Location>> reply) {
  when_ready(Need::NoteGraph, params.textDocument.uri, reply, [this, params, reply] {
    const auto note = note_for(workspace_, params.textDocument.uri);
    if (!note) return reply({});
    reply(references(*note, params, workspace_, indexes_));
  });
}

void Server::on_document_symbol(const DocumentSymbolParams& params, Reply<DocumentSymbolResult> reply) {
  const auto note = note_for(workspace_, params.textDocument.uri);
  if (!note) return reply(DocumentSymbolResult{});
  reply(document_symbols(*note, client_.hierarchical_symbols));
}

void Server::on_workspace_symbol(const WorkspaceSymbolParams& params, Reply<std::vector<SymbolInformation>> reply) {
  when_ready(Need::WorkspaceIndex, "", reply, [this, params, reply] {
    auto symbols = workspace_symbols(params.query, workspace_, indexes_);
    // Obsidian hides userIgnoreFilters ("Excluded files") in Search.
    hide_ignored_symbols(symbols, workspace_.folders(), *workspace_.note_options()->vault_settings);
    reply(std::move(symbols));
  });
}

void Server::on_document_link(const DocumentLinkParams& params, Reply<std::vector<DocumentLink>> reply) {
  // Editors keep document links until the next edit: links answered without the vault would
  // stay unclickable.
  when_ready(Need::NoteIndex, params.textDocument.uri, reply, [this, params, reply] {
    const auto note = note_for(workspace_, params.textDocument.uri);
    if (!note) return reply({});
    reply(document_links(*note, workspace_));
  });
}

void Server::on_code_action(const CodeActionParams& params, Reply<std::vector<CodeAction>> reply) {
  when_ready(Need::NoteIndex, params.textDocument.uri, reply, [this, params, reply] {
    const auto note = note_for(workspace_, params.textDocument.uri);
    if (!note) return reply({});
    reply(code_actions(*note, params, workspace_, client_));
  });
}

void Server::on_prepare_rename(const PrepareRenameParams& params, Reply<OrNull<PrepareRenameResult>> reply) {
  // Waits like rename, so the two never disagree.
  when_ready(Need::NoteGraph, params.textDocument.uri, reply, [this, params, reply] {
    const auto note = note_for(workspace_, params.textDocument.uri);
    if (!note) return reply(OrNull<PrepareRenameResult>{});
    reply(OrNull<PrepareRenameResult>{prepare_rename(*note, params.position)});
  });
}

void Server::on_rename(const RenameParams& params, Reply<OrNull<WorkspaceEdit>> reply) {
  when_ready(Need::NoteGraph, params.textDocument.uri, reply, [this, params, reply] {
    const auto note = note_for(workspace_, params.textDocument.uri);
    if (!note) return reply(OrNull<WorkspaceEdit>{});
    RenameOutcome outcome = rename(*note, params, workspace_, indexes_, client_);
    if (!outcome.error.empty()) return reply.error(ErrorCode::RequestFailed, outcome.error);
    reply(OrNull<WorkspaceEdit>{std::move(outcome.edit)});
  });
}

void Server::on_will_rename_files(const RenameFilesParams& params, Reply<OrNull<WorkspaceEdit>> reply) {
  // A null answer here lets the file move and every link to it break: wait for every folder
  // (the renamed files may lie in any), then for the graphs of the folders they lie in.
  when_ready(Need::WorkspaceIndex, "", reply, [this, params, reply] {
    reply(OrNull<WorkspaceEdit>{will_rename_files(params, workspace_, indexes_, client_)});
  });
}

bool Server::backlink_lenses_enabled() const {
  for (const json* options : {&client_configuration_, &initialization_options_}) {
    if (!options->is_object()) continue;
    const auto lens = options->find("codeLens");
    if (lens == options->end() || !lens->is_object()) continue;
    const auto backlinks = lens->find("backlinks");
    if (backlinks != lens->end() && backlinks->is_boolean()) return backlinks->get<bool>();
  }
  return false;  // off by default
}

void Server::on_code_lens(const CodeLensParams& params, Reply<std::vector<CodeLens>> reply) {
  if (!backlink_lenses_enabled()) return reply({});
  // The setting is read on the strand; the lenses are computed on the pool (the first may
  // wait for the vault's link graph).
  scheduler_.background([this, params, reply] {
    when_ready(Need::NoteGraph, params.textDocument.uri, reply, [this, params, reply] {
      const auto note = note_for(workspace_, params.textDocument.uri);
      if (!note) return reply({});
      reply(code_lenses(*note, workspace_, indexes_));
    });
  });
}

// ---- authoring (issue 16) ---------------------------------------------------------------

// Folding and selection need only the note itself: never wait for the vault.
void Server::on_folding_range(const FoldingRangeParams& params, Reply<std::vector<FoldingRange>> reply) {
  const auto note = note_for(workspace_, params.textDocument.uri);
  if (!note) return reply({});
  reply(folding_ranges(*note));
}

void Server::on_selection_range(const SelectionRangeParams& params, Reply<std::vector<SelectionRange>> reply) {
  const auto note = note_for(workspace_, params.textDocument.uri);
  if (!note) return reply({});
  reply(selection_ranges(*note, params.positions));
}

void Server::on_semantic_tokens(const SemanticTokensParams& params, Reply<SemanticTokens> reply) {
  // Waits for the index: a link coloured broken before it would stay so until the next edit.
  when_ready(Need::NoteIndex, params.textDocument.uri, reply, [this, params, reply] {
    const auto note = note_for(workspace_, params.textDocument.uri);
    if (!note) return reply(SemanticTokens{});
    reply(semantic_tokens(*note, params.range));
  });
}

// ---- pull diagnostics ------------------------------------------------------------------

void Server::on_document_diagnostic(const DocumentDiagnosticParams& params, Reply<DocumentDiagnosticReport> reply) {
  // An early empty answer could stay on screen (Neovim answers the refresh that follows the
  // index with a workspace pull only): the pull waits for the index like any request.
  when_ready(Need::NoteIndex, params.textDocument.uri, reply, [this, params, reply] {
    const auto note = note_for(workspace_, params.textDocument.uri);
    if (!note) return reply(DocumentDiagnosticReport{false, diagnostics_result_id({}), {}, {}, {}});
    reply(document_diagnostics(*note, *settings(), params.previousResultId));
  });
}

void Server::on_workspace_diagnostic(const WorkspaceDiagnosticParams& params, Reply<WorkspaceDiagnosticReport> reply) {
  when_ready(Need::WorkspaceIndex, "", reply, [this, params, reply] {
    auto report = workspace_diagnostics_.pull(workspace_, settings(), params, reply.cancel_token());
    if (!report) return;  // cancelled: the endpoint has answered
    reply(*report);
  });
}

// ---- stdio -------------------------------------------------------------------------------

int run_stdio_server(StdioTransport& transport, const std::string& version) {
  Logger log;
  ServerOptions options;
  options.version = version;
  Server* server = nullptr;  // set before any message is read, so before the monitor starts
  options.on_parent_gone = [&server, &log] {
    // As on EOF: answer what was asked, then leave (cli/main.cpp exits the same way).
    log.info("the editor's process is gone: exiting");
    server->drain(std::chrono::seconds(2));
    server->close();
    std::fflush(stderr);
    std::_Exit(1);
  };
  // Deliberately leaked: the process exits right after this returns, and destroying the
  // server would wait for a vault scan that cannot be interrupted.
  server = new Server(transport, log, options);
  const bool got_exit = transport.read_loop([server](std::string body) { return server->handle_message(body); },
                                            [&log](const std::string& message) { log.warning(message); });
  server->drain(std::chrono::seconds(2));
  server->close();
  if (!got_exit) {
    log.info("stdin closed without exit");
    return 1;
  }
  return server->exit_code();
}

}  // namespace slipbox::lsp
