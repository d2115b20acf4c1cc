#pragma once
#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/any_io_executor.hpp>

namespace slipbox::lsp {

// Watches vault folders with inotify (Linux), recursively, for clients that cannot send
// workspace/didChangeWatchedFiles (Helix, many Neovim set-ups). Hidden folders (".git",
// ".obsidian", ".trash") are not watched; at most `max_watches` folders are (a home-folder
// root must not eat the user's inotify budget). Events arrive in batches (one read) on the
// executor given; a folder created or moved in reports every file already inside it.
class FileWatcher {
 public:
  struct Event {
    enum class Kind { Created, Changed, Deleted, Overflow };  // Overflow: events were lost, rescan
    Kind kind;
    std::filesystem::path path;
  };
  using Handler = std::function<void(std::vector<Event>)>;
  using Log = std::function<void(const std::string&)>;

  FileWatcher(boost::asio::any_io_executor executor, Handler on_events, Log log, size_t max_watches = 8192);
  ~FileWatcher();
  FileWatcher(const FileWatcher&) = delete;
  FileWatcher& operator=(const FileWatcher&) = delete;

  // False when inotify is unavailable or `root` cannot be watched.
  bool add_root(const std::filesystem::path& root);
  size_t watch_count() const;
  // Stops reading; no handler runs after stop() returns on the executor's thread.
  void stop();

  struct Impl;

 private:
  std::shared_ptr<Impl> impl_;
};

}  // namespace slipbox::lsp
