// The live-vault parts of the server in process: indexing progress for clients with
// work-done progress, and inotify for clients without dynamic file watching.
#include "lsp/server.h"

#include <gtest/gtest.h>

#include <optional>

#include "lsp/uri.h"
#include "tests/lsp/lsp_session.h"

namespace slipbox::lsp {
namespace {

using testing::notification;
using testing::request;

class LiveServerTest : public ::testing::Test, protected testing::LspSession {
 protected:
  static ServerOptions options() { return test_options(); }
};

TEST_F(LiveServerTest, IndexingReportsBeginAndEndToAClientWithWorkDoneProgress) {
  vault.write("Ett.md", "# Ett\n");
  vault.write("Mappe/To.md", "[[Ett]]\n");
  initialize({{"window", {{"workDoneProgress", true}}}});
  auto create =
      transport.wait_for([](const json& m) { return m.value("method", "") == "window/workDoneProgress/create"; });
  ASSERT_TRUE(create.has_value()) << transport.dump();
  const json token = (*create)["params"]["token"];
  server.handle_message(json{{"jsonrpc", "2.0"}, {"id", (*create)["id"]}, {"result", nullptr}}.dump());
  size_t from = 0;
  auto progress = [&](const std::string& kind) {
    return transport.wait_for(
        [&](const json& m) {
          return m.value("method", "") == "$/progress" && m["params"]["token"] == token &&
                 m["params"]["value"]["kind"] == kind;
        },
        &from);
  };
  ASSERT_TRUE(progress("begin").has_value()) << transport.dump();
  const auto end = progress("end");
  ASSERT_TRUE(end.has_value()) << transport.dump();
  EXPECT_EQ((*end)["params"]["value"]["message"], "Indexed 2 files");
}

TEST_F(LiveServerTest, NoProgressWithoutTheCapability) {
  vault.write("Ett.md", "# Ett\n");
  initialize(json::object());
  const std::string uri = uri_from_path(vault.write("Plan.md", "[[Ett]]\n"));
  server.handle_message(notification(
      "textDocument/didOpen",
      {{"textDocument", {{"uri", uri}, {"languageId", "markdown"}, {"version", 1}, {"text", "[[Ett]]\n"}}}}));
  size_t from = 0;
  ASSERT_TRUE(published(uri, 0, &from)) << transport.dump();  // indexed by now
  EXPECT_EQ(transport.count([](const json& m) { return m.value("method", "") == "window/workDoneProgress/create"; }),
            0u);
}

// No dynamic registration: the server watches the folder itself, and the open note's
// diagnostics follow files created, deleted and moved on disk.
TEST_F(LiveServerTest, DiagnosticsFollowTheDiskWithoutClientFileEvents) {
  initialize(json::object());
  const std::string text = "[[Møtenotater]] og [[Arkiv/Gammel]]\n";
  const std::string uri = uri_from_path(vault.write("Plan.md", text));
  server.handle_message(
      notification("textDocument/didOpen",
                   {{"textDocument", {{"uri", uri}, {"languageId", "markdown"}, {"version", 1}, {"text", text}}}}));
  size_t from = 0;
  ASSERT_TRUE(published(uri, 2, &from)) << transport.dump();

  vault.write("🛠 Ressurser/Møtenotater.md", "# Møter\n");
  ASSERT_TRUE(published(uri, 1, &from)) << transport.dump();
  vault.write("Arkiv/Gammel.md", "old\n");  // a new folder with a note in it
  ASSERT_TRUE(published(uri, 0, &from)) << transport.dump();

  std::filesystem::rename(vault.root() / "Arkiv", vault.root() / "Annet");  // the folder moves away
  ASSERT_TRUE(published(uri, 1, &from)) << transport.dump();
  std::filesystem::remove(vault.root() / std::filesystem::path(u8"🛠 Ressurser/Møtenotater.md"));
  ASSERT_TRUE(published(uri, 2, &from)) << transport.dump();
}

// File events in one batch, as a `git pull` or a sync brings them: one vault update for the
// batch, and a deleted folder told as one path (as VS Code reports it, and inotify for a
// folder moved away) drops its files. No rescan can hide a mistake here: its delay is an hour.
class BatchedFileEventsTest : public LiveServerTest {
 protected:
  static ServerOptions no_rescan() {
    ServerOptions o = options();
    o.rescan_delay = std::chrono::hours(1);
    return o;
  }
  Server batched{transport, log, no_rescan()};
  ~BatchedFileEventsTest() override { batched.stop(); }
};

TEST_F(BatchedFileEventsTest, ManyCreatedNotesAndADeletedFolderInOneNotification) {
  vault.write("Arkiv/Gammel.md", "# Gammel\n");
  vault.write("Arkiv/Dypere/Eldre.md", "# Eldre\n");
  vault.write("Arkiv b/Beholdes.md", "# Beholdes\n");
  std::string text = "[[Arkiv/Gammel]] [[Eldre]] [[Beholdes]]";
  for (int i = 0; i < 40; ++i) text += " [[Ny " + std::to_string(i) + "]]";
  const std::string uri = uri_from_path(vault.write("Plan.md", text + "\n"));
  batched.handle_message(
      request(1, "initialize",
              {{"processId", nullptr},
               {"rootUri", uri_from_path(vault.root())},
               {"capabilities", {{"workspace", {{"didChangeWatchedFiles", {{"dynamicRegistration", true}}}}}}}}));
  transport.response(1);
  batched.handle_message(notification("initialized", json::object()));
  batched.handle_message(notification(
      "textDocument/didOpen",
      {{"textDocument", {{"uri", uri}, {"languageId", "markdown"}, {"version", 1}, {"text", text + "\n"}}}}));
  size_t from = 0;
  ASSERT_TRUE(published(uri, 40, &from)) << transport.dump();

  json changes = json::array();
  for (int i = 0; i < 40; ++i)
    changes.push_back(
        {{"uri", uri_from_path(vault.write("Nye/Ny " + std::to_string(i) + ".md", "# Ny\n"))}, {"type", 1}});
  std::filesystem::remove_all(vault.root() / "Arkiv");
  changes.push_back({{"uri", uri_from_path(vault.root() / "Arkiv")}, {"type", 3}});
  batched.handle_message(notification("workspace/didChangeWatchedFiles", {{"changes", changes}}));
  const auto after = published(uri, 2, &from);
  ASSERT_TRUE(after) << transport.dump();
  // The two links into the deleted folder; `Arkiv b/` is no part of `Arkiv/`.
  EXPECT_EQ((*after)["params"]["diagnostics"][0]["range"]["start"]["character"], 0);
  EXPECT_EQ((*after)["params"]["diagnostics"][1]["range"]["start"]["character"], 17);
}

// A folder created or moved in, told as one event for the folder (VS Code reports no event
// for the files inside): listed from that event, without a rescan.
TEST_F(BatchedFileEventsTest, AFolderCreatedOnDiskIsListedFromItsOneEvent) {
  vault.write("Arkiv/Gammel.md", "# Gammel\n");
  const std::string text = "[[New/Sub/Target]] [[Arkiv/Gammel]] [[Gammel]]\n";
  const std::string uri = uri_from_path(vault.write("Plan.md", text));
  batched.handle_message(
      request(1, "initialize",
              {{"processId", nullptr},
               {"rootUri", uri_from_path(vault.root())},
               {"capabilities", {{"workspace", {{"didChangeWatchedFiles", {{"dynamicRegistration", true}}}}}}}}));
  transport.response(1);
  batched.handle_message(notification("initialized", json::object()));
  batched.handle_message(
      notification("textDocument/didOpen",
                   {{"textDocument", {{"uri", uri}, {"languageId", "markdown"}, {"version", 1}, {"text", text}}}}));
  size_t from = 0;
  ASSERT_TRUE(published(uri, 1, &from)) << transport.dump();

  vault.write("New/Sub/Target.md", "# Target\n");
  batched.handle_message(
      notification("workspace/didChangeWatchedFiles",
                   {{"changes", json::array({{{"uri", uri_from_path(vault.root() / "New")}, {"type", 1}}})}}));
  ASSERT_TRUE(published(uri, 0, &from)) << transport.dump();

  // A folder renamed: the old path deleted, the new one created (two folder events).
  std::filesystem::rename(vault.root() / "Arkiv", vault.root() / "Arkiv 2");
  batched.handle_message(
      notification("workspace/didChangeWatchedFiles",
                   {{"changes", json::array({{{"uri", uri_from_path(vault.root() / "Arkiv")}, {"type", 3}},
                                             {{"uri", uri_from_path(vault.root() / "Arkiv 2")}, {"type", 1}}})}}));
  const auto after = published(uri, 1, &from);
  ASSERT_TRUE(after) << transport.dump();
  // [[Arkiv/Gammel]] breaks; [[Gammel]] finds the note in its new folder.
  EXPECT_EQ((*after)["params"]["diagnostics"][0]["range"]["start"]["character"], 19);
}

}  // namespace
}  // namespace slipbox::lsp
