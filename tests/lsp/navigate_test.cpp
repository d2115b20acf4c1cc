// Navigation over the protocol, in process, on a vault on disk: references, document and
// workspace symbols, document links (and, later in this file, code actions and rename).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

#include "analysis/text/line_index.h"
#include "lsp/server.h"
#include "lsp/uri.h"
#include "tests/lsp/lsp_session.h"
#include "tests/lsp/utf16_oracle.h"
#include "tests/support/fixture.h"

namespace slipbox::lsp {
namespace {

using testing::oracle_range;

constexpr std::string_view kAgile = "🛠 Ressurser/Slipbox/Agile Metoder.md";

class NavigateTest : public ::testing::Test, protected testing::LspSession {
 protected:
  // Writes the annotated files (their ⟦⟧ ranges are kept in `annotated`) and initializes.
  void start(std::vector<std::pair<std::string, std::string>> files, const json& capabilities = json::object()) {
    for (auto& [path, text] : files) {
      auto parsed = slipbox::testing::parse_annotated(text);
      vault.write(path, parsed.text);
      annotated.emplace(path, std::move(parsed));
    }
    initialize(capabilities);
  }

  // Opens a file written by start() and waits until its diagnostics (so the index) are in.
  std::string open(const std::string& path) {
    const std::string u = uri(path);
    notify("textDocument/didOpen",
           {{"textDocument",
             {{"uri", u}, {"languageId", "markdown"}, {"version", 1}, {"text", annotated.at(path).text}}}});
    transport.wait_for([&](const json& m) {
      return m.value("method", "") == "textDocument/publishDiagnostics" && m["params"]["uri"] == u;
    });
    return u;
  }

  json range_of(const std::string& path, size_t index) const {
    const auto& file = annotated.at(path);
    return json(oracle_range(file.text, file.ranges.at(index).begin, file.ranges.at(index).end));
  }

