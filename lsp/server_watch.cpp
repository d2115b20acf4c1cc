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
  bool changed = false;
  for (const FileWatcher::Event& event : events) {
    if (event.kind == FileWatcher::Event::Kind::Overflow) {
      schedule_rescan();  // events were lost
      continue;
    }
    if (excluded_from_index(*settings(), workspace_.folders(), event.path)) continue;  // index.exclude
    switch (workspace_.refresh_from_disk(event.path)) {
      case Workspace::DiskChange::Updated: changed = true; break;
      case Workspace::DiskChange::NeedsRescan: schedule_rescan(); break;
      case Workspace::DiskChange::Unchanged:
        // A deleted or moved-away folder: its files are not known one by one.
        if (event.kind == FileWatcher::Event::Kind::Deleted && !event.path.has_extension()) schedule_rescan();
        break;
    }
  }
  if (changed) publish_all_diagnostics();
}

}  // namespace slipbox::lsp
