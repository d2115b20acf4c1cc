// Big and multi-folder workspaces, in process: indexing progress with counts, workspace folders
// added and removed (nested folders, a note outside every folder), pull diagnostics
// (workspace/diagnostic, textDocument/diagnostic) and the index.maxFiles cap.
#include <regex>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "lsp/pull_diagnostics.h"
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

class WorkspaceTest : public ::testing::Test, protected testing::LspSession {
 protected:
  WorkspaceTest() {
    transport.answer_requests = [this](const std::string& body) { server.handle_message(body); };
  }
  // Opens a note already on disk (at its absolute path) with `text`.
  std::string open(const std::filesystem::path& path, const std::string& text, int version = 1) {
    const std::string note = uri_from_path(path);
    notify("textDocument/didOpen",
           {{"textDocument", {{"uri", note}, {"languageId", "markdown"}, {"version", version}, {"text", text}}}});
    return note;
  }
  json ask(const std::string& method, const json& params) { return call(method, params); }
  // Pulls (polling, not timing) until something is reported: folders index in the background.
  json pull_until_reported() {
    json items = json::array();
    for (int attempt = 0; attempt < 1000 && items.empty(); ++attempt) {
      if (attempt) std::this_thread::sleep_for(std::chrono::milliseconds(10));
      items = ask("workspace/diagnostic", {{"previousResultIds", json::array()}})["result"]["items"];
    }
    return items;
  }
  static json folders_change(const std::vector<std::filesystem::path>& added,
                             const std::vector<std::filesystem::path>& removed) {
    json event{{"added", json::array()}, {"removed", json::array()}};
    for (const auto& root : added)
      event["added"].push_back({{"uri", uri_from_path(root)}, {"name", root.filename().string()}});
    for (const auto& root : removed)
      event["removed"].push_back({{"uri", uri_from_path(root)}, {"name", root.filename().string()}});
    return json{{"event", event}};
  }
  // workspace/diagnostic items by file name (the last path segment of the URI, decoded).
  static std::map<std::string, json> by_name(const json& response) {
    std::map<std::string, json> out;
    for (const json& item : response["result"]["items"]) {
      const auto path = path_from_uri(item["uri"].get<std::string>());
      EXPECT_TRUE(path.has_value()) << item.dump();
      if (!path) continue;
      EXPECT_EQ(out.count(path->filename().string()), 0u) << "reported twice: " << item.dump();
      out[path->filename().string()] = item;
    }
    return out;
  }
};

// ---- progress ----------------------------------------------------------------------------

TEST_F(WorkspaceTest, IndexingReportsCountsAndPercentages) {
  for (int i = 0; i < 1200; ++i)
    vault.write("Mappe " + std::to_string(i % 7) + "/Notat " + std::to_string(i) + ".md", "[[Notat 1]]\n");
  vault.write("bilde.png", "png");  // listed, not a note: not counted
  initialize({{"window", {{"workDoneProgress", true}}}});
  const auto end = transport.wait_for(
      [](const json& m) { return m.value("method", "") == "$/progress" && m["params"]["value"]["kind"] == "end"; });
  ASSERT_TRUE(end.has_value()) << transport.dump();
  std::vector<json> values;
  for (const json& m : transport.sent())
    if (m.value("method", "") == "$/progress") values.push_back(m["params"]["value"]);
  ASSERT_GE(values.size(), 4u) << transport.dump();  // begin, first count, last count, end
  EXPECT_EQ(values.front()["kind"], "begin");
  EXPECT_EQ(values.back()["kind"], "end");
  const std::regex message(R"(Indexing ([0-9,]+)/1,200 notes)");
  int previous = -1;
  for (size_t i = 1; i + 1 < values.size(); ++i) {
    ASSERT_EQ(values[i]["kind"], "report") << values[i].dump();
    const std::string text = values[i]["message"];
    EXPECT_TRUE(std::regex_match(text, message)) << text;
    const int percentage = values[i]["percentage"];
    EXPECT_GE(percentage, previous) << "percentages go forward";
    previous = percentage;
  }
  EXPECT_EQ(values[1]["message"], "Indexing 0/1,200 notes");
  EXPECT_EQ(values[values.size() - 2]["message"], "Indexing 1,200/1,200 notes");
  EXPECT_EQ(values[values.size() - 2]["percentage"], 100);
  EXPECT_EQ(values.back()["message"], "Indexed 1201 files");
}

