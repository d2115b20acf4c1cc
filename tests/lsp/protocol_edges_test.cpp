// Protocol edges, the whole server in process: file watching when the
// client will not, lone surrogates, client capabilities, the position encoding, the editor's
// process, strict params, and URIs however the client spells them.
#include "lsp/server.h"

#include <sys/wait.h>
#include <unistd.h>
#include <csignal>

#include <atomic>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "lsp/uri.h"
#include "tests/lsp/lsp_session.h"

namespace slipbox::lsp {
namespace {

using testing::error_code;
using ::testing::HasSubstr;
using testing::MemoryTransport;
using ::testing::Not;
using testing::notification;
using testing::request;
using testing::TempVault;

class ProtocolEdgesTest : public ::testing::Test, protected testing::LspSession {
 protected:
  ProtocolEdgesTest() : LspSession(options()) {}

  static ServerOptions options() {
    ServerOptions o = test_options();
    o.registration_patience = std::chrono::milliseconds(300);
    return o;
  }

  // Opens `path` (written to disk) under the URI `uri_spelling` when given: clients spell URIs
  // their own way.
  std::string open(std::string_view path, std::string_view text, const std::string& uri_spelling = "") {
    if (uri_spelling.empty()) return LspSession::open(path, text);
    vault.write(path, text);
    notify("textDocument/didOpen",
           {{"textDocument", {{"uri", uri_spelling}, {"languageId", "markdown"}, {"version", 1}, {"text", text}}}});
    return uri_spelling;
  }
  json registration_call() {
    const auto call =
        transport.wait_for([](const json& m) { return m.value("method", "") == "client/registerCapability"; });
    EXPECT_TRUE(call) << transport.dump();
    return call ? *call : json::object();
  }
  // The diagnostics of an open note follow a file created on disk: someone watches the folder.
  void expect_the_disk_is_watched() {
    const std::string uri = open("Plan.md", "[[Senere]]\n");
    size_t from = 0;
    ASSERT_TRUE(published(uri, 1, &from)) << transport.dump();
    vault.write("Senere.md", "# Senere\n");
    EXPECT_TRUE(published(uri, 0, &from)) << "the new note was not seen:\n" << transport.dump();
  }
};

const json kDynamicWatching = {{"workspace", {{"didChangeWatchedFiles", {{"dynamicRegistration", true}}}}}};

// ---- file watching ---------------------------------------------------------------------

TEST_F(ProtocolEdgesTest, RefusedRegistrationStartsTheServersOwnWatcher) {
  initialize(kDynamicWatching);
  const json call = registration_call();
  server.handle_message(
      json{{"jsonrpc", "2.0"}, {"id", call["id"]}, {"error", {{"code", -32601}, {"message", "no"}}}}.dump());
  expect_the_disk_is_watched();
}

TEST_F(ProtocolEdgesTest, UnansweredRegistrationStartsTheServersOwnWatcher) {
  initialize(kDynamicWatching);
  registration_call();  // never answered
  const auto gave_up = transport.wait_for([](const json& m) {
    return m.value("method", "") == "window/logMessage" &&
           m["params"]["message"].get<std::string>().find("did not answer client/registerCapability") !=
               std::string::npos;
  });
  ASSERT_TRUE(gave_up) << transport.dump();
  server.drain(MemoryTransport::kPatience);  // the watcher is set up on the strand right after
  expect_the_disk_is_watched();
}

TEST_F(ProtocolEdgesTest, SecondInitializedRegistersOnce) {
  initialize(kDynamicWatching);
  server.handle_message(notification("initialized", json::object()));
  server.drain(MemoryTransport::kPatience);
  EXPECT_EQ(transport.count([](const json& m) { return m.value("method", "") == "client/registerCapability"; }), 1u)
      << transport.dump();
}

// ---- messages --------------------------------------------------------------------------

TEST_F(ProtocolEdgesTest, LoneSurrogateInAnEditIsAppliedAsReplacementCharacter) {
  initialize(json::object());
  const std::string uri = open("Plan.md", "# Plan\n");
  size_t from = 0;
  ASSERT_TRUE(published(uri, 0, &from)) << transport.dump();
  // What a JavaScript client sends for half an emoji: no JSON parser takes it as it is.
  const std::string body = R"({"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":")" +
                           uri + R"(","version":2},"contentChanges":[{"text":"[[Mangler \ud83d]]\n"}]}})";
  server.handle_message(body);
  const auto diagnostics = published(uri, 1, &from);
  ASSERT_TRUE(diagnostics) << transport.dump();
  EXPECT_EQ((*diagnostics)["params"]["version"], 2);
  EXPECT_THAT((*diagnostics)["params"]["diagnostics"][0]["message"].get<std::string>(),
              HasSubstr("Mangler \xEF\xBF\xBD"));
  EXPECT_EQ(transport.count([](const json& m) { return error_code(m) == -32700; }), 0u) << transport.dump();
}

