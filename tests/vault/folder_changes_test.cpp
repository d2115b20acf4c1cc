// Vault::changes_under_folder (a folder created or moved in after the scan, reported as one
// event) against a fresh scan of the disk: the same files, parses and disk spellings.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "analysis/vault/path_globs.h"
#include "analysis/vault/vault.h"
#include "tests/support/describe_vault.h"

namespace slipbox {
namespace {

namespace fs = std::filesystem;
using testing::describe_vault;

class FolderChangesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    static std::atomic<int> counter{0};
    base_ = fs::path(::testing::TempDir()) /
            ("slipbox-folder-changes-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    fs::remove_all(base_);
    root_ = base_ / "vault";
    write("Home.md", "[[New/Sub/Target]] [[Secret]]");
    write(".obsidian/app.json", "{}");
    write("Private/Old.md", "# Old");  // excluded
    outside_ = base_ / "outside";
    fs::create_directories(outside_ / "folder");
    std::ofstream(outside_ / "folder" / "Leak.md") << "# Leak";
    std::ofstream(outside_ / "leak.md") << "# Leak";
    options_.threads = 2;
    options_.max_note_bytes = 200;
    // Symlinks not followed: a folder listing then follows the walk's own rules. (Followed,
    // a symlinked folder is left to a whole scan: WhatOnlyAWholeScanGetsRightIsLeftToIt.)
    options_.follow_symlinks = false;
    options_.exclude = [globs = std::make_shared<PathGlobs>(std::vector<std::string>{"Private/", "*.tmp.md"})](
                           std::string_view path, bool is_folder) { return globs->excludes(path, is_folder); };
  }
  void TearDown() override {
    std::error_code error;
    fs::remove_all(base_, error);
  }

  void write(const std::string& path, const std::string& text) const {
    const fs::path file = root_ / fs::path(path);
    fs::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << text;
  }

  // A folder like the ones people move in: nested notes, attachments, and everything the scan
  // leaves out (hidden, node_modules, excluded, symlinks when not followed), plus an NFD name
  // and a big note.
  void make_new_folder() const {
    write("New/A.md", "# A\n[[Home]]");
    write("New/Sub/Target.md", "# Target\n## Two");
    write("New/Sub/Deeper/Deep.md", "[[Target]]");
    write("New/Sub/img.png", "png");
    write("New/Cafe\xCC\x81.md", "# NFD on disk");
    write("New/Big.md", "# Big\n" + std::string(400, 'x'));
    write("New/.hidden/Hidden.md", "# Hidden");
    write("New/.dot.md", "# Dot");
    write("New/node_modules/pkg/Readme.md", "# Package");
    write("New/Private/Secret.md", "# Secret");  // `Private/` anywhere: excluded
    write("New/Sub/Draft.tmp.md", "# Draft");    // excluded by name
    fs::create_directory_symlink(outside_ / "folder", root_ / "New" / "Out");
    fs::create_symlink(outside_ / "leak.md", root_ / "New" / "Leak.md");
  }

  std::shared_ptr<const Vault> apply(const std::shared_ptr<const Vault>& vault, std::string_view folder) const {
    auto changes = vault->changes_under_folder(folder, options_);
    EXPECT_TRUE(changes) << folder;
    if (!changes) return vault;
    auto changed = vault->with_changes(std::move(*changes));
    return changed ? changed : vault;
  }