// ---- the file cap ------------------------------------------------------------------------

TEST_F(WorkspaceTest, HittingMaxFilesWarnsOnceNamingTheFolderAndTheSetting) {
  for (int i = 0; i < 6; ++i) vault.write("n" + std::to_string(i) + ".md", "x\n");
  initialize({{"window", {{"workDoneProgress", true}}}}, {{"initializationOptions", {{"index", {{"maxFiles", 4}}}}}});
  const auto shown = transport.wait_for([](const json& m) { return m.value("method", "") == "window/showMessage"; });
  ASSERT_TRUE(shown.has_value()) << transport.dump();
  EXPECT_EQ((*shown)["params"]["type"], 2);  // warning
  const std::string text = (*shown)["params"]["message"];
  EXPECT_THAT(text, HasSubstr(vault.root().string()));
  EXPECT_THAT(text, HasSubstr("first 4 files"));
  EXPECT_THAT(text, HasSubstr("index.maxFiles"));
  auto ended = [&](size_t* from) {
    return transport
        .wait_for(
            [](const json& m) {
              return m.value("method", "") == "$/progress" && m["params"]["value"]["kind"] == "end";
            },
            from)
        .has_value();
  };
  size_t ends = 0;
  ASSERT_TRUE(ended(&ends));
  const std::string uri = open(vault.write("n0.md", "[[n5]]\n"), "[[n5]]\n");
  size_t from = 0;
  ASSERT_TRUE(published(uri, 1, &from)) << transport.dump();  // n5 was not indexed
  // A rescan (a folder appeared while at the cap: only a scan lists it) does not say it again.
  std::filesystem::create_directories(vault.root() / "new folder");
  server.handle_message(
      notification("workspace/didChangeWatchedFiles",
                   {{"changes", json::array({{{"uri", uri_from_path(vault.root() / "new folder")}, {"type", 1}}})}}));
  ASSERT_TRUE(ended(&ends)) << transport.dump();
  EXPECT_EQ(count_method("window/showMessage"), 1u);
}

// ---- a folder appears -----------------------------------------------------------------

// VS Code reports a folder created or moved in as one event, none for the files inside: the
// folder is listed with the scan's rules (index.exclude, hidden, node_modules), not rescanned.
TEST_F(WorkspaceTest, AFolderEventListsTheFolderWithoutARescan) {
  const auto plan = vault.write("Plan.md", "[[New/Sub/Target]] [[Secret]] [[Hidden]] [[Pkg]]\n");
  initialize({{"window", {{"workDoneProgress", true}}}},
             {{"initializationOptions", {{"index", {{"exclude", {"Private"}}}}}}});
  size_t from = 0;
  ASSERT_TRUE(transport.wait_for(
      [](const json& m) { return m.value("method", "") == "$/progress" && m["params"]["value"]["kind"] == "end"; },
      &from))
      << transport.dump();
  const std::string uri = open(plan, "[[New/Sub/Target]] [[Secret]] [[Hidden]] [[Pkg]]\n");
  ASSERT_TRUE(published(uri, 4, &from)) << transport.dump();

  vault.write("New/Sub/Target.md", "# Target\n");
  vault.write("New/Private/Secret.md", "# Secret\n");
  vault.write("New/.hidden/Hidden.md", "# Hidden\n");
  const auto package = vault.write("New/node_modules/x/Pkg.md", "# Pkg\n");
  // The folder, and a file inside that the scan leaves out (inotify reports such files).
  server.handle_message(
      notification("workspace/didChangeWatchedFiles",
                   {{"changes", json::array({{{"uri", uri_from_path(vault.root() / "New")}, {"type", 1}},
                                             {{"uri", uri_from_path(package)}, {"type", 1}}})}}));
  ASSERT_TRUE(published(uri, 3, &from)) << "New/Sub/Target should resolve, nothing else:\n" << transport.dump();
  // No second indexing run, not even later. A rescan would have been queued by the commit that
  // published, and a workspace-wide request waits for a queued rescan to finish (readiness):
  // once it is answered, any rescan has begun (and said so with a progress `begin`).
  EXPECT_TRUE(ask("workspace/symbol", {{"query", "Target"}}).contains("result")) << transport.dump();
  EXPECT_EQ(transport.count([](const json& m) {
    return m.value("method", "") == "$/progress" && m["params"]["value"]["kind"] == "begin";
  }),
            1u)
      << transport.dump();
}