TEST_F(ProtocolEdgesTest, AResponseWithoutResultIsNeverAnswered) {
  initialize(json::object());
  server.handle_message(R"({"jsonrpc":"2.0","id":77})");
  server.handle_message(R"({"jsonrpc":"2.0","id":"s78"})");
  EXPECT_TRUE(call("workspace/symbol", {{"query", "x"}}).contains("result"));
  EXPECT_EQ(transport.responses_to(77), 0u) << transport.dump();
  EXPECT_EQ(transport.responses_to("s78"), 0u) << transport.dump();
}

TEST_F(ProtocolEdgesTest, WrongParamsAreInvalidParams) {
  initialize(json::object());
  const std::string uri = open("Plan.md", "[[Plan]]\n");
  const json doc{{"uri", uri}};
  const json position{{"line", 0}, {"character", 3}};
  EXPECT_EQ(error_code(call("workspace/symbol", {{"query", 5}})), -32602);
  EXPECT_EQ(error_code(call("workspace/symbol", json::object())), -32602);
  EXPECT_EQ(error_code(call("textDocument/references", {{"textDocument", doc}, {"position", position}})), -32602);
  EXPECT_EQ(error_code(call("textDocument/codeAction",
                            {{"textDocument", doc}, {"range", {{"start", position}, {"end", position}}}})),
            -32602);
  // Optional fields stay optional.
  EXPECT_TRUE(call("textDocument/references",
                   {{"textDocument", doc}, {"position", position}, {"context", {{"includeDeclaration", true}}}})
                  .contains("result"));
}

// ---- client capabilities ---------------------------------------------------------------

TEST_F(ProtocolEdgesTest, HoverIsPlainTextForAPlainTextClient) {
  vault.write("Tom.md", "");
  initialize({{"textDocument", {{"hover", {{"contentFormat", {"plaintext"}}}}}}});
  const std::string uri = open("Plan.md", "[[Tom]]\n");
  size_t from = 0;
  ASSERT_TRUE(published(uri, 0, &from)) << transport.dump();
  const json hover =
      call("textDocument/hover", {{"textDocument", {{"uri", uri}}}, {"position", {{"line", 0}, {"character", 3}}}});
  EXPECT_EQ(hover["result"]["contents"]["kind"], "plaintext") << hover.dump();
  EXPECT_EQ(hover["result"]["contents"]["value"], "Tom (empty note)") << hover.dump();
}

TEST_F(ProtocolEdgesTest, HoverIsMarkdownWhenTheClientTakesIt) {
  vault.write("Tom.md", "");
  initialize({{"textDocument", {{"hover", {{"contentFormat", {"plaintext", "markdown"}}}}}}});
  const std::string uri = open("Plan.md", "[[Tom]]\n");
  size_t from = 0;
  ASSERT_TRUE(published(uri, 0, &from)) << transport.dump();
  const json hover =
      call("textDocument/hover", {{"textDocument", {{"uri", uri}}}, {"position", {{"line", 0}, {"character", 3}}}});
  EXPECT_EQ(hover["result"]["contents"]["kind"], "markdown") << hover.dump();
  EXPECT_EQ(hover["result"]["contents"]["value"], "**Tom** *(empty note)*") << hover.dump();
}

