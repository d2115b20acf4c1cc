// Replays every fuzz corpus and regression input (fuzz/corpus/<target>/, fuzz/regressions/
// <target>/) through the same entry the libFuzzer targets use (fuzz/entries.h), so the
// inputs that once crashed stay covered by the normal suite, under any compiler.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "fuzz/entries.h"

namespace slipbox::fuzz {
namespace {

namespace fs = std::filesystem;

std::vector<fs::path> inputs(const std::string& target) {
  std::vector<fs::path> found;
  for (const char* kind : {"corpus", "regressions"}) {
    const fs::path folder = fs::path(SLIPBOX_SOURCE_DIR) / "fuzz" / kind / target;
    std::error_code error;
    for (const auto& entry : fs::directory_iterator(folder, error))
      if (entry.is_regular_file() && entry.path().filename() != "README.md") found.push_back(entry.path());
  }
  std::sort(found.begin(), found.end());
  return found;
}

std::string read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

void replay(const std::string& target, void (*entry)(std::string_view)) {
  const auto files = inputs(target);
  ASSERT_FALSE(files.empty()) << "no inputs for " << target;
  for (const fs::path& file : files) {
    SCOPED_TRACE(file.string());
    entry(read(file));  // aborts with "fuzz invariant broken" on a failure
  }
}

TEST(FuzzReplay, ProtocolInputs) { replay("protocol", framing_entry); }
TEST(FuzzReplay, ParseNoteInputs) { replay("parse_note", parse_note_entry); }
TEST(FuzzReplay, LinksInputs) { replay("links", links_entry); }

// The entries' own checks must be able to fail: a reply too many is caught.
TEST(FuzzReplay, ProtocolEntryCountsResponses) {
  DispatchHarness harness;
  harness.endpoint.handle_message(R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}})");
  harness.endpoint.handle_message(R"({"jsonrpc":"2.0","id":2,"method":"nope"})");
  harness.endpoint.handle_message(R"({"jsonrpc":"2.0","id":3,"method":"textDocument/hover","params":{}})");
  ASSERT_TRUE(harness.drain());
  const auto responses = harness.transport.responses();
  EXPECT_EQ(responses.at("1"), 1);
  EXPECT_EQ(responses.at("2"), 1);
  EXPECT_EQ(responses.at("3"), 1);
}

}  // namespace
}  // namespace slipbox::fuzz
