// Vault::scan with `index.exclude` globs: excluded files are not there at all.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "analysis/vault/path_globs.h"
#include "analysis/vault/resolve.h"
#include "analysis/vault/vault.h"

namespace slipbox {
namespace {

namespace fs = std::filesystem;

class ScanExcludeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    root_ = fs::path(::testing::TempDir()) /
            (std::string("slipbox-exclude-") + info->name() + "-" + std::to_string(::getpid()));
    fs::remove_all(root_);
    fs::create_directories(root_);
    for (const char* path : {"Home.md", "Archive/Old.md", "Archive/deep/Older.md", "Templates/Daily.md",
                             "Projects/Templates/Inner.md", "Projects/Plan.md", "Projects/Board.excalidraw.md",
                             "Board.excalidraw.md", "🛠 Ressurser/Agile Metoder.md", "img/Fig 1.png"}) {
      const fs::path file = root_ / fs::path(reinterpret_cast<const char8_t*>(path));
      fs::create_directories(file.parent_path());
      std::ofstream(file, std::ios::binary) << "# x\n[[Old]]\n";
    }
  }
  void TearDown() override {
    std::error_code error;
    fs::remove_all(root_, error);
  }

  std::vector<std::string> listed(const std::vector<std::string>& patterns, std::vector<std::string>* asked = nullptr) {
    const PathGlobs globs(patterns);
    ScanOptions options;
    std::mutex mutex;
    options.exclude = [&](std::string_view path, bool is_folder) {
      if (asked) {
        std::lock_guard lock(mutex);
        asked->push_back(std::string(path) + (is_folder ? "/" : ""));
      }
      return globs.excludes(path, is_folder);
    };
    vault_ = Vault::scan(root_, options);
    std::vector<std::string> paths;
    for (const VaultFile& file : vault_->files()) paths.push_back(file.path);
    return paths;
  }

  fs::path root_;
  std::shared_ptr<const Vault> vault_;
};

TEST_F(ScanExcludeTest, NoPatternsListsEverything) { EXPECT_EQ(listed({}).size(), 10u); }

TEST_F(ScanExcludeTest, ExcludedFilesAndFoldersAreNotListed) {
  const std::vector<std::string> expected = {"Home.md", "Projects/Plan.md", "img/Fig 1.png",
                                             "🛠 Ressurser/Agile Metoder.md"};
  std::vector<std::string> got = listed({"Archive/**", "**/*.excalidraw.md", "Templates"});
  std::sort(got.begin(), got.end());
  std::vector<std::string> want = expected;
  std::sort(want.begin(), want.end());
  EXPECT_EQ(got, want);
}

TEST_F(ScanExcludeTest, ExcludedNotesDoNotResolve) {
  listed({"Archive"});
  EXPECT_FALSE(resolve_linkpath(*vault_, "Home.md", "Old"));
  EXPECT_FALSE(resolve_linkpath(*vault_, "Home.md", "Archive/deep/Older"));
  EXPECT_TRUE(resolve_linkpath(*vault_, "Home.md", "Plan"));
}

TEST_F(ScanExcludeTest, NonAsciiFolderCanBeExcluded) {
  const auto got = listed({"/🛠 Ressurser/"});
  EXPECT_EQ(std::count(got.begin(), got.end(), "🛠 Ressurser/Agile Metoder.md"), 0);
  EXPECT_EQ(got.size(), 9u);
}

TEST_F(ScanExcludeTest, AnExcludedFolderIsNotEntered) {
  std::vector<std::string> asked;
  listed({"Archive"}, &asked);
  EXPECT_NE(std::find(asked.begin(), asked.end(), "Archive/"), asked.end());
  for (const std::string& path : asked) EXPECT_FALSE(path.starts_with("Archive/") && path != "Archive/") << path;
}

}  // namespace
}  // namespace slipbox
