// Link and index settings: app.json, the `links`/`index.exclude` settings, and their effect
// on a running server (exclude globs, alias resolution, completion style, symbol search).
#include "lsp/link_settings.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "lsp/server.h"
#include "lsp/settings.h"
#include "lsp/uri.h"
#include "tests/lsp/lsp_session.h"

namespace slipbox::lsp {
namespace {

using ::testing::HasSubstr;
using testing::MemoryTransport;
using testing::notification;
using testing::request;
using testing::TempVault;

// ---- app.json ------------------------------------------------------------------------------

TEST(AppJson, ReadsWhatSlipboxUses) {
  const VaultSettings s = parse_app_json(R"({
    "userIgnoreFilters": ["Archive/", "/\\.excalidraw/", 3, ""],
    "newLinkFormat": "relative",
    "useMarkdownLinks": true,
    "attachmentFolderPath": "./assets",
    "newFileLocation": "folder",
    "newFileFolderPath": "/Inbox/",
    "vimMode": true
  })");
  EXPECT_EQ(s.ignore_filters, (std::vector<std::string>{"Archive/", "/\\.excalidraw/"}));
  EXPECT_TRUE(s.is_ignored("Archive/Old.md"));
  EXPECT_TRUE(s.is_ignored("x/a.excalidraw.md"));
  EXPECT_FALSE(s.is_ignored("Home.md"));
  EXPECT_EQ(s.new_link_format, LinkFormat::Relative);
  EXPECT_EQ(s.use_markdown_links, true);
  EXPECT_EQ(s.attachment_folder_for("Projects/Plan.md"), "Projects/assets");
  EXPECT_EQ(s.new_note_folder, "Inbox");
}

TEST(AppJson, DefaultsForMissingOrBadValues) {
  for (const char* text : {"", "not json", "[]", "{}", R"({"newLinkFormat": "weird", "useMarkdownLinks": "yes",
      "userIgnoreFilters": "Archive/", "attachmentFolderPath": 5, "newFileLocation": "current", "newFileFolderPath": "X"})"}) {
    const VaultSettings s = parse_app_json(text);
    EXPECT_TRUE(s.ignore_filters.empty()) << text;
    EXPECT_FALSE(s.new_link_format) << text;
    EXPECT_FALSE(s.use_markdown_links) << text;
    EXPECT_EQ(s.attachment_folder_for("a/b.md"), "") << text;
    EXPECT_EQ(s.new_note_folder, "") << text;
  }
  EXPECT_FALSE(parse_app_json("{}").new_note_next_to_source);
  EXPECT_FALSE(parse_app_json(R"({"newFileLocation": "folder", "newFileFolderPath": "X"})").new_note_next_to_source);
  const VaultSettings current = parse_app_json(R"({"newFileLocation": "current", "newFileFolderPath": "X"})");
  EXPECT_TRUE(current.new_note_next_to_source);
  EXPECT_EQ(current.new_note_folder, "");
  EXPECT_EQ(parse_app_json(R"({"newLinkFormat": "shortest"})").new_link_format, LinkFormat::Shortest);
  EXPECT_EQ(parse_app_json(R"({"newLinkFormat": "absolute"})").new_link_format, LinkFormat::Absolute);
}

TEST(VaultSettingsCache, RereadsWhenTheFileChanges) {
  TempVault vault;
  VaultSettingsCache cache;
  EXPECT_FALSE(cache.get(vault.root())->use_markdown_links);  // no app.json
  vault.write(".obsidian/app.json", R"({"useMarkdownLinks": true})");
  const auto first = cache.get(vault.root());
  EXPECT_EQ(first->use_markdown_links, true);
  EXPECT_EQ(cache.get(vault.root()), first);  // unchanged: the same object, not re-read
  vault.write(".obsidian/app.json", R"({"useMarkdownLinks": false, "newLinkFormat": "absolute"})");
  EXPECT_EQ(cache.get(vault.root())->use_markdown_links, false);
  EXPECT_EQ(cache.get(vault.root())->new_link_format, LinkFormat::Absolute);
  std::filesystem::remove(vault.root() / ".obsidian" / "app.json");
  EXPECT_FALSE(cache.get(vault.root())->new_link_format);
}

