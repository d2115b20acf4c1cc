// Vault::scan on a real folder: what is listed, what is skipped, and that nothing hangs.
#include <grp.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <mutex>
#include <sstream>
#include <string>
#include <vector>

#include "analysis/vault/resolve.h"
#include "analysis/vault/vault.h"
#include "analysis/vault/vault_file_reader.h"

namespace slipbox {
namespace {

namespace fs = std::filesystem;

class ScanTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    base_ = fs::path(::testing::TempDir()) /
            (std::string("slipbox-scan-") + info->name() + "-" + std::to_string(::getpid()));
    fs::remove_all(base_);
    root_ = base_ / "vault";
    fs::create_directories(root_);
  }
  void TearDown() override {
    std::error_code error;
    // Restore permissions so that remove_all can clean up.
    for (auto it = fs::recursive_directory_iterator(base_, fs::directory_options::skip_permission_denied, error);
         !error && it != fs::recursive_directory_iterator(); it.increment(error)) {
      if (!it->is_symlink()) fs::permissions(it->path(), fs::perms::owner_all, fs::perm_options::add, error);
    }
    fs::remove_all(base_, error);
  }

  void write(const std::string& relative, const std::string& text) {
    const fs::path path = root_ / relative;
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << text;
  }

  std::shared_ptr<const Vault> scan(ScanOptions options = {}) {
    options.log = [this](const std::string& line) {
      std::lock_guard lock(log_mutex_);
      log_.push_back(line);
    };
    return Vault::scan(root_, options);
  }

  std::vector<std::string> listed(const Vault& vault) const {
    std::vector<std::string> paths;
    for (const VaultFile& file : vault.files()) paths.push_back(file.path);
    return paths;
  }

  bool logged(const std::string& fragment) const {
    for (const std::string& line : log_)
      if (line.find(fragment) != std::string::npos) return true;
    return false;
  }

  std::string log_text() const {
    std::string text;
    for (const std::string& line : log_) text += line + "\n";
    return text;
  }

  fs::path base_;
  fs::path root_;
  std::mutex log_mutex_;
  std::vector<std::string> log_;
};

TEST_F(ScanTest, ListsFilesAndSkipsHiddenAndToolFolders) {
  write("Note.md", "# Note\n");
  write("sub/Other.MD", "# Other\n");
  write("img/pic.PNG", "png");
  write("\xF0\x9F\x9B\xA0 Ressurser/Slipbox/Agile Metoder.md", "# Agile\n");
  write("Norsk/\xC3\x86rlig talt.md", "# \xC3\x86rlig\n");
  write("Cafe\xCC\x81.md", "# Caf\xC3\xA9\n");  // NFD name on disk
  write("notes.txt", "plain");
  write(".obsidian/app.json", "{}");
  write(".obsidian/plugins/x.md", "# hidden\n");
  write(".git/HEAD", "ref");
  write(".trash/old.md", "# old\n");
  write(".hidden-folder/x.md", "# x\n");
  write(".dotfile.md", "# dot\n");
  write("sub/.DS_Store", "junk");
  write("node_modules/pkg/readme.md", "# pkg\n");

  const auto vault = scan();
  EXPECT_EQ(listed(*vault), (std::vector<std::string>{"Caf\xC3\xA9.md", "Norsk/\xC3\x86rlig talt.md", "Note.md",
                                                      "img/pic.PNG", "notes.txt", "sub/Other.MD",
                                                      "\xF0\x9F\x9B\xA0 Ressurser/Slipbox/Agile Metoder.md"}))
      << log_text();

  for (const char* path :
       {"Note.md", "sub/Other.MD", "Caf\xC3\xA9.md", "\xF0\x9F\x9B\xA0 Ressurser/Slipbox/Agile Metoder.md"}) {
    SCOPED_TRACE(path);
    const auto id = vault->find_path(path);
    ASSERT_TRUE(id);
    EXPECT_TRUE(vault->file(*id).is_note);
    ASSERT_NE(vault->note(*id), nullptr);
    EXPECT_EQ(vault->note(*id)->headings.size(), 1u);
    EXPECT_TRUE(fs::exists(vault->absolute_path(*id)));  // the on-disk (NFD) spelling
  }
  EXPECT_EQ(vault->note(*vault->find_path("img/pic.PNG")), nullptr);
  EXPECT_EQ(vault->note(*vault->find_path("notes.txt")), nullptr);
  EXPECT_EQ(resolve_linkpath(*vault, "Note.md", "Caf\xC3\xA9"), vault->find_path("Caf\xC3\xA9.md"));
}

