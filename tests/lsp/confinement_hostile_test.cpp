// The server in process on a vault next to a secret folder, with every way a vault can try
// to point out of itself: no answer ever carries the secret, no link leads there.
#include <gmock/gmock.h>
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

constexpr std::string_view kSecret = "TOPSECRET-4f1c";

class ConfinementTest : public ::testing::Test, protected testing::LspSession {
 protected:
  ConfinementTest() : LspSession(options()) {
    secret_dir = vault.root().parent_path() / (vault.root().filename().string() + "-secret");
    fs::create_directories(secret_dir / "folder");
    write_file(secret_dir / "secret.md", "# Secret\n" + std::string(kSecret) + "\n");
    write_file(secret_dir / "folder" / "inner.md", "# Inner\n" + std::string(kSecret) + "\n");
    vault.write("Note.md", "# Note\nhello\n");
    // Symlinks out: a file, a folder, the vault's parent; and a loop inside.
    fs::create_symlink(secret_dir / "secret.md", vault.root() / "leak.md");
    fs::create_directory_symlink(secret_dir / "folder", vault.root() / "leakdir");
    fs::create_directory_symlink("..", vault.root() / "up");
    fs::create_directories(vault.root() / "sub");
    fs::create_directory_symlink("..", vault.root() / "sub" / "loop");
  }
  ~ConfinementTest() override {
    server.stop();  // before the secret goes: nothing may be reading it
    std::error_code ignored;
    fs::remove_all(secret_dir, ignored);
  }

  static void write_file(const fs::path& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
  }

  static ServerOptions options() {
    ServerOptions o = test_options();
    o.diagnostics_delay = std::chrono::milliseconds(1);
    return o;
  }

  // Symlinks not followed unless `follow` (the default, docs/link-resolution.md §6): then the
  // symlinked folder and file out of the vault are part of it and the secret is the vault's
  // own text.
  void initialize(bool follow = false) {
    LspSession::initialize(json::object(), {{"initializationOptions", {{"index", {{"followSymlinks", follow}}}}}});
  }

  std::string open(std::string_view path, const std::string& text) {
    const auto absolute = vault.write(path, text);
    const std::string uri = uri_from_path(absolute);
    notify("textDocument/didOpen",
           {{"textDocument", {{"uri", uri}, {"languageId", "markdown"}, {"version", 1}, {"text", text}}}});
    return uri;
  }

  json published(const std::string& uri) {
    auto found = transport.wait_for([&](const json& m) {
      return m.value("method", "") == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri;
    });
    if (!found) {
      ADD_FAILURE() << "no diagnostics for " << uri << "\n" << transport.dump();
      return json::array();
    }
    return (*found)["params"]["diagnostics"];
  }

  json ask(const std::string& method, const std::string& uri, uint32_t line, uint32_t character) {
    const int id = next_id++;
    server.handle_message(request(id, method,
                                  {{"textDocument", {{"uri", uri}}},
                                   {"position", {{"line", line}, {"character", character}}},
                                   {"context", {{"includeDeclaration", true}}}}));
    return transport.response(id);
  }

  // No message carries the secret's content, and every URI the server hands out (locations,
  // link targets, edits) lies in the vault. (Messages may quote the link text as written.)
  void expect_no_secret() {
    const std::string inside = uri_from_path(vault.root()) + "/";
    std::function<void(const json&)> check_uris = [&](const json& value) {
      if (value.is_object()) {
        for (const auto& [key, item] : value.items()) {
          if ((key == "uri" || key == "target" || key == "targetUri" || key == "newUri") && item.is_string()) {
            EXPECT_TRUE(item.get<std::string>().starts_with(inside)) << key << ": " << item;
          }
          check_uris(item);
        }
      } else if (value.is_array()) {
        for (const json& item : value) check_uris(item);
      }
    };
    for (const json& message : transport.sent()) {
      const std::string text = message.dump();
      EXPECT_EQ(text.find(kSecret), std::string::npos) << text;
      check_uris(message);
    }
  }

  fs::path secret_dir;
};