TEST_F(ProtocolEdgesTest, CodeActionsAreCommandsWithoutLiteralSupport) {
  vault.write("🛠 Ressurser/Agile Metoder.md", "# Agile\n");
  initialize(json::object());
  const std::string uri = open("Note.md", "[[ğŸ› Ressurser/Agile Metoder]]\n");
  size_t from = 0;
  ASSERT_TRUE(published(uri, 1, &from)) << transport.dump();
  const json actions =
      call("textDocument/codeAction",
           {{"textDocument", {{"uri", uri}}},
            {"range", {{"start", {{"line", 0}, {"character", 5}}}, {"end", {{"line", 0}, {"character", 5}}}}},
            {"context", {{"diagnostics", json::array()}}}});
  ASSERT_TRUE(actions["result"].is_array() && !actions["result"].empty()) << actions.dump();
  const json& command = actions["result"][0];
  EXPECT_FALSE(command.contains("edit")) << command.dump();
  EXPECT_FALSE(command.contains("kind")) << command.dump();
  ASSERT_EQ(command["command"], "slipbox.applyEdit") << command.dump();
  ASSERT_EQ(command["arguments"].size(), 1u);
  EXPECT_EQ(command["arguments"][0]["changes"][uri][0]["newText"], "🛠 Ressurser/Agile Metoder");

  // Executed: the server hands the edit back with workspace/applyEdit, then answers.
  const int id = next_id++;
  server.handle_message(
      request(id, "workspace/executeCommand", {{"command", command["command"]}, {"arguments", command["arguments"]}}));
  const auto apply = transport.wait_for([](const json& m) { return m.value("method", "") == "workspace/applyEdit"; });
  ASSERT_TRUE(apply) << transport.dump();
  EXPECT_EQ((*apply)["params"]["edit"], command["arguments"][0]);
  server.handle_message(json{{"jsonrpc", "2.0"}, {"id", (*apply)["id"]}, {"result", {{"applied", true}}}}.dump());
  const json done = transport.response(id);
  EXPECT_TRUE(done.contains("result") && done["result"].is_null()) << done.dump();
  EXPECT_EQ(error_code(call("workspace/executeCommand", {{"command", "nope"}})), -32602);
}

TEST_F(ProtocolEdgesTest, CodeActionLiteralsForAClientThatTakesThem) {
  vault.write("🛠 Ressurser/Agile Metoder.md", "# Agile\n");
  initialize({{"textDocument",
               {{"codeAction", {{"codeActionLiteralSupport", {{"codeActionKind", {{"valueSet", {"quickfix"}}}}}}}}}}});
  const std::string uri = open("Note.md", "[[ğŸ› Ressurser/Agile Metoder]]\n");
  size_t from = 0;
  ASSERT_TRUE(published(uri, 1, &from)) << transport.dump();
  const json actions =
      call("textDocument/codeAction",
           {{"textDocument", {{"uri", uri}}},
            {"range", {{"start", {{"line", 0}, {"character", 5}}}, {"end", {{"line", 0}, {"character", 5}}}}},
            {"context", {{"diagnostics", json::array()}}}});
  ASSERT_FALSE(actions["result"].empty()) << actions.dump();
  EXPECT_EQ(actions["result"][0]["kind"], "quickfix");
  EXPECT_TRUE(actions["result"][0].contains("edit"));
}

// ---- position encoding -----------------------------------------------------------------