TEST_F(ScanTest, ParsesInParallelLikeFromMemory) {
  std::vector<Vault::InMemoryFile> files;
  for (int i = 0; i < 200; ++i) {
    // Front matter too, so that yaml-cpp runs on several threads at once.
    std::string text = i % 2 ? "---\naliases: [A" + std::to_string(i) + "]\ntags: [t]\n---\n" : "";
    for (int h = 0; h <= i % 7; ++h)
      text += "# Heading " + std::to_string(h) + "\n\ntext [[n" + std::to_string(h) + "]]\n\n";
    const std::string path = "f" + std::to_string(i % 5) + "/n" + std::to_string(i) + ".md";
    write(path, text);
    files.push_back({path, text});
  }
  ScanOptions options;
  options.threads = 4;
  const auto scanned = scan(options);
  const auto expected = Vault::from_memory(root_, files);
  ASSERT_EQ(listed(*scanned), listed(*expected));
  for (FileId id = 0; id < scanned->file_count(); ++id) {
    ASSERT_NE(scanned->note(id), nullptr);
    EXPECT_EQ(scanned->note(id)->headings.size(), expected->note(id)->headings.size());
    EXPECT_EQ(scanned->note(id)->links.size(), expected->note(id)->links.size());
    EXPECT_EQ(scanned->note(id)->aliases, expected->note(id)->aliases);
  }
  EXPECT_TRUE(log_.empty()) << log_text();
}

TEST_F(ScanTest, SymlinkLoopDoesNotHang) {
  write("a/Note.md", "# a\n");
  fs::create_directory_symlink("..", root_ / "a" / "up");      // a/up → vault root
  fs::create_directory_symlink(".", root_ / "a" / "self");     // a/self → a
  fs::create_directory_symlink("../b", root_ / "a" / "to-b");  // a/to-b → b, b/to-a → a
  write("b/Other.md", "# b\n");
  fs::create_directory_symlink("../a", root_ / "b" / "to-a");

  const auto vault = scan();
  // Each real folder is listed once, under its real path; symlinks into the vault are skipped.
  EXPECT_EQ(listed(*vault), (std::vector<std::string>{"a/Note.md", "b/Other.md"})) << log_text();
  EXPECT_TRUE(logged("a/to-b: symlink to a place inside the vault")) << log_text();
}

