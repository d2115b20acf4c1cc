#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

#include "tests/markdown/note_snapshot.h"
#include "tests/support/inline_snapshot.h"

namespace slipbox::testing {
namespace {

// The test files of this folder that define the case `name` (exactly one, for an update).
std::vector<std::string> files_defining(const std::string& name) {
  std::vector<std::string> found;
  const std::string head = "SnapshotCase{\"" + name + "\"";
  for (const auto& entry :
       std::filesystem::directory_iterator(std::filesystem::path(SLIPBOX_SOURCE_DIR) / "tests/markdown")) {
    if (entry.path().extension() != ".cpp") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (text.find(head) != std::string::npos) found.push_back(entry.path().string());
  }
  return found;
}

}  // namespace

TEST_P(NoteSnapshot, MatchesExpected) {
  const SnapshotCase& c = GetParam();
  const std::string actual = snapshot(c.text);
  if (actual != c.expected && updating_snapshots()) {
    const auto files = files_defining(c.name);
    ASSERT_EQ(files.size(), 1u) << "case " << c.name << " is defined in " << files.size()
                                << " files: update it by hand";
    const std::string problem = update_inline_snapshot(files[0], "SnapshotCase", c.name, actual);
    EXPECT_EQ(problem, "") << "UPDATE_SNAPSHOTS could not rewrite " << c.name << " in " << files[0];
    if (problem.empty()) std::cout << "updated snapshot " << c.name << " in " << files[0] << "\n";
    return;
  }
  EXPECT_EQ(actual, c.expected) << "input:\n" << c.text << "\n(UPDATE_SNAPSHOTS=1 rewrites the expected text)";
}

}  // namespace slipbox::testing
