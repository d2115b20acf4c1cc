// `slipbox check --cache` with the built binary: the findings are those of a check without
// the cache, run after run, after an edit, and after the cache file was truncated or
// corrupted (which is said on stderr and repaired).
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

class CheckCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    base_ = fs::path(::testing::TempDir()) / ("slipbox-check-cache-" + std::to_string(::getpid()));
    fs::remove_all(base_);
    vault_ = base_ / "vault";
    cache_home_ = base_ / "cache";
    fs::create_directories(base_);
    fs::copy(fs::path(SLIPBOX_SOURCE_DIR) / "examples/vault", vault_, fs::copy_options::recursive);
    // Old enough that the cache trusts the entries (files written just now are read again).
    for (const auto& entry : fs::recursive_directory_iterator(vault_)) make_old(entry.path());
  }
  void TearDown() override {
    std::error_code error;
    fs::remove_all(base_, error);
  }
  static void make_old(const fs::path& file, time_t later_by = 0) {
    const timespec times[2] = {{1'600'000'000 + later_by, 0}, {1'600'000'000 + later_by, 0}};
    ::utimensat(AT_FDCWD, file.c_str(), times, AT_SYMLINK_NOFOLLOW);
  }

  struct Run {
    std::string out;
    std::string err;
  };
  Run check(const std::string& args) {
    const fs::path err_file = base_ / "stderr.txt";
    const std::string command = "XDG_CACHE_HOME='" + cache_home_.string() + "' '" + SLIPBOX_BINARY + "' check " + args +
                                " '" + vault_.string() + "' 2>'" + err_file.string() + "'";
    Run run;
    FILE* pipe = popen(command.c_str(), "r");
    if (!pipe) return run;
    char buffer[4096];
    for (size_t n; (n = fread(buffer, 1, sizeof buffer, pipe)) > 0;) run.out.append(buffer, n);
    pclose(pipe);
    std::ifstream in(err_file);
    run.err.assign(std::istreambuf_iterator<char>(in), {});
    return run;
  }
  std::vector<fs::path> cache_files() {
    std::vector<fs::path> files;
    std::error_code error;
    for (const auto& entry : fs::directory_iterator(cache_home_ / "slipbox", error)) files.push_back(entry.path());
    return files;
  }

  fs::path base_, vault_, cache_home_;
};

TEST_F(CheckCacheTest, FindingsEqualACheckWithoutTheCache) {
  const Run plain = check("");
  ASSERT_NE(plain.out.find("[unresolved-link]"), std::string::npos) << plain.out;
  EXPECT_TRUE(cache_files().empty());  // without --cache nothing is written

  const Run cold = check("--cache");
  EXPECT_EQ(cold.out, plain.out);
  const std::vector<fs::path> files = cache_files();
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(files[0].extension(), ".index");
  const auto written = fs::last_write_time(files[0]);
  // Mode 0600: it holds the notes' headings and links.
  EXPECT_EQ(fs::status(files[0]).permissions() & fs::perms::all, fs::perms::owner_read | fs::perms::owner_write);

  const Run warm = check("--cache");
  EXPECT_EQ(warm.out, plain.out);
  EXPECT_EQ(warm.err, cold.err);
  EXPECT_EQ(fs::last_write_time(files[0]), written);  // nothing changed: not written again

  // An edit that breaks a link shows at once.
  std::ofstream(vault_ / "Broken by edit.md") << "# Broken\n[[Nowhere at all]]\n";
  make_old(vault_ / "Broken by edit.md", 30);
  const Run edited = check("--cache");
  EXPECT_NE(edited.out.find("Nowhere at all"), std::string::npos) << edited.out;
  EXPECT_EQ(edited.out, check("").out);

  // A truncated cache (a crash while writing) and a corrupted byte: ignored, said, rebuilt.
  std::string good;
  {
    std::ifstream in(files[0], std::ios::binary);
    good.assign(std::istreambuf_iterator<char>(in), {});
  }
  std::string flipped = good;
  flipped[good.size() / 2] ^= 0x20;
  for (const std::string& damaged : {good.substr(0, good.size() / 3), flipped}) {
    std::ofstream(files[0], std::ios::binary | std::ios::trunc) << damaged;
    const Run after = check("--cache");
    EXPECT_EQ(after.out, edited.out);
    EXPECT_NE(after.err.find("ignored"), std::string::npos) << after.err;
    const Run repaired = check("--cache");
    EXPECT_EQ(repaired.out, edited.out);
    EXPECT_EQ(repaired.err.find("ignored"), std::string::npos) << repaired.err;
  }
}

}  // namespace
