// Faults under a running server: the vault folder deleted, files deleted or replaced behind
// its back, unreadable files. Each is survived: requests keep being answered and the index
// follows the disk once the client reports the change.
#include <gtest/gtest.h>

#include "lsp/server.h"
#include "lsp/uri.h"
#include "tests/lsp/lsp_session.h"

namespace slipbox::lsp {
namespace {

namespace fs = std::filesystem;
using testing::notification;
using testing::request;
using testing::TempVault;

class FaultsTest : public ::testing::Test, protected testing::LspSession {
 protected:
  FaultsTest() : LspSession(options()) {
    vault.write("Target.md", "# Target\ntext\n");
    vault.write("Folder/Other.md", "# Other\n");
  }
  static ServerOptions options() {
    ServerOptions o = test_options();
    o.diagnostics_delay = std::chrono::milliseconds(1);
    o.rescan_delay = std::chrono::milliseconds(1);
    return o;
  }

  std::string open(const fs::path& absolute, const std::string& text, int version = 1) {
    const std::string uri = uri_from_path(absolute);
    notify("textDocument/didOpen",
           {{"textDocument", {{"uri", uri}, {"languageId", "markdown"}, {"version", version}, {"text", text}}}});
    return uri;
  }

  // The codes of the next publishDiagnostics for `uri` whose codes satisfy `wanted`.
  std::optional<std::vector<std::string>> diagnostics_until(
      const std::string& uri, const std::function<bool(const std::vector<std::string>&)>& wanted) {
    std::optional<std::vector<std::string>> codes;
    // From the last match on: an older publish must not answer for a newer state.
    transport.wait_for(
        [&](const json& m) {
          if (m.value("method", "") != "textDocument/publishDiagnostics" || m["params"]["uri"] != uri) return false;
          std::vector<std::string> found;
          for (const json& d : m["params"]["diagnostics"]) found.push_back(d["code"]);
          if (!wanted(found)) return false;
          codes = found;
          return true;
        },
        &seen_);
    return codes;
  }

  json ask(const std::string& method, const std::string& uri, uint32_t line, uint32_t character) {
    const int id = next_id++;
    server.handle_message(request(id, method,
                                  {{"textDocument", {{"uri", uri}}},
                                   {"position", {{"line", line}, {"character", character}}},
                                   {"context", {{"includeDeclaration", false}}}}));
    return transport.response(id);
  }

  void file_event(const fs::path& path, int type) {
    notify("workspace/didChangeWatchedFiles",
           {{"changes", json::array({json{{"uri", uri_from_path(path)}, {"type", type}}})}});
  }