TEST_F(WorkspaceTest, NoWarningUnderTheCap) {
  for (int i = 0; i < 6; ++i) vault.write("n" + std::to_string(i) + ".md", "x\n");
  initialize(json::object(), {{"initializationOptions", {{"index", {{"maxFiles", 6}}}}}});
  const std::string uri = open(vault.write("n0.md", "[[n5]]\n"), "[[n5]]\n");
  size_t from = 0;
  ASSERT_TRUE(published(uri, 0, &from)) << transport.dump();  // indexed, n5 included
  EXPECT_EQ(count_method("window/showMessage"), 0u) << transport.dump();
}

// ---- workspace folders -------------------------------------------------------------------

TEST_F(WorkspaceTest, AdvertisesWorkspaceFolderChanges) {
  const json response = initialize(json::object());
  EXPECT_EQ(response["result"]["capabilities"]["workspace"]["workspaceFolders"],
            (json{{"supported", true}, {"changeNotifications", true}}));
}

TEST_F(WorkspaceTest, AddedFolderIsIndexedWithProgressAndRemovedFolderLetsGo) {
  vault.write("Hjem.md", "# Hjem\n");
  initialize({{"window", {{"workDoneProgress", true}}}});
  TempVault other;
  other.write("Annen.md", "# Annen\n");
  const std::string text = "# Plan\n[[Annen]] [[Finnes ikke]] [[#Borte]] [[#Plan]]\n";
  const std::string uri = open(other.write("Plan.md", text), text);
  size_t from = 0;
  // Outside every folder: only the link into the note itself is judged.
  ASSERT_TRUE(published(uri, 1, &from)) << transport.dump();

  server.handle_message(notification("workspace/didChangeWorkspaceFolders", folders_change({other.root()}, {})));
  const auto diagnostics = published(uri, 2, &from);
  ASSERT_TRUE(diagnostics.has_value()) << transport.dump();
  EXPECT_THAT((*diagnostics)["params"]["diagnostics"].dump(), HasSubstr("Finnes ikke"));
  EXPECT_EQ(count_method("window/workDoneProgress/create"), 2u) << "the added folder reports its own progress";
  const json definition =
      ask("textDocument/definition", {{"textDocument", {{"uri", uri}}}, {"position", {{"line", 1}, {"character", 3}}}});
  ASSERT_TRUE(definition["result"].is_object()) << definition.dump();
  EXPECT_EQ(definition["result"]["uri"], uri_from_path(other.root() / "Annen.md"));

  server.handle_message(notification("workspace/didChangeWorkspaceFolders", folders_change({}, {other.root()})));
  ASSERT_TRUE(published(uri, 1, &from)) << transport.dump();  // back to what it can judge alone
  const json gone =
      ask("textDocument/definition", {{"textDocument", {{"uri", uri}}}, {"position", {{"line", 1}, {"character", 3}}}});
  EXPECT_TRUE(gone["result"].is_null()) << gone.dump();
  // Still answered: a vault folder that stays.
  const json symbols = ask("workspace/symbol", {{"query", "Annen"}});
  EXPECT_EQ(symbols["result"].size(), 0u) << symbols.dump();
  const json home = ask("workspace/symbol", {{"query", "Hjem"}});
  EXPECT_GE(home["result"].size(), 1u) << home.dump();
}

TEST_F(WorkspaceTest, ANoteBelongsToTheInnermostFolder) {
  vault.write("Topp.md", "# Topp\n");
  const std::string text = "[[Topp]]\n";
  const auto path = vault.write("Indre/Notat.md", text);
  initialize(json::object());
  const std::string uri = open(path, text);
  size_t from = 0;
  ASSERT_TRUE(published(uri, 0, &from)) << transport.dump();  // resolves in the outer vault
  server.handle_message(
      notification("workspace/didChangeWorkspaceFolders", folders_change({vault.root() / "Indre"}, {})));
  ASSERT_TRUE(published(uri, 1, &from)) << transport.dump();  // the inner vault has no Topp
  server.handle_message(
      notification("workspace/didChangeWorkspaceFolders", folders_change({}, {vault.root() / "Indre"})));
  ASSERT_TRUE(published(uri, 0, &from)) << transport.dump();
}