  fs::path base_, root_, outside_;
  ScanOptions options_;
};

TEST_F(FolderChangesTest, ACreatedFolderIsListedAsAScanListsIt) {
  const auto before = Vault::scan(root_, options_);
  make_new_folder();
  const auto after = apply(before, "New");
  EXPECT_EQ(describe_vault(*after), describe_vault(*Vault::scan(root_, options_)));
  ASSERT_TRUE(after->find_path("New/Sub/Target.md"));
  EXPECT_NE(after->note(*after->find_path("New/Sub/Target.md")), nullptr);
  EXPECT_FALSE(after->find_path("New/Out/Leak.md"));
  EXPECT_FALSE(after->find_path("New/Private/Secret.md"));
}

TEST_F(FolderChangesTest, ANestedFolderAndAFolderInsideAnExcludedOne) {
  write("New/Old.md", "# Old");
  const auto before = Vault::scan(root_, options_);
  make_new_folder();
  // Events for a subfolder only, then for an excluded folder and a hidden one: nothing more.
  auto vault = apply(before, "New/Sub");
  vault = apply(vault, "New/Private");
  vault = apply(vault, "New/.hidden");
  vault = apply(vault, "New/node_modules/pkg");
  const auto sub_only =
      Vault::scan(root_, options_)
          ->with_changes(
              {{"New/A.md", true, nullptr}, {"New/Cafe\xCC\x81.md", true, nullptr}, {"New/Big.md", true, nullptr}});
  EXPECT_EQ(describe_vault(*vault), describe_vault(*sub_only));
}

TEST_F(FolderChangesTest, AKnownFolderIsNotReadAgainButItsListingFollowsTheDisk) {
  make_new_folder();
  const auto scanned = Vault::scan(root_, options_);
  const auto unchanged = scanned->changes_under_folder("New", options_);
  ASSERT_TRUE(unchanged);
  EXPECT_TRUE(unchanged->empty());  // a "changed" event for a folder: nothing read again

  fs::remove(root_ / "New" / "A.md");
  fs::remove_all(root_ / "New" / "Sub" / "Deeper");
  write("New/Sub/Later.md", "# Later");
  const auto after = apply(scanned, "New");
  EXPECT_EQ(describe_vault(*after), describe_vault(*Vault::scan(root_, options_)));
}

TEST_F(FolderChangesTest, AFileReplacedByAFolderOfTheSameName) {
  write("New", "a file without extension");
  const auto before = Vault::scan(root_, options_);
  ASSERT_TRUE(before->find_path("New"));
  fs::remove(root_ / "New");
  make_new_folder();
  EXPECT_EQ(describe_vault(*apply(before, "New")), describe_vault(*Vault::scan(root_, options_)));
}

TEST_F(FolderChangesTest, WhatOnlyAWholeScanGetsRightIsLeftToIt) {
  write("Real/Note.md", "# Real");
  const auto before = Vault::scan(root_, options_);
  make_new_folder();
  // Following symlinks, a symlinked folder below (or the folder itself reached through one):
  // only a whole walk knows whether and where the scan lists it.
  ScanOptions following = options_;
  following.follow_symlinks = true;
  fs::create_directory_symlink(root_ / "Real", root_ / "New" / "Alias");
  EXPECT_FALSE(before->changes_under_folder("New", following));
  EXPECT_FALSE(before->changes_under_folder("New/Alias", following));
  EXPECT_FALSE(before->changes_under_folder("New/Out", following));
  fs::remove(root_ / "New" / "Alias");
  // Past max_files.
  ScanOptions capped = options_;
  capped.max_files = before->file_count() + 3;
  EXPECT_FALSE(before->changes_under_folder("New", capped));
  capped.max_files = before->file_count() + 100;
  EXPECT_TRUE(before->changes_under_folder("New", capped));
  EXPECT_FALSE(before->changes_under_folder("", options_));  // the root: a scan
}

TEST_F(FolderChangesTest, AFolderThatIsASymlinkOutListsNothing) {
  const auto before = Vault::scan(root_, options_);
  fs::create_directory_symlink(outside_ / "folder", root_ / "Linked");
  const auto changes = before->changes_under_folder("Linked", options_);  // symlinks not followed
  ASSERT_TRUE(changes);
  EXPECT_TRUE(changes->empty());
  ScanOptions following = options_;
  following.follow_symlinks = true;
  EXPECT_FALSE(before->changes_under_folder("Linked", following));  // a whole scan lists it
}

TEST(ScanSkips, ThePathRulesOfTheScan) {
  ScanOptions options;
  const PathGlobs globs({"Private/", "/Archive"});
  options.exclude = [&](std::string_view path, bool is_folder) { return globs.excludes(path, is_folder); };
  EXPECT_FALSE(Vault::scan_skips("Notes/Note.md", false, options));
  EXPECT_TRUE(Vault::scan_skips(".obsidian/app.json", false, options));
  EXPECT_TRUE(Vault::scan_skips("Notes/.hidden", true, options));
  EXPECT_TRUE(Vault::scan_skips("a/node_modules/x.md", false, options));
  EXPECT_TRUE(Vault::scan_skips("a/node_modules", true, options));
  EXPECT_FALSE(Vault::scan_skips("a/node_modules", false, options));  // a file of that name is listed
  EXPECT_TRUE(Vault::scan_skips("x/Private/Secret.md", false, options));
  EXPECT_TRUE(Vault::scan_skips("x/Private", true, options));
  EXPECT_FALSE(Vault::scan_skips("x/Private", false, options));  // `Private/` names folders only
  EXPECT_TRUE(Vault::scan_skips("Archive/2020/Old.md", false, options));
  EXPECT_FALSE(Vault::scan_skips("Notes/Archive/Old.md", false, options));
}

}  // namespace
}  // namespace slipbox
