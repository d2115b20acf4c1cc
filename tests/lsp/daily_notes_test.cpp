// Daily notes and templates over the protocol: `[[today` completion, slipbox.openDailyNote
// (create from the template through workspace/applyEdit, then window/showDocument), and
// "Create note … from template" code actions. The clock is the test's: Monday 7 December 2026.
#include <gtest/gtest.h>

#include "tests/lsp/lsp_session.h"

namespace slipbox::lsp::testing {
namespace {

ServerOptions with_test_clock() {
  ServerOptions options = LspSession::test_options();
  options.local_time = [] { return LocalDateTime{2026, 12, 7, 9, 30, 0}; };
  return options;
}

const json kCanCreateFiles = {
    {"workspace", {{"workspaceEdit", {{"documentChanges", true}, {"resourceOperations", {"create"}}}}}},
    {"textDocument",
     {{"codeAction", {{"codeActionLiteralSupport", {{"codeActionKind", {{"valueSet", {"quickfix"}}}}}}}}}}};

class DailyNotesTest : public ::testing::Test, protected LspSession {
 protected:
  DailyNotesTest() : LspSession(with_test_clock()) {}

  // Sends the command; returns its request id (the answer comes after the client's).
  int execute_open_daily_note(const json& arguments) {
    const int id = next_id++;
    server.handle_message(
        request(id, "workspace/executeCommand", {{"command", "slipbox.openDailyNote"}, {"arguments", arguments}}));
    return id;
  }

