// `slipbox check --orphans --unused-attachments` on a small vault written for the test.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <unistd.h>

#include <nlohmann/json.hpp>

namespace {

namespace fs = std::filesystem;

struct CheckRun {
  int exit_code = -1;
  std::string out;
};

CheckRun run(const std::string& args) {
  CheckRun result;
  FILE* pipe = popen((std::string("'") + SLIPBOX_BINARY + "' check " + args + " 2>/dev/null").c_str(), "r");
  if (!pipe) return result;
  char buffer[4096];
  for (size_t n; (n = fread(buffer, 1, sizeof buffer, pipe)) > 0;) result.out.append(buffer, n);
  const int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
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
  const CheckRun plain = run("'" + root.string() + "'");
  EXPECT_EQ(plain.exit_code, 0) << plain.out;  // no broken links, nothing else asked

  const CheckRun both = run("--orphans --unused-attachments '" + root.string() + "'");
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
  const CheckRun json_run = run("--format json --unused-attachments '" + root.string() + "'");
  EXPECT_EQ(json_run.exit_code, 1);
  const auto all = nlohmann::json::parse(json_run.out);
  ASSERT_EQ(all.size(), 1u) << json_run.out;
  EXPECT_EQ(all[0]["path"], "img/ubrukt.png");
  EXPECT_EQ(all[0]["code"], "unused-attachment");
}

}  // namespace