TEST_F(ProtocolEdgesTest, Utf8PositionsWhenTheClientOffersThem) {
  vault.write("Plan.md", "");  // indexed: [[Plan]] resolves
  const json response = initialize({{"general", {{"positionEncodings", {"utf-16", "utf-8"}}}}});
  EXPECT_EQ(response["result"]["capabilities"]["positionEncoding"], "utf-8");
  const std::string uri = open("Plan.md", "🙂 ø [[Mangler]]\n");
  size_t from = 0;
  const auto broken = published(uri, 1, &from);
  ASSERT_TRUE(broken) << transport.dump();
  // "🙂 ø " is 8 bytes (4 UTF-16 units): the link starts at byte column 8.
  EXPECT_EQ((*broken)["params"]["diagnostics"][0]["range"]["start"]["character"], 8);
  EXPECT_EQ((*broken)["params"]["diagnostics"][0]["range"]["end"]["character"], 19);
  // Edits come in bytes too: replace "Mangler" (bytes 10..17).
  server.handle_message(notification(
      "textDocument/didChange",
      {{"textDocument", {{"uri", uri}, {"version", 2}}},
       {"contentChanges",
        {{{"range", {{"start", {{"line", 0}, {"character", 10}}}, {"end", {{"line", 0}, {"character", 17}}}}},
          {"text", "Plan"}}}}}));
  EXPECT_TRUE(published(uri, 0, &from)) << transport.dump();  // [[Plan]] links to itself
  const json symbols = call("textDocument/definition",
                            {{"textDocument", {{"uri", uri}}}, {"position", {{"line", 0}, {"character", 12}}}});
  EXPECT_EQ(symbols["result"]["uri"], uri) << symbols.dump();
}

TEST_F(ProtocolEdgesTest, Utf16PositionsOtherwise) {
  const json response = initialize({{"general", {{"positionEncodings", {"utf-32", "utf-16"}}}}});
  EXPECT_EQ(response["result"]["capabilities"]["positionEncoding"], "utf-16");
  const std::string uri = open("Plan.md", "🙂 ø [[Mangler]]\n");
  size_t from = 0;
  const auto broken = published(uri, 1, &from);
  ASSERT_TRUE(broken) << transport.dump();
  EXPECT_EQ((*broken)["params"]["diagnostics"][0]["range"]["start"]["character"], 5);
}

// ---- the editor's process --------------------------------------------------------------

