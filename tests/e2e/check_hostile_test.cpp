// `slipbox check` on a hostile vault next to a secret folder: symlinks out (file, folder,
// parent) followed or not, a symlink loop, a FIFO named .md, a binary .md, links escaping the vault in every
// spelling. The check finishes, reports the escapes as link-outside-vault, and never prints
// anything from outside.
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "tests/e2e/run_command.h"

namespace {

namespace fs = std::filesystem;

constexpr const char* kSecret = "TOPSECRET-c0ffee";

// `slipbox check ARGS`: its exit status and everything it printed (stdout, then stderr).
std::pair<int, std::string> check(std::vector<std::string> args) {
  args.insert(args.begin(), "check");
  const slipbox::e2e::CommandResult run = slipbox::e2e::run_slipbox(std::move(args));
  return {run.exit_code, run.out + run.err};
}

size_t count(const std::string& text, const std::string& needle) {
  size_t found = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++found;
  return found;
}

TEST(CheckHostileVault, FinishesReportsEscapesAndPrintsNothingFromOutside) {
  const fs::path base = fs::temp_directory_path() / ("slipbox-e2e-hostile-" + std::to_string(getpid()));
  fs::remove_all(base);
  const fs::path vault = base / "vault";
  const fs::path secret = base / "secret";
  fs::create_directories(vault / "sub");
  fs::create_directories(secret / "folder");
  std::ofstream(secret / "secret.md") << "# Secret\n" << kSecret << "\n[[Broken from the secret]]\n";
  std::ofstream(secret / "folder" / "inner.md") << kSecret << " [[Broken inner]]\n";
  fs::create_symlink(secret / "secret.md", vault / "leak.md");
  fs::create_directory_symlink(secret / "folder", vault / "leakdir");
  fs::create_directory_symlink("..", vault / "up");
  fs::create_directory_symlink("..", vault / "sub" / "loop");
  ASSERT_EQ(mkfifo((vault / "pipe.md").c_str(), 0600), 0);
  {
    std::ofstream binary(vault / "binary.md", std::ios::binary);
    for (int i = 0; i < 100000; ++i) binary.put(static_cast<char>((i * 131) % 256));
  }
  std::ofstream(vault / "Note.md") << "[[../secret/secret]]\n"
                                   << "[x](../secret/secret.md)\n"
                                   << "[x](..%2Fsecret%2Fsecret.md)\n"
                                   << "[[" << (secret / "secret").string() << "]]\n"
                                   << "[x](file://" << (secret / "secret.md").string() << ")\n"
                                   << "[[leak]] [[binary]] [[sub/Deep]]\n";
  std::ofstream(vault / "sub" / "Deep.md") << "[[../../secret/secret]]\n";

  // Not following symlinks: nothing behind any of them is listed or read.
  const auto [status, output] = check({"--no-follow-symlinks", vault.string()});
  EXPECT_EQ(status, 1) << output;  // findings
  EXPECT_EQ(output.find(kSecret), std::string::npos) << output;
  EXPECT_EQ(output.find("Broken from the secret"), std::string::npos) << "a note outside was checked:\n" << output;
  EXPECT_EQ(output.find("Broken inner"), std::string::npos) << output;
  EXPECT_EQ(count(output, "link-outside-vault"), 6u) << output;  // five in Note.md, one in sub/Deep.md
  EXPECT_NE(output.find("leak"), std::string::npos) << "the symlink out is a broken link:\n" << output;

  // Following them (the default, as Obsidian does, docs/link-resolution.md §6): the symlinked file
  // and folder are part of the vault at their vault paths (`leakdir/inner.md`), the symlinks to a
  // parent are skipped, and link text still never leads out.
  const auto [followed_status, followed] = check({vault.string()});
  EXPECT_EQ(followed_status, 1) << followed;
  EXPECT_NE(followed.find("leakdir/inner.md:1:18: warning: No note named \"Broken inner\""), std::string::npos)
      << followed;
  EXPECT_NE(followed.find("leak.md:3:1: warning: No note named \"Broken from the secret\""), std::string::npos)
      << followed;
  EXPECT_EQ(followed.find(kSecret), std::string::npos) << followed;
  EXPECT_FALSE(followed.starts_with(secret.string())) << "never the real path:\n" << followed;
  EXPECT_EQ(followed.find("\n" + secret.string()), std::string::npos) << "never the real path:\n" << followed;
  EXPECT_EQ(count(followed, "link-outside-vault"), 6u) << followed;
  EXPECT_EQ(followed.find("No note named \"leak\""), std::string::npos) << followed;
  fs::remove_all(base);
}

}  // namespace
