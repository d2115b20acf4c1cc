// Readiness, in process: every request answers from the complete index, or waits for it
// (bounded, cancellable), or — completion only — says its answer is partial. A scan gate
// holds the server's scans, so each state is held as long as a test needs it: an answer given
// while the gate is shut would have come from a partial index and be wrong.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>

#include "lsp/server.h"
#include "lsp/uri.h"
#include "tests/lsp/lsp_session.h"

namespace slipbox::lsp {
namespace {

using testing::error_code;
using ::testing::HasSubstr;
using testing::MemoryTransport;
using testing::notification;
using testing::request;
using testing::TempVault;

// Holds every scan at its start while shut (tests open and shut it).
class ScanGate {
 public:
  void hold() {
    std::unique_lock lock(mutex_);
    ++held_;
    changed_.notify_all();
    changed_.wait_for(lock, std::chrono::seconds(60), [&] { return open_; });
    --held_;
  }
  void open() {
    std::lock_guard lock(mutex_);
    open_ = true;
    changed_.notify_all();
  }
  void shut() {
    std::lock_guard lock(mutex_);
    open_ = false;
  }
  // A scan is being held now.
  bool wait_until_holding() {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, MemoryTransport::kPatience, [&] { return held_ > 0; });
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  bool open_ = false;
  int held_ = 0;
};

// Made before the session, whose server options hold the gate.
struct HoldsScanGate {
  std::shared_ptr<ScanGate> gate = std::make_shared<ScanGate>();
};

class ReadinessTest : public ::testing::Test, protected HoldsScanGate, protected testing::LspSession {
 protected:
  ReadinessTest() : LspSession(options(gate)) {
    vault.write("Ett.md", "# Ett\n\nInnhold i ett. ^blokk\n");
    vault.write("Mappe/To.md", "Tilbake til [[Ett]].\n");
    vault.write("Plan.md", kPlan);
  }
  ~ReadinessTest() override { gate->open(); }

  static ServerOptions options(std::shared_ptr<ScanGate> gate) {
    ServerOptions o = test_options();
    o.refresh_spacing = std::chrono::milliseconds(400);
    o.before_scan = [gate = std::move(gate)] { gate->hold(); };
    return o;
  }

  static constexpr std::string_view kPlan = "Se [[Ett]] og [[Etta]].\n";

