// End-to-end: the real `slipbox` binary over pipes, speaking LSP like an editor would.
// Every wait is bounded; a failure says what was expected and what the server sent.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <optional>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/e2e/run_command.h"
#include "tests/e2e/server_process.h"

namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;
using ::testing::HasSubstr;
using Clock = std::chrono::steady_clock;

// How long to wait for anything before calling it a failure (not a performance bound).
constexpr auto kPatience = std::chrono::seconds(20);

fs::path u8path(std::string_view utf8) { return fs::path(std::u8string(utf8.begin(), utf8.end())); }

using slipbox::e2e::file_uri;

class TempDir {
 public:
  TempDir() {
    static int counter = 0;
    path_ =
        fs::temp_directory_path() / ("slipbox-e2e-lsp-" + std::to_string(getpid()) + "-" + std::to_string(counter++));
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  fs::path write(std::string_view relative, std::string_view text) const {
    const fs::path file = path_ / u8path(relative);
    fs::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << text;
    return file;
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

// `slipbox lsp` speaking to the test as an editor: messages sent whole, every message read
// kept (`seen_`), so a wait can match one that arrived while waiting for another.
class LspProcess {
 public:
  explicit LspProcess(std::vector<std::string> args) : process_(std::move(args)) {}

  void send_raw(std::string_view bytes) { process_.write(bytes); }
  void send(const json& message) { send_raw(slipbox::e2e::frame(message.dump())); }
  void request(int id, const std::string& method, const json& params = nullptr) {
    json m{{"jsonrpc", "2.0"}, {"id", id}, {"method", method}};
    if (!params.is_null()) m["params"] = params;
    send(m);
  }
  void notify(const std::string& method, const json& params = nullptr) {
    json m{{"jsonrpc", "2.0"}, {"method", method}};
    if (!params.is_null()) m["params"] = params;
    send(m);
  }
  void close_stdin() { process_.close_stdin(); }

  // Reads messages until one matches; every message read is kept in `seen`.
  std::optional<json> wait_for(const std::function<bool(const json&)>& match, const std::string& what) {
    for (const json& message : seen_)
      if (match(message)) return message;
    const auto deadline = Clock::now() + kPatience;
    while (Clock::now() < deadline) {
      auto message = process_.next_message(deadline);
      if (!message) break;
      seen_.push_back(*message);
      if (match(*message)) return message;
    }
    ADD_FAILURE() << "waited " << kPatience.count() << " s for " << what << "; the server sent:\n"
                  << transcript() << "stderr:\n"
                  << stderr_text();
    return std::nullopt;
  }
  json response(int id) {
    auto found = wait_for([&](const json& m) { return m.contains("id") && m["id"] == id && !m.contains("method"); },
                          "the response to request " + std::to_string(id));
    return found ? *found : json::object();
  }
  json response_to_null_id() {
    auto found = wait_for([](const json& m) { return m.contains("id") && m["id"].is_null(); }, "an error with id null");
    return found ? *found : json::object();
  }

  std::optional<int> wait_exit() { return process_.wait_exit(kPatience); }

  // Whatever is left on stdout after exit must also be well-formed protocol.
  void expect_clean_stdout_tail() {
    const auto deadline = Clock::now() + std::chrono::seconds(5);
    while (auto message = process_.next_message(deadline)) seen_.push_back(*message);
    EXPECT_TRUE(process_.unread_bytes().empty()) << "non-protocol bytes on stdout: " << process_.unread_bytes();
  }

  std::string stderr_text() const { return process_.stderr_text(); }
  std::string transcript() const {
    std::string out;
    for (const json& m : seen_) out += "  " + m.dump().substr(0, 400) + "\n";
    return out;
  }

 private:
  slipbox::e2e::ServerProcess process_;
  std::vector<json> seen_;
};

using RunResult = slipbox::e2e::CommandResult;
RunResult run_cli(std::vector<std::string> args) { return slipbox::e2e::run_slipbox(std::move(args)); }

// ---- the command line ---------------------------------------------------------------------

// project(VERSION), and the commit when built from a git checkout ("-dirty": uncommitted changes).
TEST(Cli, VersionPrintsTheVersion) {
  const RunResult run = run_cli({"--version"});
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_TRUE(std::regex_match(run.out, std::regex(R"(slipbox \d+\.\d+\.\d+( \(git [0-9a-f]{7,}(-dirty)?\))?\n)")))
      << run.out;
}

TEST(Cli, HelpDescribesEveryCommand) {
  const RunResult run = run_cli({"--help"});
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_THAT(run.out, HasSubstr("lsp"));
  EXPECT_THAT(run.out, HasSubstr("--stdio"));
  EXPECT_THAT(run.out, HasSubstr("check"));
  EXPECT_THAT(run.out, HasSubstr("--version"));
}

TEST(Cli, UnknownArgumentsAreUsageErrors) {
  const std::vector<std::vector<std::string>> cases = {
      {}, {"frobnicate"}, {"--frobnicate"}, {"lsp", "--tcp"}, {"--version", "x"}};
  for (const auto& args : cases) {
    const RunResult run = run_cli(args);
    std::string joined;
    for (const auto& a : args) joined += a + " ";
    EXPECT_EQ(run.exit_code, 2) << joined;
    EXPECT_TRUE(run.out.empty()) << joined << ": stdout must stay empty, got " << run.out;
    EXPECT_THAT(run.err, HasSubstr("usage: slipbox")) << joined;
  }
}

TEST(Cli, CheckIsDelegated) {
  TempDir vault;
  vault.write("A.md", "[[Finnes ikke]]\n");
  const RunResult run = run_cli({"check", vault.path().string()});
  EXPECT_EQ(run.exit_code, 1) << run.err;
  EXPECT_THAT(run.out, HasSubstr("Finnes ikke"));
}

// ---- the language server ------------------------------------------------------------------

class LspSession : public ::testing::Test {
 protected:
  LspSession() {
    vault.write("🛠 Ressurser/Slipbox/Agile Metoder.md",
                "---\naliases: [Smidig]\n---\n# Agile Metoder\n\nSmidig utvikling 🙂 i korte sprinter.\n\n## "
                "Scrum\n\nRoller og seremonier.\n");
    vault.write("Hvordan vi jobber sammen på tvers av team.md", "# Samarbeid\n\nVi møtes på torsdager.\n");
  }

  json initialize(LspProcess& server) {
    server.request(1, "initialize",
                   {{"processId", getpid()}, {"rootUri", file_uri(vault.path())}, {"capabilities", json::object()}});
    const json response = server.response(1);
    server.notify("initialized", json::object());
    return response;
  }

  void shutdown_and_exit(LspProcess& server, int id, int expected_code) {
    server.request(id, "shutdown");
    EXPECT_TRUE(server.response(id)["result"].is_null());
    server.notify("exit");
    EXPECT_EQ(server.wait_exit(), expected_code) << server.stderr_text();
    server.expect_clean_stdout_tail();
  }

  TempDir vault;
};

TEST_F(LspSession, EditorSessionFromOpenToExit) {
  LspProcess server({"lsp"});
  const json init = initialize(server);
  ASSERT_TRUE(init.contains("result")) << init.dump();
  EXPECT_EQ(init["result"]["capabilities"]["textDocumentSync"]["change"], 2);
  // serverInfo carries what --version prints.
  EXPECT_EQ(init["result"]["serverInfo"]["name"], "slipbox");
  EXPECT_EQ("slipbox " + init["result"]["serverInfo"]["version"].get<std::string>() + "\n", run_cli({"--version"}).out);

  // Line 2 has emoji before the links, so UTF-16 columns differ from bytes and code points.
  const std::string text =
      "# Plan for samarbeid\n"
      "\n"
      "😀 Se [[Agile Metoder#Scrum]] og [[Finnes ikke]] og [[Hvordan vi jobber sammen på tvers av team]].\n"
      "Ny lenke: [[\n";
  const fs::path note = vault.write("Prosjekter/Plan.md", text);
  const std::string uri = file_uri(note);
  server.notify("textDocument/didOpen",
                {{"textDocument", {{"uri", uri}, {"languageId", "markdown"}, {"version", 1}, {"text", text}}}});

  const auto published = server.wait_for(
      [&](const json& m) {
        return m.value("method", "") == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri;
      },
      "publishDiagnostics for Plan.md");
  ASSERT_TRUE(published);
  const json& diagnostics = (*published)["params"]["diagnostics"];
  ASSERT_EQ(diagnostics.size(), 1u) << diagnostics.dump(2);
  EXPECT_EQ(diagnostics[0]["code"], "unresolved-link");
  // "😀 Se [[Agile Metoder#Scrum]] og " is 2 + 4 + 23 + 4 = 33 UTF-16 units.
  EXPECT_EQ(diagnostics[0]["range"],
            json::parse(R"({"start":{"line":2,"character":33},"end":{"line":2,"character":48}})"));

  // Completion right after `[[` on the last line.
  server.request(2, "textDocument/completion",
                 {{"textDocument", {{"uri", uri}}}, {"position", {{"line", 3}, {"character", 12}}}});
  const json completion = server.response(2);
  ASSERT_TRUE(completion.contains("result")) << completion.dump();
  std::vector<std::string> labels;
  for (const json& item : completion["result"]["items"]) labels.push_back(item["label"]);
  EXPECT_THAT(labels, ::testing::IsSupersetOf({"Agile Metoder", "Hvordan vi jobber sammen på tvers av team"}));

  // Definition on `[[Agile Metoder#Scrum]]` (cursor inside the name).
  server.request(3, "textDocument/definition",
                 {{"textDocument", {{"uri", uri}}}, {"position", {{"line", 2}, {"character", 10}}}});
  const json definition = server.response(3);
  ASSERT_TRUE(definition.contains("result") && definition["result"].is_object()) << definition.dump();
  EXPECT_EQ(definition["result"]["uri"], file_uri(vault.path() / u8path("🛠 Ressurser/Slipbox/Agile Metoder.md")));
  EXPECT_EQ(definition["result"]["range"]["start"]["line"], 7);  // "## Scrum"

  // Hover on the Norwegian title.
  server.request(4, "textDocument/hover",
                 {{"textDocument", {{"uri", uri}}}, {"position", {{"line", 2}, {"character", 60}}}});
  const json hover = server.response(4);
  ASSERT_TRUE(hover.contains("result") && hover["result"].is_object()) << hover.dump();
  EXPECT_EQ(hover["result"]["contents"]["kind"], "markdown");
  EXPECT_THAT(hover["result"]["contents"]["value"].get<std::string>(), HasSubstr("torsdager"));

  // A malformed message gets -32700 and the server keeps serving.
  server.send_raw("Content-Length: 12\r\n\r\n{not json!!}");
  EXPECT_EQ(server.response_to_null_id()["error"]["code"], -32700);
  server.request(5, "textDocument/hover",
                 {{"textDocument", {{"uri", uri}}}, {"position", {{"line", 0}, {"character", 0}}}});
  EXPECT_TRUE(server.response(5).contains("result"));

  // Editing fixes the broken link; the new diagnostics come with the new version.
  server.notify("textDocument/didChange",
                {{"textDocument", {{"uri", uri}, {"version", 2}}},
                 {"contentChanges",
                  {{{"range", {{"start", {{"line", 2}, {"character", 35}}}, {"end", {{"line", 2}, {"character", 46}}}}},
                    {"text", "Agile Metoder"}}}}});
  const auto fixed = server.wait_for(
      [&](const json& m) {
        return m.value("method", "") == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri &&
               m["params"].value("version", 0) == 2;
      },
      "publishDiagnostics for version 2");
  ASSERT_TRUE(fixed);
  EXPECT_TRUE((*fixed)["params"]["diagnostics"].empty()) << fixed->dump(2);

  shutdown_and_exit(server, 6, 0);
}

TEST_F(LspSession, StdioSpellingsWork) {
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"--stdio"}, std::vector<std::string>{"lsp", "--stdio"}}) {
    LspProcess server(args);
    EXPECT_TRUE(initialize(server).contains("result")) << args.back();
    shutdown_and_exit(server, 2, 0);
  }
}

