// Protocol structs: parsed once at the boundary, strict about what the server relies on.
#include "lsp/protocol.h"

#include <gtest/gtest.h>

namespace slipbox::lsp {
namespace {

TEST(Protocol, PositionRejectsWhatIsNotAnUnsignedInteger) {
  const char* bad[] = {R"({"line":-1,"character":0})",  R"({"line":0})", R"({"line":"1","character":0})",
                       R"({"line":0,"character":1.5})", R"([0,0])",      R"(null)"};
  for (const char* text : bad) EXPECT_ANY_THROW((void)json::parse(text).get<Position>()) << text;
  const auto p = json::parse(R"({"line":3,"character":7})").get<Position>();
  EXPECT_EQ(p, (Position{3, 7}));
}

TEST(Protocol, DidChangeParsesRangeAndFullChanges) {
  const auto params = json::parse(R"({"textDocument":{"uri":"file:///a.md","version":4},
      "contentChanges":[{"range":{"start":{"line":0,"character":1},"end":{"line":0,"character":2}},"text":"x"},
                        {"text":"whole"}]})")
                          .get<DidChangeTextDocumentParams>();
  EXPECT_EQ(params.textDocument.version, 4);
  ASSERT_EQ(params.contentChanges.size(), 2u);
  ASSERT_TRUE(params.contentChanges[0].range);
  EXPECT_EQ(params.contentChanges[0].range->end, (Position{0, 2}));
  EXPECT_FALSE(params.contentChanges[1].range);
  EXPECT_ANY_THROW((void)json::parse(R"({"textDocument":{"uri":"file:///a.md"},"contentChanges":{}})")
                       .get<DidChangeTextDocumentParams>());
}

TEST(Protocol, InitializeParamsTakesFoldersOptionsAndCapabilities) {
  const auto params = json::parse(R"({
      "processId": null, "rootUri": null,
      "workspaceFolders": [{"uri":"file:///v","name":"v"}],
      "initializationOptions": {"diagnostics":{"severity":{"unresolved-link":"error"}}},
      "capabilities": {"workspace": {"configuration": true, "didChangeWatchedFiles": {"dynamicRegistration": true}}}
  })")
                          .get<InitializeParams>();
  EXPECT_FALSE(params.rootUri);
  ASSERT_EQ(params.workspaceFolders.size(), 1u);
  EXPECT_EQ(params.workspaceFolders[0].uri, "file:///v");
  EXPECT_EQ(params.initializationOptions["diagnostics"]["severity"]["unresolved-link"], "error");
  EXPECT_TRUE(params.capabilities.workspace_configuration);
  EXPECT_TRUE(params.capabilities.watched_files_dynamic_registration);

  const auto minimal = json::parse(R"({"capabilities":{}})").get<InitializeParams>();
  EXPECT_TRUE(minimal.workspaceFolders.empty());
  EXPECT_FALSE(minimal.capabilities.workspace_configuration);
  EXPECT_FALSE(minimal.capabilities.work_done_progress);
  EXPECT_FALSE(minimal.capabilities.pull_diagnostics);

