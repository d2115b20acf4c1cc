// `slipbox check --orphans --unused-attachments` on a small vault written for the test.
#include <gtest/gtest.h>

#include <unistd.h>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "tests/e2e/run_command.h"

namespace {

namespace fs = std::filesystem;

// `slipbox check ARGS` (stderr not looked at).
slipbox::e2e::CommandResult run(std::vector<std::string> args) {
  args.insert(args.begin(), "check");
  return slipbox::e2e::run_slipbox(std::move(args));
}

class CheckOrphans : public ::testing::Test {
 protected:
  CheckOrphans() : root(fs::temp_directory_path() / ("slipbox-orphans-" + std::to_string(getpid()))) {
    fs::remove_all(root);
    write("Index.md", "[[Møte]] ![[img/brukt.png]]\n");
    write("Møte.md", "[[Møte]]\n");
    write("Ensom 🙂.md", "[[Index]]\n");
    write("Helt alene.md", "nothing\n");
    write("img/brukt.png", "");
    write("img/ubrukt.png", "");
  }
  ~CheckOrphans() override { fs::remove_all(root); }
  void write(const std::string& path, const std::string& text) {
    const fs::path file = root / fs::path(std::u8string(path.begin(), path.end()));
    fs::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << text;
  }
  fs::path root;
};

TEST_F(CheckOrphans, TextListsOrphansAndUnusedAttachments) {
  const slipbox::e2e::CommandResult plain = run({root.string()});
  EXPECT_EQ(plain.exit_code, 0) << plain.out;  // no broken links, nothing else asked

  const slipbox::e2e::CommandResult both = run({"--orphans", "--unused-attachments", root.string()});
  EXPECT_EQ(both.exit_code, 1);
  const std::string prefix = root.string() + "/";
  EXPECT_NE(both.out.find(prefix + "Ensom 🙂.md: orphan note [orphan-note]\n"), std::string::npos) << both.out;
  EXPECT_NE(both.out.find(prefix + "Helt alene.md: orphan note [orphan-note]\n"), std::string::npos) << both.out;
  EXPECT_EQ(both.out.find("Møte.md: orphan"), std::string::npos) << both.out;
  EXPECT_EQ(both.out.find("Index.md: orphan"), std::string::npos) << both.out;  // Ensom links to it
  EXPECT_NE(both.out.find(prefix + "img/ubrukt.png: unused attachment [unused-attachment]\n"), std::string::npos);
  EXPECT_EQ(both.out.find("/brukt.png: unused"), std::string::npos) << both.out;
}

TEST_F(CheckOrphans, JsonEntries) {
  const slipbox::e2e::CommandResult json_run = run({"--format", "json", "--unused-attachments", root.string()});
  EXPECT_EQ(json_run.exit_code, 1);
  const auto all = nlohmann::json::parse(json_run.out);
  ASSERT_EQ(all.size(), 1u) << json_run.out;
  EXPECT_EQ(all[0]["path"], "img/ubrukt.png");
  EXPECT_EQ(all[0]["code"], "unused-attachment");
}

}  // namespace