// A note opened outside every folder: its own headings work, nothing comes from a vault.
TEST_F(WorkspaceTest, NoteOutsideEveryFolderGetsFeaturesForItsOwnLinks) {
  vault.write("Agile Metoder.md", "# Agile Metoder\n");
  initialize(json::object());
  TempVault elsewhere;
  const std::string text = "# Innledning\n\n## Detaljer\n\n[[#Detaljer]] [[Agile Metoder]] [[#\n";
  const std::string uri = open(elsewhere.write("Løs.md", text), text);
  size_t from = 0;
  ASSERT_TRUE(published(uri, 0, &from)) << transport.dump();
  auto at = [&](int line, int character) {
    return json{{"textDocument", {{"uri", uri}}}, {"position", {{"line", line}, {"character", character}}}};
  };
  const json definition = ask("textDocument/definition", at(4, 4));
  ASSERT_TRUE(definition["result"].is_object()) << definition.dump();
  EXPECT_EQ(definition["result"]["uri"], uri);
  EXPECT_EQ(definition["result"]["range"]["start"]["line"], 2);
  EXPECT_TRUE(ask("textDocument/definition", at(4, 18))["result"].is_null()) << "no vault to find Agile Metoder in";
  const json hover = ask("textDocument/hover", at(4, 18));
  EXPECT_TRUE(hover["result"].is_null()) << hover.dump();
  const json headings = ask("textDocument/completion", at(4, 35));
  std::vector<std::string> labels;
  for (const json& item : headings["result"]["items"]) labels.push_back(item["label"]);
  EXPECT_THAT(labels, ::testing::IsSupersetOf({"Innledning", "Detaljer"})) << headings.dump();
  const json symbols = ask("textDocument/documentSymbol", {{"textDocument", {{"uri", uri}}}});
  EXPECT_EQ(symbols["result"].size(), 2u) << symbols.dump();  // flat: the client has no hierarchy support
  const json references = ask("textDocument/references", json{{"textDocument", {{"uri", uri}}},
                                                              {"position", {{"line", 0}, {"character", 3}}},
                                                              {"context", {{"includeDeclaration", false}}}});
  EXPECT_TRUE(references.contains("result")) << references.dump();
}

// ---- pull diagnostics --------------------------------------------------------------------

json pull_capabilities() {
  return {{"textDocument", {{"diagnostic", {{"dynamicRegistration", false}}}}},
          {"workspace", {{"diagnostics", {{"refreshSupport", true}}}}}};
}

TEST_F(WorkspaceTest, DiagnosticProviderOnlyForClientsThatPull) {
  EXPECT_FALSE(initialize(json::object())["result"]["capabilities"].contains("diagnosticProvider"));
}

// Neovim 0.10 pulls but cannot be told to pull again when the index is in: it is pushed to.
TEST_F(WorkspaceTest, ClientThatPullsWithoutRefreshSupportIsPushedTo) {
  vault.write("A.md", "[[Nope]]\n");
  const json response = initialize({{"textDocument", {{"diagnostic", {{"dynamicRegistration", false}}}}}});
  EXPECT_FALSE(response["result"]["capabilities"].contains("diagnosticProvider"));
  const std::string uri = open(vault.root() / "A.md", "[[Nope]]\n");
  size_t from = 0;
  EXPECT_TRUE(published(uri, 1, &from)) << transport.dump();
}