TEST_F(LspSession, ExitWithoutShutdownExitsWithOne) {
  LspProcess server({"lsp"});
  initialize(server);
  server.notify("exit");
  EXPECT_EQ(server.wait_exit(), 1);
}

TEST_F(LspSession, EndOfInputWithoutExitExitsWithOne) {
  LspProcess server({"lsp"});
  initialize(server);
  server.close_stdin();
  EXPECT_EQ(server.wait_exit(), 1);
}

TEST_F(LspSession, HostileFramingIsSurvived) {
  LspProcess server({"lsp"});
  // Before initialize: a request is refused with -32002.
  server.request(1, "textDocument/hover",
                 {{"textDocument", {{"uri", "file:///x.md"}}}, {"position", {{"line", 0}, {"character", 0}}}});
  EXPECT_EQ(server.response(1)["error"]["code"], -32002);
  // An absurd Content-Length must not be allocated; the next message still gets through.
  server.send_raw("Content-Length: 9999999999999999\r\n\r\n{}");
  server.send_raw(
      "content-length: 99999999999999999999999\r\ncontent-type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{}");
  server.request(2, "initialize", {{"rootUri", file_uri(vault.path())}, {"capabilities", json::object()}});
  EXPECT_TRUE(server.response(2).contains("result")) << server.stderr_text();
  // Several messages in one write, headers in odd case and order.
  const std::string a = json{{"jsonrpc", "2.0"}, {"id", 3}, {"method", "shutdown"}}.dump();
  const std::string b = json{{"jsonrpc", "2.0"}, {"method", "exit"}}.dump();
  server.send_raw(
      "Content-Type: application/vscode-jsonrpc; charset=utf-8\r\nCONTENT-LENGTH: " + std::to_string(a.size()) +
      "\r\n\r\n" + a + "content-length:" + std::to_string(b.size()) + "\r\n\r\n" + b);
  EXPECT_TRUE(server.response(3)["result"].is_null());
  EXPECT_EQ(server.wait_exit(), 0);
  EXPECT_THAT(server.stderr_text(), HasSubstr("9999999999999999"));  // the refusal is logged
}

