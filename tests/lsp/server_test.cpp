// The whole server in process: a real vault on disk, messages in, messages out.
#include "lsp/server.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "lsp/uri.h"
#include "tests/lsp/lsp_session.h"
#include "tests/lsp/utf16_oracle.h"
#include "tests/support/fixture.h"

namespace slipbox::lsp {
namespace {

using testing::error_code;
using ::testing::HasSubstr;
using testing::MemoryTransport;
using testing::notification;
using testing::oracle_position;
using testing::oracle_range;
using testing::request;
using testing::TempVault;

constexpr std::string_view kAgile = "🛠 Ressurser/Slipbox/Agile Metoder.md";
constexpr std::string_view kAgileText =
    "---\naliases: [Smidig]\n---\n# Agile Metoder\n\nIntro 🙂 tekst.\n\n## Scrum\n\nSprinter og roller.\n";
constexpr std::string_view kTeam = "Hvordan vi jobber sammen på tvers av team.md";
constexpr std::string_view kTeamText = "# Samarbeid\n\nVi møtes på torsdager.\n";

json to_json_value(const Position& p) { return json(p); }
json to_json_value(const Range& r) { return json(r); }

class ServerTest : public ::testing::Test, protected testing::LspSession {
 protected:
  ServerTest() : ServerTest(test_options()) {}
  explicit ServerTest(ServerOptions o) : LspSession(std::move(o)) {
    vault.write(kAgile, kAgileText);
    vault.write(kTeam, kTeamText);
  }
};

TEST_F(ServerTest, InitializeAnswersAtOnceWithCapabilities) {
  const json response = initialize();
  const json& caps = response["result"]["capabilities"];
  EXPECT_EQ(caps["textDocumentSync"]["change"], 2);
  EXPECT_EQ(caps["completionProvider"]["triggerCharacters"], json::array({"[", "#", "^", "|", "(", "!"}));
  EXPECT_EQ(caps["positionEncoding"], "utf-16");
  EXPECT_EQ(response["result"]["serverInfo"]["version"], "test");
}

TEST_F(ServerTest, BrokenLinkIsReportedWithItsUtf16Range) {
  initialize();
  const auto note = slipbox::testing::parse_annotated(
      "# Plan 🛠\n\n😀😀 ⟦[[Finnes ikke]]⟧ og [[Agile Metoder]] og [[Hvordan vi jobber sammen på tvers av "
      "team]]\n"
      "Alias: [[Agile Metoder|Smidig]], overskrift: [[Agile Metoder#Scrum]]\n");
  const std::string uri = open("Prosjekter/Plan.md", note.text);
  const json diagnostics = diagnostics_for(uri, 1);
  ASSERT_EQ(diagnostics.size(), 1u) << diagnostics.dump(2);
  EXPECT_EQ(diagnostics[0]["range"], to_json_value(oracle_range(note.text, note.ranges[0].begin, note.ranges[0].end)));
  EXPECT_EQ(diagnostics[0]["code"], "unresolved-link");
  EXPECT_EQ(diagnostics[0]["source"], "slipbox");
  EXPECT_EQ(diagnostics[0]["severity"], 2);  // warning by default
  EXPECT_THAT(diagnostics[0]["message"].get<std::string>(), HasSubstr("Finnes ikke"));
}

TEST_F(ServerTest, ANoteTheScanNeverListedJoinsTheVaultWhenOpened) {
  // The client watches the files (so the server does not), but its event never comes.
  initialize({{"workspace", {{"didChangeWatchedFiles", {{"dynamicRegistration", true}}}}}});
  const auto registration =
      transport.wait_for([](const json& m) { return m.value("method", "") == "client/registerCapability"; });
  ASSERT_TRUE(registration) << transport.dump();
  server.handle_message(json{{"jsonrpc", "2.0"}, {"id", (*registration)["id"]}, {"result", nullptr}}.dump());
  const std::string plan = open("Plan.md", "[[Sent]]\n");
  ASSERT_EQ(diagnostics_for(plan, 1).size(), 1u) << "no Sent.md yet";
  // Written after the scan, and no file event comes (a client that watches no files).
  size_t from = transport.sent().size();
  open("Sent.md", "# Sent\n");
  EXPECT_TRUE(published(plan, 0, &from)) << "Plan.md's link resolves once Sent.md is opened:\n" << transport.dump();
}

TEST_F(ServerTest, SeverityComesFromInitializationOptions) {
  initialize(json::object(),
             {{"initializationOptions",
               {{"diagnostics", {{"severity", {{"unresolved-link", "error"}, {"unresolved-heading", "off"}}}}}}}});
  const std::string uri = open("Plan.md", "[[Finnes ikke]] og [[Agile Metoder#Kanban]]\n");
  const json diagnostics = diagnostics_for(uri, 1);
  ASSERT_EQ(diagnostics.size(), 1u) << diagnostics.dump(2);  // the heading diagnostic is off
  EXPECT_EQ(diagnostics[0]["severity"], 1);
  EXPECT_EQ(diagnostics[0]["code"], "unresolved-link");
}

TEST_F(ServerTest, SeverityFromWorkspaceConfiguration) {
  initialize({{"workspace", {{"configuration", true}}}});
  const auto call =
      transport.wait_for([](const json& m) { return m.value("method", "") == "workspace/configuration"; });
  ASSERT_TRUE(call) << transport.dump();
  EXPECT_EQ((*call)["params"]["items"][0]["section"], "slipbox");
  server.handle_message(json{{"jsonrpc", "2.0"},
                             {"id", (*call)["id"]},
                             {"result", {{{"diagnostics", {{"severity", {{"unresolved-link", "hint"}}}}}}}}}
                            .dump());
  const std::string uri = open("Plan.md", "[[Finnes ikke]]\n");
  // The open publishes once; the configuration may land before or after it: wait for a hint.
  const auto hint = transport.wait_for([&](const json& m) {
    return m.value("method", "") == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri &&
           !m["params"]["diagnostics"].empty() && m["params"]["diagnostics"][0]["severity"] == 4;
  });
  EXPECT_TRUE(hint) << transport.dump();
}

TEST_F(ServerTest, RegistersFileWatchingWhenTheClientCan) {
  initialize({{"workspace", {{"didChangeWatchedFiles", {{"dynamicRegistration", true}}}}}});
  const auto call =
      transport.wait_for([](const json& m) { return m.value("method", "") == "client/registerCapability"; });
  ASSERT_TRUE(call) << transport.dump();
  EXPECT_EQ((*call)["params"]["registrations"][0]["method"], "workspace/didChangeWatchedFiles");
}

TEST_F(ServerTest, IncrementalEditsAfterEmojiAreAppliedAndRediagnosed) {
  initialize();
  const std::string before = "# 😀 Notat\n\nTekst 🛠🛠 her.\n";
  const std::string uri = open("Notat.md", before);
  EXPECT_TRUE(diagnostics_for(uri, 1).empty());

  // Insert a broken link after the emoji: the client counts UTF-16 units.
  const uint32_t insert_at = static_cast<uint32_t>(before.find(" her"));
  const Position at = oracle_position(before, insert_at);
  server.handle_message(
      notification("textDocument/didChange",
                   {{"textDocument", {{"uri", uri}, {"version", 2}}},
                    {"contentChanges", {{{"range", {{"start", at}, {"end", at}}}, {"text", " [[Mangler]]"}}}}}));
  const std::string after = before.substr(0, insert_at) + " [[Mangler]]" + before.substr(insert_at);
  const json diagnostics = diagnostics_for(uri, 2);
  ASSERT_EQ(diagnostics.size(), 1u) << diagnostics.dump(2);
  const uint32_t link = static_cast<uint32_t>(after.find("[[Mangler]]"));
  EXPECT_EQ(diagnostics[0]["range"], to_json_value(oracle_range(after, link, link + 11)));

  // Fix it with a whole-text change.
  server.handle_message(notification(
      "textDocument/didChange",
      {{"textDocument", {{"uri", uri}, {"version", 3}}}, {"contentChanges", {{{"text", "[[Agile Metoder]]\n"}}}}}));
  EXPECT_TRUE(diagnostics_for(uri, 3).empty());
}

TEST_F(ServerTest, BurstOfEditsEndsWithTheLastVersionsDiagnostics) {
  initialize();
  const std::string uri = open("Notat.md", "");
  diagnostics_for(uri, 1);
  std::string text;
  for (int version = 2; version <= 30; ++version) {
    const Position end = oracle_position(text, static_cast<uint32_t>(text.size()));
    const std::string typed = version % 10 == 0 ? "\n" : std::string(1, "[[Ukjent]] "[version % 11]);
    text += typed;
    server.handle_message(
        notification("textDocument/didChange",
                     {{"textDocument", {{"uri", uri}, {"version", version}}},
                      {"contentChanges", {{{"range", {{"start", end}, {"end", end}}}, {"text", typed}}}}}));
  }
  const json last = diagnostics_for(uri, 30);
  // Whatever was typed, the published list matches the final text's broken links.
  const json expected = [&] {
    server.handle_message(notification(
        "textDocument/didOpen",
        {{"textDocument", {{"uri", uri + "-copy"}, {"languageId", "markdown"}, {"version", 1}, {"text", text}}}}));
    return diagnostics_for(uri + "-copy", 1);
  }();
  EXPECT_EQ(last.size(), expected.size()) << text;
}

// Typing in a note: pushed diagnostics wait for typing_delay after the last change, so a
// name typed letter by letter inside `[[]]` is reported once, for the final text.
template <int kTypingDelayMs>
class TypingTest : public ServerTest {
 protected:
  TypingTest() : ServerTest(typing_options()) {}
  static ServerOptions typing_options() {
    ServerOptions o = test_options();
    o.typing_delay = std::chrono::milliseconds(kTypingDelayMs);
    return o;
  }
  // The note is on disk before the scan: no file event for it publishes anything later.
  std::string open_scanned(std::string_view path, const std::string& text) {
    vault.write(path, text);
    initialize();
    const std::string uri = open(path, text);
    EXPECT_TRUE(diagnostics_for(uri, 1).empty());  // didOpen publishes at once
    return uri;
  }
  // Types `typed` at byte `at` (the end by default), as one incremental change.
  void type(const std::string& uri, std::string& text, int version, std::string_view typed,
            std::optional<size_t> at = std::nullopt) {
    const size_t offset = at.value_or(text.size());
    const Position where = oracle_position(text, static_cast<uint32_t>(offset));
    text.insert(offset, typed);
    server.handle_message(notification(
        "textDocument/didChange",
        {{"textDocument", {{"uri", uri}, {"version", version}}},
         {"contentChanges", {{{"range", {{"start", where}, {"end", where}}}, {"text", std::string(typed)}}}}}));
  }
  size_t publishes_for(const std::string& uri) const {
    return transport.count([&](const json& m) {
      return m.value("method", "") == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri;
    });
  }
};
using TypingDelayTest = TypingTest<500>;          // far longer than sending a burst takes
using LongTypingDelayTest = TypingTest<3600000>;  // never over within a test

TEST_F(TypingDelayTest, NameTypedInsideALinkIsPublishedOnceAfterTheDelayForTheFinalVersion) {
  std::string text = "Se ";
  const std::string uri = open_scanned("Notat.md", text);
  type(uri, text, 2, "[[]]");  // the editor closes the brackets; the cursor stays inside
  const std::string name = "Mobil";
  for (size_t i = 0; i < name.size(); ++i) type(uri, text, static_cast<int>(i) + 3, name.substr(i, 1), text.size() - 2);
  ASSERT_EQ(text, "Se [[Mobil]]");
  const auto last_change = std::chrono::steady_clock::now();
  const int last = static_cast<int>(name.size()) + 2;
  const json diagnostics = diagnostics_for(uri, last);
  // Not before the typing delay: the timer starts when the server has taken the last change.
  EXPECT_GE(std::chrono::steady_clock::now() - last_change, std::chrono::milliseconds(500));
  ASSERT_EQ(diagnostics.size(), 1u) << diagnostics.dump(2);
  EXPECT_THAT(diagnostics[0]["message"].get<std::string>(), HasSubstr("Mobil"));
  server.drain(std::chrono::milliseconds(2000));
  EXPECT_EQ(publishes_for(uri), 2u) << transport.dump();  // the open's and the last one: none per letter
}

TEST_F(LongTypingDelayTest, ClosingTheLinkPublishesAtOnce) {
  std::string text;
  const std::string uri = open_scanned("Notat.md", text);
  type(uri, text, 2, "[[Ukj");
  type(uri, text, 3, "ent");  // still inside the link: waits
  type(uri, text, 4, "]]");   // the cursor leaves it: no need to wait for the delay
  const json diagnostics = diagnostics_for(uri, 4);
  ASSERT_EQ(diagnostics.size(), 1u) << diagnostics.dump(2);
  EXPECT_EQ(diagnostics[0]["code"], "unresolved-link");
  server.drain(std::chrono::milliseconds(2000));
  EXPECT_EQ(publishes_for(uri), 2u) << transport.dump();  // nothing for versions 2 and 3
}

TEST_F(LongTypingDelayTest, SavePublishesAtOnceWithoutWaitingForTheTypingDelay) {
  std::string text;
  const std::string uri = open_scanned("Notat.md", text);
  type(uri, text, 2, "[[]]");
  type(uri, text, 3, "Ukjent", 2);
  vault.write("Notat.md", text);
  server.handle_message(notification("textDocument/didSave", {{"textDocument", {{"uri", uri}}}}));
  const json diagnostics = diagnostics_for(uri, 3);
  ASSERT_EQ(diagnostics.size(), 1u) << diagnostics.dump(2);
  EXPECT_EQ(diagnostics[0]["code"], "unresolved-link");
  server.drain(std::chrono::milliseconds(2000));
  EXPECT_EQ(publishes_for(uri), 2u) << transport.dump();  // nothing for version 2
}

TEST_F(LongTypingDelayTest, PulledDiagnosticsDoNotWaitForTheTypingDelay) {
  initialize({{"textDocument", {{"diagnostic", json::object()}}}});
  std::string text;
  const std::string uri = open("Notat.md", text);
  type(uri, text, 2, "[[]]");
  type(uri, text, 3, "Ukjent", 2);  // inside the link: a push would wait
  const int id = next_id++;
  server.handle_message(request(id, "textDocument/diagnostic", {{"textDocument", {{"uri", uri}}}}));
  const json response = transport.response(id);
  ASSERT_TRUE(response.contains("result")) << response.dump(2);
  ASSERT_EQ(response["result"]["items"].size(), 1u) << response.dump(2);
  EXPECT_EQ(response["result"]["items"][0]["code"], "unresolved-link");
}

TEST_F(ServerTest, CloseClearsDiagnostics) {
  initialize();
  const std::string uri = open("Plan.md", "[[Finnes ikke]]\n");
  ASSERT_EQ(diagnostics_for(uri, 1).size(), 1u);
  server.handle_message(notification("textDocument/didClose", {{"textDocument", {{"uri", uri}}}}));
  EXPECT_TRUE(diagnostics_for(uri, std::nullopt).empty());
}

TEST_F(ServerTest, OpenBufferWinsOverDisk) {
  initialize();
  // Rename the heading in the open (unsaved) buffer of Agile Metoder.
  std::string edited(kAgileText);
  edited.replace(edited.find("## Scrum"), 8, "## Kanban");
  const std::string agile_uri =
      uri_from_path(vault.root() / std::filesystem::path(std::u8string(kAgile.begin(), kAgile.end())));
  server.handle_message(notification(
      "textDocument/didOpen",
      {{"textDocument", {{"uri", agile_uri}, {"languageId", "markdown"}, {"version", 1}, {"text", edited}}}}));
  const std::string uri = open("Plan.md", "[[Agile Metoder#Kanban]] [[Agile Metoder#Scrum]]\n");
  const json diagnostics = diagnostics_for(uri, 1);
  ASSERT_EQ(diagnostics.size(), 1u) << diagnostics.dump(2);
  EXPECT_EQ(diagnostics[0]["code"], "unresolved-heading");
  EXPECT_THAT(diagnostics[0]["message"].get<std::string>(), HasSubstr("Scrum"));
}

TEST_F(ServerTest, CompletionAfterDoubleBracket) {
  initialize();
  const auto note = slipbox::testing::parse_annotated("Se 😀 [[$0\n");
  const std::string uri = open("Plan.md", note.text);
  diagnostics_for(uri, 1);  // published only once the vault is indexed
  const json response = ask("textDocument/completion", uri, oracle_position(note.text, *note.cursor));
  ASSERT_TRUE(response.contains("result")) << response.dump();
  const json& items = response["result"]["items"];
  EXPECT_FALSE(response["result"]["isIncomplete"].get<bool>() && items.empty());
  const auto agile =
      std::find_if(items.begin(), items.end(), [](const json& i) { return i["label"] == "Agile Metoder"; });
  ASSERT_NE(agile, items.end()) << items.dump(2);
  EXPECT_EQ((*agile)["kind"], 17);
  EXPECT_EQ((*agile)["textEdit"]["range"]["start"], to_json_value(oracle_position(note.text, *note.cursor)));
  const auto team = std::find_if(items.begin(), items.end(), [](const json& i) {
    return i["label"] == "Hvordan vi jobber sammen på tvers av team";
  });
  EXPECT_NE(team, items.end()) << items.dump(2);
  const auto alias = std::find_if(items.begin(), items.end(), [](const json& i) { return i["label"] == "Smidig"; });
  ASSERT_NE(alias, items.end()) << items.dump(2);
  EXPECT_EQ((*alias)["kind"], 18);
}

TEST_F(ServerTest, CompletionDetailsComeFromTheVault) {
  // Completion right after the first `[[` (bare) and after the `^`.
  const std::string text = "[[ og [[Blokker#^b\n";
  vault.write("Plan.md", text);  // in the scan, so that the link graph knows it
  vault.write("Blokker.md", "Første avsnitt, det viktige. ^forste\n");
  vault.write("Nabo.md", "Peker til [[Plan]].\n");
  initialize();
  const std::string uri = open("Plan.md", text);
  diagnostics_for(uri, 1);
  // Block ids of a note on disk show their text.
  const uint32_t block_cursor = static_cast<uint32_t>(text.find("^b") + 1);
  json response = ask("textDocument/completion", uri, oracle_position(text, block_cursor));
  ASSERT_EQ(response["result"]["items"].size(), 1u) << response.dump(2);
  EXPECT_EQ(response["result"]["items"][0]["label"], "forste");
  EXPECT_EQ(response["result"]["items"][0]["detail"], "Første avsnitt, det viktige.");
  // Bare `[[`: the note linking here comes first, once the link graph is built.
  for (int attempt = 0; attempt < 200; ++attempt) {
    response = ask("textDocument/completion", uri, oracle_position(text, 2));
    if (!response["result"]["isIncomplete"].get<bool>()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_FALSE(response["result"]["items"].empty()) << response.dump(2);
  EXPECT_EQ(response["result"]["items"][0]["label"], "Nabo") << response.dump(2);
}

TEST_F(ServerTest, DefinitionGoesToTheNoteAndTheHeading) {
  initialize();
  const auto note = slipbox::testing::parse_annotated("😀 [[Agile Met$0oder#Scrum]]\n");
  const std::string uri = open("Plan.md", note.text);
  diagnostics_for(uri, 1);
  const json response = ask("textDocument/definition", uri, oracle_position(note.text, *note.cursor));
  ASSERT_TRUE(response.contains("result") && response["result"].is_object()) << response.dump();
  const auto target = vault.root() / std::filesystem::path(std::u8string(kAgile.begin(), kAgile.end()));
  EXPECT_EQ(response["result"]["uri"], uri_from_path(target));
  const std::string text(kAgileText);
  EXPECT_EQ(response["result"]["range"]["start"]["line"],
            oracle_position(text, static_cast<uint32_t>(text.find("## Scrum"))).line);
}

TEST_F(ServerTest, DefinitionOnPlainTextIsNull) {
  initialize();
  const auto note = slipbox::testing::parse_annotated("Ingen len$0ke her\n");
  const std::string uri = open("Plan.md", note.text);
  const json response = ask("textDocument/definition", uri, oracle_position(note.text, *note.cursor));
  EXPECT_TRUE(response.contains("result") && response["result"].is_null()) << response.dump();
}

TEST_F(ServerTest, HoverShowsTheTargetAsMarkdown) {
  initialize();
  const auto note = slipbox::testing::parse_annotated("Les ⟦[[Hvordan vi jobber $0sammen på tvers av team]]⟧\n");
  const std::string uri = open("Plan.md", note.text);
  diagnostics_for(uri, 1);
  const json response = ask("textDocument/hover", uri, oracle_position(note.text, *note.cursor));
  ASSERT_TRUE(response.contains("result") && response["result"].is_object()) << response.dump();
  EXPECT_EQ(response["result"]["contents"]["kind"], "markdown");
  EXPECT_THAT(response["result"]["contents"]["value"].get<std::string>(), HasSubstr("torsdager"));
  EXPECT_EQ(response["result"]["range"],
            to_json_value(oracle_range(note.text, note.ranges[0].begin, note.ranges[0].end)));
}

TEST_F(ServerTest, NoteOutsideEveryFolderOnlyJudgesItsOwnLinks) {
  initialize();
  TempVault elsewhere;
  const auto note = slipbox::testing::parse_annotated("# Her\n\n[[#Her]] ⟦[[#Borte]]⟧ [[Agile Metoder]]\n");
  const auto path = elsewhere.write("Løs.md", note.text);
  const std::string uri = uri_from_path(path);
  server.handle_message(notification(
      "textDocument/didOpen",
      {{"textDocument", {{"uri", uri}, {"languageId", "markdown"}, {"version", 1}, {"text", note.text}}}}));
  const json diagnostics = diagnostics_for(uri, 1);
  ASSERT_EQ(diagnostics.size(), 1u) << diagnostics.dump(2);
  EXPECT_EQ(diagnostics[0]["range"], to_json_value(oracle_range(note.text, note.ranges[0].begin, note.ranges[0].end)));
}

TEST_F(ServerTest, RequestsOnUnopenedOrNonFileDocumentsAreAnsweredNotFailed) {
  initialize();
  const json a = ask("textDocument/completion", "untitled:Untitled-1", Position{0, 0});
  EXPECT_TRUE(a.contains("result")) << a.dump();
  const json b = ask("textDocument/hover", uri_from_path(vault.root() / "nope.md"), Position{3, 3});
  EXPECT_TRUE(b.contains("result") && b["result"].is_null()) << b.dump();
}

// The first publishDiagnostics for `uri` after position `*from` whose list has `count` entries.
std::optional<json> wait_diagnostics(MemoryTransport& transport, const std::string& uri, size_t count, size_t* from) {
  return transport.wait_for(
      [&](const json& m) {
        return m.value("method", "") == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri &&
               m["params"]["diagnostics"].size() == count;
      },
      from);
}

TEST_F(ServerTest, WatchedFileEventsUpdateTheVault) {
  initialize();
  const std::string uri = open("Plan.md", "[[Ny note]] og [[Agile Metoder]]\n");
  size_t from = 0;
  ASSERT_TRUE(wait_diagnostics(transport, uri, 1, &from)) << transport.dump();

  const auto created = vault.write("Arkiv/Ny note.md", "# Ny\n");
  server.handle_message(
      notification("workspace/didChangeWatchedFiles", {{"changes", {{{"uri", uri_from_path(created)}, {"type", 1}}}}}));
  EXPECT_TRUE(wait_diagnostics(transport, uri, 0, &from)) << "the new note should resolve:\n" << transport.dump();

  std::filesystem::remove(created);
  server.handle_message(
      notification("workspace/didChangeWatchedFiles", {{"changes", {{{"uri", uri_from_path(created)}, {"type", 3}}}}}));
  EXPECT_TRUE(wait_diagnostics(transport, uri, 1, &from)) << "the deleted note is broken again:\n" << transport.dump();
}

TEST_F(ServerTest, SavingANewNoteAddsIt) {
  initialize();
  const std::string plan = open("Plan.md", "[[Utkast]]\n");
  size_t from = 0;
  ASSERT_TRUE(wait_diagnostics(transport, plan, 1, &from));
  const std::string draft = open("Utkast.md", "# Utkast\n");
  server.handle_message(notification("textDocument/didSave", {{"textDocument", {{"uri", draft}}}}));
  EXPECT_TRUE(wait_diagnostics(transport, plan, 0, &from)) << transport.dump();
}

TEST_F(ServerTest, PushedConfigurationChangesSeverity) {
  initialize();
  const std::string uri = open("Plan.md", "[[Finnes ikke]]\n");
  ASSERT_EQ(diagnostics_for(uri, 1)[0]["severity"], 2);
  server.handle_message(notification(
      "workspace/didChangeConfiguration",
      {{"settings", {{"slipbox", {{"diagnostics", {{"severity", {{"unresolved-link", "information"}}}}}}}}}}));
  const auto info = transport.wait_for([&](const json& m) {
    return m.value("method", "") == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri &&
           !m["params"]["diagnostics"].empty() && m["params"]["diagnostics"][0]["severity"] == 3;
  });
  EXPECT_TRUE(info) << transport.dump();
}

TEST_F(ServerTest, ShutdownThenExit) {
  initialize();
  server.handle_message(request(2, "shutdown"));
  EXPECT_TRUE(transport.response(2)["result"].is_null());
  server.handle_message(
      request(3, "textDocument/hover",
              {{"textDocument", {{"uri", "file:///x.md"}}}, {"position", {{"line", 0}, {"character", 0}}}}));
  EXPECT_EQ(error_code(transport.response(3)), -32600);
  EXPECT_FALSE(server.handle_message(notification("exit")));
  EXPECT_EQ(server.exit_code(), 0);
}

}  // namespace
}  // namespace slipbox::lsp