// docs/link-resolution.md §6: a folder symlink whose target lies outside the vault is part of the
// vault, at its vault path; symlinks back into the vault, to a parent of it, and loops are skipped,
// so no note appears twice. File symlinks follow the same rules.
TEST_F(ScanTest, SymlinkedFolderOutsideTheVaultIsPartOfIt) {
  write("Note.md", "");
  write("a/Real.md", "");
  fs::create_directories(base_ / "outside" / "deeper");
  std::ofstream(base_ / "outside" / "Secret.md") << "# s\n";
  std::ofstream(base_ / "outside" / "deeper" / "Deep.md") << "# d\n";
  fs::create_directory_symlink(base_ / "outside", root_ / "lenke");
  fs::create_directory_symlink(base_ / "outside", root_ / "lenke2");            // the same folder again: once
  fs::create_directory_symlink(base_ / "outside", base_ / "outside" / "loop");  // a loop inside the target
  fs::create_directory_symlink(base_, base_ / "outside" / "up");                // the target's parent (holds the vault)
  fs::create_directory_symlink(base_, root_ / "parent");                        // a parent of the vault
  fs::create_directory_symlink(root_ / "a", root_ / "b");                       // another folder of the vault
  std::ofstream(base_ / "outside.md") << "# file\n";
  fs::create_symlink(base_ / "outside.md", root_ / "file-link.md");  // a file outside: listed
  fs::create_symlink("Note.md", root_ / "inside-link.md");           // a note of the vault again: skipped

  const auto vault = scan();
  EXPECT_EQ(listed(*vault), (std::vector<std::string>{"Note.md", "a/Real.md", "file-link.md", "lenke/Secret.md",
                                                      "lenke/deeper/Deep.md"}))
      << log_text();
  EXPECT_TRUE(logged("parent")) << log_text();
  EXPECT_TRUE(logged("lenke2")) << log_text();
  ASSERT_NE(vault->note(*vault->find_path("lenke/Secret.md")), nullptr);
  EXPECT_EQ(vault->absolute_path(*vault->find_path("lenke/Secret.md")),
            root_ / "lenke" / "Secret.md");  // never the real path
  EXPECT_TRUE(vault->contains_on_disk(root_ / "lenke" / "Secret.md"));
  EXPECT_TRUE(vault->contains_on_disk(root_ / "file-link.md"));
  EXPECT_FALSE(vault->contains_on_disk(base_ / "outside.txt"));
  std::ofstream(base_ / "other.md") << "# other\n";
  EXPECT_FALSE(vault->contains_on_disk(root_ / "parent" / "other.md"));
  // An editor that resolved the symlink sends the real path: it maps back to the vault path.
  EXPECT_EQ(vault->vault_path_of(base_ / "outside" / "deeper" / "Deep.md"), "lenke/deeper/Deep.md");
  EXPECT_EQ(vault->vault_path_of(base_ / "elsewhere.md"), std::nullopt);
  // New notes and renames may go into the followed folder, not through the skipped ones.
  EXPECT_FALSE(vault->leads_outside_on_disk("lenke/New.md"));
  EXPECT_FALSE(vault->leads_outside_on_disk("lenke/deeper/New.md"));
  EXPECT_TRUE(vault->leads_outside_on_disk("parent/New.md"));
  EXPECT_TRUE(vault->leads_outside_on_disk("../New.md"));
  EXPECT_TRUE(vault->leads_outside_on_disk("lenke/../../New.md"));
  // Link text never leads out: `../outside/Secret` is not the symlinked note.
  EXPECT_FALSE(resolve_linkpath(*vault, "Note.md", "../outside/Secret"));
  EXPECT_EQ(resolve_linkpath(*vault, "Note.md", "Secret"), vault->find_path("lenke/Secret.md"));
}

// VaultFileReader reads what contains_on_disk allows, through the followed symlinks too, and
// nothing a note was replaced with after the scan that leads out of the vault.
TEST_F(ScanTest, TheFileReaderReadsInsideTheVaultOnly) {
  write("Note.md", "note");
  write("a/Real.md", "real");
  write("a/Swapped.md", "before");
  write("a/Absolute.md", "before");
  write("a/Folder/Inner.md", "inner");
  fs::create_directories(base_ / "outside");
  std::ofstream(base_ / "outside" / "Secret.md") << "secret";
  std::ofstream(base_ / "stolen.md") << "stolen";
  fs::create_directory_symlink(base_ / "outside", root_ / "lenke");
  std::ofstream(base_ / "outside.md") << "file outside";
  fs::create_symlink(base_ / "outside.md", root_ / "file-link.md");
  const auto vault = scan();
  const auto id = [&](const std::string& path) { return *vault->find_path(path); };

  // After the scan: one note swapped for a symlink out of the vault, one for an absolute
  // symlink to another note of the vault, a folder for a symlink out of it.
  fs::remove(root_ / "a" / "Swapped.md");
  fs::create_symlink(base_ / "stolen.md", root_ / "a" / "Swapped.md");
  fs::remove(root_ / "a" / "Absolute.md");
  fs::create_symlink(root_ / "Note.md", root_ / "a" / "Absolute.md");
  fs::rename(root_ / "a" / "Folder", base_ / "moved-out");
  fs::create_directory_symlink(base_ / "moved-out", root_ / "a" / "Folder");

  VaultFileReader reader(*vault);
  EXPECT_EQ(reader.read(id("Note.md"), 1000), "note");
  EXPECT_EQ(reader.read(id("a/Real.md"), 1000), "real");
  EXPECT_EQ(reader.read(id("lenke/Secret.md"), 1000), "secret");     // followed by the scan
  EXPECT_EQ(reader.read(id("file-link.md"), 1000), "file outside");  // followed by the scan
  EXPECT_EQ(reader.read(id("a/Absolute.md"), 1000), "note");         // leads back inside
  EXPECT_EQ(reader.read(id("a/Swapped.md"), 1000), std::nullopt);
  EXPECT_EQ(reader.read(id("a/Folder/Inner.md"), 1000), std::nullopt);
  bool too_big = false;
  EXPECT_EQ(reader.read(id("a/Real.md"), 3, &too_big), std::nullopt);
  EXPECT_TRUE(too_big);
  fs::remove(root_ / "a" / "Real.md");
  EXPECT_EQ(reader.read(id("a/Real.md"), 1000, &too_big), std::nullopt);
  EXPECT_FALSE(too_big);
}

