#pragma once
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "analysis/text/moment_format.h"
#include "analysis/vault/alias_index.h"
#include "analysis/vault/vault_settings.h"
#include "lsp/protocol.h"

namespace slipbox::lsp {

struct Settings;

// `.obsidian/app.json` → VaultSettings. Unknown keys and bad values are ignored; text that
// is not a JSON object gives the defaults.
VaultSettings parse_app_json(std::string_view text);
// `.obsidian/daily-notes.json` and `.obsidian/templates.json`, the same way (an empty
// `format`, `dateFormat` or `timeFormat` means the default, as in Obsidian).
DailyNoteSettings parse_daily_notes_json(std::string_view text);
TemplateSettings parse_templates_json(std::string_view text);
// Reads `<root>/.obsidian/app.json`, `daily-notes.json` and `templates.json` (defaults for
// each one missing or unreadable).
VaultSettings read_vault_settings(const std::filesystem::path& vault_root);

// Each vault's settings files, re-read when one changed on disk: every get() compares their
// modification times and sizes (one stat each), so an edit in Obsidian takes effect at the
// next request whether or not the client reports events for `.obsidian/`. Thread-safe.
class VaultSettingsCache {
 public:
  std::shared_ptr<const VaultSettings> get(const std::filesystem::path& vault_root);

 private:
  struct FileStamp {
    std::filesystem::file_time_type modified{};
    uintmax_t size = 0;
    bool exists = false;
    friend bool operator==(const FileStamp&, const FileStamp&) = default;
  };
  struct Entry {
    std::vector<FileStamp> files;  // app.json, daily-notes.json, templates.json
    std::shared_ptr<const VaultSettings> settings;
  };
  std::mutex mutex_;
  std::unordered_map<std::string, Entry> by_root_;
};

// What queries need besides the note and its vault, shared by every snapshot
// (NoteSnapshot::environment): the user's link settings, the caches of what the vaults' own
// files say (.obsidian settings, aliases), and the clock.
struct QueryEnvironment {
  std::optional<bool> markdown_links;     // links.style; unset: app.json useMarkdownLinks
  std::optional<LinkFormat> link_format;  // links.format; unset: app.json newLinkFormat
  bool resolve_aliases = false;           // links.resolveAliases
  std::shared_ptr<AliasIndexCache> aliases = std::make_shared<AliasIndexCache>();
  std::shared_ptr<VaultSettingsCache> vault_settings = std::make_shared<VaultSettingsCache>();
  // The wall clock daily notes and templates are dated by (tests set one); unset: the
  // machine's local time.
  std::function<LocalDateTime()> local_time;
  LocalDateTime now() const;

  // The settings win over app.json. `format` stays unset when neither names one.
  struct Style {
    bool markdown = false;
    std::optional<LinkFormat> format;
  };
  Style style(const VaultSettings& vault) const;
};

// From the user's settings; the caches of `previous` carry over (they depend on the vaults,
// not on the settings).
std::shared_ptr<const QueryEnvironment> make_query_environment(const Settings& settings,
                                                               const std::shared_ptr<const QueryEnvironment>& previous);

// Drops the symbols in files the vault's userIgnoreFilters exclude (Obsidian hides them in Search).
void hide_ignored_symbols(std::vector<SymbolInformation>& symbols, const std::vector<std::filesystem::path>& roots,
                          VaultSettingsCache& cache);

}  // namespace slipbox::lsp