  // The next request the server sends with this method, answered with `result`.
  json answer_next(const std::string& method, const json& result, size_t* from) {
    const auto sent =
        transport.wait_for([&](const json& m) { return m.value("method", "") == method && m.contains("id"); }, from);
    if (!sent) {
      ADD_FAILURE() << "no " << method << "; sent:\n" << transport.dump();
      return json::object();
    }
    server.handle_message(json{{"jsonrpc", "2.0"}, {"id", (*sent)["id"]}, {"result", result}}.dump());
    return (*sent)["params"];
  }
};

TEST_F(DailyNotesTest, TodayCompletesToTheDatedNoteInTheConfiguredFolder) {
  vault.write(".obsidian/daily-notes.json", R"({"folder": "Journal", "format": "YYYY-MM-DD"})");
  vault.write("Journal/2026-12-06.md", "# Sunday\n");
  vault.write("Journal/Other/2026-12-06.md", "# Same name\n");
  initialize();
  const std::string note = open("Note.md", "[[tod\n[[yesterday]]\n");
  // Completion answers at once, isIncomplete while indexing: this test wants the whole vault.
  diagnostics_for(note, 1);
  const json today = call("textDocument/completion", at(note, 0, 5))["result"]["items"];
  ASSERT_FALSE(today.empty());
  EXPECT_EQ(today[0]["label"], "today → 2026-12-07") << today.dump(2);
  EXPECT_EQ(today[0]["textEdit"]["newText"], "2026-12-07]]");
  EXPECT_EQ(today[0]["filterText"], "today");

  const json yesterday = call("textDocument/completion", at(note, 1, 11))["result"]["items"];
  ASSERT_FALSE(yesterday.empty());
  EXPECT_EQ(yesterday[0]["label"], "yesterday → 2026-12-06");
  EXPECT_EQ(yesterday[0]["textEdit"]["newText"], "Journal/2026-12-06") << "two notes share the name";
}

TEST_F(DailyNotesTest, OpenDailyNoteCreatesItFromTheTemplateThenShowsIt) {
  vault.write(".obsidian/daily-notes.json",
              R"({"folder": "Journal/", "format": "YYYY/YYYY-MM-DD", "template": "Templates/Day"})");
  vault.write("Templates/Day.md", "# {{title}}\n{{date:dddd D MMMM}} · {{time}}\n");
  initialize(kCanCreateFiles);
  size_t from = 0;
  const int id = execute_open_daily_note(json::array({1}));
  const json apply = answer_next("workspace/applyEdit", {{"applied", true}}, &from);
  const std::string tomorrow = uri("Journal/2026/2026-12-08.md");
  ASSERT_EQ(apply["edit"]["documentChanges"].size(), 2u) << apply.dump(2);
  EXPECT_EQ(apply["edit"]["documentChanges"][0]["kind"], "create");
  EXPECT_EQ(apply["edit"]["documentChanges"][0]["uri"], tomorrow);
  EXPECT_EQ(apply["edit"]["documentChanges"][1]["textDocument"]["uri"], tomorrow);
  EXPECT_EQ(apply["edit"]["documentChanges"][1]["edits"][0]["newText"], "# 2026-12-08\nTuesday 8 December · 09:30\n");
  const json show = answer_next("window/showDocument", {{"success", true}}, &from);
  EXPECT_EQ(show["uri"], tomorrow);
  const json response = transport.response(id);
  EXPECT_TRUE(response.contains("result")) << response.dump();
  EXPECT_FALSE(std::filesystem::exists(vault.root() / "Journal/2026/2026-12-08.md"))
      << "the client writes, not the server";
}

TEST_F(DailyNotesTest, AnExistingDailyNoteIsOnlyShown) {
  vault.write("2026-12-07.md", "# Today\n");
  initialize(kCanCreateFiles);
  size_t from = 0;
  const int id = execute_open_daily_note(json::array());
  const json show = answer_next("window/showDocument", {{"success", true}}, &from);
  EXPECT_EQ(show["uri"], uri("2026-12-07.md"));
  EXPECT_TRUE(transport.response(id).contains("result"));
  EXPECT_EQ(count_method("workspace/applyEdit"), 0u);
}

TEST_F(DailyNotesTest, BadArgumentsAndClientsThatCannotCreateFiles) {
  initialize();
  EXPECT_EQ(transport.response(execute_open_daily_note(json::array({"today"})))["error"]["code"], -32602);
  const json refused = transport.response(execute_open_daily_note(json::array({0})));
  ASSERT_TRUE(refused.contains("error")) << refused.dump();
  EXPECT_NE(refused["error"]["message"].get<std::string>().find("cannot create files"), std::string::npos);
  EXPECT_EQ(count_method("workspace/applyEdit"), 0u);
}

TEST_F(DailyNotesTest, CreateNoteOffersEachTemplate) {
  vault.write(".obsidian/templates.json", R"({"folder": "Templates", "dateFormat": "DD.MM.YYYY"})");
  vault.write("Templates/Meeting.md", "# {{title}}\nHeld {{date}} at {{time}}\n");
  vault.write("Templates/Idea.md", "Idea: {{title}}\n");
  initialize(kCanCreateFiles);
  const std::string note = open("Note.md", "See [[New plan]]\n");
  const json actions =
      call("textDocument/codeAction",
           {{"textDocument", {{"uri", note}}},
            {"range", {{"start", {{"line", 0}, {"character", 8}}}, {"end", {{"line", 0}, {"character", 8}}}}},
            // Quick fixes only: the refactors on the link (convert it) are not what this is about.
            {"context", {{"diagnostics", json::array()}, {"only", {"quickfix"}}}}})["result"];
  std::vector<std::string> titles;
  for (const json& action : actions) titles.push_back(action["title"]);
  ASSERT_EQ(titles, (std::vector<std::string>{"Create note New plan.md", "Create note 'New plan' from template 'Idea'",
                                              "Create note 'New plan' from template 'Meeting'"}));
  const json& meeting = actions[2]["edit"]["documentChanges"];
  EXPECT_EQ(meeting[0]["uri"], uri("New plan.md"));
  EXPECT_EQ(meeting[1]["edits"][0]["newText"], "# New plan\nHeld 07.12.2026 at 09:30\n");
}

}  // namespace
}  // namespace slipbox::lsp::testing