// `index.followSymlinks: false` / `check --no-follow-symlinks`: nothing behind any symlink
// is listed, resolved or read.
TEST_F(ScanTest, NotFollowingSymlinksListsNothingBehindThem) {
  write("Note.md", "");
  write("a/Real.md", "");
  fs::create_directories(base_ / "outside");
  std::ofstream(base_ / "outside" / "Secret.md") << "# s\n";
  fs::create_directory_symlink(base_ / "outside", root_ / "lenke");
  fs::create_directory_symlink(root_ / "a", root_ / "b");
  std::ofstream(base_ / "outside.md") << "# file\n";
  fs::create_symlink(base_ / "outside.md", root_ / "file-link.md");
  fs::create_symlink("Note.md", root_ / "inside-link.md");

  ScanOptions options;
  options.follow_symlinks = false;
  const auto vault = scan(options);
  EXPECT_EQ(listed(*vault), (std::vector<std::string>{"Note.md", "a/Real.md"})) << log_text();
  EXPECT_TRUE(logged("lenke")) << log_text();
  EXPECT_TRUE(logged("file-link.md")) << log_text();
  EXPECT_FALSE(vault->contains_on_disk(root_ / "lenke" / "Secret.md"));
  EXPECT_FALSE(vault->contains_on_disk(root_ / "file-link.md"));
  EXPECT_EQ(vault->vault_path_of(base_ / "outside" / "Secret.md"), std::nullopt);
  EXPECT_TRUE(vault->leads_outside_on_disk("lenke/New.md"));
  EXPECT_FALSE(resolve_linkpath(*vault, "Note.md", "Secret"));
  EXPECT_FALSE(resolve_linkpath(*vault, "Note.md", "inside-link"));
}

TEST_F(ScanTest, BrokenSymlinkAndSpecialFilesAreSkippedWithALogLine) {
  write("Note.md", "");
  fs::create_symlink(root_ / "nowhere.md", root_ / "broken.md");
  ASSERT_EQ(::mkfifo((root_ / "pipe.md").c_str(), 0600), 0);  // reading it would block forever
  const auto vault = scan();
  EXPECT_EQ(listed(*vault), (std::vector<std::string>{"Note.md"}));
  EXPECT_TRUE(logged("broken.md")) << log_text();
  EXPECT_TRUE(logged("pipe.md")) << log_text();
}

// What the scan of a vault with an unreadable note and folder got wrong ("" when nothing).
std::string unreadable_scan_problems(const std::function<std::shared_ptr<const Vault>()>& scan,
                                     const std::function<bool(const std::string&)>& logged,
                                     const std::function<std::string()>& log_text) {
  std::ostringstream problems;
  const auto vault = scan();
  std::vector<std::string> listed;
  for (const VaultFile& file : vault->files()) listed.push_back(file.path);
  // An unreadable note still exists as a link target (no false "broken link"), without a parse.
  if (listed != std::vector<std::string>{"Locked.md", "Note.md"}) problems << "listed the wrong files\n";
  if (const auto locked = vault->find_path("Locked.md"); !locked || vault->note(*locked) != nullptr)
    problems << "Locked.md should be listed without a parse\n";
  if (const auto note = vault->find_path("Note.md"); !note || vault->note(*note) == nullptr)
    problems << "Note.md should be parsed\n";
  if (!logged("Locked.md")) problems << "no log line for Locked.md\n";
  if (!logged("closed")) problems << "no log line for the folder closed/\n";
  if (problems.tellp() > 0) problems << "log:\n" << log_text();
  return problems.str();
}

