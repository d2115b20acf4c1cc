// Server: pushed diagnostics (debounced, after typing, on save) and the refresh requests
// (`workspace/diagnostic/refresh`, codeLens, semantic tokens), spaced and never two at once.
#include "lsp/server.h"

#include <filesystem>

#include "lsp/convert.h"
#include "lsp/features.h"
#include "lsp/uri.h"

namespace slipbox::lsp {

namespace fs = std::filesystem;

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
    typing.timer =
        std::make_unique<Debouncer>(scheduler_.strand(), options_.typing_delay, Debouncer::Edge::TrailingOnly);
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
  scheduler_.background(
      [this, uri, snapshot = std::move(*snapshot), settings = settings(), done = std::move(done), memo] {
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

void Server::request_diagnostics_refresh() {
  if (client_.diagnostics_refresh) request_refresh(diagnostics_refresh_);
}

void Server::request_code_lens_refresh() {
  if (client_.code_lens_refresh && backlink_lenses_enabled()) request_refresh(code_lens_refresh_);
}

void Server::request_semantic_tokens_refresh() {
  if (client_.semantic_tokens_refresh) request_refresh(semantic_tokens_refresh_);
}

void Server::request_inlay_hint_refresh() {
  const auto current = settings();
  if (client_.inlay_hint_refresh && (current->inlay_hint_embeds || current->inlay_hint_ambiguous_links))
    request_refresh(inlay_hint_refresh_);
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

}  // namespace slipbox::lsp