TEST(CorePluginJson, DailyNotesAndTemplates) {
  const DailyNoteSettings daily = parse_daily_notes_json(
      R"({"format": "YYYY/MM/DD", "folder": "/Journal/", "template": "Templates/Day", "autorun": true})");
  EXPECT_EQ(daily.format, "YYYY/MM/DD");
  EXPECT_EQ(daily.folder, "Journal");
  EXPECT_EQ(daily.template_path, "Templates/Day");
  // Obsidian writes empty strings for settings left at their default.
  const DailyNoteSettings defaults = parse_daily_notes_json(R"({"format": "", "folder": 3})");
  EXPECT_EQ(defaults.format, "YYYY-MM-DD");
  EXPECT_EQ(defaults.folder, "");
  EXPECT_EQ(parse_daily_notes_json("not json").format, "YYYY-MM-DD");
  const TemplateSettings templates =
      parse_templates_json(R"({"folder": "Maler/", "dateFormat": "DD.MM.YYYY", "timeFormat": ""})");
  EXPECT_EQ(templates.folder, "Maler");
  EXPECT_EQ(templates.date_format, "DD.MM.YYYY");
  EXPECT_EQ(templates.time_format, "HH:mm");
}

TEST(VaultSettingsCache, RereadsTheCorePluginFilesToo) {
  TempVault vault;
  VaultSettingsCache cache;
  vault.write(".obsidian/app.json", "{}");
  EXPECT_EQ(cache.get(vault.root())->daily_notes.folder, "");
  vault.write(".obsidian/daily-notes.json", R"({"folder": "Daily"})");
  EXPECT_EQ(cache.get(vault.root())->daily_notes.folder, "Daily");
  vault.write(".obsidian/templates.json", R"({"folder": "Templates"})");
  EXPECT_EQ(cache.get(vault.root())->templates.folder, "Templates");
  EXPECT_EQ(cache.get(vault.root())->daily_notes.folder, "Daily");
  std::filesystem::remove(vault.root() / ".obsidian" / "daily-notes.json");
  EXPECT_EQ(cache.get(vault.root())->daily_notes.folder, "");
}

// ---- settings ------------------------------------------------------------------------------

