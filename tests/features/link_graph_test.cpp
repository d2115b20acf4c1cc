// LinkGraph::update against a fresh build of the same vault (planned notes, targets,
// backlinks), and LinkGraphCache's background builds (prepare / try_get / get).
#include "analysis/vault/link_graph.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <thread>

#include "analysis/markdown/parsed_note.h"
#include "analysis/text/unicode.h"
#include "tests/support/fixture.h"

namespace slipbox {
namespace {

using testing::Fixture;

constexpr std::string_view kVault = R"(
  //- /Note.md
  [[Plan A]] [[Plan A]] [[Existing]] %% [[Commented]] %%
  //- /Other.md
  [[plan a]] [[Plan B#Heading]] ![[missing.png]] [[Existing#Nope]]
  //- /Existing.md
  # Existing
  //- /Folder/Deep.md
  [[Plan C]] [[Note]]
)";

std::string describe(const LinkGraph& graph) {
  std::string out;
  // Spelled as some link writes it: after an update, possibly as the base build saw it first.
  std::map<std::string, size_t> planned;
  for (const LinkGraph::Planned& entry : graph.planned_notes()) planned[loose_key(entry.linkpath)] += entry.uses;
  for (const auto& [key, uses] : planned) out += "planned " + key + " x" + std::to_string(uses) + "\n";
  const Vault& vault = graph.vault();
  for (FileId id = 0; id < vault.file_count(); ++id) {
    out += vault.file(id).path + " ->";
    for (const FileId target : graph.targets_of(id))
      out += " " + (target == LinkGraph::kUnresolved ? std::string("?") : vault.file(target).path);
    out += " | backlinks " + std::to_string(graph.links_to(id).size()) + ", from others " +
           std::to_string(graph.count_links_from_others(id)) + "\n";
  }
  return out;
}

std::shared_ptr<const Vault> edited(const std::shared_ptr<const Vault>& vault, std::string_view path,
                                    const std::string& text) {
  const auto id = vault->find_path(path);
  EXPECT_TRUE(id) << path;
  return vault->with_note(*id, std::make_shared<const ParsedNote>(parse_note(text)));
}

struct Edit {
  std::string path;
  std::string text;
};

// Each row: edits applied one after another (each through update), then compared with a build.
const std::vector<std::pair<std::string, std::vector<Edit>>> kEdits = {
    {"a new planned note", {{"Note.md", "[[Plan A]] [[Brand New]]"}}},
    {"the last link to a planned note removed", {{"Folder/Deep.md", "[[Note]]"}}},
    {"a planned note spelled another way", {{"Note.md", "[[PLAN A]] [[plan b]]"}}},
    {"a link moved into a comment", {{"Note.md", "%% [[Plan A]] [[Plan A]] %% [[Existing]]"}}},
    {"a comment opened up", {{"Note.md", "[[Commented]] [[Existing]]"}}},
    {"a broken link repaired", {{"Other.md", "[[Existing]] [[Plan B#Heading]]"}}},
    {"successive edits of one note",
     {{"Note.md", "[[Plan A]]"}, {"Note.md", "[[Plan A]] [[X]]"}, {"Note.md", "[[X]] [[Y]] [[Existing]]"}}},
    {"edits of two notes", {{"Note.md", "[[Z]]"}, {"Other.md", "[[Z]] [[Z]] [[Note]]"}, {"Note.md", "[[Existing]]"}}},
    {"back to the scanned text",
     {{"Note.md", "[[Q]]"}, {"Note.md", "[[Plan A]] [[Plan A]] [[Existing]] %% [[Commented]] %%\n"}}},
};

TEST(LinkGraphUpdate, SameAsABuildOfTheEditedVault) {
  const Fixture f(kVault);
  for (const auto& [name, edits] : kEdits) {
    SCOPED_TRACE(name);
    auto vault = f.shared_vault();
    auto graph = LinkGraph::build(vault, 1);
    for (const Edit& edit : edits) {
      vault = edited(vault, edit.path, edit.text);
      graph = graph->update(vault, 1);
      EXPECT_EQ(describe(*graph), describe(*LinkGraph::build(vault, 1))) << "after editing " << edit.path;
    }
  }
}

TEST(LinkGraphUpdate, PlannedNotesCountLinksOutsideComments) {
  const Fixture f(kVault);
  const auto graph = LinkGraph::build(f.shared_vault(), 1);
  std::map<std::string, std::string> planned;  // linkpath → "match key xN"
  graph->for_each_planned([&](const LinkGraph::PlannedView& view) {
    planned[std::string(view.linkpath)] = std::string(view.match_key) + " x" + std::to_string(view.uses);
  });
  // The attachment stays listed here (completion drops it); a missing heading is no planned note.
  EXPECT_EQ(planned, (std::map<std::string, std::string>{{"Plan A", "plan a x3"},
                                                         {"Plan B", "plan b x1"},
                                                         {"Plan C", "plan c x1"},
                                                         {"missing.png", "missing.png x1"}}));
}

std::map<std::string, size_t> planned_of(const LinkGraph& graph) {
  std::map<std::string, size_t> planned;
  for (const LinkGraph::Planned& entry : graph.planned_notes()) planned[entry.linkpath] += entry.uses;
  return planned;
}

// Completion offers planned notes: a link that leads out of the vault plans nothing there.
constexpr std::string_view kLinksOut = R"(
  //- /Folder/Note.md
  [[../Sibling]] [[../../Above]] [[/etc/passwd]] [x](..%2F..%2Fsecret.md) [[Folder/../../Out]]
  [[C:/Windows/x]] [[Sub/Deeper/Plan]] [[./Here]]
)";

TEST(LinkGraphUpdate, LinksLeavingTheVaultPlanNoNote) {
  const Fixture f(kLinksOut);
  auto vault = f.shared_vault();
  auto graph = LinkGraph::build(vault, 1);
  EXPECT_EQ(planned_of(*graph),
            (std::map<std::string, size_t>{{"../Sibling", 1}, {"Sub/Deeper/Plan", 1}, {"./Here", 1}}));
  // Edits keep the counts of a fresh build, links out included.
  for (const std::string text : {"[[../../Above]] [[New]]", "[[Sub/Deeper/Plan]] [[/etc/x]] [[Sub/Deeper/Plan]]", ""}) {
    vault = edited(vault, "Folder/Note.md", text);
    graph = graph->update(vault, 1);
    EXPECT_EQ(describe(*graph), describe(*LinkGraph::build(vault, 1))) << text;
  }
}

// A folder that is a symlink out of the vault the scan did not follow (`up`, to a parent of
// the vault): a note "in" it would be written outside. One it followed (`leakdir`,
// docs/link-resolution.md §6) is the vault's.
TEST(LinkGraphUpdate, FoldersThatAreSymlinksOutPlanNoNote) {
  namespace fs = std::filesystem;
  const fs::path base = fs::path(::testing::TempDir()) / ("slipbox-planned-" + std::to_string(::getpid()));
  fs::remove_all(base);
  fs::create_directories(base / "vault" / "Real");
  fs::create_directories(base / "outside" / "folder");
  fs::create_directory_symlink(base / "outside" / "folder", base / "vault" / "leakdir");
  fs::create_directory_symlink("..", base / "vault" / "up");
  fs::create_directory_symlink(base / "vault" / "Real", base / "vault" / "Alias");  // inside: fine
  std::ofstream(base / "vault" / "Note.md")
      << "[[leakdir/inner]] [[up/outside/x]] [[Real/Plan]] [[Alias/Plan2]] [[New Folder/Plan3]] [[Plain]]\n";
  ScanOptions options;
  options.threads = 1;
  const auto graph = LinkGraph::build(Vault::scan(base / "vault", options), 1);
  EXPECT_EQ(planned_of(*graph),
            (std::map<std::string, size_t>{
                {"leakdir/inner", 1}, {"Real/Plan", 1}, {"Alias/Plan2", 1}, {"New Folder/Plan3", 1}, {"Plain", 1}}));

  // Updates reuse the build's answers per folder, and ask about new folders; several update
  // the same graph at once (completion on different threads): each one as a fresh build.
  const std::vector<std::string> texts = {
      "[[leakdir/other]] [[Real/Plan]] [[Real/Sub/Plan]]", "[[up/outside/y]] [[Alias/x]] [[leakdir/inner]]",
      "[[New Folder/Plan3]] [[Other Folder/Plan]] [[leakdir/a/b]]", "[[Plain]] [[up/x]] [[Real/Plan]] [[Alias/Sub/x]]"};
  std::vector<std::shared_ptr<const Vault>> vaults;
  for (const std::string& text : texts) vaults.push_back(edited(graph->shared_vault(), "Note.md", text));
  std::vector<std::shared_ptr<const LinkGraph>> updated(texts.size());
  std::vector<std::thread> threads;
  for (size_t i = 0; i < texts.size(); ++i)
    threads.emplace_back([&, i] {
      for (int round = 0; round < 20; ++round) updated[i] = graph->update(vaults[i], 1);
    });
  for (std::thread& thread : threads) thread.join();
  for (size_t i = 0; i < texts.size(); ++i)
    EXPECT_EQ(describe(*updated[i]), describe(*LinkGraph::build(vaults[i], 1))) << texts[i];
  EXPECT_EQ(planned_of(*updated[0]),
            (std::map<std::string, size_t>{{"leakdir/other", 1}, {"Real/Plan", 1}, {"Real/Sub/Plan", 1}}));

  // Not following symlinks, no folder behind one is the vault's.
  options.follow_symlinks = false;
  EXPECT_EQ(planned_of(*LinkGraph::build(Vault::scan(base / "vault", options), 1)),
            (std::map<std::string, size_t>{{"Real/Plan", 1}, {"New Folder/Plan3", 1}, {"Plain", 1}}));
  fs::remove_all(base);
}

// A pool that runs nothing until the test says so.
struct ManualPool {
  std::vector<std::function<void()>> tasks;
  LinkGraphCache::Post post() {
    return [this](std::function<void()> task) { tasks.push_back(std::move(task)); };
  }
  void run_all() {
    auto pending = std::move(tasks);
    tasks.clear();
    for (auto& task : pending) task();
  }
};

TEST(LinkGraphCache, CompletionNeverWaitsForTheBackgroundBuild) {
  const Fixture f(kVault);
  LinkGraphCache cache(1);
  ManualPool pool;
  EXPECT_EQ(cache.try_get(f.shared_vault()), nullptr);
  cache.prepare(f.shared_vault(), pool.post());
  cache.prepare(f.shared_vault(), pool.post());  // already under way
  ASSERT_EQ(pool.tasks.size(), 1u);
  EXPECT_EQ(cache.try_get(f.shared_vault()), nullptr);
  pool.run_all();
  const auto ready = cache.try_get(f.shared_vault());
  ASSERT_NE(ready, nullptr);
  EXPECT_EQ(describe(*ready), describe(*LinkGraph::build(f.shared_vault(), 1)));

  // An edited buffer (same files): updated at once, no new build.
  const auto edited_vault = edited(f.shared_vault(), "Note.md", "[[Fresh Plan]]");
  cache.prepare(edited_vault, pool.post());
  EXPECT_TRUE(pool.tasks.empty());
  const auto updated = cache.try_get(edited_vault);
  ASSERT_NE(updated, nullptr);
  EXPECT_EQ(describe(*updated), describe(*LinkGraph::build(edited_vault, 1)));

  // A file added: a new file table, nothing ready until its build ran.
  const auto grown = edited_vault->with_file("Plan A.md", std::make_shared<const ParsedNote>(parse_note("# Plan A\n")));
  EXPECT_EQ(cache.try_get(grown), nullptr);
  cache.prepare(grown, pool.post());
  ASSERT_EQ(pool.tasks.size(), 1u);
  pool.run_all();
  const auto rebuilt = cache.try_get(grown);
  ASSERT_NE(rebuilt, nullptr);
  EXPECT_EQ(describe(*rebuilt), describe(*LinkGraph::build(grown, 1)));
}

TEST(LinkGraphCache, GetRunsABuildStillQueuedInsteadOfWaiting) {
  const Fixture f(kVault);
  LinkGraphCache cache(1);
  ManualPool pool;
  cache.prepare(f.shared_vault(), pool.post());
  ASSERT_EQ(pool.tasks.size(), 1u);
  // Every pool thread could be a request waiting here: the request runs the build itself.
  const auto graph = cache.get(f.shared_vault());
  ASSERT_NE(graph, nullptr);
  EXPECT_EQ(describe(*graph), describe(*LinkGraph::build(f.shared_vault(), 1)));
  EXPECT_EQ(cache.try_get(f.shared_vault()), graph);
  pool.run_all();  // the queued task finds the build claimed and does nothing
  EXPECT_EQ(cache.try_get(f.shared_vault()), graph);
}

// Files added one after another while the background is busy: a build still queued for
// files that are gone is not run, and its task does not keep those files alive.
TEST(LinkGraphCache, AQueuedBuildOfReplacedFilesIsDroppedWithItsFiles) {
  const Fixture f(kVault);
  LinkGraphCache cache(1);
  ManualPool pool;
  auto first = f.shared_vault()->with_file("Plan A.md", std::make_shared<const ParsedNote>(parse_note("# Plan A\n")));
  cache.prepare(first, pool.post());
  const std::weak_ptr<const Vault> first_files = first;
  const auto second = first->with_file("Plan B.md", std::make_shared<const ParsedNote>(parse_note("# Plan B\n")));
  first.reset();
  cache.prepare(second, pool.post());
  ASSERT_EQ(pool.tasks.size(), 2u);
  EXPECT_TRUE(first_files.expired());  // only the queued task knew it, and only weakly
  pool.run_all();                      // the first task finds its build replaced: no build
  const auto ready = cache.try_get(second);
  ASSERT_NE(ready, nullptr);
  EXPECT_EQ(describe(*ready), describe(*LinkGraph::build(second, 1)));
}

TEST(LinkGraphCache, GetBuildsWhenNothingWasPrepared) {
  const Fixture f(kVault);
  LinkGraphCache cache(1);
  const auto graph = cache.get(f.shared_vault());
  ASSERT_NE(graph, nullptr);
  EXPECT_EQ(cache.try_get(f.shared_vault()), graph);
}

}  // namespace
}  // namespace slipbox