// The editor dies without closing our stdin (killed, crashed): the server notices through
// initialize's processId and exits as on EOF, with code 1.
TEST_F(LspSession, ExitsWhenTheEditorProcessIsGone) {
  // pid_max is 32,768 on some machines and PIDs wrap during a parallel build, so a stale
  // kill elsewhere on the machine can hit the fake editor before the server looks at it.
  // The server then rightly says it cannot see the editor; the test starts over with a new
  // one (and says why) rather than blaming the server for it.
  for (int attempt = 1; attempt <= 3; ++attempt) {
    // A fresh program, not a forked copy of this multi-threaded one: a fork child inherits
    // the test's state (locks held by other threads, signal handlers).
    const pid_t editor = fork();
    ASSERT_GE(editor, 0);
    if (editor == 0) {
      execl("/bin/sleep", "sleep", "600", static_cast<char*>(nullptr));
      _exit(127);
    }
    LspProcess server({"lsp"});
    server.request(1, "initialize",
                   {{"processId", editor}, {"rootUri", file_uri(vault.path())}, {"capabilities", json::object()}});
    ASSERT_TRUE(server.response(1).contains("result")) << server.stderr_text();
    server.notify("initialized", json::object());
    int status = 0;
    if (server.stderr_text().find("is not visible") != std::string::npos) {
      const pid_t ended = waitpid(editor, &status, WNOHANG);
      // The server may only say so when the editor really is gone.
      ASSERT_EQ(ended, editor) << "the server could not see a live editor process\n" << server.stderr_text();
      std::cerr << "attempt " << attempt << ": the fake editor ended before the server looked ("
                << (WIFSIGNALED(status) ? "signal " + std::to_string(WTERMSIG(status))
                                        : "exit " + std::to_string(WEXITSTATUS(status)))
                << "); starting over\n";
      continue;
    }
    kill(editor, SIGKILL);
    waitpid(editor, nullptr, 0);
    EXPECT_EQ(server.wait_exit(), 1) << server.stderr_text();  // stdin is still open
    server.expect_clean_stdout_tail();
    return;
  }
  FAIL() << "the fake editor process ended early three times";
}

}  // namespace