  const auto live =
      json::parse(
          R"({"capabilities":{"window":{"workDoneProgress":true},"textDocument":{"diagnostic":{"dynamicRegistration":false}}}})")
          .get<InitializeParams>();
  EXPECT_TRUE(live.capabilities.work_done_progress);
  EXPECT_TRUE(live.capabilities.pull_diagnostics);
  const auto odd = json::parse(R"({"capabilities":{"window":{"workDoneProgress":"yes"},"textDocument":[]}})")
                       .get<InitializeParams>();
  EXPECT_FALSE(odd.capabilities.work_done_progress);
  EXPECT_FALSE(odd.capabilities.pull_diagnostics);
  EXPECT_ANY_THROW((void)json::parse(R"({"rootUri": 5})").get<InitializeParams>());
  EXPECT_ANY_THROW((void)json::parse(R"([])").get<InitializeParams>());
}

// Required fields are required: a wrong type or a missing field is -32602, never a default.
TEST(Protocol, RequiredFieldsAreNotDefaulted) {
  const json doc{{"uri", "file:///a.md"}};
  const json position{{"line", 0}, {"character", 0}};
  const json range{{"start", position}, {"end", position}};
  EXPECT_ANY_THROW((void)json({{"query", 5}}).get<WorkspaceSymbolParams>());
  EXPECT_ANY_THROW((void)json::object().get<WorkspaceSymbolParams>());
  EXPECT_EQ(json({{"query", ""}}).get<WorkspaceSymbolParams>().query, "");

  EXPECT_ANY_THROW((void)json({{"textDocument", doc}, {"position", position}}).get<ReferenceParams>());
  EXPECT_ANY_THROW(
      (void)json({{"textDocument", doc}, {"position", position}, {"context", json::object()}}).get<ReferenceParams>());
  EXPECT_ANY_THROW(
      (void)json({{"textDocument", doc}, {"position", position}, {"context", {{"includeDeclaration", "yes"}}}})
          .get<ReferenceParams>());
  EXPECT_TRUE(json({{"textDocument", doc}, {"position", position}, {"context", {{"includeDeclaration", true}}}})
                  .get<ReferenceParams>()
                  .includeDeclaration);

  EXPECT_ANY_THROW((void)json({{"textDocument", doc}, {"range", range}}).get<CodeActionParams>());
  EXPECT_ANY_THROW(
      (void)json({{"textDocument", doc}, {"range", range}, {"context", json::object()}}).get<CodeActionParams>());
  EXPECT_ANY_THROW((void)json({{"textDocument", doc},
                               {"range", range},
                               {"context", {{"diagnostics", json::array()}, {"only", "quickfix"}}}})
                       .get<CodeActionParams>());
  EXPECT_ANY_THROW(
      (void)json(
          {{"textDocument", doc}, {"range", range}, {"context", {{"diagnostics", json::array()}, {"only", {1}}}}})
          .get<CodeActionParams>());
  EXPECT_EQ(json({{"textDocument", doc},
                  {"range", range},
                  {"context", {{"diagnostics", json::array()}, {"only", {"quickfix"}}}}})
                .get<CodeActionParams>()
                .only,
            std::vector<std::string>{"quickfix"});

  EXPECT_ANY_THROW((void)json({{"textDocument", {{"uri", "file:///a.md"}, {"version", 1}, {"text", ""}}}})
                       .get<DidOpenTextDocumentParams>());
  EXPECT_ANY_THROW((void)json({{"textDocument", doc}, {"contentChanges", json::array()}})
                       .get<DidChangeTextDocumentParams>());  // no version
  EXPECT_ANY_THROW((void)json({{"textDocument", doc}, {"previousResultId", 3}}).get<DocumentDiagnosticParams>());
  EXPECT_ANY_THROW((void)json({{"event", {{"added", json::array()}}}}).get<DidChangeWorkspaceFoldersParams>());
  EXPECT_ANY_THROW((void)json::object().get<DidChangeConfigurationParams>());
  EXPECT_ANY_THROW((void)json({{"processId", "12"}}).get<InitializeParams>());
  EXPECT_ANY_THROW((void)json({{"rootPath", 3}}).get<InitializeParams>());
  EXPECT_ANY_THROW((void)json({{"workspaceFolders", {{{"uri", "file:///v"}}}}}).get<InitializeParams>());  // no name
  EXPECT_EQ(json({{"processId", 42}}).get<InitializeParams>().processId, 42);
  EXPECT_FALSE(json({{"processId", nullptr}}).get<InitializeParams>().processId);
}

TEST(Protocol, InitializeResultAdvertisesTheServer) {
  const json result = InitializeResult{"9.9.9"};
  const json& caps = result["capabilities"];
  EXPECT_EQ(caps["positionEncoding"], "utf-16");
  EXPECT_EQ(caps["textDocumentSync"]["change"], 2);
  EXPECT_EQ(caps["textDocumentSync"]["openClose"], true);
  EXPECT_EQ(caps["completionProvider"]["triggerCharacters"], json::array({"[", "#", "^", "|", "(", "!"}));
  EXPECT_EQ(caps["definitionProvider"], true);
  EXPECT_EQ(caps["hoverProvider"], true);
  EXPECT_EQ(result["serverInfo"]["version"], "9.9.9");
}

TEST(Protocol, ResultsSerialiseWithLspNames) {
  CompletionItem item;
  item.label = "Agile Metoder";
  item.kind = CompletionItemKind::File;
  item.textEdit = TextEdit{Range{{1, 2}, {1, 4}}, "Agile Metoder"};
  const json j = item;
  EXPECT_EQ(j["kind"], 17);
  EXPECT_EQ(j["textEdit"]["range"]["start"]["character"], 2);
  EXPECT_EQ(j["textEdit"]["newText"], "Agile Metoder");
  EXPECT_FALSE(j.contains("detail"));  // empty optional fields are left out

  EXPECT_TRUE(json(OrNull<Hover>{}).is_null());
  const json hover = OrNull<Hover>{Hover{MarkupContent{"markdown", "# Hi"}, std::nullopt}};
  EXPECT_EQ(hover["contents"]["kind"], "markdown");
  EXPECT_FALSE(hover.contains("range"));

  const json publish = PublishDiagnosticsParams{
      "file:///a.md", 3, {Diagnostic{Range{}, DiagnosticSeverity::Error, "unresolved-link", "slipbox", "No note"}}};
  EXPECT_EQ(publish["version"], 3);
  EXPECT_EQ(publish["diagnostics"][0]["severity"], 1);
  EXPECT_EQ(publish["diagnostics"][0]["code"], "unresolved-link");
  EXPECT_EQ(publish["diagnostics"][0]["source"], "slipbox");
}

}  // namespace
}  // namespace slipbox::lsp