TEST(LinkSettings, ParsedFromTheSlipboxSection) {
  Settings settings;
  std::string problems;
  settings.merge(json::parse(R"({"index": {"exclude": ["Archive/**", "Templates"]},
      "links": {"style": "markdown", "format": "absolute", "resolveAliases": true}})"),
                 &problems);
  EXPECT_EQ(problems, "");
  EXPECT_EQ(settings.exclude, (std::vector<std::string>{"Archive/**", "Templates"}));
  ASSERT_TRUE(settings.exclude_globs);
  EXPECT_TRUE(settings.exclude_globs->excludes("Templates/Daily.md"));
  EXPECT_EQ(settings.markdown_links, true);
  EXPECT_EQ(settings.link_format, LinkFormat::Absolute);
  EXPECT_TRUE(settings.resolve_aliases);

  settings.merge(json::parse(R"({"links": {"style": "wikilink", "format": "relative"}, "index": {"exclude": []}})"));
  EXPECT_EQ(settings.markdown_links, false);
  EXPECT_EQ(settings.link_format, LinkFormat::Relative);
  EXPECT_TRUE(settings.exclude.empty());
  EXPECT_FALSE(settings.exclude_globs);

  // null (an editor setting left at "no value") is unset: app.json decides again.
  std::string problems_of_null;
  settings.merge(json::parse(R"({"links": {"style": null, "format": null}})"), &problems_of_null);
  EXPECT_FALSE(settings.markdown_links);
  EXPECT_FALSE(settings.link_format);
  EXPECT_EQ(problems_of_null, "");
}

TEST(DiagnosticSettings, AmbiguousLinkIsAHintUnlessConfigured) {
  Settings settings;
  EXPECT_EQ(settings.severity("ambiguous-link", DiagnosticSeverity::Hint), DiagnosticSeverity::Hint);
  settings.merge(json::parse(R"({"diagnostics": {"severity": {"ambiguous-link": "warning"}}})"));
  EXPECT_EQ(settings.severity("ambiguous-link", DiagnosticSeverity::Hint), DiagnosticSeverity::Warning);
  settings.merge(json::parse(R"({"diagnostics": {"severity": {"ambiguous-link": "off"}}})"));
  EXPECT_EQ(settings.severity("ambiguous-link", DiagnosticSeverity::Hint), std::nullopt);
  EXPECT_EQ(settings.severity(DiagnosticKind::UnresolvedLink), DiagnosticSeverity::Warning);
}

TEST(IndexSettings, FollowSymlinksDefaultsToTrue) {
  Settings settings;
  EXPECT_TRUE(settings.follow_symlinks);
  std::string problems;
  settings.merge(json::parse(R"({"index": {"followSymlinks": false}})"), &problems);
  EXPECT_EQ(problems, "");
  EXPECT_FALSE(settings.follow_symlinks);
  settings.merge(json::parse(R"({"index": {"followSymlinks": "yes"}})"), &problems);
  EXPECT_THAT(problems, HasSubstr("index.followSymlinks"));
  EXPECT_FALSE(settings.follow_symlinks);
  settings.merge(json::parse(R"({"index": {"followSymlinks": true}})"));
  EXPECT_TRUE(settings.follow_symlinks);
}

TEST(LinkSettings, BadValuesAreReportedAndIgnored) {
  Settings settings;
  std::string problems;
  settings.merge(json::parse(R"({"index": {"exclude": [1, "x"]},
      "links": {"style": "html", "format": 3, "resolveAliases": "yes"}})"),
                 &problems);
  EXPECT_THAT(problems, HasSubstr("index.exclude"));
  EXPECT_THAT(problems, HasSubstr("links.style"));
  EXPECT_THAT(problems, HasSubstr("links.format"));
  EXPECT_THAT(problems, HasSubstr("links.resolveAliases"));
  EXPECT_TRUE(settings.exclude.empty());
  EXPECT_FALSE(settings.markdown_links);
  EXPECT_FALSE(settings.link_format);
  EXPECT_FALSE(settings.resolve_aliases);
}

TEST(LinkSettings, SettingsOverrideAppJson) {
  VaultSettings app = parse_app_json(R"({"useMarkdownLinks": true, "newLinkFormat": "relative"})");
  QueryEnvironment options;
  EXPECT_TRUE(options.style(app).markdown);
  EXPECT_EQ(options.style(app).format, LinkFormat::Relative);
  options.markdown_links = false;
  options.link_format = LinkFormat::Absolute;
  EXPECT_FALSE(options.style(app).markdown);
  EXPECT_EQ(options.style(app).format, LinkFormat::Absolute);
  EXPECT_FALSE(QueryEnvironment{}.style(VaultSettings{}).format);  // neither: complete()'s own default
}

// ---- a running server ----------------------------------------------------------------------

class LinkSettingsServerTest : public ::testing::Test, protected testing::LspSession {
 protected:
  LinkSettingsServerTest() : LspSession(options()) {
    vault.write("🛠 Ressurser/Agile Metoder.md", "---\naliases: [Smidig]\n---\n# Agile Metoder\n");
    vault.write("Archive/Old.md", "# Old\n");
  }

  static ServerOptions options() {
    ServerOptions o = test_options();
    o.diagnostics_delay = std::chrono::milliseconds(10);
    o.rescan_delay = std::chrono::milliseconds(10);
    return o;
  }

  void initialize(const json& initialization_options = json::object()) {
    LspSession::initialize(json::object(), {{"initializationOptions", initialization_options}});
  }

  // Waits for a publishDiagnostics of `uri` with `count` entries after `from`.
  bool diagnostics(const std::string& uri, size_t count) { return published(uri, count, &from).has_value(); }

  void configure(const json& slipbox) {
    notify("workspace/didChangeConfiguration", {{"settings", {{"slipbox", slipbox}}}});
  }

  json ask(const std::string& method, const json& params) { return call(method, params); }

  json complete(const std::string& uri, int line, int character) {
    return call("textDocument/completion", at(uri, line, character));
  }

  size_t from = 0;
};

TEST_F(LinkSettingsServerTest, ExcludedFilesAreNotIndexedNorAddedByEvents) {
  initialize({{"index", {{"exclude", {"Archive"}}}}});
  const std::string uri = open("Plan.md", "[[Old]] [[New]] [[Fresh]]\n");
  ASSERT_TRUE(diagnostics(uri, 3)) << transport.dump();
  const auto excluded = vault.write("Archive/New.md", "# New\n");
  const auto fresh = vault.write("Fresh.md", "# Fresh\n");
  server.handle_message(notification(
      "workspace/didChangeWatchedFiles",
      {{"changes", {{{"uri", uri_from_path(excluded)}, {"type", 1}}, {{"uri", uri_from_path(fresh)}, {"type", 1}}}}}));
  // Fresh resolves, New (excluded) does not.
  EXPECT_TRUE(diagnostics(uri, 2)) << transport.dump();
}

TEST_F(LinkSettingsServerTest, ChangingExcludeRescans) {
  initialize();
  const std::string uri = open("Plan.md", "[[Old]]\n");
  ASSERT_TRUE(diagnostics(uri, 0)) << transport.dump();
  configure({{"index", {{"exclude", {"Archive/**"}}}}});
  EXPECT_TRUE(diagnostics(uri, 1)) << "Archive/Old.md should be gone:\n" << transport.dump();
  configure({{"index", {{"exclude", json::array()}}}});
  EXPECT_TRUE(diagnostics(uri, 0)) << "and back:\n" << transport.dump();
}

TEST_F(LinkSettingsServerTest, AliasesResolveOnlyWhenAsked) {
  initialize();
  const std::string uri = open("Plan.md", "[[Smidig]]\n");
  ASSERT_TRUE(diagnostics(uri, 1)) << transport.dump();  // Obsidian's default: unresolved
  configure({{"links", {{"resolveAliases", true}}}});
  ASSERT_TRUE(diagnostics(uri, 0)) << transport.dump();
  const json definition =
      ask("textDocument/definition", {{"textDocument", {{"uri", uri}}}, {"position", {{"line", 0}, {"character", 3}}}});
  EXPECT_EQ(definition["result"]["uri"],
            uri_from_path(vault.root() / std::filesystem::path(u8"🛠 Ressurser/Agile Metoder.md")))
      << definition.dump();
}

TEST_F(LinkSettingsServerTest, CompletionFollowsAppJsonAndSettingsOverrideIt) {
  vault.write(".obsidian/app.json", R"({"useMarkdownLinks": true, "newLinkFormat": "absolute"})");
  initialize();
  const std::string uri = open("Plan.md", "See [[Agi\n");
  ASSERT_TRUE(diagnostics(uri, 0)) << transport.dump();  // indexed
  json items = complete(uri, 0, 9)["result"]["items"];
  ASSERT_FALSE(items.empty()) << items.dump();
  EXPECT_EQ(items[0]["textEdit"]["newText"], "[Agile Metoder](🛠%20Ressurser/Agile%20Metoder.md)");
  EXPECT_EQ(items[0]["textEdit"]["range"]["start"]["character"], 4);  // replaces the `[[`

  configure({{"links", {{"style", "wikilink"}}}});
  items = complete(uri, 0, 9)["result"]["items"];
  ASSERT_FALSE(items.empty());
  EXPECT_EQ(items[0]["textEdit"]["newText"], "🛠 Ressurser/Agile Metoder]]");  // absolute from app.json

  // Obsidian rewrites app.json: the next request sees it.
  vault.write(".obsidian/app.json", R"({"newLinkFormat": "shortest", "userIgnoreFilters": []})");
  items = complete(uri, 0, 9)["result"]["items"];
  ASSERT_FALSE(items.empty());
  EXPECT_EQ(items[0]["textEdit"]["newText"], "Agile Metoder]]");
}

TEST_F(LinkSettingsServerTest, IgnoredFilesAreHiddenFromSymbolSearch) {
  initialize();
  const std::string uri = open("Plan.md", "[[Agile Metoder]]\n");
  ASSERT_TRUE(diagnostics(uri, 0)) << transport.dump();
  const auto agile_hits = [&] {
    size_t hits = 0;
    const json answer = ask("workspace/symbol", {{"query", "Agile"}});
    for (const json& symbol : answer["result"])
      hits += symbol["location"]["uri"].get<std::string>().find("Agile") != std::string::npos;
    return hits;
  };
  ASSERT_GT(agile_hits(), 0u);
  vault.write(".obsidian/app.json", R"({"userIgnoreFilters": ["🛠 Ressurser/"]})");
  EXPECT_EQ(agile_hits(), 0u);
  // Still resolved: no diagnostic appears for the link.
  server.handle_message(notification(
      "textDocument/didChange",
      {{"textDocument", {{"uri", uri}, {"version", 2}}}, {"contentChanges", {{{"text", "[[Agile Metoder]] \n"}}}}}));
  EXPECT_TRUE(diagnostics(uri, 0));
}

}  // namespace
}  // namespace slipbox::lsp