  size_t seen_ = 0;
};

TEST_F(FaultsTest, FileDeletedBehindTheServersBackIsForgottenOnItsEvent) {
  initialize();
  const std::string uri = open(vault.write("Source.md", "[[Target]]\n"), "[[Target]]\n");
  ASSERT_TRUE(diagnostics_until(uri, [](const auto& codes) { return codes.empty(); }));
  fs::remove(vault.root() / "Target.md");
  // Before the event: the index still lists it, a hover cannot read it, and says so.
  const json hover = ask("textDocument/hover", uri, 0, 4);
  ASSERT_TRUE(hover.contains("result")) << hover.dump();
  // A "changed" event for a file that is gone counts as its deletion.
  file_event(vault.root() / "Target.md", 2);
  EXPECT_TRUE(diagnostics_until(uri, [](const auto& codes) {
    return codes == std::vector<std::string>{"unresolved-link"};
  })) << transport.dump();
  // Replaced by a folder of the same name: the file leaves the index, the link stays broken.
  fs::create_directories(vault.root() / "Target.md");
  file_event(vault.root() / "Target.md", 1);
  EXPECT_TRUE(ask("textDocument/definition", uri, 0, 4)["result"].is_null());
}

TEST_F(FaultsTest, VaultFolderDeletedUnderARunningServer) {
  initialize();
  const fs::path source = vault.write("Source.md", "[[Target]] [[Folder/Other]]\n");
  const std::string uri = open(source, "[[Target]] [[Folder/Other]]\n");
  ASSERT_TRUE(diagnostics_until(uri, [](const auto& codes) { return codes.empty(); }));
  fs::remove_all(vault.root());
  // Events for everything that vanished, a folder among them (a rescan of a missing root).
  file_event(vault.root() / "Target.md", 3);
  file_event(vault.root() / "Folder", 3);
  file_event(vault.root() / "Folder" / "Other.md", 3);
  notify("textDocument/didSave", {{"textDocument", {{"uri", uri}}}});
  // Still answering, on the open buffer.
  for (const char* method :
       {"textDocument/hover", "textDocument/definition", "textDocument/completion", "textDocument/references"})
    EXPECT_TRUE(ask(method, uri, 0, 4).contains("result")) << method;
  EXPECT_TRUE(diagnostics_until(uri, [](const auto& codes) { return codes.size() == 2; })) << transport.dump();
  // The notes come back, one as a file event, one inside a folder event (listed, no rescan).
  vault.write("Target.md", "# Target\n");
  vault.write("Folder/Other.md", "# Other\n");
  file_event(vault.root() / "Target.md", 1);
  file_event(vault.root() / "Folder", 1);
  EXPECT_TRUE(diagnostics_until(uri, [](const auto& codes) { return codes.empty(); })) << transport.dump();
  // Shutdown still works.
  server.handle_message(request(2, "shutdown", nullptr));
  EXPECT_TRUE(transport.response(2)["result"].is_null());
}

TEST_F(FaultsTest, BinaryAndHugeLineNotesAreServed) {
  std::string binary(256 * 1024, '\0');
  for (size_t i = 0; i < binary.size(); ++i) binary[i] = static_cast<char>((i * 7919) % 251);
  vault.write("Binary.md", binary);
  vault.write("Long.md", std::string(1 << 20, 'x') + " [[Target]]\n");
  initialize();
  const std::string uri = open(vault.write("Source.md", "[[Binary]] [[Long]]\n"), "[[Binary]] [[Long]]\n");
  ASSERT_TRUE(diagnostics_until(uri, [](const auto& codes) { return codes.empty(); }));
  // (A hover would quote the binary bytes; the stdio transport replaces invalid UTF-8, this
  // test transport refuses it, see tests/e2e for the wire.)
  EXPECT_FALSE(ask("textDocument/definition", uri, 0, 3)["result"].is_null());
  EXPECT_TRUE(ask("textDocument/hover", uri, 0, 13).contains("result"));
  // References into a note with a 1 MB line: the position is counted in UTF-16 on that line.
  const std::string target = open(vault.root() / "Target.md", "# Target\ntext\n");
  const json references = ask("textDocument/references", target, 0, 3);
  bool found = false;
  for (const json& location : references["result"])
    if (location["uri"] == uri_from_path(vault.root() / "Long.md")) {
      found = true;
      EXPECT_EQ(location["range"]["start"]["line"], 0);
      EXPECT_EQ(location["range"]["start"]["character"], (1 << 20) + 1);
    }
  EXPECT_TRUE(found) << references.dump();
}

TEST_F(FaultsTest, NotesOverTheConfiguredSizeAreIndexedByNameOnly) {
  vault.write("Big.md", "# Big\n" + std::string(4000, 'x') + "\n[[Inside big]]\n");
  server.handle_message(request(1, "initialize",
                                {{"rootUri", uri_from_path(vault.root())},
                                 {"capabilities", json::object()},
                                 {"initializationOptions", {{"index", {{"maxNoteBytes", 1000}}}}}}));
  transport.response(1);
  const auto logged = transport.wait_for([](const json& m) {
    return m.value("method", "") == "window/logMessage" &&
           m["params"]["message"].get<std::string>().find("indexed by name only (over 1000 bytes): Big.md") !=
               std::string::npos;
  });
  EXPECT_TRUE(logged) << transport.dump();
  // Still a link target.
  const std::string uri = open(vault.write("Source.md", "[[Big]]\n"), "[[Big]]\n");
  EXPECT_TRUE(diagnostics_until(uri, [](const auto& codes) { return codes.empty(); })) << transport.dump();
}

// A note that grows over the size cap after the scan: its file event indexes it by name only,
// and hover never loads it whole.
TEST_F(FaultsTest, ANoteGrownOverTheCapIsNotLoadedWhole) {
  initialize();
  const std::string uri = open(vault.write("Source.md", "[[Target]] [[Grown]]\n"), "[[Target]] [[Grown]]\n");
  ASSERT_TRUE(diagnostics_until(uri, [](const auto& codes) { return codes.size() == 1; })) << transport.dump();
  std::string big = "# Grown\n[[Missing from a big note]]\n";
  big += std::string((10u << 20) + 100, 'x');  // over the default 10 MB cap
  vault.write("Grown.md", big);
  file_event(vault.root() / "Grown.md", 1);
  EXPECT_TRUE(diagnostics_until(uri, [](const auto& codes) { return codes.empty(); })) << "a link target by name";
  const json hover = ask("textDocument/hover", uri, 0, 14);
  ASSERT_TRUE(hover.contains("result")) << hover.dump();
  EXPECT_LT(hover.dump().size(), 4096u) << "the note was loaded into the answer";
  // Not parsed: the note is a symbol, its heading is not.
  server.handle_message(request(3, "workspace/symbol", {{"query", "Grown"}}));
  const json symbols = transport.response(3)["result"];
  EXPECT_EQ(symbols.size(), 1u) << symbols.dump();
}

// Requests that read a note from disk (a closed note asked about, a link target previewed)
// honour the configured cap: a note over it is never loaded, the request is still answered.
TEST_F(FaultsTest, RequestsNeverLoadANoteOverTheConfiguredCap) {
  const std::string big_text = "# Big heading\n[[Target]]\n" + std::string(4000, 'x') + "\n";
  const fs::path big = vault.write("Big.md", big_text);
  vault.write("Small.md", "# Small heading\n[[Target]]\n");
  server.handle_message(request(1, "initialize",
                                {{"rootUri", uri_from_path(vault.root())},
                                 {"capabilities", json::object()},
                                 {"initializationOptions", {{"index", {{"maxNoteBytes", 1000}}}}}}));
  transport.response(1);
  notify("initialized", json::object());
  const std::string source = "[[Small]] [[Big]]\n";
  const std::string uri = open(vault.write("Source.md", source), source);
  ASSERT_TRUE(diagnostics_until(uri, [](const auto& codes) { return codes.empty(); })) << transport.dump();

  // A closed note under the cap is read for the request; the one over it is not.
  const auto outline = [&](const fs::path& path) {
    const int id = next_id++;
    server.handle_message(
        request(id, "textDocument/documentSymbol", {{"textDocument", {{"uri", uri_from_path(path)}}}}));
    return transport.response(id);
  };
  const json small_outline = outline(vault.root() / "Small.md");
  EXPECT_NE(small_outline.dump().find("Small heading"), std::string::npos) << small_outline.dump();
  const json big_outline = outline(big);
  ASSERT_TRUE(big_outline.contains("result")) << big_outline.dump();
  EXPECT_TRUE(big_outline["result"].empty()) << big_outline.dump();
  const json big_hover = ask("textDocument/hover", uri_from_path(big), 1, 3);
  ASSERT_TRUE(big_hover.contains("result")) << big_hover.dump();
  EXPECT_TRUE(big_hover["result"].is_null()) << big_hover.dump();

  // Link targets previewed from an open note: the small one's text, none of the big one's.
  const json small_hover = ask("textDocument/hover", uri, 0, 3);
  EXPECT_NE(small_hover.dump().find("Small heading"), std::string::npos) << small_hover.dump();
  const json big_target_hover = ask("textDocument/hover", uri, 0, 13);
  ASSERT_TRUE(big_target_hover.contains("result")) << big_target_hover.dump();
  EXPECT_EQ(big_target_hover.dump().find("xxxx"), std::string::npos) << "the note over the cap was loaded";
  EXPECT_EQ(big_target_hover.dump().find("Big heading"), std::string::npos) << "the note over the cap was loaded";
}

}  // namespace
}  // namespace slipbox::lsp