TEST_F(WorkspaceTest, WorkspaceDiagnosticListsEveryBrokenLinkWithResultIds) {
  vault.write("A.md", "# A\n\n[[Nope]]\n");
  vault.write("B.md", "[[A]]\n");
  vault.write("Under/C.md", "😀 [[A#Mangler]]\n");
  vault.write("bilde.png", "png");
  const json caps = initialize(pull_capabilities())["result"]["capabilities"];
  ASSERT_TRUE(caps.contains("diagnosticProvider")) << caps.dump();
  EXPECT_EQ(caps["diagnosticProvider"]["workspaceDiagnostics"], true);
  EXPECT_EQ(caps["diagnosticProvider"]["interFileDependencies"], true);
  // Indexed: the server asks the client to pull.
  ASSERT_TRUE(transport.wait_for([](const json& m) { return m.value("method", "") == "workspace/diagnostic/refresh"; }))
      << transport.dump();

  const json first = ask("workspace/diagnostic", {{"previousResultIds", json::array()}});
  auto items = by_name(first);
  ASSERT_EQ(items.size(), 2u) << first.dump(2);
  ASSERT_TRUE(items.count("A.md") && items.count("C.md")) << first.dump(2);
  EXPECT_EQ(items["A.md"]["kind"], "full");
  EXPECT_TRUE(items["A.md"]["version"].is_null());
  ASSERT_EQ(items["A.md"]["items"].size(), 1u);
  EXPECT_EQ(items["A.md"]["items"][0]["code"], "unresolved-link");
  EXPECT_EQ(items["A.md"]["items"][0]["range"]["start"], (json{{"line", 2}, {"character", 0}}));
  EXPECT_EQ(items["C.md"]["items"][0]["code"], "unresolved-heading");
  EXPECT_EQ(items["C.md"]["items"][0]["range"]["start"]["character"], 3);  // UTF-16, after the emoji
  EXPECT_NE(items["A.md"]["resultId"], items["C.md"]["resultId"]);

  // Nothing changed: unchanged, same ids.
  json previous = json::array();
  for (const auto& [name, item] : items) previous.push_back({{"uri", item["uri"]}, {"value", item["resultId"]}});
  const json second = ask("workspace/diagnostic", {{"previousResultIds", previous}});
  auto again = by_name(second);
  ASSERT_EQ(again.size(), 2u) << second.dump(2);
  for (const auto& [name, item] : again) {
    EXPECT_EQ(item["kind"], "unchanged") << name;
    EXPECT_EQ(item["resultId"], items[name]["resultId"]) << name;
    EXPECT_FALSE(item.contains("items"));
  }

  // C is opened and fixed in the editor (unsaved): its buffer counts, with its version.
  const std::string c_uri = open(vault.root() / "Under" / "C.md", "😀 [[A#Mangler]]\n", 1);
  change(c_uri, "😀 [[A#A]]\n", 2);
  const json third = ask("workspace/diagnostic", {{"previousResultIds", previous}});
  auto after = by_name(third);
  ASSERT_TRUE(after.count("C.md")) << third.dump(2);
  EXPECT_EQ(after["C.md"]["kind"], "full");
  EXPECT_EQ(after["C.md"]["items"].size(), 0u);
  EXPECT_EQ(after["C.md"]["version"], 2);
  EXPECT_EQ(after["A.md"]["kind"], "unchanged");

  // The missing note is created on disk: A's problem goes, after a refresh request.
  size_t from = transport.sent().size();
  vault.write("Nope.md", "finnes nå\n");
  server.handle_message(
      notification("workspace/didChangeWatchedFiles",
                   {{"changes", json::array({{{"uri", uri_from_path(vault.root() / "Nope.md")}, {"type", 1}}})}}));
  ASSERT_TRUE(
      transport.wait_for([&](const json& m) { return m.value("method", "") == "workspace/diagnostic/refresh"; }, &from))
      << transport.dump();
  const json fourth = ask("workspace/diagnostic", {{"previousResultIds", previous}});
  auto fixed = by_name(fourth);
  ASSERT_TRUE(fixed.count("A.md")) << fourth.dump(2);
  EXPECT_EQ(fixed["A.md"]["kind"], "full");
  EXPECT_EQ(fixed["A.md"]["items"].size(), 0u) << "an empty list clears the panel";

  // Pulled, never pushed (VS Code would list them twice).
  EXPECT_EQ(count_method("textDocument/publishDiagnostics"), 0u) << transport.dump();
}