TEST_F(ScanTest, UnreadableFileAndFolderAreLogged) {
  write("Note.md", "# ok\n");
  write("Locked.md", "# locked\n");
  write("closed/Inner.md", "# inner\n");
  fs::permissions(root_ / "Locked.md", fs::perms::none);
  fs::permissions(root_ / "closed", fs::perms::none);
  const auto problems = [this] {
    return unreadable_scan_problems([this] { return scan(); }, [this](const std::string& text) { return logged(text); },
                                    [this] { return log_text(); });
  };
  if (::geteuid() != 0) {
    EXPECT_EQ(problems(), "");
    return;
  }
  // Root reads everything, and CI runs as root: the scan runs as the unprivileged user
  // `nobody` in a child process (the vault's folders are world-readable, the two locked
  // entries readable by nobody).
  EXPECT_EXIT(
      {
        if (::setgroups(0, nullptr) != 0 || ::setresgid(65534, 65534, 65534) != 0 ||
            ::setresuid(65534, 65534, 65534) != 0) {
          std::fprintf(stderr, "cannot become nobody: %s\n", std::strerror(errno));
          std::_Exit(2);
        }
        if (std::ifstream(root_ / "Locked.md").good()) {
          std::fprintf(stderr, "nobody can read Locked.md: permissions are not enforced here\n");
          std::_Exit(3);
        }
        const std::string found = problems();
        std::fprintf(stderr, "%s", found.c_str());
        std::_Exit(found.empty() ? 0 : 1);
      },
      ::testing::ExitedWithCode(0), "");
}

TEST_F(ScanTest, ReadErrorKeepsTheFileWithoutAParse) {
  // Works as root too: reading /proc/self/mem at offset 0 fails (EIO) for everyone.
  if (!fs::exists("/proc/self/mem") || read_file_text("/proc/self/mem").has_value())
    GTEST_SKIP() << "no /proc/self/mem that fails to read";
  write("Note.md", "# ok\n");
  fs::create_symlink("/proc/self/mem", root_ / "Failing.md");
  const auto vault = scan();  // the link leads outside the vault: followed by default
  EXPECT_EQ(listed(*vault), (std::vector<std::string>{"Failing.md", "Note.md"})) << log_text();
  EXPECT_EQ(vault->note(*vault->find_path("Failing.md")), nullptr);
  EXPECT_NE(vault->note(*vault->find_path("Note.md")), nullptr);
  EXPECT_TRUE(logged("cannot read Failing.md")) << log_text();
}

