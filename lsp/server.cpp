// Server: construction, the lifecycle (initialize, shutdown, exit), documents, settings,
// folders, and stdio. Indexing, pushed diagnostics and the request handlers are in
// server_indexing.cpp, server_diagnostics.cpp and server_requests.cpp.
#include "lsp/server.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <future>
#include <thread>

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
  endpoint_.on_notification<DidOpenTextDocumentParams>("textDocument/didOpen",
                                                       [this](const auto& p) { on_did_open(p); });
  endpoint_.on_notification<DidChangeTextDocumentParams>("textDocument/didChange",
                                                         [this](const auto& p) { on_did_change(p); });
  endpoint_.on_notification<DidCloseTextDocumentParams>("textDocument/didClose",
                                                        [this](const auto& p) { on_did_close(p); });
  endpoint_.on_notification<DidSaveTextDocumentParams>("textDocument/didSave",
                                                       [this](const auto& p) { on_did_save(p); });
  endpoint_.on_notification<DidChangeConfigurationParams>("workspace/didChangeConfiguration",
                                                          [this](const auto& p) { on_did_change_configuration(p); });
  endpoint_.on_notification<DidChangeWatchedFilesParams>("workspace/didChangeWatchedFiles",
                                                         [this](const auto& p) { on_did_change_watched_files(p); });
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
  endpoint_.on_request<HoverParams, OrNull<Hover>>("textDocument/hover",
                                                   [this](const auto& p, auto r) { on_hover(p, std::move(r)); });
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
  endpoint_.on_request<InlayHintParams, std::vector<InlayHint>>(
      "textDocument/inlayHint", [this](const auto& p, auto r) { on_inlay_hint(p, std::move(r)); });
  rescan_timer_ = std::make_unique<Debouncer>(scheduler_.strand(), options_.rescan_delay);
  index_cache_timer_ =
      std::make_unique<Debouncer>(scheduler_.strand(), options_.cache_write_delay, Debouncer::Edge::TrailingOnly);
  endpoint_.on_shutdown_received([this] { on_shutdown_received(); });
  // A request waiting for a link graph (Need::NoteGraph) runs once one is built, on whichever
  // thread built it (the warm-up, or a request that needed it at once).
  indexes_.graphs.on_built([this] { readiness_.recheck(); });
  if (options_.local_time) {
    auto query_environment = std::make_shared<QueryEnvironment>(*workspace_.query_environment());
    query_environment->local_time = options_.local_time;
    workspace_.set_query_environment(std::move(query_environment));
  }
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
    if (auto path = path_from_uri(folder.uri))
      roots.push_back(*path);
    else
      log_.warning("ignoring workspace folder " + folder.uri + ": not a file URI");
  }
  if (roots.empty() && params.rootUri) {
    if (auto path = path_from_uri(*params.rootUri))
      roots.push_back(*path);
    else
      log_.warning("ignoring rootUri " + *params.rootUri + ": not a file URI");
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

  // The log reaches the client from here on (window/logMessage may come before the answer).
  log_.set_client_sink([this](Logger::Level level, const std::string& message) {
    endpoint_.notify("window/logMessage", json{{"type", static_cast<int>(level)}, {"message", message}});
  });
  // An editor that dies leaves its server reading a pipe nobody closes. A processId we cannot
  // see (an editor outside our container) is not monitored: it would look dead at once.
  // Decided before the answer, so whoever reads the log after it knows.
  if (params.processId && options_.on_parent_gone) {
    if (ParentProcessMonitor::alive(*params.processId))
      parent_monitor_ = std::make_unique<ParentProcessMonitor>(*params.processId, options_.parent_poll,
                                                               options_.on_parent_gone, options_.on_parent_alive);
    else
      log_.warning("the editor's process " + std::to_string(*params.processId) + " is not visible (" +
                   std::strerror(errno) + "): not monitored");
  }

  // Answer at once; the vault is indexed in the background.
  reply(InitializeResult{options_.version, pull_diagnostics_, workspace_.position_encoding()});
  for (const fs::path& root : workspace_.folders()) index_folder(root);
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

// ---- documents ---------------------------------------------------------------------------

void Server::on_did_open(const DidOpenTextDocumentParams& params) {
  const TextDocumentItem& item = params.textDocument;
  const auto path = path_from_uri(item.uri);
  workspace_.open(std::make_shared<const Document>(item.uri, path, item.version, item.text));
  cancel_typing_publish(item.uri);
  // A note its folder has not listed (created while the scan ran, or by a tool whose file
  // event never came, as with clients that watch no files): read like a file event, after
  // any scan under way, so that the vault has it. A file not on disk changes nothing.
  if (path && !workspace_.has_listed(*path)) apply_disk_changes({*path});
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
  const json& pushed =
      params.settings.is_object() && params.settings.contains("slipbox") ? params.settings["slipbox"] : params.settings;
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
    index_caches_.erase(path_key(*root));
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
  bool hints_changed = false;
  {
    std::lock_guard lock(settings_mutex_);
    // index.exclude changed: the vaults were listed with the old globs (not at initialize,
    // where the folders are not set yet and the first scan follows).
    if ((settings_->exclude != settings->exclude || settings_->follow_symlinks != settings->follow_symlinks) &&
        !workspace_.folders().empty())
      schedule_rescan();
    workspace_.set_query_environment(make_query_environment(*settings, workspace_.query_environment()));
    hints_changed = settings_->inlay_hint_embeds != settings->inlay_hint_embeds ||
                    settings_->inlay_hint_ambiguous_links != settings->inlay_hint_ambiguous_links;
    settings_ = std::move(settings);
  }
  // Hints switched on or off: the editor asks again (hints switched off are cleared so).
  if (hints_changed && initialized_ && client_.inlay_hint_refresh) request_refresh(inlay_hint_refresh_);
  if (!problems.empty()) log_.warning(problems);
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
  const bool got_exit = transport.read_loop([server](const std::string& body) { return server->handle_message(body); },
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
