// The refactor code actions over the protocol, in process, on a vault on disk: the kinds
// asked for with `only`, UTF-16 ranges, and WorkspaceEdits applied as an editor would.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>

#include "analysis/text/line_index.h"
#include "lsp/uri.h"
#include "tests/lsp/lsp_session.h"

namespace slipbox::lsp {
namespace {

const json kEditCapabilities = {
    {"workspace",
     {{"workspaceEdit", {{"documentChanges", true}, {"resourceOperations", {"create", "rename", "delete"}}}}}},
    {"textDocument",
     {{"codeAction", {{"codeActionLiteralSupport", {{"codeActionKind", {{"valueSet", {"quickfix", "refactor"}}}}}}}}}}};

std::string read_all(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// Applies a WorkspaceEdit's documentChanges to the files on disk, in order, as an editor would.
void apply_edit(const json& edit) {
  for (const json& change : edit["documentChanges"]) {
    if (change.value("kind", "") == "create") {
      const auto path = *path_from_uri(change["uri"].get<std::string>());
      ASSERT_FALSE(std::filesystem::exists(path)) << path;
      std::filesystem::create_directories(path.parent_path());
      std::ofstream(path, std::ios::binary).close();
      continue;
    }
    ASSERT_FALSE(change.contains("kind")) << change.dump();
    const auto path = *path_from_uri(change["textDocument"]["uri"].get<std::string>());
    const std::string text = read_all(path);
    const LineIndex lines(text);
    std::vector<std::tuple<uint32_t, uint32_t, std::string>> edits;
    for (const json& e : change["edits"])
      edits.emplace_back(lines.offset_of({e["range"]["start"]["line"], e["range"]["start"]["character"]}),
                         lines.offset_of({e["range"]["end"]["line"], e["range"]["end"]["character"]}), e["newText"]);
    std::sort(edits.begin(), edits.end());
    std::string out;
    uint32_t at = 0;
    for (const auto& [begin, end, new_text] : edits) {
      out += text.substr(at, begin - at) + new_text;
      at = end;
    }
    out += text.substr(at);
    std::ofstream(path, std::ios::binary | std::ios::trunc) << out;
  }
}

class RefactorsTest : public ::testing::Test, protected testing::LspSession {
 protected:
  json actions(const std::string& note, int line, int character, const json& only = nullptr, int end_line = -1,
               int end_character = -1) {
    json context = {{"diagnostics", json::array()}};
    if (!only.is_null()) context["only"] = only;
    const json end = {{"line", end_line < 0 ? line : end_line},
                      {"character", end_line < 0 ? character : end_character}};
    const json response = call("textDocument/codeAction",
                               {{"textDocument", {{"uri", note}}},
                                {"range", {{"start", {{"line", line}, {"character", character}}}, {"end", end}}},
                                {"context", context}});
    EXPECT_TRUE(response.contains("result")) << response.dump();
    return response.value("result", json::array());
  }
  static const json* titled(const json& all, std::string_view title) {
    for (const json& action : all)
      if (action.value("title", "") == title) return &action;
    return nullptr;
  }
  void wait_indexed(const std::string& note) {
    transport.wait_for([&](const json& m) {
      return m.value("method", "") == "textDocument/publishDiagnostics" && m["params"]["uri"] == note;
    });
  }
};

TEST_F(RefactorsTest, ConvertLinkAtAUtf16Position) {
  vault.write("Areas/Mål.md", "# Del 2\n");
  initialize(kEditCapabilities);
  const std::string note = open("Note.md", "😀 [[Mål#Del 2|to]] og [[Mål]]\n");
  wait_indexed(note);
  // Column 4 is inside the first link, after the emoji's two UTF-16 units and a space.
  const json all = actions(note, 0, 4, json::array({"refactor.rewrite"}));
  const json* one = titled(all, "Convert to a Markdown link");
  ASSERT_NE(one, nullptr) << all.dump();
  EXPECT_EQ((*one)["kind"], "refactor.rewrite");
  const json& edit = (*one)["edit"]["documentChanges"][0];
  EXPECT_EQ(edit["edits"][0]["range"]["start"]["character"], 3);
  EXPECT_EQ(edit["edits"][0]["range"]["end"]["character"], 19);
  EXPECT_EQ(edit["edits"][0]["newText"], "[to](Mål.md#Del%202)");
  EXPECT_NE(titled(all, "Convert every wiki link in this note to a Markdown link"), nullptr) << all.dump();
  // Only quick fixes asked for: no refactor.
  EXPECT_EQ(actions(note, 0, 4, json::array({"quickfix"})), json::array());
  // "refactor" covers its sub-kinds.
  EXPECT_NE(titled(actions(note, 0, 4, json::array({"refactor"})), "Convert to a Markdown link"), nullptr);
}

TEST_F(RefactorsTest, InlineEmbed) {
  vault.write("Other.md", "# Other\n## Part\nPart text.\n## Next\n");
  initialize(kEditCapabilities);
  const std::string note = open("Note.md", "Before\n![[Other#Part]]\n");
  wait_indexed(note);
  const json all = actions(note, 1, 3, json::array({"refactor.inline"}));
  ASSERT_EQ(all.size(), 1u) << all.dump();
  EXPECT_EQ(all[0]["title"], "Inline the embedded section");
  EXPECT_EQ(all[0]["kind"], "refactor.inline");
  EXPECT_EQ(all[0]["edit"]["documentChanges"][0]["edits"][0]["newText"], "## Part\nPart text.");
}

TEST_F(RefactorsTest, ExtractSectionCreatesTheNoteAndEveryLinkFollows) {
  vault.write("Other.md", "[[Old#Scrum]] and [[Old#^small]] and [[Old#Keep]]\n");
  vault.write(".obsidian/app.json", R"({"newFileLocation": "folder", "newFileFolderPath": "Inbox"})");
  // On disk before the scan, else the scan may not list it and nothing links to it yet.
  const std::string_view old_text = "# Old\n## Keep\nStays.\n\n## Scrum\nSmall teams. ^small\n\n## After\n";
  vault.write("Notes/Old.md", old_text);
  initialize(kEditCapabilities);
  const std::string note = open("Notes/Old.md", old_text);
  wait_indexed(note);
  const json all = actions(note, 4, 2, json::array({"refactor.extract"}));
  ASSERT_EQ(all.size(), 2u) << all.dump();
  EXPECT_EQ(all[0]["title"], "Extract section to Inbox/Scrum.md");
  EXPECT_EQ(all[1]["title"], "Extract section to Inbox/Scrum.md and embed it");
  const json& changes = all[0]["edit"]["documentChanges"];
  EXPECT_EQ(changes[0]["kind"], "create");
  EXPECT_EQ(changes[0]["uri"], uri("Inbox/Scrum.md"));
  apply_edit(all[0]["edit"]);
  EXPECT_EQ(read_all(vault.root() / "Inbox" / "Scrum.md"), "## Scrum\nSmall teams. ^small\n\n");
  EXPECT_EQ(read_all(vault.root() / "Notes" / "Old.md"), "# Old\n## Keep\nStays.\n\n[[Scrum]]\n\n## After\n");
  EXPECT_EQ(read_all(vault.root() / "Other.md"), "[[Scrum#Scrum]] and [[Scrum#^small]] and [[Old#Keep]]\n");
  // A client that cannot create files is not offered it.
  LspSession plain;
  plain.vault.write("Old.md", "# Old\n## Scrum\n");
  plain.initialize(
      {{"textDocument",
        {{"codeAction", {{"codeActionLiteralSupport", {{"codeActionKind", {{"valueSet", {"refactor"}}}}}}}}}}});
  const std::string old = plain.open("Old.md", "# Old\n## Scrum\n");
  const json response =
      plain.call("textDocument/codeAction",
                 {{"textDocument", {{"uri", old}}},
                  {"range", {{"start", {{"line", 1}, {"character", 1}}}, {"end", {{"line", 1}, {"character", 1}}}}},
                  {"context", {{"diagnostics", json::array()}}}});
  EXPECT_EQ(response["result"], json::array()) << response.dump();
}

TEST_F(RefactorsTest, LinkUnlinkedMentionsFromTheTitle) {
  vault.write("Plan.md", "😀 Vi kjøper blåbær. Blåbær!\n");
  vault.write("Quiet.md", "Nothing here.\n");
  // On disk before the scan: a note the scan has not listed has nothing to link to yet.
  vault.write("Open.md", "Nothing yet.\n");
  vault.write("Blåbær.md", "# Blåbær\nBlåbær er godt.\n");
  initialize(kEditCapabilities);
  // An open buffer wins over its file on disk.
  const std::string open_note = open("Open.md", "Nothing yet.\n");
  change(open_note, "Blåbær\n", 2);
  const std::string note = open("Blåbær.md", "# Blåbær\nBlåbær er godt.\n");
  wait_indexed(note);
  const json all = actions(note, 0, 3, json::array({"refactor.rewrite"}));
  const json* link = titled(all, "Link 3 unlinked mentions of \"Blåbær\"");
  ASSERT_NE(link, nullptr) << all.dump();
  EXPECT_EQ(actions(note, 0, 2, json::array({"refactor.rewrite"})), all) << "asked again, nothing changed";
  EXPECT_EQ((*link)["kind"], "refactor.rewrite");
  const json& changes = (*link)["edit"]["documentChanges"];
  ASSERT_EQ(changes.size(), 2u) << changes.dump();
  EXPECT_EQ(changes[0]["textDocument"]["uri"], open_note);
  EXPECT_EQ(changes[0]["textDocument"]["version"], 2);
  EXPECT_EQ(changes[0]["edits"][0]["newText"], "[[Blåbær]]");
  EXPECT_EQ(changes[1]["textDocument"]["uri"], uri("Plan.md"));
  // UTF-16 columns: the emoji counts two.
  const json& edits = changes[1]["edits"];
  ASSERT_EQ(edits.size(), 2u) << edits.dump();
  EXPECT_EQ(edits[0]["range"]["start"], json({{"line", 0}, {"character", 13}}));
  EXPECT_EQ(edits[0]["range"]["end"], json({{"line", 0}, {"character", 19}}));
  EXPECT_EQ(edits[0]["newText"], "[[Blåbær|blåbær]]");
  EXPECT_EQ(edits[1]["range"]["start"], json({{"line", 0}, {"character", 21}}));
  EXPECT_EQ(edits[1]["range"]["end"], json({{"line", 0}, {"character", 27}}));
  EXPECT_EQ(edits[1]["newText"], "[[Blåbær]]");
  apply_edit({{"documentChanges", json::array({changes[1]})}});
  EXPECT_EQ(read_all(vault.root() / "Plan.md"), "😀 Vi kjøper [[Blåbær|blåbær]]. [[Blåbær]]!\n");
  // After an edit the answer is not the remembered one: Plan.md's mentions are links now,
  // Open.md has two.
  change(open_note, "Blåbær og blåbær\n", 3);
  const json again = actions(note, 0, 3, json::array({"refactor.rewrite"}));
  EXPECT_NE(titled(again, "Link 2 unlinked mentions of \"Blåbær\""), nullptr) << again.dump();
  // Off the title line: not offered.
  for (const json& action : actions(note, 1, 2)) EXPECT_FALSE(action.value("title", "").starts_with("Link ")) << action;
}

}  // namespace
}  // namespace slipbox::lsp