class ParentProcessTest : public ::testing::Test {
 protected:
  static ServerOptions options(std::atomic<int>* gone, std::atomic<int>* checks) {
    ServerOptions o;
    o.version = "test";
    o.threads = 2;
    o.parent_poll = std::chrono::milliseconds(20);
    o.on_parent_gone = [gone] { ++*gone; };
    o.on_parent_alive = [checks] { ++*checks; };
    return o;
  }
  // Waits until the monitor has checked `count` more times (false: it never did).
  bool checked(int count) {
    const int target = checks.load() + count;
    const auto deadline = std::chrono::steady_clock::now() + MemoryTransport::kPatience;
    while (checks.load() < target && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    return checks.load() >= target;
  }
  void initialize(const json& process_id) {
    server.handle_message(request(
        1, "initialize",
        {{"processId", process_id}, {"rootUri", uri_from_path(vault.root())}, {"capabilities", json::object()}}));
    ASSERT_TRUE(transport.response(1).contains("result"));
  }
  ~ParentProcessTest() override { server.stop(); }

  std::atomic<int> gone{0};
  std::atomic<int> checks{0};
  TempVault vault;
  Logger log{false};
  MemoryTransport transport;
  Server server{transport, log, options(&gone, &checks)};
};

TEST_F(ParentProcessTest, TheServerIsToldWhenTheEditorProcessIsGone) {
  const pid_t editor = fork();
  ASSERT_GE(editor, 0);
  if (editor == 0) {
    ::pause();
    ::_exit(0);
  }
  initialize(editor);
  ASSERT_TRUE(checked(3));
  EXPECT_EQ(gone.load(), 0);  // alive: checked, and nothing happens
  ::kill(editor, SIGKILL);
  ::waitpid(editor, nullptr, 0);
  const auto deadline = std::chrono::steady_clock::now() + MemoryTransport::kPatience;
  while (gone.load() == 0 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  EXPECT_EQ(gone.load(), 1);
}

TEST_F(ParentProcessTest, AProcessIdThatIsNoVisibleProcessIsNotMonitored) {
  // An editor outside our PID namespace sends an id we cannot see: it must not look dead.
  initialize(2147483646);
  EXPECT_TRUE(transport
                  .wait_for([](const json& m) {
                    return m.value("method", "") == "window/logMessage" &&
                           m["params"].value("message", "").find("not monitored") != std::string::npos;
                  })
                  .has_value())
      << transport.dump();
  EXPECT_EQ(checks.load(), 0);  // no monitor: nothing checks, nothing can call it gone
  EXPECT_EQ(gone.load(), 0);
}

TEST(ParentProcessMonitor, AliveOnlyForExistingProcesses) {
  EXPECT_TRUE(ParentProcessMonitor::alive(::getpid()));
  EXPECT_FALSE(ParentProcessMonitor::alive(0));
  EXPECT_FALSE(ParentProcessMonitor::alive(-1));
  EXPECT_FALSE(ParentProcessMonitor::alive(int64_t{1} << 40));
}

// ---- URIs ------------------------------------------------------------------------------

TEST(UriKey, OneKeyForEverySpellingOfAFileUri) {
  const std::string key = uri_key("file:///v/%C3%B8%20A.md");
  EXPECT_EQ(uri_key("file:///v/%c3%b8%20A.md"), key);
  EXPECT_EQ(uri_key("file:///v/%C3%B8%20%41.md"), key);
  EXPECT_EQ(uri_key("FILE:///v/%C3%B8%20A.md"), key);
  EXPECT_EQ(uri_key("file://localhost/v/%C3%B8%20A.md"), key);
  EXPECT_EQ(uri_key("file:///v/ø%20A.md"), key);
  EXPECT_NE(uri_key("file:///v/%C3%B8%20a.md"), key);  // paths are case-sensitive
  EXPECT_EQ(uri_key("UNTITLED:Untitled-%31"), uri_key("untitled:Untitled-1"));
  EXPECT_EQ(uri_key("untitled:a%2fb"), "untitled:a%2Fb");
}

TEST_F(ProtocolEdgesTest, AnOpenDocumentIsFoundHoweverTheUriIsSpelled) {
  initialize(json::object());
  // Opened with an odd spelling; the disk says otherwise, so only the buffer can answer "Buffer".
  const std::string opened = "FILE://localhost" + uri_from_path(vault.root() / "Møte A.md").substr(7);
  open("Møte A.md", "# Buffer\n[[Mangler]]\n", opened);
  vault.write("Møte A.md", "# Disk\n");
  size_t from = 0;
  ASSERT_TRUE(published(opened, 1, &from)) << transport.dump();
  std::string other = uri_from_path(vault.root() / "Møte A.md");  // %C3%B8, %20, A
  const size_t a = other.rfind("A.md");
  other.replace(a, 1, "%41");
  const std::string lower_hex = [&] {
    std::string s = other;
    const size_t at = s.find("%C3%B8");
    if (at != std::string::npos) s.replace(at, 6, "%c3%b8");
    return s;
  }();
  const json symbols = call("textDocument/documentSymbol", {{"textDocument", {{"uri", lower_hex}}}});
  ASSERT_TRUE(symbols["result"].is_array() && !symbols["result"].empty()) << symbols.dump();
  EXPECT_EQ(symbols["result"][0]["name"], "Buffer") << symbols.dump();
  // An edit under yet another spelling reaches the buffer; diagnostics keep the opened spelling.
  server.handle_message(notification("textDocument/didChange", {{"textDocument", {{"uri", lower_hex}, {"version", 2}}},
                                                                {"contentChanges", {{{"text", "# Buffer\n"}}}}}));
  const auto fixed = published(opened, 0, &from);
  ASSERT_TRUE(fixed) << transport.dump();
  EXPECT_EQ((*fixed)["params"]["version"], 2);
  // Closed under the plain spelling: the diagnostics are cleared for the opened one.
  server.handle_message(
      notification("textDocument/didClose", {{"textDocument", {{"uri", uri_from_path(vault.root() / "Møte A.md")}}}}));
  const auto cleared = transport.wait_for(
      [&](const json& m) {
        return m.value("method", "") == "textDocument/publishDiagnostics" && m["params"]["uri"] == opened &&
               !m["params"].contains("version");
      },
      &from);
  EXPECT_TRUE(cleared) << transport.dump();
  const json after = call("textDocument/documentSymbol", {{"textDocument", {{"uri", lower_hex}}}});
  EXPECT_EQ(after["result"][0]["name"], "Disk") << after.dump();
}

}  // namespace
}  // namespace slipbox::lsp