// ---- readiness: the real binary on a vault big enough to take a while ----------------------

// A generated vault of `count` notes in 40 folders, each linking to two others; note i has the
// heading "Note i" and the text "Body of note i.".
void write_generated_vault(const TempDir& vault, int count) {
  for (int i = 0; i < count; ++i) {
    const std::string name = "Note " + std::to_string(i);
    vault.write("f" + std::to_string(i % 40) + "/" + name + ".md",
                "# " + name + "\n\nBody of note " + std::to_string(i) + ". [[Note " + std::to_string((i + 1) % count) +
                    "]] and [[Note " + std::to_string((i * 7) % count) + "]].\n");
  }
}

// Arrays in a stable order, so answers that list the same things compare equal.
json canonical(json value) {
  if (value.is_object())
    for (auto& [key, member] : value.items()) member = canonical(member);
  if (value.is_array()) {
    for (json& element : value) element = canonical(element);
    std::sort(value.begin(), value.end(), [](const json& a, const json& b) { return a.dump() < b.dump(); });
  }
  return value;
}

TEST(LspReadiness, RequestsSentTheMomentTheNoteOpensAgreeWithTheSettledIndex) {
  TempDir vault;
  constexpr int kNotes = 20000;
  write_generated_vault(vault, kNotes);
  const std::string text = "Start: [[Note 12345]] and [[Note 17#Note 17]] and [[Missing note]].\n[[Note 1234\n";
  const fs::path start = vault.write("Start.md", text);
  const std::string uri = file_uri(start);

  LspProcess server({"lsp"});
  const json capabilities = {
      {"workspace", {{"workspaceEdit", {{"documentChanges", true}, {"resourceOperations", {"create", "rename"}}}}}},
      {"textDocument", {{"documentSymbol", {{"hierarchicalDocumentSymbolSupport", true}}}}}};
  server.request(1, "initialize",
                 {{"processId", getpid()}, {"rootUri", file_uri(vault.path())}, {"capabilities", capabilities}});
  ASSERT_TRUE(server.response(1).contains("result"));
  server.notify("initialized", json::object());
  server.notify("textDocument/didOpen",
                {{"textDocument", {{"uri", uri}, {"languageId", "markdown"}, {"version", 1}, {"text", text}}}});

  const auto at = [&](int line, int character) {
    return json{{"textDocument", {{"uri", uri}}}, {"position", {{"line", line}, {"character", character}}}};
  };
  json references = at(0, 12);
  references["context"] = {{"includeDeclaration", false}};
  const std::vector<std::pair<std::string, json>> asked = {
      {"textDocument/hover", at(0, 12)},
      {"textDocument/definition", at(0, 12)},
      {"textDocument/definition", at(0, 32)},
      {"textDocument/references", references},
      {"textDocument/documentLink", {{"textDocument", {{"uri", uri}}}}},
      {"textDocument/prepareRename", at(0, 12)},
      {"workspace/symbol", {{"query", "Note 12345"}}},
      {"textDocument/codeAction",
       {{"textDocument", {{"uri", uri}}},
        {"range", {{"start", {{"line", 0}, {"character", 55}}}, {"end", {{"line", 0}, {"character", 55}}}}},
        {"context", {{"diagnostics", json::array()}}}}},
      {"workspace/willRenameFiles",
       {{"files", json::array({{{"oldUri", file_uri(vault.path() / "f25/Note 12345.md")},
                                {"newUri", file_uri(vault.path() / "f25/Renamed.md")}}})}}},
  };
  // At once, then again once everything has settled (the link graph too).
  int id = 10;
  for (const auto& [method, params] : asked) server.request(id++, method, params);
  server.request(id, "textDocument/completion", at(1, 11));
  const json early_completion = server.response(id++);
  std::vector<json> early;
  for (int i = 0; i < static_cast<int>(asked.size()); ++i) early.push_back(server.response(10 + i));

  std::this_thread::sleep_for(std::chrono::seconds(2));
  for (int i = 0; i < static_cast<int>(asked.size()); ++i) {
    server.request(100 + i, asked[i].first, asked[i].second);
    const json settled = server.response(100 + i);
    ASSERT_TRUE(settled.contains("result")) << asked[i].first << ": " << settled.dump();
    EXPECT_FALSE(settled["result"].is_null() || settled["result"] == json::array()) << asked[i].first;
    EXPECT_EQ(canonical(early[i]["result"]), canonical(settled["result"]))
        << asked[i].first << " answered at once differs from the settled answer; at once: " << early[i].dump();
  }
  // Completion may answer early, but then says it is partial.
  server.request(200, "textDocument/completion", at(1, 11));
  const json settled_completion = server.response(200);
  if (canonical(early_completion["result"]["items"]) != canonical(settled_completion["result"]["items"])) {
    EXPECT_TRUE(early_completion["result"].value("isIncomplete", false)) << "a partial list claimed to be complete";
  }

  server.request(300, "shutdown");
  EXPECT_TRUE(server.response(300)["result"].is_null());
  server.notify("exit");
  EXPECT_EQ(server.wait_exit(), 0);
}

