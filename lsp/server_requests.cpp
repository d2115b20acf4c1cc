// Server: the request handlers — each waits for the index it needs (`when_ready`), converts
// positions and calls one feature; pull diagnostics too.
#include "lsp/server.h"

#include <filesystem>

#include "lsp/convert.h"
#include "lsp/features.h"
#include "lsp/uri.h"

namespace slipbox::lsp {

namespace fs = std::filesystem;

namespace {
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
  if (!vault) return true;                             // outside every folder
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
    return "Slipbox is still indexing" +
           (what.empty() ? std::string(" (building the link graph)") : " (" + what + ")") + "; no answer within " +
           seconds + " s (setting index.waitSeconds). Try again in a moment.";
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
    hide_ignored_symbols(symbols, workspace_.folders(), *workspace_.query_environment()->vault_settings);
    reply(symbols);
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
    std::vector<CodeAction> actions = code_actions(*note, params, workspace_, client_);
    const auto cancelled = [reply] { return reply.cancelled(); };
    for (CodeAction& action : refactor_actions(*note, params, workspace_, indexes_, client_, cancelled))
      actions.push_back(std::move(action));
    reply(actions);
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

// ---- authoring ---------------------------------------------------------------------------

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

void Server::on_inlay_hint(const InlayHintParams& params, Reply<std::vector<InlayHint>> reply) {
  const auto current = settings();
  if (!current->inlay_hint_embeds && !current->inlay_hint_ambiguous_links) return reply({});
  // A hint computed before the index would be missing (or name the wrong folder) until the next edit.
  when_ready(Need::NoteIndex, params.textDocument.uri, reply, [this, params, reply, current] {
    const auto note = note_for(workspace_, params.textDocument.uri);
    if (!note) return reply({});
    reply(inlay_hints(*note, params.range, workspace_, *current));
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

}  // namespace slipbox::lsp
