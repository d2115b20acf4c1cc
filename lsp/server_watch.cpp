// Server side of FileWatcher: inotify events take the same path as didChangeWatchedFiles.
#include "lsp/server.h"

namespace slipbox::lsp {

namespace fs = std::filesystem;

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