TEST_F(WorkspaceTest, DocumentDiagnosticWithResultIdAndSeverities) {
  vault.write("A.md", "[[Nope]] [[A#Mangler]]\n");
  initialize(pull_capabilities(),
             {{"initializationOptions",
               {{"diagnostics", {{"severity", {{"unresolved-link", "error"}, {"unresolved-heading", "off"}}}}}}}});
  ASSERT_TRUE(
      transport.wait_for([](const json& m) { return m.value("method", "") == "workspace/diagnostic/refresh"; }));
  const std::string uri = uri_from_path(vault.root() / "A.md");
  const json closed = ask("textDocument/diagnostic", {{"textDocument", {{"uri", uri}}}});
  ASSERT_EQ(closed["result"]["kind"], "full") << closed.dump();
  ASSERT_EQ(closed["result"]["items"].size(), 1u) << closed.dump();  // the heading one is off
  EXPECT_EQ(closed["result"]["items"][0]["severity"], 1);
  const json id = closed["result"]["resultId"];
  const json same = ask("textDocument/diagnostic", {{"textDocument", {{"uri", uri}}}, {"previousResultId", id}});
  EXPECT_EQ(same["result"], (json{{"kind", "unchanged"}, {"resultId", id}}));

  open(vault.root() / "A.md", "[[Nope]] [[A#Mangler]]\n");
  change(uri, "[[A]]\n", 2);
  const json edited = ask("textDocument/diagnostic", {{"textDocument", {{"uri", uri}}}, {"previousResultId", id}});
  EXPECT_EQ(edited["result"]["kind"], "full");
  EXPECT_EQ(edited["result"]["items"].size(), 0u);
  EXPECT_NE(edited["result"]["resultId"], id);
  // The workspace pull agrees (severities included).
  const json all = ask("workspace/diagnostic", {{"previousResultIds", json::array({{{"uri", uri}, {"value", id}}})}});
  auto items = by_name(all);
  ASSERT_TRUE(items.count("A.md")) << all.dump();
  EXPECT_EQ(items["A.md"]["resultId"], edited["result"]["resultId"]);
  EXPECT_EQ(count_method("textDocument/publishDiagnostics"), 0u) << transport.dump();
}

TEST_F(WorkspaceTest, RemovedFolderClearsWhatThePanelShows) {
  TempVault other;
  other.write("X.md", "[[Nope]]\n");
  initialize(pull_capabilities());
  server.handle_message(notification("workspace/didChangeWorkspaceFolders", folders_change({other.root()}, {})));
  const json items = pull_until_reported();
  ASSERT_EQ(items.size(), 1u) << transport.dump();
  const json previous = json::array({{{"uri", items[0]["uri"]}, {"value", items[0]["resultId"]}}});
  server.handle_message(notification("workspace/didChangeWorkspaceFolders", folders_change({}, {other.root()})));
  const json after = ask("workspace/diagnostic", {{"previousResultIds", previous}});
  ASSERT_EQ(after["result"]["items"].size(), 1u) << after.dump();
  EXPECT_EQ(after["result"]["items"][0]["kind"], "full");
  EXPECT_EQ(after["result"]["items"][0]["items"].size(), 0u);
}

TEST_F(WorkspaceTest, NestedFolderNotesAreReportedOnceByTheInnermost) {
  vault.write("Topp.md", "# Topp\n");
  vault.write("Indre/Notat.md", "[[Topp]]\n");
  initialize(
      pull_capabilities(),
      {{"workspaceFolders", json::array({{{"uri", uri_from_path(vault.root())}, {"name", "ytre"}},
                                         {{"uri", uri_from_path(vault.root() / "Indre")}, {"name", "indre"}}})}});
  const json items = pull_until_reported();
  ASSERT_EQ(items.size(), 1u) << items.dump();  // broken in the inner vault, and listed once
  EXPECT_EQ(items[0]["items"][0]["code"], "unresolved-link");
}

// A workspace pull over a big vault stops when cancelled (the endpoint answers -32800).
TEST(WorkspaceDiagnosticsTest, CancelledPullStops) {
  TempVault vault;
  for (int i = 0; i < 600; ++i) vault.write("n" + std::to_string(i) + ".md", "[[Nope]]\n");
  Workspace workspace;
  workspace.set_folders({vault.root()});
  workspace.set_vault(vault.root(), Vault::scan(vault.root(), ScanOptions{}));
  WorkspaceDiagnostics pulls;
  const auto settings = std::make_shared<const Settings>();
  CancelToken cancel;
  const auto report = pulls.pull(workspace, settings, WorkspaceDiagnosticParams{}, cancel);
  ASSERT_TRUE(report.has_value());
  EXPECT_EQ(report->items.size(), 600u);
  cancel.cancel();
  WorkspaceDiagnostics fresh;  // nothing cached: it has to go through the notes
  EXPECT_FALSE(fresh.pull(workspace, settings, WorkspaceDiagnosticParams{}, cancel).has_value());
}

}  // namespace
}  // namespace slipbox::lsp