TEST_F(ConfinementTest, HostileLinksAreDiagnosedAndAnsweredWithoutTheSecret) {
  initialize();
  const std::string secret_name = secret_dir.filename().string();
  const std::vector<std::string> links = {
      "[[leak]]",
      "[[leakdir/inner]]",
      "[[up/" + secret_name + "/secret]]",
      "[[../" + secret_name + "/secret]]",
      "[x](../" + secret_name + "/secret.md)",
      "[x](..%2F" + secret_name + "%2Fsecret.md)",
      "[[" + (secret_dir / "secret").string() + "]]",
      "[x](" + (secret_dir / "secret.md").string() + ")",
      "[x](" + uri_from_path(secret_dir / "secret.md") + ")",
      "![[../" + secret_name + "/secret]]",
  };
  std::string text;
  for (const std::string& link : links) text += link + "\n";
  const std::string uri = open("Hostile.md", text);
  const json diagnostics = published(uri);
  ASSERT_EQ(diagnostics.size(), links.size()) << diagnostics.dump(2);
  for (uint32_t line = 0; line < links.size(); ++line) {
    SCOPED_TRACE(links[line]);
    const json& d = diagnostics[line];
    EXPECT_EQ(d["range"]["start"]["line"], line);
    // Symlinked names are simply not in the vault; paths out of it say so.
    EXPECT_EQ(d["code"], line < 3 ? "unresolved-link" : "link-outside-vault") << d.dump();
    for (const uint32_t character : {0u, 3u, 8u}) {
      EXPECT_TRUE(ask("textDocument/definition", uri, line, character)["result"].is_null());
      const json hover = ask("textDocument/hover", uri, line, character);
      ASSERT_TRUE(hover.contains("result"));
      EXPECT_TRUE(ask("textDocument/references", uri, line, character).contains("result"));
    }
  }
  // Completion lists vault files only.
  const std::string typing = open("Typing.md", "[[");
  const json completion = ask("textDocument/completion", typing, 0, 2);
  for (const json& item : completion["result"]["items"]) {
    EXPECT_THAT(item["label"].get<std::string>(), ::testing::Not(::testing::HasSubstr("secret")));
    EXPECT_THAT(item["label"].get<std::string>(), ::testing::Not(::testing::HasSubstr("inner")));
  }
  server.handle_message(request(7, "workspace/symbol", {{"query", "secret"}}));
  const json symbols = transport.response(7);
  EXPECT_TRUE(symbols["result"].empty()) << symbols.dump();
  server.handle_message(request(8, "textDocument/documentLink", {{"textDocument", {{"uri", uri}}}}));
  const json document_links = transport.response(8);
  EXPECT_TRUE(document_links["result"].empty()) << document_links.dump();
  expect_no_secret();
}

TEST_F(ConfinementTest, FileEventsDoNotPullASymlinkedSecretIn) {
  initialize();
  const std::string uri = open("Links.md", "[[leak]] [[late]]\n");
  ASSERT_EQ(published(uri).size(), 2u);
  // A symlink out appears after the scan, and the client reports it.
  fs::create_symlink(secret_dir / "secret.md", vault.root() / "late.md");
  notify("workspace/didChangeWatchedFiles",
         {{"changes", json::array({json{{"uri", uri_from_path(vault.root() / "late.md")}, {"type", 1}},
                                   json{{"uri", uri_from_path(vault.root() / "leak.md")}, {"type", 2}}})}});
  const json hover = ask("textDocument/hover", uri, 0, 12);
  const json definition = ask("textDocument/definition", uri, 0, 12);
  EXPECT_TRUE(definition["result"].is_null()) << definition.dump();
  (void)hover;
  expect_no_secret();
}

TEST_F(ConfinementTest, ANoteReplacedByASymlinkAfterTheScanIsNotRead) {
  vault.write("Target.md", "# Target\nharmless\n");
  initialize();
  const std::string uri = open("Source.md", "[[Target]]\n");
  ASSERT_TRUE(published(uri).empty());
  fs::remove(vault.root() / "Target.md");
  fs::create_symlink(secret_dir / "secret.md", vault.root() / "Target.md");
  const json hover = ask("textDocument/hover", uri, 0, 4);
  ASSERT_TRUE(hover.contains("result")) << hover.dump();
  expect_no_secret();
}