TEST(LspReadiness, ShutdownDuringTheFirstScanIsAnsweredWithinASecond) {
  TempDir vault;
  write_generated_vault(vault, 20000);
  const fs::path note = vault.write("Start.md", "[[Note 5]]\n");
  LspProcess server({"lsp"});
  server.request(1, "initialize",
                 {{"processId", getpid()}, {"rootUri", file_uri(vault.path())}, {"capabilities", json::object()}});
  ASSERT_TRUE(server.response(1).contains("result"));
  server.notify("initialized", json::object());
  server.notify("textDocument/didOpen",
                {{"textDocument",
                  {{"uri", file_uri(note)}, {"languageId", "markdown"}, {"version", 1}, {"text", "[[Note 5]]\n"}}}});
  server.request(2, "textDocument/hover",
                 {{"textDocument", {{"uri", file_uri(note)}}}, {"position", {{"line", 0}, {"character", 3}}}});
  const auto asked = Clock::now();
  server.request(3, "shutdown");
  EXPECT_TRUE(server.response(3)["result"].is_null());
  // Not a performance bound: the issue's "within 1 s even mid-scan", with room for sanitizers.
  EXPECT_LT(Clock::now() - asked, std::chrono::seconds(5));
  const json hover = server.response(2);  // answered correctly (the scan was done) or failed: never null
  if (hover.contains("result"))
    EXPECT_FALSE(hover["result"].is_null()) << hover.dump();
  else
    EXPECT_EQ(hover["error"]["code"], -32803) << hover.dump();
  server.notify("exit");
  EXPECT_EQ(server.wait_exit(), 0);
}

