#include "lsp/file_watcher.h"

#include <mutex>
#include <system_error>
#include <unordered_map>

#ifdef __linux__
#include <sys/inotify.h>
#include <unistd.h>

#include <boost/asio/posix/stream_descriptor.hpp>
#endif

namespace slipbox::lsp {

namespace fs = std::filesystem;

#ifdef __linux__

struct FileWatcher::Impl : std::enable_shared_from_this<FileWatcher::Impl> {
  Impl(boost::asio::any_io_executor executor, Handler handler, Log log, size_t max_watches)
      : stream(executor), handler(std::move(handler)), log(std::move(log)), max_watches(max_watches) {}

  boost::asio::posix::stream_descriptor stream;
  Handler handler;
  Log log;
  const size_t max_watches;
  std::mutex mutex;  // guards the maps and `stopped`
  std::unordered_map<int, fs::path> folder_by_watch;
  bool stopped = false;
  bool cap_logged = false;
  std::vector<char> buffer = std::vector<char>(size_t{64} * 1024);

  static bool hidden(const fs::path& path) {
    const std::string name = path.filename().string();
    return !name.empty() && name[0] == '.';
  }

  // Watches `folder` and its subfolders; with `report`, lists the files found as Created
  // (they may have been written before the watch existed). Call with `mutex` held.
  void watch_tree(const fs::path& folder, std::vector<Event>* report) {
    if (!add_watch(folder)) return;
    std::error_code error;
    fs::recursive_directory_iterator it(folder, fs::directory_options::skip_permission_denied, error);
    for (; !error && it != fs::recursive_directory_iterator(); it.increment(error)) {
      std::error_code kind_error;
      const bool is_dir = it->is_directory(kind_error) && !it->is_symlink(kind_error);
      if (hidden(it->path())) {
        if (is_dir) it.disable_recursion_pending();
        continue;
      }
      if (is_dir) {
        if (!add_watch(it->path())) it.disable_recursion_pending();
      } else if (report) {
        report->push_back({Event::Kind::Created, it->path()});
      }
    }
  }

  bool add_watch(const fs::path& folder) {
    if (folder_by_watch.size() >= max_watches) {
      if (!cap_logged && log)
        log("file watcher: the cap of " + std::to_string(max_watches) +
            " watched folders is reached; deeper folders are not watched");
      cap_logged = true;
      return false;
    }
    const int wd = inotify_add_watch(stream.native_handle(), folder.c_str(),
                                     IN_CREATE | IN_DELETE | IN_CLOSE_WRITE | IN_MODIFY | IN_MOVED_FROM | IN_MOVED_TO |
                                         IN_DELETE_SELF | IN_ONLYDIR | IN_DONT_FOLLOW);
    if (wd < 0) {
      if (log)
        log("file watcher: cannot watch " + folder.string() + ": " +
            std::error_code(errno, std::generic_category()).message());
      return false;
    }
    folder_by_watch[wd] = folder;
    return true;
  }

  // Call with `mutex` held: stop() closes the descriptor under the same lock, and Asio
  // never runs the handler inside async_read_some.
  void read_locked() {
    stream.async_read_some(boost::asio::buffer(buffer),
                           [self = shared_from_this()](const boost::system::error_code& error, size_t bytes) {
                             if (error) {
                               if (error != boost::asio::error::operation_aborted && self->log)
                                 self->log("file watcher stopped: " + error.message());
                               return;
                             }
                             std::vector<Event> events = self->decode(bytes);
                             {
                               std::lock_guard lock(self->mutex);
                               if (self->stopped) return;
                             }
                             if (!events.empty() && self->handler) {
                               try {
                                 self->handler(std::move(events));
                               } catch (...) {
                                 // The handler logs its own failures; the watch goes on.
                               }
                             }
                             std::lock_guard lock(self->mutex);
                             if (!self->stopped) self->read_locked();
                           });
  }

  std::vector<Event> decode(size_t bytes) {
    std::vector<Event> events;
    std::lock_guard lock(mutex);
    size_t offset = 0;
    while (offset + sizeof(inotify_event) <= bytes) {
      const auto* event = reinterpret_cast<const inotify_event*>(buffer.data() + offset);
      offset += sizeof(inotify_event) + event->len;
      if (event->mask & IN_Q_OVERFLOW) {
        events.push_back({Event::Kind::Overflow, {}});
        continue;
      }
      const auto folder = folder_by_watch.find(event->wd);
      if (folder == folder_by_watch.end()) continue;
      if (event->mask & (IN_IGNORED | IN_DELETE_SELF)) {
        if (event->mask & IN_IGNORED) folder_by_watch.erase(folder);
        continue;
      }
      if (event->len == 0) continue;
      const fs::path path = folder->second / fs::path(std::string(event->name));
      if (hidden(path)) continue;
      const bool is_dir = event->mask & IN_ISDIR;
      if (event->mask & (IN_CREATE | IN_MOVED_TO)) {
        if (is_dir)
          watch_tree(path, &events);
        else
          events.push_back({Event::Kind::Created, path});
      } else if (event->mask & (IN_DELETE | IN_MOVED_FROM)) {
        events.push_back({Event::Kind::Deleted, path});
      } else if (!is_dir && (event->mask & (IN_CLOSE_WRITE | IN_MODIFY))) {
        // One write sends both; report the file once per batch.
        if (events.empty() || events.back().kind != Event::Kind::Changed || events.back().path != path)
          events.push_back({Event::Kind::Changed, path});
      }
    }
    return events;
  }
};

FileWatcher::FileWatcher(boost::asio::any_io_executor executor, Handler on_events, Log log, size_t max_watches)
    : impl_(std::make_shared<Impl>(executor, std::move(on_events), std::move(log), max_watches)) {
  const int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (fd < 0) {
    if (impl_->log)
      impl_->log("file watcher: inotify unavailable: " + std::error_code(errno, std::generic_category()).message());
    return;
  }
  impl_->stream.assign(fd);
  std::lock_guard lock(impl_->mutex);
  impl_->read_locked();
}

FileWatcher::~FileWatcher() { stop(); }

bool FileWatcher::add_root(const fs::path& root) {
  if (!impl_->stream.is_open()) return false;
  std::lock_guard lock(impl_->mutex);
  if (impl_->stopped) return false;
  const size_t before = impl_->folder_by_watch.size();
  impl_->watch_tree(root, nullptr);
  return impl_->folder_by_watch.size() > before;
}

size_t FileWatcher::watch_count() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->folder_by_watch.size();
}

void FileWatcher::stop() {
  std::lock_guard lock(impl_->mutex);
  if (impl_->stopped) return;
  impl_->stopped = true;
  boost::system::error_code ignored;
  impl_->stream.cancel(ignored);
  impl_->stream.close(ignored);
}

#else

struct FileWatcher::Impl {};
FileWatcher::FileWatcher(boost::asio::any_io_executor, Handler, Log log, size_t) {
  if (log) log("file watcher: not available on this platform");
}
FileWatcher::~FileWatcher() = default;
bool FileWatcher::add_root(const fs::path&) { return false; }
size_t FileWatcher::watch_count() const { return 0; }
void FileWatcher::stop() {}

#endif

}  // namespace slipbox::lsp
