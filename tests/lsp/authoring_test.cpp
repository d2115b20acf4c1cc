// Authoring features over the protocol, in process, on a vault on disk: folding
// and selection ranges (and, later in this file, the other authoring features).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>

#include "lsp/server.h"
#include "lsp/uri.h"
#include "tests/lsp/lsp_session.h"
#include "tests/lsp/utf16_oracle.h"
#include "tests/support/fixture.h"

namespace slipbox::lsp {
namespace {

using testing::notification;
using testing::oracle_range;
using testing::request;

class AuthoringTest : public ::testing::Test, protected testing::LspSession {
 protected:
  AuthoringTest() : LspSession(options()) {}

  static ServerOptions options() {
    ServerOptions o = test_options();
    o.diagnostics_delay = std::chrono::milliseconds(10);
    o.refresh_spacing = std::chrono::milliseconds(50);
    return o;
  }

  // Writes the annotated files (their ⟦⟧ ranges and $0 kept in `annotated`) and initializes.
  json start(std::vector<std::pair<std::string, std::string>> files, const json& capabilities = json::object(),
             const json& options = json::object()) {
    for (auto& [path, text] : files) {
      auto parsed = slipbox::testing::parse_annotated(text);
      vault.write(path, parsed.text);
      annotated.emplace(path, std::move(parsed));
    }
    json extra = json::object();
    if (!options.empty()) extra["initializationOptions"] = options;
    return initialize(capabilities, extra);
  }

  // Opens a file written by start() and waits until its diagnostics (so the index) are in.
  std::string open(const std::string& path) {
    const std::string note = LspSession::open(path, annotated.at(path).text);
    transport.wait_for([&](const json& m) {
      return m.value("method", "") == "textDocument/publishDiagnostics" && m["params"]["uri"] == note;
    });
    return note;
  }

  json range_of(const std::string& path, size_t index) const {
    const auto& file = annotated.at(path);
    return json(oracle_range(file.text, file.ranges.at(index).begin, file.ranges.at(index).end));
  }
  json cursor_of(const std::string& path) const {
    const auto& file = annotated.at(path);
    return json(testing::oracle_position(file.text, *file.cursor));
  }

