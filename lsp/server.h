#pragma once
#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>

#include <boost/asio/steady_timer.hpp>

#include "lsp/endpoint.h"
#include "lsp/features.h"
#include "lsp/file_watcher.h"
#include "lsp/logger.h"
#include "lsp/parent_process.h"
#include "lsp/protocol.h"
#include "lsp/pull_diagnostics.h"
#include "lsp/readiness.h"
#include "lsp/scheduler.h"
#include "lsp/settings.h"
#include "lsp/transport.h"
#include "lsp/workspace.h"

namespace slipbox::lsp {

struct ServerOptions {
  std::string version = "0.0.0";
  unsigned threads = 0;  // request threads; 0: one per core
  // Diagnostics of an edited note: at most one run in flight, runs start at least this far
  // apart (Coalescer); the last edit of a burst never waits for a quiet period.
  std::chrono::milliseconds diagnostics_delay{10};
  // Pushed diagnostics of the note being typed in wait this long after its last didChange
  // (a name typed inside `[[]]` is not reported letter by letter); didOpen and didSave publish
  // at once, and pulled diagnostics never wait. 0: no wait.
  std::chrono::milliseconds typing_delay{200};
  std::chrono::milliseconds rescan_delay{500};
  // Quiet time after file events before the index cache is written again.
  std::chrono::milliseconds cache_write_delay{3000};
  // workspace/diagnostic/refresh and workspace/codeLens/refresh: at most one per this interval.
  std::chrono::milliseconds refresh_spacing{1000};
  // After `shutdown` arrives, requests still waiting for the index get this long before they
  // fail and the scans stop (shutdown is answered once they are answered).
  std::chrono::milliseconds shutdown_grace{300};
  // Tests: runs on the indexing thread before each scan (holds a scan to observe the waits).
  std::function<void()> before_scan;
  // How long client/registerCapability (file watching) may go unanswered before the server
  // watches the folders itself.
  std::chrono::milliseconds registration_patience{5000};
  // The editor's process (initialize's processId) is polled this often; when it is gone,
  // `on_parent_gone` runs (on the monitor's thread). Not set: no monitoring.
  std::chrono::milliseconds parent_poll{2000};
  std::function<void()> on_parent_gone;
  std::function<void()> on_parent_alive;  // after every check that found it (tests)
  // Tests: the wall clock for daily notes and templates (unset: the machine's local time).
  std::function<LocalDateTime()> local_time;
};

// The language server: one short handler per LSP method, translating protocol to analysis
// queries (see features.h). Owns the scheduler, the JSON-RPC endpoint and the workspace.
class Server {
 public:
  Server(Transport& transport, Logger& log, ServerOptions options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Reader thread: one message body. Returns false once `exit` arrived.
  bool handle_message(std::string_view body) { return endpoint_.handle_message(body); }
  // Waits (at most `patience` each) until every request received so far is answered and
  // everything queued on the strand has run, so requests (and a `shutdown`) pipelined right
  // before `exit` still get their answers.
  void drain(std::chrono::milliseconds patience);
  // After exit (or EOF): nothing more is sent to the client.
  void close();
  // close(), then finish the worker threads (waits for a running vault scan).
  void stop();
  int exit_code() const { return endpoint_.exit_code(); }

 private:
  void on_initialize(const InitializeParams& params, Reply<InitializeResult> reply);
  void on_initialized(const NoParams&);
  void on_shutdown(const NoParams&, Reply<NullResult> reply);
  void on_did_open(const DidOpenTextDocumentParams& params);
  void on_did_change(const DidChangeTextDocumentParams& params);
  void on_did_close(const DidCloseTextDocumentParams& params);
  void on_did_save(const DidSaveTextDocumentParams& params);
  void on_did_change_configuration(const DidChangeConfigurationParams& params);
  void on_did_change_watched_files(const DidChangeWatchedFilesParams& params);
  void on_did_change_workspace_folders(const DidChangeWorkspaceFoldersParams& params);
  // Pull diagnostics (lsp/pull_diagnostics.h), for clients that declare textDocument.diagnostic.
  void on_document_diagnostic(const DocumentDiagnosticParams& params, Reply<DocumentDiagnosticReport> reply);
  void on_workspace_diagnostic(const WorkspaceDiagnosticParams& params, Reply<WorkspaceDiagnosticReport> reply);
  // Pull clients are asked to pull again (workspace/diagnostic/refresh) instead of being pushed
  // to, and clients that show code lenses to ask for them again: at most one of each per
  // refresh_spacing, never two in flight.
  void request_diagnostics_refresh();
  void request_code_lens_refresh();
  struct Refresh;
  void request_refresh(Refresh& refresh);
  void on_completion(const CompletionParams& params, Reply<CompletionList> reply);
  void on_definition(const DefinitionParams& params, Reply<OrNull<Location>> reply);
  void on_hover(const HoverParams& params, Reply<OrNull<Hover>> reply);
  // Navigation: lsp/feature_references.cpp, feature_symbols.cpp, feature_document_links.cpp.
  void on_references(const ReferenceParams& params, Reply<std::vector<Location>> reply);
  void on_document_symbol(const DocumentSymbolParams& params, Reply<DocumentSymbolResult> reply);
  void on_workspace_symbol(const WorkspaceSymbolParams& params, Reply<std::vector<SymbolInformation>> reply);
  void on_document_link(const DocumentLinkParams& params, Reply<std::vector<DocumentLink>> reply);
  void on_code_action(const CodeActionParams& params, Reply<std::vector<CodeAction>> reply);
  // Code actions sent as Commands come back here (lsp/feature_execute_command.cpp).
  void on_execute_command(const ExecuteCommandParams& params, Reply<NullResult> reply);
  // slipbox.openDailyNote (lsp/feature_daily_notes.cpp).
  void open_daily_note(const ExecuteCommandParams& params, Reply<NullResult> reply);
  void on_prepare_rename(const PrepareRenameParams& params, Reply<OrNull<PrepareRenameResult>> reply);
  void on_rename(const RenameParams& params, Reply<OrNull<WorkspaceEdit>> reply);
  void on_will_rename_files(const RenameFilesParams& params, Reply<OrNull<WorkspaceEdit>> reply);
  void on_code_lens(const CodeLensParams& params, Reply<std::vector<CodeLens>> reply);
  // Authoring: lsp/feature_folding.cpp.
  void on_folding_range(const FoldingRangeParams& params, Reply<std::vector<FoldingRange>> reply);
  void on_selection_range(const SelectionRangeParams& params, Reply<std::vector<SelectionRange>> reply);
  // lsp/feature_semantic_tokens.cpp; full and range. Clients with refreshSupport are asked
  // again (workspace/semanticTokens/refresh) when the index arrives or other notes change.
  void on_semantic_tokens(const SemanticTokensParams& params, Reply<SemanticTokens> reply);
  void request_semantic_tokens_refresh();
  // lsp/feature_inlay_hints.cpp; refreshed (workspace/inlayHint/refresh) like semantic tokens.
  void on_inlay_hint(const InlayHintParams& params, Reply<std::vector<InlayHint>> reply);
  void request_inlay_hint_refresh();
  // `codeLens.backlinks` in the client's configuration or initializationOptions (strand only).
  bool backlink_lenses_enabled() const;

  // Diagnostics: computed on the pool, published from the strand if still current.
  // `done` (when given) is called once the computation is over (the coalescer's in-flight run).
  void publish_diagnostics(const std::string& uri, std::function<void()> done = nullptr);
  // After a didChange (`cursor`: where its last edit ends, nullopt for a whole-text change):
  // schedule_diagnostics once typing_delay has passed without another, or at once when the
  // edit takes the cursor out of the link it was typing in (`]]` typed, or text after it).
  void schedule_diagnostics_after_typing(const std::string& uri, std::optional<uint32_t> cursor);
  // Drops a publish still waiting for typing_delay (didOpen, didSave, didClose replace it);
  // true when there was one.
  bool cancel_typing_publish(const std::string& uri);
  void publish_all_diagnostics();
  // What a request needs before it can answer correctly (lsp/readiness.h).
  enum class Need {
    NoteIndex,       // the vault of the note's folder, complete
    NoteGraph,       // … and its link graph (backlinks)
    WorkspaceIndex,  // every folder's vault, complete
  };
  // Runs `answer` (on a pool thread) once `need` holds for the note at `uri`; answers
  // RequestFailed past the `index.waitSeconds` setting or at shutdown; drops a cancelled request.
  template <typename Result>
  void when_ready(Need need, const std::string& uri, const Reply<Result>& reply, std::function<void()> answer);
  bool ready(Need need, const std::string& uri);
  // Ends an update ticket and releases the requests that waited for it (strand).
  void finish_update(Workspace::UpdateTicket ticket);
  // Shutdown arrived: after shutdown_grace, stop_waiting().
  void on_shutdown_received();
  // Scans stop; requests waiting for the index fail, and later ones at once.
  void stop_waiting();
  void schedule_diagnostics(const std::string& uri);
  void index_folder(const std::filesystem::path& root);
  // What a scan lists and reads (index.exclude, index.maxFiles, index.maxNoteBytes): for the
  // scans and for the files and folders events bring in afterwards.
  ScanOptions listing_rules(const Settings& settings) const;
  void schedule_rescan();
  // Saves every folder's index to its cache file (index.cache), on the warm-up thread: at
  // once after a scan, debounced after file events.
  void write_index_caches();
  void schedule_index_cache_write();
  // Files saved, closed or changed on disk (client events or inotify), as one batch.
  void apply_disk_changes(std::vector<std::filesystem::path> paths);
  // Link graph and symbol index of each folder, built in the background when its files changed.
  void prepare_navigation();
  // File watching (lsp/server_watch.cpp): registered with the client when it can watch; the
  // server's own inotify watcher when it cannot, refuses, or does not answer in time.
  void watch_files();
  void start_file_watcher();
  void on_file_events(std::vector<FileWatcher::Event> events);
  // `answered`: on the strand once the client answered (or refused).
  void request_configuration(std::function<void()> answered = nullptr);

  std::shared_ptr<const Settings> settings() const;
  void rebuild_settings();

  ServerOptions options_;
  Logger& log_;
  Scheduler scheduler_;
  Endpoint endpoint_;
  Readiness readiness_;
  Workspace workspace_;
  NavigationIndexes indexes_;                   // backlinks and symbols, cached per vault snapshot
  std::atomic<uint64_t> trim_requests_{0};      // prepare_navigation calls: the last one trims
  WorkspaceDiagnostics workspace_diagnostics_;  // closed notes' results between pulls
  // Strand-only, down to rescan_ticket_: whether the client pulls diagnostics, the refresh
  // requests, the folders warned about index.maxFiles, the scans under way.
  bool pull_diagnostics_ = false;  // the client pulls: nothing is pushed
  struct Refresh {
    explicit Refresh(std::string method) : method(std::move(method)) {}
    std::string method;
    bool in_flight = false;  // sent, not answered yet
    bool again = false;      // … and something changed since it was sent
    bool timer_armed = false;
    std::chrono::steady_clock::time_point last_sent{};
    std::unique_ptr<boost::asio::steady_timer> timer;  // a refresh held back by the spacing
  };
  Refresh diagnostics_refresh_{"workspace/diagnostic/refresh"};
  Refresh code_lens_refresh_{"workspace/codeLens/refresh"};
  Refresh semantic_tokens_refresh_{"workspace/semanticTokens/refresh"};
  Refresh inlay_hint_refresh_{"workspace/inlayHint/refresh"};
  std::set<std::string> warned_capped_;  // folders (path_key) told they hit index.maxFiles
  // The scan under way per folder (path_key): set to stop it (a newer scan, the folder removed).
  std::unordered_map<std::string, std::shared_ptr<std::atomic<bool>>> scans_;
  std::optional<Workspace::UpdateTicket> rescan_ticket_;  // a rescan waits for its debounce
  // The persistent index per folder (path_key): its file and the stamps of the parses its
  // vault holds (index_cache.h). Only folders scanned with index.cache on.
  struct IndexCacheState {
    std::filesystem::path root;
    std::filesystem::path file;
    std::shared_ptr<StampLedger> ledger;
  };
  std::unordered_map<std::string, IndexCacheState> index_caches_;
  std::atomic<bool> shutting_down_{false};

  mutable std::mutex settings_mutex_;
  std::shared_ptr<const Settings> settings_ = std::make_shared<Settings>();

  // Strand-only state.
  ClientCapabilities client_;
  nlohmann::json initialization_options_;
  nlohmann::json client_configuration_;
  std::unordered_map<std::string, std::unique_ptr<Coalescer>> diagnostics_timers_;  // by URI
  struct Typing {
    std::unique_ptr<Debouncer> timer;  // typing_delay, trailing edge only
    bool pending = false;              // a publish waits for the timer
    bool in_link = false;              // the last edit ended inside a link being written
  };
  std::unordered_map<std::string, Typing> typing_;                                       // by URI
  std::unordered_map<std::string, std::shared_ptr<DiagnosticsMemo>> diagnostics_memos_;  // by URI, open notes
  std::unique_ptr<Debouncer> rescan_timer_;
  std::unique_ptr<Debouncer> index_cache_timer_;                   // cache_write_delay, trailing edge only
  std::unique_ptr<FileWatcher> watcher_;                           // events on the strand
  bool initialized_ = false;                                       // `initialized` arrived (a second one is ignored)
  std::unique_ptr<boost::asio::steady_timer> registration_timer_;  // see watch_files()
  std::unique_ptr<ParentProcessMonitor> parent_monitor_;           // the editor's process
};

// Runs a server over stdio until `exit` or EOF; returns the process exit code.
int run_stdio_server(StdioTransport& transport, const std::string& version);

}  // namespace slipbox::lsp