  void initialize(const json& capabilities = json::object(), const json& initialization_options = nullptr) {
    json extra = json::object();
    if (!initialization_options.is_null()) extra["initializationOptions"] = initialization_options;
    LspSession::initialize(capabilities, extra);
  }
  // Opens without writing the file (the scan gate decides when the disk is read).
  void open(const std::string& path, std::string_view text) {
    notify("textDocument/didOpen",
           {{"textDocument",
             {{"uri", uri(path)}, {"languageId", "markdown"}, {"version", 1}, {"text", std::string(text)}}}});
  }
  int send(const std::string& method, const json& params) {
    const int id = next_id++;
    server.handle_message(request(id, method, params));
    return id;
  }
  json at(const std::string& path, int line, int character) const { return LspSession::at(uri(path), line, character); }
  // The response to `id`, expected to carry a result.
  json result(int id) {
    const json response = transport.response(id);
    EXPECT_TRUE(response.contains("result")) << response.dump();
    return response.value("result", json());
  }
  // Asks again until the answer satisfies `done` (bounded): for what settles in the background.
  json eventually(const std::string& method, const json& params, const std::function<bool(const json&)>& done) {
    json last;
    for (int attempt = 0; attempt < 200; ++attempt) {
      last = result(send(method, params));
      if (done(last)) return last;
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    ADD_FAILURE() << method << " never settled; last answer " << last.dump();
    return last;
  }
  size_t count_sent(const std::string& method) const { return count_method(method); }
};

const json kRenameCapabilities = {
    {"workspace", {{"workspaceEdit", {{"documentChanges", true}, {"resourceOperations", {"create", "rename"}}}}}},
    {"textDocument", {{"documentSymbol", {{"hierarchicalDocumentSymbolSupport", true}}}}}};

TEST_F(ReadinessTest, EveryVaultRequestWaitsForTheIndexAndAnswersFromIt) {
  initialize(kRenameCapabilities);
  ASSERT_TRUE(gate->wait_until_holding());
  open("Plan.md", kPlan);
  // Asked while the scan is held: answered only from the complete index.
  const int hover = send("textDocument/hover", at("Plan.md", 0, 6));
  const int definition = send("textDocument/definition", at("Plan.md", 0, 6));
  json references_params = at("Plan.md", 0, 6);
  references_params["context"] = {{"includeDeclaration", false}};
  const int references = send("textDocument/references", references_params);
  const int links = send("textDocument/documentLink", {{"textDocument", {{"uri", uri("Plan.md")}}}});
  const int symbols = send("workspace/symbol", {{"query", "Ett"}});
  const int prepare = send("textDocument/prepareRename", at("Plan.md", 0, 6));
  const int actions =
      send("textDocument/codeAction",
           {{"textDocument", {{"uri", uri("Plan.md")}}},
            {"range", {{"start", {{"line", 0}, {"character", 16}}}, {"end", {{"line", 0}, {"character", 16}}}}},
            {"context", {{"diagnostics", json::array()}}}});
  const int will_rename = send("workspace/willRenameFiles",
                               {{"files", json::array({{{"oldUri", uri("Ett.md")}, {"newUri", uri("En.md")}}})}});
  // Answers at once: it needs only the open document.
  const json outline = result(send("textDocument/documentSymbol", {{"textDocument", {{"uri", uri("Plan.md")}}}}));
  EXPECT_TRUE(outline.is_array());
  EXPECT_EQ(transport.responses_to(hover), 0u) << "hover answered before the index existed";

  gate->open();
  EXPECT_THAT(result(hover).dump(), HasSubstr("Innhold i ett"));
  EXPECT_EQ(result(definition).value("uri", ""), uri("Ett.md"));
  const json found = result(references);
  ASSERT_TRUE(found.is_array());
  EXPECT_EQ(found.size(), 2u) << found.dump();  // Plan.md and Mappe/To.md
  EXPECT_THAT(result(links).dump(), HasSubstr(uri("Ett.md")));
  EXPECT_THAT(result(symbols).dump(), HasSubstr("Ett"));
  EXPECT_FALSE(result(prepare).is_null());
  EXPECT_THAT(result(actions).dump(), HasSubstr("Ett"));  // "did you mean" for [[Etta]]
  const json edit = result(will_rename);
  EXPECT_THAT(edit.dump(), HasSubstr(uri("Mappe/To.md")));
  EXPECT_THAT(edit.dump(), HasSubstr(uri("Plan.md")));
}

TEST_F(ReadinessTest, PastTheWaitLimitTheRequestFailsSayingIndexingIsStillRunning) {
  initialize(json::object(), {{"index", {{"waitSeconds", 0.2}}}});
  ASSERT_TRUE(gate->wait_until_holding());
  open("Plan.md", kPlan);
  const json response = transport.response(send("textDocument/definition", at("Plan.md", 0, 6)));
  EXPECT_EQ(error_code(response), -32803) << response.dump();
  EXPECT_THAT(response.dump(), HasSubstr("still indexing"));
  EXPECT_THAT(response.dump(), HasSubstr("index.waitSeconds"));
  // Never an empty answer instead: the request that waits in time gets the right one.
  const int hover = send("textDocument/hover", at("Plan.md", 0, 6));
  gate->open();
  const json answer = transport.response(hover);
  if (error_code(answer) == 0)
    EXPECT_THAT(answer.dump(), HasSubstr("Innhold i ett"));
  else
    EXPECT_EQ(error_code(answer), -32803);
}

TEST_F(ReadinessTest, ACancelledWaitIsAnsweredOnceAndNeverRuns) {
  initialize();
  ASSERT_TRUE(gate->wait_until_holding());
  open("Plan.md", kPlan);
  const int id = send("textDocument/hover", at("Plan.md", 0, 6));
  notify("$/cancelRequest", {{"id", id}});
  EXPECT_EQ(error_code(transport.response(id)), -32800);
  gate->open();
  // Something answered after the index is in, so the cancelled wait had its chance to run.
  result(send("textDocument/hover", at("Plan.md", 0, 6)));
  EXPECT_EQ(transport.responses_to(id), 1u) << transport.dump();
}

TEST_F(ReadinessTest, ShutdownIsAnsweredWhileAScanIsHeldAndWaitingRequestsFail) {
  initialize();
  ASSERT_TRUE(gate->wait_until_holding());
  open("Plan.md", kPlan);
  const int hover = send("textDocument/hover", at("Plan.md", 0, 6));
  server.handle_message(request(99, "shutdown"));
  const json shutdown = transport.response(99);
  EXPECT_TRUE(shutdown.contains("result")) << shutdown.dump();
  const json waited = transport.response(hover);
  EXPECT_EQ(error_code(waited), -32803) << waited.dump();
  EXPECT_THAT(waited.dump(), HasSubstr("shutting down"));
}

TEST_F(ReadinessTest, CompletionAnswersAtOnceButSaysItIsPartialUntilEverythingIsIndexed) {
  initialize();
  ASSERT_TRUE(gate->wait_until_holding());
  const std::string text = "[[Et";
  open("Ny.md", text);
  const json early = result(send("textDocument/completion", at("Ny.md", 0, 4)));
  EXPECT_TRUE(early.value("isIncomplete", false)) << early.dump();
  gate->open();
  // Complete only once the index and the link graph (planned notes) are both in.
  const json settled = eventually("textDocument/completion", at("Ny.md", 0, 4),
                                  [](const json& list) { return !list.value("isIncomplete", true); });
  EXPECT_THAT(settled.dump(), HasSubstr("\"Ett\""));
}

TEST_F(ReadinessTest, ARequestAfterAFileEventSeesTheFile) {
  gate->open();
  initialize();
  open("Plan.md", "[[Ny]]\n");
  eventually("textDocument/hover", at("Plan.md", 0, 3), [](const json& hover) { return !hover.is_null(); });
  // Created on disk and told: the very next request sees it (it waits for the batch's commit).
  vault.write("Ny.md", "# Ny\n\nFersk.\n");
  notify("workspace/didChangeWatchedFiles", {{"changes", json::array({{{"uri", uri("Ny.md")}, {"type", 1}}})}});
  EXPECT_EQ(result(send("textDocument/definition", at("Plan.md", 0, 3))).value("uri", ""), uri("Ny.md"));
  EXPECT_THAT(result(send("textDocument/hover", at("Plan.md", 0, 3))).dump(), HasSubstr("Fersk"));
}

TEST_F(ReadinessTest, ASettingsChangeThatReindexesIsWaitedFor) {
  gate->open();
  initialize();
  open("Plan.md", kPlan);
  json references_params = at("Plan.md", 0, 6);
  references_params["context"] = {{"includeDeclaration", false}};
  const json before =
      eventually("textDocument/references", references_params, [](const json& found) { return found.size() == 2; });
  // Mappe/ excluded: the rescan it starts is waited for, so its link no longer counts.
  gate->shut();
  notify("workspace/didChangeConfiguration", {{"settings", {{"index", {{"exclude", {"Mappe"}}}}}}});
  const int after = send("textDocument/references", references_params);
  ASSERT_TRUE(gate->wait_until_holding());
  EXPECT_EQ(transport.responses_to(after), 0u) << "answered from the vault the rescan replaces";
  gate->open();
  const json found = result(after);
  ASSERT_EQ(found.size(), 1u) << found.dump();
  EXPECT_EQ(found[0].value("uri", ""), uri("Plan.md"));
}

TEST_F(ReadinessTest, AFolderAddedLaterIsWaitedFor) {
  gate->open();
  initialize();
  open("Plan.md", kPlan);
  eventually("textDocument/hover", at("Plan.md", 0, 6), [](const json& hover) { return !hover.is_null(); });
  TempVault other;
  other.write("Andre.md", "# Andre\n\nFra den andre mappen.\n");
  other.write("Lenker.md", "[[Andre]]\n");
  gate->shut();
  notify("workspace/didChangeWorkspaceFolders",
         {{"event",
           {{"added", json::array({{{"uri", uri_from_path(other.root())}, {"name", "andre"}}})},
            {"removed", json::array()}}}});
  ASSERT_TRUE(gate->wait_until_holding());
  const std::string lenker = uri_from_path(other.root() / "Lenker.md");
  notify("textDocument/didOpen",
         {{"textDocument", {{"uri", lenker}, {"languageId", "markdown"}, {"version", 1}, {"text", "[[Andre]]\n"}}}});
  const int hover =
      send("textDocument/hover", {{"textDocument", {{"uri", lenker}}}, {"position", {{"line", 0}, {"character", 3}}}});
  gate->open();
  EXPECT_THAT(result(hover).dump(), HasSubstr("Fra den andre mappen"));
}

TEST_F(ReadinessTest, ADocumentPullWaitsForTheIndexAndJudgesTheNote) {
  initialize({{"textDocument", {{"diagnostic", json::object()}}},
              {"workspace", {{"diagnostics", {{"refreshSupport", true}}}}}});
  ASSERT_TRUE(gate->wait_until_holding());
  open("Plan.md", kPlan);
  const int pull = send("textDocument/diagnostic", {{"textDocument", {{"uri", uri("Plan.md")}}}});
  gate->open();
  const json report = result(pull);
  ASSERT_EQ(report.value("items", json::array()).size(), 1u) << report.dump();  // [[Etta]]
  EXPECT_THAT(report["items"][0].value("message", ""), HasSubstr("Etta"));
}

TEST_F(ReadinessTest, CodeLensesAreRefreshedOnceTheIndexIsIn) {
  initialize({{"workspace", {{"codeLens", {{"refreshSupport", true}}}}}}, {{"codeLens", {{"backlinks", true}}}});
  ASSERT_TRUE(gate->wait_until_holding());
  EXPECT_EQ(count_sent("workspace/codeLens/refresh"), 0u);
  gate->open();
  EXPECT_TRUE(transport.wait_for([](const json& m) { return m.value("method", "") == "workspace/codeLens/refresh"; }))
      << transport.dump();
}

// Answers every refresh request the server sends, as a client does.
void answer_refreshes(Server& server, MemoryTransport& transport, size_t* answered) {
  const auto sent = transport.sent();
  for (; *answered < sent.size(); ++*answered) {
    const json& m = sent[*answered];
    if (m.value("method", "").ends_with("/refresh") && m.contains("id"))
      server.handle_message(json{{"jsonrpc", "2.0"}, {"id", m["id"]}, {"result", nullptr}}.dump());
  }
}

TEST_F(ReadinessTest, DiagnosticRefreshesAreCoalescedAndNotSentForTheEditedNote) {
  gate->open();
  initialize({{"textDocument", {{"diagnostic", json::object()}}},
              {"workspace", {{"diagnostics", {{"refreshSupport", true}}}}}});
  open("Plan.md", kPlan);
  result(send("textDocument/diagnostic", {{"textDocument", {{"uri", uri("Plan.md")}}}}));  // indexed
  size_t answered = 0;
  // The refresh that follows the index.
  ASSERT_TRUE(
      transport.wait_for([](const json& m) { return m.value("method", "") == "workspace/diagnostic/refresh"; }));
  answer_refreshes(server, transport, &answered);
  std::this_thread::sleep_for(std::chrono::milliseconds(450));  // past refresh_spacing
  const size_t before = count_sent("workspace/diagnostic/refresh");

  // The edited note saved, as an editor with auto-save does on every pause: the client pulls
  // that note itself; no other note's diagnostics changed, so no refresh.
  for (int i = 0; i < 5; ++i) {
    notify("textDocument/didSave", {{"textDocument", {{"uri", uri("Plan.md")}}}});
    notify("workspace/didChangeWatchedFiles", {{"changes", json::array({{{"uri", uri("Plan.md")}, {"type", 2}}})}});
  }
  // A burst of closed notes changing on disk (a sync): one refresh now, at most one more later.
  for (int i = 0; i < 20; ++i) {
    const std::string name = "Synk " + std::to_string(i) + ".md";
    vault.write(name, "[[Ett]]\n");
    notify("workspace/didChangeWatchedFiles", {{"changes", json::array({{{"uri", uri(name)}, {"type", 1}}})}});
    answer_refreshes(server, transport, &answered);
  }
  // Settled: a request after the burst is answered after its commit.
  result(send("textDocument/diagnostic", {{"textDocument", {{"uri", uri("Plan.md")}}}}));
  std::this_thread::sleep_for(std::chrono::milliseconds(900));
  answer_refreshes(server, transport, &answered);
  const size_t burst = count_sent("workspace/diagnostic/refresh") - before;
  EXPECT_GE(burst, 1u);  // the other notes' diagnostics did change
  EXPECT_LE(burst, 3u) << transport.dump();
}

}  // namespace
}  // namespace slipbox::lsp