  std::map<std::string, slipbox::testing::AnnotatedText> annotated;
};

TEST_F(AuthoringTest, FoldingRangesOverTheProtocol) {
  const json init =
      start({{"Plan.md", "---\ntitle: x\n---\n# Plan 😀\ntekst\n%% skjult\nkommentar %%\n## Del\n- a\n- b\n"}});
  EXPECT_EQ(init["result"]["capabilities"]["foldingRangeProvider"], true);
  EXPECT_EQ(init["result"]["capabilities"]["selectionRangeProvider"], true);
  const std::string plan = open("Plan.md");
  const json result = call("textDocument/foldingRange", {{"textDocument", {{"uri", plan}}}})["result"];
  EXPECT_EQ(result, json::parse(R"([
    {"startLine": 0, "endLine": 2, "kind": "imports"},
    {"startLine": 3, "endLine": 9},
    {"startLine": 5, "endLine": 6, "kind": "comment"},
    {"startLine": 7, "endLine": 9},
    {"startLine": 8, "endLine": 9}
  ])"))
      << result.dump(2);
}

TEST_F(AuthoringTest, SelectionRangesNestAsParentsInUtf16) {
  // Ranges in order of opening: the note, the "# Plan" section, the line, the link, the word.
  start({{"Plan.md", "⟦⟦# Plan\n⟦😀 se ⟦[[⟦Agile$0⟧ Metoder]]⟧ nå⟧⟧\n⟧"}, {"Agile Metoder.md", "# Agile\n"}});
  const std::string plan = open("Plan.md");
  const json result =
      call("textDocument/selectionRange",
           {{"textDocument", {{"uri", plan}}}, {"positions", json::array({cursor_of("Plan.md")})}})["result"];
  ASSERT_EQ(result.size(), 1u) << result.dump(2);
  const auto& file = annotated.at("Plan.md");
  const uint32_t word = file.ranges.at(4).begin;
  std::vector<json> expected{range_of("Plan.md", 4), json(oracle_range(file.text, word, word + 13)),  // word, target
                             range_of("Plan.md", 3), range_of("Plan.md", 2),                          // link, line
                             range_of("Plan.md", 1), range_of("Plan.md", 0)};                         // section, note
  const json* step = &result[0];
  for (size_t i = 0; i < expected.size(); ++i) {
    ASSERT_TRUE(step->is_object()) << "step " << i << " missing in " << result.dump(2);
    EXPECT_EQ((*step)["range"], expected[i]) << "step " << i;
    step = step->contains("parent") ? &(*step)["parent"] : nullptr;
    if (!step) {
      EXPECT_EQ(i + 1, expected.size());
      break;
    }
  }
}

// Decodes LSP's relative token data into `line:col+length type[+modifiers]` strings.
std::vector<std::string> decode_tokens(const json& legend, const json& data) {
  std::vector<std::string> out;
  uint32_t line = 0, column = 0;
  for (size_t i = 0; i + 5 <= data.size(); i += 5) {
    const uint32_t delta_line = data[i], delta_column = data[i + 1];
    column = delta_line ? delta_column : column + delta_column;
    line += delta_line;
    std::string token = std::to_string(line) + ":" + std::to_string(column) + "+" +
                        std::to_string(data[i + 2].get<uint32_t>()) + " " +
                        legend["tokenTypes"][data[i + 3].get<size_t>()].get<std::string>();
    const uint32_t modifiers = data[i + 4];
    for (size_t bit = 0; bit < legend["tokenModifiers"].size(); ++bit)
      if (modifiers & (1u << bit)) token += "+" + legend["tokenModifiers"][bit].get<std::string>();
    out.push_back(token);
  }
  return out;
}

TEST_F(AuthoringTest, SemanticTokensFullAndRangeInUtf16WithTheLegend) {
  const json init = start({{"Plan.md", "---\ntags: [a]\n---\n😀 [[Agile#Scrum]] [[Borte]]\n%% x\n[[Agile]] %% #tag\n"},
                           {"Agile.md", "# Agile\n## Scrum\n"}});
  const json& provider = init["result"]["capabilities"]["semanticTokensProvider"];
  EXPECT_EQ(provider["full"], true);
  EXPECT_EQ(provider["range"], true);
  const json& legend = provider["legend"];
  EXPECT_EQ(legend["tokenModifiers"], json::array({"unresolved", "declaration"}));
  const std::string plan = open("Plan.md");
  const json full = call("textDocument/semanticTokens/full", {{"textDocument", {{"uri", plan}}}})["result"];
  // The emoji is two UTF-16 units; the comment is split per line and around the link in it.
  EXPECT_EQ(decode_tokens(legend, full["data"]),
            (std::vector<std::string>{"1:0+4 property", "1:7+1 tag", "3:3+7 wikiLink", "3:10+6 linkHeading",
                                      "3:16+2 wikiLink", "3:19+9 wikiLink+unresolved", "4:0+4 comment",
                                      "5:0+9 wikiLink", "5:9+3 comment", "5:13+4 tag"}))
      << full.dump();
  const json range = call(
      "textDocument/semanticTokens/range",
      {{"textDocument", {{"uri", plan}}},
       {"range", {{"start", {{"line", 3}, {"character", 19}}}, {"end", {{"line", 4}, {"character", 1}}}}}})["result"];
  EXPECT_EQ(decode_tokens(legend, range["data"]),
            (std::vector<std::string>{"3:19+9 wikiLink+unresolved", "4:0+4 comment"}));
}

TEST_F(AuthoringTest, SemanticTokensRefreshWhenAnotherNoteChangesOnDisk) {
  start({{"Plan.md", "[[Ny]]\n"}}, {{"workspace", {{"semanticTokens", {{"refreshSupport", true}}}}}});
  open("Plan.md");
  // The index arriving asks once.
  auto first =
      transport.wait_for([](const json& m) { return m.value("method", "") == "workspace/semanticTokens/refresh"; });
  ASSERT_TRUE(first) << transport.dump();
  server.handle_message(json{{"jsonrpc", "2.0"}, {"id", (*first)["id"]}, {"result", nullptr}}.dump());
  const json before = call("textDocument/semanticTokens/full", {{"textDocument", {{"uri", uri("Plan.md")}}}})["result"];
  EXPECT_EQ(before["data"][4], 1) << "unresolved while Ny.md is missing: " << before.dump();
  size_t from = transport.sent().size();
  vault.write("Ny.md", "# Ny\n");
  server.handle_message(notification("workspace/didChangeWatchedFiles",
                                     {{"changes", json::array({{{"uri", uri("Ny.md")}, {"type", 1}}})}}));
  auto again = transport.wait_for(
      [](const json& m) { return m.value("method", "") == "workspace/semanticTokens/refresh"; }, &from);
  ASSERT_TRUE(again) << transport.dump();
  const json after = call("textDocument/semanticTokens/full", {{"textDocument", {{"uri", uri("Plan.md")}}}})["result"];
  EXPECT_EQ(after["data"][4], 0) << after.dump();
}

TEST_F(AuthoringTest, InlayHintsAfterEmbedsAndAmbiguousLinksAsTheSettingsAsk) {
  const json init =
      start({{"Work/Plan.md", "😀 ![[Agile#^maal]] [[Budget]]\n"},
             {"Agile.md", "# Agile\nSprint på to uker ^maal\n"},
             {"Work/Budget.md", ""},
             {"Home/Budget.md", ""}},
            {{"workspace", {{"inlayHint", {{"refreshSupport", true}}}}}}, {{"inlayHints", {{"embeds", true}}}});
  EXPECT_EQ(init["result"]["capabilities"]["inlayHintProvider"], true);
  const std::string plan = open("Work/Plan.md");
  // The index arriving asks once (the client answers it).
  auto first = transport.wait_for([](const json& m) { return m.value("method", "") == "workspace/inlayHint/refresh"; });
  ASSERT_TRUE(first) << transport.dump();
  server.handle_message(json{{"jsonrpc", "2.0"}, {"id", (*first)["id"]}, {"result", nullptr}}.dump());
  const json whole = {{"start", {{"line", 0}, {"character", 0}}}, {"end", {{"line", 1}, {"character", 0}}}};
  const json hints = call("textDocument/inlayHint", {{"textDocument", {{"uri", plan}}}, {"range", whole}})["result"];
  // After the embed, in UTF-16 columns (the emoji counts two); the ambiguous link's folder is off by default.
  ASSERT_EQ(hints.size(), 1u) << hints.dump();
  EXPECT_EQ(hints[0]["position"], json({{"line", 0}, {"character", 19}}));
  EXPECT_EQ(hints[0]["label"], "Sprint på to uker");
  EXPECT_EQ(hints[0]["paddingLeft"], true);
  EXPECT_FALSE(hints[0].contains("tooltip")) << "the whole line is the label";

  size_t from = transport.sent().size();
  server.handle_message(notification("workspace/didChangeConfiguration",
                                     {{"settings", {{"slipbox", {{"inlayHints", {{"ambiguousLinks", true}}}}}}}}));
  auto refresh =
      transport.wait_for([](const json& m) { return m.value("method", "") == "workspace/inlayHint/refresh"; }, &from);
  ASSERT_TRUE(refresh) << "switching a kind on asks the editor again: " << transport.dump();
  server.handle_message(json{{"jsonrpc", "2.0"}, {"id", (*refresh)["id"]}, {"result", nullptr}}.dump());
  const json now = call("textDocument/inlayHint", {{"textDocument", {{"uri", plan}}}, {"range", whole}})["result"];
  // The configuration adds to initializationOptions: embeds stay on, the folder is shown too.
  ASSERT_EQ(now.size(), 2u) << now.dump();
  EXPECT_EQ(now[1]["position"], json({{"line", 0}, {"character", 30}}));
  EXPECT_EQ(now[1]["label"], "Work/");
  EXPECT_EQ(now[1]["tooltip"], "Work/Budget.md");

  const json bad = call("textDocument/inlayHint", {{"textDocument", {{"uri", plan}}}});
  EXPECT_EQ(bad["error"]["code"], -32602) << bad.dump();
}

json position_of(const std::string& text, std::string_view needle, size_t plus = 0) {
  return json(testing::oracle_position(text, static_cast<uint32_t>(text.find(needle) + plus)));
}

TEST_F(AuthoringTest, FootnotesCompleteJumpHoverAndAreDiagnosedWithSettableSeverity) {
  const std::string text =
      "# 😀 Note\nSee[^kilde] and ⟦[^borte]⟧ and [^\n\n[^kilde]: Boka, side 3.\n⟦[^ubrukt]⟧: Ingen.\n";
  start({{"Plan.md", text}}, json::object(), {{"diagnostics", {{"severity", {{"unused-footnote", "hint"}}}}}});
  const std::string plan = uri("Plan.md");
  server.handle_message(notification(
      "textDocument/didOpen",
      {{"textDocument",
        {{"uri", plan}, {"languageId", "markdown"}, {"version", 1}, {"text", annotated.at("Plan.md").text}}}}));
  const auto published = transport.wait_for([&](const json& m) {
    return m.value("method", "") == "textDocument/publishDiagnostics" && m["params"]["uri"] == plan;
  });
  ASSERT_TRUE(published) << transport.dump();
  const json& diagnostics = (*published)["params"]["diagnostics"];
  ASSERT_EQ(diagnostics.size(), 2u) << diagnostics.dump(2);
  EXPECT_EQ(diagnostics[0]["code"], "unresolved-footnote");
  EXPECT_EQ(diagnostics[0]["severity"], 2);
  EXPECT_EQ(diagnostics[0]["range"], range_of("Plan.md", 0));
  EXPECT_EQ(diagnostics[1]["code"], "unused-footnote");
  EXPECT_EQ(diagnostics[1]["severity"], 4);
  EXPECT_EQ(diagnostics[1]["range"], range_of("Plan.md", 1));

  const std::string& clean = annotated.at("Plan.md").text;
  const json items = call("textDocument/completion", {{"textDocument", {{"uri", plan}}},
                                                      {"position", position_of(clean, "[^\n", 2)}})["result"]["items"];
  ASSERT_EQ(items.size(), 3u) << items.dump(2);
  EXPECT_EQ(items[0]["label"], "kilde");
  EXPECT_EQ(items[0]["detail"], "Boka, side 3.");
  EXPECT_EQ(items[0]["textEdit"]["newText"], "kilde]");
  EXPECT_EQ(items[1]["label"], "ubrukt");
  EXPECT_EQ(items[2]["label"], "borte");

  const json definition =
      call("textDocument/definition",
           {{"textDocument", {{"uri", plan}}}, {"position", position_of(clean, "[^kilde] and", 3)}})["result"];
  const uint32_t def = static_cast<uint32_t>(clean.find("[^kilde]:"));
  EXPECT_EQ(definition["range"], json(oracle_range(clean, def, def + 8))) << definition.dump();
  const json hover = call("textDocument/hover", {{"textDocument", {{"uri", plan}}},
                                                 {"position", position_of(clean, "[^kilde] and", 3)}})["result"];
  EXPECT_EQ(hover["contents"]["value"], "Boka, side 3.");
}

TEST_F(AuthoringTest, CalloutTypesCompleteAfterQuoteBang) {
  const json init = start({{"Plan.md", "> [!war\n"}});
  // `!` triggers completion: clients that complete only on trigger characters offer the types at `> [!`.
  EXPECT_THAT(init["result"]["capabilities"]["completionProvider"]["triggerCharacters"], ::testing::Contains("!"));
  const std::string plan = open("Plan.md");
  const json items =
      call("textDocument/completion",
           {{"textDocument", {{"uri", plan}}}, {"position", {{"line", 0}, {"character", 7}}}})["result"]["items"];
  std::vector<std::string> labels;
  for (const json& item : items) labels.push_back(item["label"]);
  EXPECT_THAT(labels, ::testing::Contains("warning"));
  EXPECT_THAT(labels, ::testing::Contains("caution"));
  EXPECT_THAT(labels, ::testing::Contains("tldr"));
  for (const json& item : items) {
    if (item["label"] != "warning") continue;
    EXPECT_EQ(item["textEdit"]["newText"], "warning]");
    EXPECT_EQ(item["textEdit"]["range"],
              json::parse(R"({"start":{"line":0,"character":4},"end":{"line":0,"character":7}})"));
  }
}

TEST_F(AuthoringTest, ParagraphReferenceInAnotherNoteIsLabelledThroughApplyEdit) {
  start({{"Plan.md", "😀 [[Agile#^review\n"}, {"Agile.md", "# Agile\n\nSprint review happens last.\n"}},
        {{"workspace", {{"workspaceEdit", {{"documentChanges", true}}}}}});
  const std::string plan = open("Plan.md");
  const json items =
      call("textDocument/completion",
           {{"textDocument", {{"uri", plan}}}, {"position", {{"line", 0}, {"character", 19}}}})["result"]["items"];
  ASSERT_EQ(items.size(), 1u) << items.dump(2);
  const json& item = items[0];
  EXPECT_EQ(item["label"], "Sprint review happens last.");
  const std::string insert = item["textEdit"]["newText"];
  ASSERT_EQ(insert.size(), std::string("Agile#^abcdef]]").size()) << insert;
  const std::string id = insert.substr(7, 6);
  EXPECT_FALSE(item.contains("additionalTextEdits"));
  ASSERT_EQ(item["command"]["command"], "slipbox.applyEdit") << item.dump(2);
  const json edit = item["command"]["arguments"][0];
  const json& change = edit["documentChanges"][0];
  EXPECT_EQ(change["textDocument"]["uri"], uri("Agile.md"));
  EXPECT_EQ(change["edits"][0]["newText"], " ^" + id);
  EXPECT_EQ(change["edits"][0]["range"]["start"], json::parse(R"({"line":2,"character":27})"));

  // The client runs the command: the server asks it to apply the edit.
  const int id_number = next_id++;
  server.handle_message(request(id_number, "workspace/executeCommand",
                                {{"command", "slipbox.applyEdit"}, {"arguments", json::array({edit})}}));
  const auto apply = transport.wait_for([](const json& m) { return m.value("method", "") == "workspace/applyEdit"; });
  ASSERT_TRUE(apply) << transport.dump();
  EXPECT_EQ((*apply)["params"]["edit"], edit);
  server.handle_message(json{{"jsonrpc", "2.0"}, {"id", (*apply)["id"]}, {"result", {{"applied", true}}}}.dump());
  EXPECT_TRUE(transport.response(id_number).contains("result"));
}

TEST_F(AuthoringTest, CaretCaretSearchesParagraphsOfTheWholeVault) {
  start({{"Plan.md", "Se [[^^review\n"}, {"Agile.md", "# Agile\n\nSprint review happens last. ^rev\n\nOther text.\n"}});
  const std::string plan = open("Plan.md");
  const json items =
      call("textDocument/completion",
           {{"textDocument", {{"uri", plan}}}, {"position", {{"line", 0}, {"character", 13}}}})["result"]["items"];
  ASSERT_EQ(items.size(), 1u) << items.dump(2);
  EXPECT_EQ(items[0]["label"], "Sprint review happens last.");
  // The block has an id already: the link only, nothing written into Agile.md.
  EXPECT_EQ(items[0]["textEdit"]["newText"], "Agile#^rev]]");
  EXPECT_EQ(items[0]["textEdit"]["range"],
            json::parse(R"({"start":{"line":0,"character":5},"end":{"line":0,"character":13}})"));
  EXPECT_FALSE(items[0].contains("command"));
  EXPECT_FALSE(items[0].contains("additionalTextEdits"));
}

TEST_F(AuthoringTest, ParagraphReferenceInTheSameNoteIsAnAdditionalEdit) {
  start({{"Plan.md", "Første avsnitt 😀.\n\nSe [[#^første\n"}});
  const std::string plan = open("Plan.md");
  const json items =
      call("textDocument/completion",
           {{"textDocument", {{"uri", plan}}}, {"position", {{"line", 2}, {"character", 13}}}})["result"]["items"];
  ASSERT_EQ(items.size(), 1u) << items.dump(2);
  const std::string id = items[0]["textEdit"]["newText"].get<std::string>().substr(2, 6);
  EXPECT_EQ(items[0]["textEdit"]["newText"], "#^" + id + "]]");
  ASSERT_EQ(items[0]["additionalTextEdits"].size(), 1u) << items.dump(2);
  EXPECT_EQ(items[0]["additionalTextEdits"][0]["newText"], " ^" + id);
  // After the emoji (two UTF-16 units) and the full stop.
  EXPECT_EQ(items[0]["additionalTextEdits"][0]["range"]["start"], json::parse(R"({"line":0,"character":18})"));
  EXPECT_FALSE(items[0].contains("command"));
}

}  // namespace
}  // namespace slipbox::lsp
