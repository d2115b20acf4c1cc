// FileWatcher on a real folder: files created, changed, deleted and moved, in nested and
// new folders, reach the handler; hidden folders do not. Waits are bounded (a missing
// event fails), never timed.
#include "lsp/file_watcher.h"

#include <condition_variable>
#include <filesystem>
#include <mutex>

#include <gtest/gtest.h>
#include <boost/asio/thread_pool.hpp>

#include "tests/lsp/memory_transport.h"
#include "tests/lsp/temp_vault.h"

namespace slipbox::lsp {
namespace {

namespace fs = std::filesystem;
using Kind = FileWatcher::Event::Kind;
using testing::TempVault;

class FileWatcherTest : public ::testing::Test {
 protected:
  ~FileWatcherTest() override {
    watcher.reset();
    pool.join();
  }

  void start(size_t max_watches = 8192) {
    watcher = std::make_unique<FileWatcher>(
        pool.get_executor(),
        [this](std::vector<FileWatcher::Event> batch) {
          std::lock_guard lock(mutex);
          for (auto& e : batch) events.push_back(std::move(e));
          changed.notify_all();
        },
        nullptr, max_watches);
    ASSERT_TRUE(watcher->add_root(vault.root()));
  }
  // Waits for an event of `kind` on `path` (from `*from` on); advances `*from` past it.
  bool saw(Kind kind, const fs::path& path, size_t* from) {
    std::unique_lock lock(mutex);
    return changed.wait_for(lock, testing::MemoryTransport::kPatience, [&] {
      for (size_t i = *from; i < events.size(); ++i)
        if (events[i].kind == kind && events[i].path == path) {
          *from = i + 1;
          return true;
        }
      return false;
    });
  }
  bool any_event_under(const fs::path& folder) {
    std::lock_guard lock(mutex);
    const std::string prefix = folder.string() + "/";
    for (const auto& e : events)
      if (e.path.string().rfind(prefix, 0) == 0) return true;
    return false;
  }

  TempVault vault;
  boost::asio::thread_pool pool{1};
  std::unique_ptr<FileWatcher> watcher;
  std::mutex mutex;
  std::condition_variable changed;
  std::vector<FileWatcher::Event> events;
};

TEST_F(FileWatcherTest, CreateChangeMoveDeleteInNestedAndNewFolders) {
  vault.write("🛠 Ressurser/Slipbox/Agile Metoder.md", "# Agile\n");
  vault.write(".obsidian/app.json", "{}");
  start();
  EXPECT_EQ(watcher->watch_count(), 3u);  // root, 🛠 Ressurser, Slipbox; not .obsidian
  size_t from = 0;

  const fs::path created = vault.write("🛠 Ressurser/Slipbox/Scrum.md", "# Scrum\n");
  EXPECT_TRUE(saw(Kind::Created, created, &from));

  const fs::path changed_note = vault.write("🛠 Ressurser/Slipbox/Agile Metoder.md", "# Agile\n[[Scrum]]\n");
  EXPECT_TRUE(saw(Kind::Changed, changed_note, &from));

  // A folder with a file in it, written before the watch on it can exist.
  const fs::path fresh = vault.write("Ny mappe/Undermappe/Notat.md", "x");
  EXPECT_TRUE(saw(Kind::Created, fresh, &from));
  const fs::path later = vault.write("Ny mappe/Undermappe/Senere.md", "y");  // now watched
  EXPECT_TRUE(saw(Kind::Created, later, &from));

  const fs::path moved = vault.root() / "Flyttet.md";
  fs::rename(created, moved);
  EXPECT_TRUE(saw(Kind::Deleted, created, &from));
  EXPECT_TRUE(saw(Kind::Created, moved, &from));

  fs::remove(moved);
  EXPECT_TRUE(saw(Kind::Deleted, moved, &from));

  // Hidden folders are not watched: the sentinel arrives, the hidden write never did.
  vault.write(".obsidian/workspace.json", "{}");
  vault.write(".trash/Gammel.md", "old");
  const fs::path sentinel = vault.write("Sentinel.md", "s");
  EXPECT_TRUE(saw(Kind::Created, sentinel, &from));
  EXPECT_FALSE(any_event_under(vault.root() / ".obsidian"));
  EXPECT_FALSE(any_event_under(vault.root() / ".trash"));
}

TEST_F(FileWatcherTest, TheWatchCapStopsAddingFolders) {
  vault.write("a/1.md", "");
  vault.write("b/2.md", "");
  vault.write("c/d/3.md", "");
  start(2);
  EXPECT_EQ(watcher->watch_count(), 2u);
  // Still working for what is watched: the root.
  size_t from = 0;
  const fs::path note = vault.write("Rot.md", "r");
  EXPECT_TRUE(saw(Kind::Created, note, &from));
}

TEST_F(FileWatcherTest, NothingArrivesAfterStop) {
  start();
  watcher->stop();
  vault.write("Etter.md", "e");
  EXPECT_FALSE(watcher->add_root(vault.root()));
  std::lock_guard lock(mutex);
  EXPECT_TRUE(events.empty());
}

}  // namespace
}  // namespace slipbox::lsp