// Following symlinks: a symlink out of the vault created after the scan joins the vault as
// the scan would have taken it (a rescan follows the event), at its vault path.
TEST_F(ConfinementTest, AFollowedSymlinkCreatedAfterTheScanJoinsTheVault) {
  initialize(true);
  const std::string uri = open("Links.md", "[[late]]\n");
  ASSERT_EQ(published(uri).size(), 1u);  // no note named "late" yet
  size_t seen = transport.sent().size();
  // To a folder no symlink of the scan led to (secret.md and folder/ are the vault's already).
  const fs::path elsewhere = secret_dir / "elsewhere";
  fs::create_directories(elsewhere);
  write_file(elsewhere / "late.md", "# Late\n");
  fs::create_symlink(elsewhere / "late.md", vault.root() / "late.md");
  server.handle_message(
      notification("workspace/didChangeWatchedFiles",
                   {{"changes", json::array({json{{"uri", uri_from_path(vault.root() / "late.md")}, {"type", 1}}})}}));
  // The note's diagnostics again, once the vault has it: the link resolves.
  const auto resolved = transport.wait_for(
      [&](const json& m) {
        return m.value("method", "") == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri &&
               m["params"]["diagnostics"].empty();
      },
      &seen);
  ASSERT_TRUE(resolved) << transport.dump();
  const json definition = ask("textDocument/definition", uri, 0, 4);
  ASSERT_FALSE(definition["result"].is_null()) << definition.dump();
  const json location = definition["result"].is_array() ? definition["result"][0] : definition["result"];
  const std::string target = location.contains("targetUri") ? location["targetUri"] : location["uri"];
  EXPECT_EQ(target, uri_from_path(vault.root() / "late.md"));  // its vault path, not the real one
}

// Following symlinks (the default): the symlinked folder out of the vault is answered at its
// vault path, never the real one; the symlink to the vault's parent is not followed, and
// link text that leaves the vault still does not.
TEST_F(ConfinementTest, AFollowedSymlinkedFolderIsAnsweredAtItsVaultPath) {
  initialize(true);
  const std::string secret_name = secret_dir.filename().string();
  const std::string uri =
      open("Links.md", "[[leakdir/inner]]\n[[up/" + secret_name + "/secret]]\n[[../" + secret_name + "/secret]]\n");
  const json diagnostics = published(uri);
  ASSERT_EQ(diagnostics.size(), 2u) << diagnostics.dump(2);
  EXPECT_EQ(diagnostics[0]["code"], "unresolved-link");
  EXPECT_EQ(diagnostics[0]["range"]["start"]["line"], 1);
  EXPECT_EQ(diagnostics[1]["code"], "link-outside-vault");
  const json definition = ask("textDocument/definition", uri, 0, 4);
  ASSERT_FALSE(definition["result"].is_null()) << definition.dump();
  const json location = definition["result"].is_array() ? definition["result"][0] : definition["result"];
  const std::string target = location.contains("targetUri") ? location["targetUri"] : location["uri"];
  EXPECT_EQ(target, uri_from_path(vault.root() / "leakdir" / "inner.md"));
  const json hover = ask("textDocument/hover", uri, 0, 4);
  EXPECT_NE(hover.dump().find("Inner"), std::string::npos) << hover.dump();
}

// A request about a closed file outside the workspace (or reached through a symlink out of
// it) reads nothing: no outline, no links, no completion context from it.
TEST_F(ConfinementTest, RequestsAboutClosedFilesOutsideTheWorkspaceReadNothing) {
  initialize();
  const std::string inside = uri_from_path(vault.root() / "Note.md");
  server.handle_message(request(2, "textDocument/documentSymbol", {{"textDocument", {{"uri", inside}}}}));
  EXPECT_FALSE(transport.response(2)["result"].empty()) << "a closed note inside is read";
  int id = 3;
  for (const fs::path& path :
       {secret_dir / "secret.md", vault.root() / "leak.md", vault.root() / "leakdir" / "inner.md",
        vault.root() / ".." / (secret_dir.filename().string() + "/secret.md")}) {
    SCOPED_TRACE(path.string());
    const std::string uri = uri_from_path(path);
    server.handle_message(request(id, "textDocument/documentSymbol", {{"textDocument", {{"uri", uri}}}}));
    const json symbols = transport.response(id++);
    EXPECT_TRUE(symbols["result"].empty()) << symbols.dump();
    const json hover = ask("textDocument/hover", uri, 1, 2);
    EXPECT_TRUE(hover["result"].is_null()) << hover.dump();
  }
  expect_no_secret();
}

}  // namespace
}  // namespace slipbox::lsp