TEST_F(ScanTest, BigNotesAreIndexedByNameOnly) {
  write("Small.md", "# small\n");
  write("Big.md", "# big\n" + std::string(200'000, 'x'));
  write("Exact.md", "# exact\n" + std::string(1000 - 8, 'x'));   // exactly the limit
  write("OneMore.md", "# more\n" + std::string(1000 - 6, 'x'));  // one byte over
  ScanOptions options;
  options.max_note_bytes = 1000;
  const auto vault = scan(options);
  EXPECT_EQ(listed(*vault), (std::vector<std::string>{"Big.md", "Exact.md", "OneMore.md", "Small.md"}));
  EXPECT_NE(vault->note(*vault->find_path("Exact.md")), nullptr);
  EXPECT_EQ(vault->note(*vault->find_path("OneMore.md")), nullptr);
  EXPECT_TRUE(logged("OneMore.md")) << log_text();
  EXPECT_EQ(vault->note(*vault->find_path("Big.md")), nullptr);
  EXPECT_NE(vault->note(*vault->find_path("Small.md")), nullptr);
  EXPECT_TRUE(logged("Big.md")) << log_text();
  EXPECT_EQ(resolve_linkpath(*vault, "Small.md", "Big"), vault->find_path("Big.md"));
}

TEST_F(ScanTest, StopsListingAfterMaxFiles) {
  for (int i = 0; i < 10; ++i) write("n" + std::to_string(i) + ".md", "");
  ScanOptions options;
  options.max_files = 4;
  const auto vault = scan(options);
  EXPECT_EQ(listed(*vault), (std::vector<std::string>{"n0.md", "n1.md", "n2.md", "n3.md"}));
  EXPECT_TRUE(logged("4 files")) << log_text();
}

TEST_F(ScanTest, TellsWhenListingStoppedAtMaxFiles) {
  for (int i = 0; i < 5; ++i) write("n" + std::to_string(i) + ".md", "");
  for (const size_t cap : {4u, 5u, 6u}) {
    bool truncated = cap == 6;  // overwritten either way
    ScanOptions options;
    options.max_files = cap;
    options.truncated = &truncated;
    const auto vault = scan(options);
    EXPECT_EQ(truncated, cap < 5) << "cap " << cap;
    EXPECT_EQ(vault->file_count(), std::min<size_t>(cap, 5));
  }
}

TEST_F(ScanTest, ReportsParseProgressInOrderUpToTheTotal) {
  for (int i = 0; i < 250; ++i) write("n" + std::to_string(i) + ".md", "[[n" + std::to_string(i + 1) + "]]\n");
  write("picture.png", "not a note");
  for (const unsigned threads : {1u, 4u}) {
    std::vector<std::pair<size_t, size_t>> calls;
    std::mutex calls_mutex;
    bool concurrent = false;
    std::atomic<int> inside{0};
    ScanOptions options;
    options.threads = threads;
    options.progress = [&](size_t parsed, size_t total) {
      if (inside++ != 0) concurrent = true;
      {
        std::lock_guard lock(calls_mutex);
        calls.emplace_back(parsed, total);
      }
      --inside;
    };
    scan(options);
    ASSERT_GE(calls.size(), 3u) << "threads " << threads;
    EXPECT_FALSE(concurrent);
    EXPECT_EQ(calls.front(), std::make_pair(size_t{0}, size_t{250}));
    EXPECT_EQ(calls.back(), std::make_pair(size_t{250}, size_t{250}));
    // About every 1%: not once per note, and never going back.
    EXPECT_LE(calls.size(), 130u);
    for (size_t i = 1; i < calls.size(); ++i) {
      EXPECT_GT(calls[i].first, calls[i - 1].first);
      EXPECT_EQ(calls[i].second, 250u);
    }
  }
}

TEST_F(ScanTest, NonNoteFilesAreListedNeverRead) {
  write("Note.md", "x");
  write("huge.pdf", std::string(64, 'x'));
  write("locked.png", "secret");
  fs::permissions(root_ / "locked.png", fs::perms::none);
  ScanOptions options;
  options.max_note_bytes = 8;  // reading huge.pdf would log "indexed by name only"
  const auto vault = scan(options);
  EXPECT_EQ(listed(*vault), (std::vector<std::string>{"Note.md", "huge.pdf", "locked.png"}));
  EXPECT_FALSE(logged("huge.pdf")) << log_text();
  EXPECT_FALSE(logged("locked.png")) << log_text();
}

TEST_F(ScanTest, MissingRootGivesAnEmptyVault) {
  const auto vault = Vault::scan(base_ / "does-not-exist", ScanOptions{});
  EXPECT_EQ(vault->file_count(), 0u);
  EXPECT_FALSE(resolve_linkpath(*vault, "", "Note"));
}

TEST_F(ScanTest, VaultPathOfThroughASymlinkedRoot) {
  write("a/Note.md", "");
  const fs::path link = base_ / "link-to-vault";
  fs::create_directory_symlink(root_, link);
  const auto vault = Vault::scan(link, ScanOptions{});
  ASSERT_EQ(listed(*vault), (std::vector<std::string>{"a/Note.md"}));
  EXPECT_EQ(vault->vault_path_of(link / "a" / "Note.md"), "a/Note.md");
  EXPECT_EQ(vault->vault_path_of(root_ / "a" / "Note.md"), "a/Note.md");  // the editor may send the real path
  EXPECT_EQ(vault->vault_path_of(root_ / "a" / ".." / "b.md"), "b.md");
  EXPECT_EQ(vault->vault_path_of(base_ / "elsewhere.md"), std::nullopt);
  EXPECT_TRUE(fs::exists(vault->absolute_path(0)));
}

TEST(ReadFileText, WholeFileOrNothing) {
  const fs::path path = fs::path(::testing::TempDir()) / ("slipbox-read-" + std::to_string(::getpid()));
  std::string content(200'000, 'a');
  content[1000] = '\0';  // binary content survives
  content += "\xC3\xA6\r\n";
  std::ofstream(path, std::ios::binary) << content;
  EXPECT_EQ(read_file_text(path), content);
  fs::remove(path);
  EXPECT_EQ(read_file_text(path), std::nullopt);
  EXPECT_EQ(read_file_text(fs::path(::testing::TempDir())), std::nullopt);  // a folder
}

}  // namespace
}  // namespace slipbox
