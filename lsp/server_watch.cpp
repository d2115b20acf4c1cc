// Server side of FileWatcher: inotify events take the same path as didChangeWatchedFiles.
#include "lsp/server.h"

namespace slipbox::lsp {

namespace fs = std::filesystem;

void Server::watch_files() {
  if (!client_.watched_files_dynamic_registration) return start_file_watcher();
  // The client watches for us if it accepts the registration. Refused, or unanswered after
  // registration_patience (a client that never answers would leave the vault unwatched and
  // its diagnostics stale until a restart): the server watches itself. Exactly one of the two
  // watches at a time.
  const json registration{
      {"id", "slipbox-watched-files"},
      {"method", "workspace/didChangeWatchedFiles"},
      {"registerOptions", {{"watchers", json::array({json{{"globPattern", "**/*"}, {"kind", 7}}})}}}};
  auto answered = std::make_shared<bool>(false);  // strand-only
  endpoint_.call(
      "client/registerCapability", json{{"registrations", json::array({registration})}},
      [this, answered](const std::optional<json>&, const std::optional<json>& error) {
        *answered = true;
        if (registration_timer_) registration_timer_->cancel();
        if (error) {
          log_.warning("the client refused file watching (" + error->dump() + "): the server watches the folders");
          return start_file_watcher();
        }
        if (watcher_) {  // accepted after the patience ran out: the client's events suffice
          log_.info("the client accepted file watching late: the server's own watcher stops");
          watcher_->stop();
          watcher_.reset();
        }
      });
  registration_timer_ =
      std::make_unique<boost::asio::steady_timer>(scheduler_.strand(), options_.registration_patience);
  registration_timer_->async_wait([this, answered](const boost::system::error_code& error) {
    if (error || *answered) return;
    log_.warning("the client did not answer client/registerCapability: the server watches the folders");
    start_file_watcher();
  });
}

void Server::start_file_watcher() {
  if (watcher_) return;
  watcher_ = std::make_unique<FileWatcher>(
      scheduler_.strand(), [this](std::vector<FileWatcher::Event> events) { on_file_events(std::move(events)); },
      [this](const std::string& message) { log_.info(message); });
  for (const fs::path& root : workspace_.folders()) {
    if (!watcher_->add_root(root)) log_.warning("cannot watch " + root.string() + " for changes");
  }
}

void Server::on_file_events(std::vector<FileWatcher::Event> events) {
  std::vector<fs::path> paths;
  for (FileWatcher::Event& event : events) {
    if (event.kind == FileWatcher::Event::Kind::Overflow) {
      schedule_rescan();  // events were lost
      continue;
    }
    // A deleted or moved-away folder arrives as its own path: the batch drops its files.
    paths.push_back(std::move(event.path));
  }
  apply_disk_changes(std::move(paths));
}

}  // namespace slipbox::lsp