// The index cache (index.cache, on by default): the first server writes it after indexing;
// a second one started after the vault changed answers from the cache for the notes that did
// not change and from the disk for the ones that did.
TEST_F(LspSession, WarmStartFromTheIndexCacheSeesTheChangesMadeMeanwhile) {
  TempDir cache_home;
  const char* saved = std::getenv("XDG_CACHE_HOME");
  const std::string saved_value = saved ? saved : "";
  ::setenv("XDG_CACHE_HOME", cache_home.path().c_str(), 1);
  const auto old_times = [](const fs::path& file, time_t later_by) {
    const timespec times[2] = {{1'600'000'000 + later_by, 0}, {1'600'000'000 + later_by, 0}};
    ::utimensat(AT_FDCWD, file.c_str(), times, 0);
  };
  for (const auto& entry : fs::recursive_directory_iterator(vault.path()))
    if (entry.is_regular_file()) old_times(entry.path(), 0);
  const fs::path home = vault.write("Home.md", "# Home\n[[Agile Metoder#Scrum]]\n");
  old_times(home, 0);
  const auto cache_file = [&]() -> std::optional<fs::path> {
    std::error_code error;
    for (const auto& entry : fs::directory_iterator(cache_home.path() / "slipbox", error))
      if (entry.path().extension() == ".index") return entry.path();
    return std::nullopt;
  };
  {
    LspProcess first({"lsp"});
    initialize(first);
    const auto deadline = Clock::now() + kPatience;
    while (!cache_file() && Clock::now() < deadline) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    ASSERT_TRUE(cache_file()) << first.stderr_text();
    shutdown_and_exit(first, 2, 0);
  }
  // Meanwhile: the heading moves to a renamed note, and Home links there.
  fs::remove(vault.path() / u8path("🛠 Ressurser/Slipbox/Agile Metoder.md"));
  old_times(vault.write("Smidig.md", "# Smidig\n\nIntro.\n\n## Scrum\n"), 5);
  vault.write("Home.md", "# Home\n[[Smidig#Scrum]] and more\n");
  old_times(home, 5);

  LspProcess second({"lsp"});
  initialize(second);
  const std::string uri = file_uri(home);
  second.request(2, "textDocument/definition",
                 {{"textDocument", {{"uri", uri}}}, {"position", {{"line", 1}, {"character", 4}}}});
  const json definition = second.response(2);
  ASSERT_TRUE(definition.contains("result") && definition["result"].is_object())
      << definition.dump() << second.stderr_text();
  EXPECT_EQ(definition["result"]["uri"], file_uri(vault.path() / "Smidig.md"));
  EXPECT_EQ(definition["result"]["range"]["start"]["line"], 4);
  shutdown_and_exit(second, 3, 0);
  // The unchanged note came from the cache.
  EXPECT_THAT(second.stderr_text(), HasSubstr("(1 notes from the index cache)"));
  if (saved)
    ::setenv("XDG_CACHE_HOME", saved_value.c_str(), 1);
  else
    ::unsetenv("XDG_CACHE_HOME");
}