  std::map<std::string, slipbox::testing::AnnotatedText> annotated;
};

TEST_F(NavigateTest, ReferencesReachUnopenedNotesWithUtf16Ranges) {
  start({{std::string(kAgile), "---\ntags: [metode]\n---\n# Agile Metoder\n\n## Scrum\n"},
         {"Plan.md", "😀 ⟦[[Agile Metoder]]⟧ og ⟦[[Agile Metoder#Scrum|scrum]]⟧\n"},
         {"Deep/Other.md", "🛠 ⟦[a](🛠%20Ressurser/Slipbox/Agile%20Metoder.md)⟧ [[Agile]]\n"}});
  const std::string agile = open(std::string(kAgile));
  const json result = call("textDocument/references", {{"textDocument", {{"uri", agile}}},
                                                       {"position", {{"line", 3}, {"character", 4}}},
                                                       {"context", {{"includeDeclaration", false}}}});
  ASSERT_TRUE(result["result"].is_array()) << result.dump();
  const json& locations = result["result"];
  ASSERT_EQ(locations.size(), 3u) << locations.dump(2);
  EXPECT_EQ(locations[0]["uri"], uri("Deep/Other.md"));
  EXPECT_EQ(locations[0]["range"], range_of("Deep/Other.md", 0));
  EXPECT_EQ(locations[1]["uri"], uri("Plan.md"));
  EXPECT_EQ(locations[1]["range"], range_of("Plan.md", 0));
  EXPECT_EQ(locations[2]["range"], range_of("Plan.md", 1));

  // On the `## Scrum` heading: only the link to it.
  const json scrum = call("textDocument/references", {{"textDocument", {{"uri", agile}}},
                                                      {"position", {{"line", 5}, {"character", 4}}},
                                                      {"context", {{"includeDeclaration", false}}}});
  ASSERT_EQ(scrum["result"].size(), 1u) << scrum.dump();
  EXPECT_EQ(scrum["result"][0]["range"], range_of("Plan.md", 1));
}

TEST_F(NavigateTest, ReferencesFollowAnEditedOpenBuffer) {
  start({{"Target.md", "# Target\n"}, {"Source.md", "nothing yet\n"}});
  const std::string target = open("Target.md");
  const std::string source = open("Source.md");
  const auto ask = [&] {
    return call("textDocument/references", {{"textDocument", {{"uri", target}}},
                                            {"position", {{"line", 0}, {"character", 0}}},
                                            {"context", {{"includeDeclaration", false}}}})["result"];
  };
  EXPECT_EQ(ask().size(), 0u);
  notify("textDocument/didChange", {{"textDocument", {{"uri", source}, {"version", 2}}},
                                    {"contentChanges", json::array({{{"text", "[[Target]] [[target]]\n"}}})}});
  EXPECT_EQ(ask().size(), 2u);
}

TEST_F(NavigateTest, DocumentSymbolsNestedOrFlat) {
  start({{"Note.md", "# A\n## B 🙂\n### C\n# D\n"}});
  const std::string note = open("Note.md");
  const json nested = call("textDocument/documentSymbol", {{"textDocument", {{"uri", note}}}})["result"];
  // Without hierarchicalDocumentSymbolSupport: SymbolInformation with containers.
  ASSERT_EQ(nested.size(), 4u) << nested.dump();
  EXPECT_EQ(nested[1]["name"], "B 🙂");
  EXPECT_EQ(nested[1]["containerName"], "A");
  EXPECT_EQ(nested[2]["containerName"], "B 🙂");
  EXPECT_EQ(nested[2]["location"]["range"]["end"], json({{"line", 2}, {"character", 5}}));
}

TEST_F(NavigateTest, DocumentSymbolsHierarchical) {
  start({{"Note.md", "# A\n## B 🙂\n### C\n# D\n"}},
        {{"textDocument", {{"documentSymbol", {{"hierarchicalDocumentSymbolSupport", true}}}}}});
  const std::string note = open("Note.md");
  const json tree = call("textDocument/documentSymbol", {{"textDocument", {{"uri", note}}}})["result"];
  ASSERT_EQ(tree.size(), 2u) << tree.dump();
  EXPECT_EQ(tree[0]["children"][0]["name"], "B 🙂");
  EXPECT_EQ(tree[0]["children"][0]["selectionRange"]["end"], json({{"line", 1}, {"character", 7}}));
  EXPECT_EQ(tree[0]["range"]["end"], json({{"line", 2}, {"character", 5}}));
}

TEST_F(NavigateTest, WorkspaceSymbolsAcrossTheVault) {
  start({{std::string(kAgile), "# Agile Metoder\n## Kjøper 🙂 og selger\n"}, {"Plan.md", "x\n"}});
  open("Plan.md");
  const json found = call("workspace/symbol", {{"query", "kjoper"}})["result"];
  ASSERT_EQ(found.size(), 1u) << found.dump();
  EXPECT_EQ(found[0]["name"], "Kjøper 🙂 og selger");
  EXPECT_EQ(found[0]["location"]["uri"], uri(kAgile));
  EXPECT_EQ(found[0]["location"]["range"]["end"], json({{"line", 1}, {"character", 22}}));
}

TEST_F(NavigateTest, DocumentLinksOpenTheirTargets) {
  start({{"Note.md", "# Top\n⟦[[Plan#Mål]]⟧ [[Missing]] ⟦[[#Top]]⟧ ⟦[x](https://example.com)⟧\n"},
         {"Projects/Plan.md", "# Plan\n## Mål\n"}});
  const std::string note = open("Note.md");
  const json links = call("textDocument/documentLink", {{"textDocument", {{"uri", note}}}})["result"];
  ASSERT_EQ(links.size(), 3u) << links.dump();
  EXPECT_EQ(links[0]["range"], range_of("Note.md", 0));
  EXPECT_EQ(links[0]["target"], uri("Projects/Plan.md") + "#L2");
  EXPECT_EQ(links[1]["target"], note + "#L1");
  EXPECT_EQ(links[2]["target"], "https://example.com");
}

const json kEditCapabilities = {
    {"workspace",
     {{"workspaceEdit", {{"documentChanges", true}, {"resourceOperations", {"create", "rename", "delete"}}}}}},
    {"textDocument",
     {{"codeAction", {{"codeActionLiteralSupport", {{"codeActionKind", {{"valueSet", {"quickfix"}}}}}}}}}}};

// Applies a WorkspaceEdit's documentChanges to the files on disk (as an editor would).
void apply_edit(const json& edit) {
  for (const json& change : edit["documentChanges"]) {
    if (change.value("kind", "") == "rename") {
      std::filesystem::rename(*path_from_uri(change["oldUri"].get<std::string>()),
                              *path_from_uri(change["newUri"].get<std::string>()));
      continue;
    }
    if (change.value("kind", "") == "create") {
      const auto path = *path_from_uri(change["uri"].get<std::string>());
      std::filesystem::create_directories(path.parent_path());
      std::ofstream(path, std::ios::app).close();
      continue;
    }
    const auto path = *path_from_uri(change["textDocument"]["uri"].get<std::string>());
    std::string text = read_file_text(path).value_or("");
    std::vector<std::pair<uint32_t, uint32_t>> spans;
    std::vector<std::string> texts;
    const LineIndex lines(text);
    for (const json& e : change["edits"]) {
      const uint32_t begin = lines.offset_of({e["range"]["start"]["line"], e["range"]["start"]["character"]});
      const uint32_t end = lines.offset_of({e["range"]["end"]["line"], e["range"]["end"]["character"]});
      spans.emplace_back(begin, end);
      texts.push_back(e["newText"]);
    }
    std::string out;
    std::vector<size_t> order(spans.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return spans[a].first < spans[b].first; });
    uint32_t at = 0;
    for (const size_t i : order) {
      out += text.substr(at, spans[i].first - at) + texts[i];
      at = spans[i].second;
    }
    out += text.substr(at);
    std::ofstream(path, std::ios::binary | std::ios::trunc) << out;
  }
}

TEST_F(NavigateTest, RenameANoteMovesItAndRewritesUnopenedNotes) {
  start({{"Projects/Plan.md", "# Plan\n## Mål\n"},
         {"Note.md", "😀 [[Plan]] [[Plan#Mål|mål]] ![[Plan]] [p](Projects/Plan.md#M%C3%A5l)\n"},
         {"Other/x.md", "[[Projects/Plan]]\n"}},
        kEditCapabilities);
  const std::string note = open("Note.md");
  const json prepared = call("textDocument/prepareRename",
                             {{"textDocument", {{"uri", note}}}, {"position", {{"line", 0}, {"character", 6}}}});
  EXPECT_EQ(prepared["result"]["placeholder"], "Plan") << prepared.dump();
  const json renamed = call("textDocument/rename", {{"textDocument", {{"uri", note}}},
                                                    {"position", {{"line", 0}, {"character", 6}}},
                                                    {"newName", "Plan for 🙂 året"}});
  ASSERT_TRUE(renamed["result"].contains("documentChanges")) << renamed.dump();
  const json& changes = renamed["result"]["documentChanges"];
  EXPECT_EQ(changes.back()["kind"], "rename");
  EXPECT_EQ(changes.back()["newUri"], uri("Projects/Plan for 🙂 året.md"));
  apply_edit(renamed["result"]);
  EXPECT_EQ(read_file_text(vault.root() / "Note.md"),
            "😀 [[Plan for 🙂 året]] [[Plan for 🙂 året#Mål|mål]] ![[Plan for 🙂 året]] "
            "[p](Projects/Plan%20for%20🙂%20året.md#M%C3%A5l)\n");
  EXPECT_EQ(read_file_text(vault.root() / "Other" / "x.md"), "[[Projects/Plan for 🙂 året]]\n");
}

TEST_F(NavigateTest, RenameWithoutFileOperationsIsRefusedNotHalfDone) {
  start({{"Plan.md", "# Plan\n"}, {"Note.md", "[[Plan]] #tag\n"}});
  const std::string note = open("Note.md");
  const json refused =
      call("textDocument/rename",
           {{"textDocument", {{"uri", note}}}, {"position", {{"line", 0}, {"character", 3}}}, {"newName", "New"}});
  EXPECT_EQ(refused["error"]["code"], -32803) << refused.dump();
  // A tag needs no file operation: the `changes` form is used.
  const json tag =
      call("textDocument/rename",
           {{"textDocument", {{"uri", note}}}, {"position", {{"line", 0}, {"character", 10}}}, {"newName", "emne"}});
  ASSERT_TRUE(tag["result"].contains("changes")) << tag.dump();
  EXPECT_EQ(tag["result"]["changes"][note][0]["newText"], "#emne");
}

TEST_F(NavigateTest, WillRenameFilesReturnsTheLinkEdits) {
  start({{"Projects/Plan.md", "# Plan\n"}, {"Note.md", "[[Plan]] [x](Projects/Plan.md)\n"}}, kEditCapabilities);
  open("Note.md");
  const json result = call("workspace/willRenameFiles",
                           {{"files", json::array({{{"oldUri", uri("Projects")}, {"newUri", uri("Arkiv/2024")}}})}});
  ASSERT_TRUE(result["result"].is_object()) << result.dump();
  apply_edit(result["result"]);
  EXPECT_EQ(read_file_text(vault.root() / "Note.md"), "[[Plan]] [x](Arkiv/2024/Plan.md)\n");
}

TEST_F(NavigateTest, QuickFixesRepairMojibakeAndCreateNotes) {
  start({{"🛠 Ressurser/Slipbox/Agile Metoder.md", "# Agile\n"},
         {"Note.md", "[[ğŸ› Ressurser/Slipbox/Agile Metoder]] [[Ny idé]]\n"},
         {".obsidian/app.json", R"({"newFileLocation": "folder", "newFileFolderPath": "Innboks/"})"}},
        kEditCapabilities);
  const std::string note = open("Note.md");
  const json repair =
      call("textDocument/codeAction",
           {{"textDocument", {{"uri", note}}},
            {"range", {{"start", {{"line", 0}, {"character", 5}}}, {"end", {{"line", 0}, {"character", 5}}}}},
            {"context", {{"diagnostics", json::array()}}}});
  ASSERT_FALSE(repair["result"].empty()) << repair.dump();
  EXPECT_TRUE(repair["result"][0]["isPreferred"].get<bool>());
  EXPECT_EQ(repair["result"][0]["edit"]["documentChanges"][0]["edits"][0]["newText"],
            "🛠 Ressurser/Slipbox/Agile Metoder");

  const json create =
      call("textDocument/codeAction",
           {{"textDocument", {{"uri", note}}},
            {"range", {{"start", {{"line", 0}, {"character", 45}}}, {"end", {{"line", 0}, {"character", 45}}}}},
            {"context", {{"diagnostics", json::array()}}}});
  bool found = false;
  for (const json& action : create["result"]) {
    if (action["title"] != "Create note Innboks/Ny idé.md") continue;
    found = true;
    EXPECT_EQ(action["edit"]["documentChanges"][0]["kind"], "create");
    EXPECT_EQ(action["edit"]["documentChanges"][0]["uri"], uri("Innboks/Ny idé.md"));
    EXPECT_EQ(action["edit"]["documentChanges"][1]["edits"][0]["newText"], "# Ny idé\n");
  }
  EXPECT_TRUE(found) << create.dump(2);
}

TEST_F(NavigateTest, CodeLensOnlyWhenEnabled) {
  start({{"Plan.md", "# Plan\n## Mål\n"}, {"a.md", "[[Plan]] [[Plan#Mål]]\n"}});
  const std::string plan = open("Plan.md");
  EXPECT_TRUE(call("textDocument/codeLens", {{"textDocument", {{"uri", plan}}}})["result"].empty());
  notify("workspace/didChangeConfiguration", {{"settings", {{"slipbox", {{"codeLens", {{"backlinks", true}}}}}}}});
  const json lenses = call("textDocument/codeLens", {{"textDocument", {{"uri", plan}}}})["result"];
  ASSERT_EQ(lenses.size(), 2u) << lenses.dump();
  EXPECT_EQ(lenses[0]["command"]["title"], "2 backlinks");
  EXPECT_EQ(lenses[1]["command"]["title"], "1 backlink");
}

// The lens command carries what editor.action.showReferences takes: the note, the lens
// position and the backlinks' locations (the same ones references finds).
TEST_F(NavigateTest, CodeLensCommandShowsTheBacklinks) {
  start({{"Plan.md", "# Plan\n## Mål\n"},
         {"a.md", "⟦[[Plan]]⟧ ⟦[[Plan#Mål]]⟧\n"},
         {"🛠 Ressurser/b.md", "Før 😀 ⟦![[Plan]]⟧\n"}},
        {{"workspace", {{"configuration", false}}}});
  const std::string plan = open("Plan.md");
  notify("workspace/didChangeConfiguration", {{"settings", {{"slipbox", {{"codeLens", {{"backlinks", true}}}}}}}});
  const json lenses = call("textDocument/codeLens", {{"textDocument", {{"uri", plan}}}})["result"];
  ASSERT_EQ(lenses.size(), 2u) << lenses.dump();
  const json& title = lenses[0]["command"];
  EXPECT_EQ(title["title"], "3 backlinks");
  EXPECT_EQ(title["command"], "slipbox.showReferences");
  ASSERT_EQ(title["arguments"].size(), 3u);
  EXPECT_EQ(title["arguments"][0], plan);
  EXPECT_EQ(title["arguments"][1], lenses[0]["range"]["start"]);
  const json expected =
      json::array({json{{"uri", uri("a.md")}, {"range", range_of("a.md", 0)}},
                   json{{"uri", uri("a.md")}, {"range", range_of("a.md", 1)}},
                   json{{"uri", uri("🛠 Ressurser/b.md")}, {"range", range_of("🛠 Ressurser/b.md", 0)}}});
  EXPECT_EQ(title["arguments"][2], expected);
  const json& heading = lenses[1]["command"];
  EXPECT_EQ(heading["command"], "slipbox.showReferences");
  EXPECT_EQ(heading["arguments"][1], json({{"line", 1}, {"character", 0}}));
  EXPECT_EQ(heading["arguments"][2], json::array({json{{"uri", uri("a.md")}, {"range", range_of("a.md", 1)}}}));
}

// Targets other notes link to but that do not exist yet, after the existing notes, once the
// vault's link graph is built (references waits for it; completion never does).
TEST_F(NavigateTest, CompletionOffersPlannedNotes) {
  start({{"Note.md", "[[Som\n"}, {"a.md", "[[Someday Idea]] [[someday idea]]\n"}, {"Something.md", "# Something\n"}});
  const std::string note = open("Note.md");
  call("textDocument/references", {{"textDocument", {{"uri", note}}},
                                   {"position", {{"line", 0}, {"character", 0}}},
                                   {"context", {{"includeDeclaration", false}}}});
  const json list = call("textDocument/completion",
                         {{"textDocument", {{"uri", note}}}, {"position", {{"line", 0}, {"character", 5}}}})["result"];
  std::vector<std::string> labels;
  for (const json& item : list["items"]) labels.push_back(item["label"]);
  ASSERT_EQ(labels, (std::vector<std::string>{"Something", "Someday Idea"})) << list.dump();
  const json& planned = list["items"][1];
  EXPECT_EQ(planned["kind"], 23);  // Event: not one of the notes (File)
  EXPECT_EQ(planned["detail"], "not created yet · 2 links");
  EXPECT_GT(planned["sortText"].get<std::string>(), list["items"][0]["sortText"].get<std::string>());
  EXPECT_EQ(planned["textEdit"]["newText"], "Someday Idea]]");

  // Created on disk: no longer planned once the new files' graph is built.
  vault.write("Someday Idea.md", "# Someday Idea\n");
  notify("workspace/didChangeWatchedFiles",
         {{"changes", json::array({json{{"uri", uri("Someday Idea.md")}, {"type", 1}}})}});
  call("textDocument/references", {{"textDocument", {{"uri", note}}},
                                   {"position", {{"line", 0}, {"character", 0}}},
                                   {"context", {{"includeDeclaration", false}}}});
  const json after = call("textDocument/completion",
                          {{"textDocument", {{"uri", note}}}, {"position", {{"line", 0}, {"character", 5}}}})["result"];
  std::vector<std::string> now;
  for (const json& item : after["items"]) now.push_back(item["label"]);
  EXPECT_EQ(now, (std::vector<std::string>{"Something", "Someday Idea"})) << after.dump();
  EXPECT_EQ(after["items"][1]["kind"], 17);  // a note now
}

}  // namespace
}  // namespace slipbox::lsp
