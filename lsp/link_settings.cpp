#include "lsp/link_settings.h"

#include <array>
#include <ctime>
#include <fstream>
#include <sstream>

#include "analysis/text/unicode.h"
#include "lsp/settings.h"
#include "lsp/uri.h"

namespace slipbox::lsp {

namespace fs = std::filesystem;

namespace {

// The vault path of `path` under `root`, or nullopt when it is not inside.
std::optional<std::string> vault_path_under(const fs::path& root, const fs::path& path) {
  const fs::path relative = path.lexically_normal().lexically_relative(root.lexically_normal());
  if (relative.empty() || relative == "." || *relative.begin() == "..") return std::nullopt;
  return relative.generic_string();
}

std::string trim_slashes(std::string path) {
  while (path.starts_with('/')) path.erase(0, 1);
  while (path.ends_with('/')) path.pop_back();
  return path;
}

}  // namespace

VaultSettings parse_app_json(std::string_view text) {
  VaultSettings out;
  const json app = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (!app.is_object()) return out;
  const auto string_of = [&](const char* key) -> std::optional<std::string> {
    const auto it = app.find(key);
    if (it == app.end() || !it->is_string()) return std::nullopt;
    return it->get<std::string>();
  };
  if (const auto filters = app.find("userIgnoreFilters"); filters != app.end() && filters->is_array()) {
    for (const auto& filter : *filters)
      if (filter.is_string() && !filter.get<std::string>().empty())
        out.ignore_filters.push_back(filter.get<std::string>());
  }
  if (const auto format = string_of("newLinkFormat")) {
    if (*format == "shortest")
      out.new_link_format = LinkFormat::Shortest;
    else if (*format == "relative")
      out.new_link_format = LinkFormat::Relative;
    else if (*format == "absolute")
      out.new_link_format = LinkFormat::Absolute;
  }
  if (const auto markdown = app.find("useMarkdownLinks"); markdown != app.end() && markdown->is_boolean())
    out.use_markdown_links = markdown->get<bool>();
  if (const auto folder = string_of("attachmentFolderPath")) out.attachment_folder_path = *folder;
  // "Default location for new notes": "root" (the default), "current" (the current note's
  // folder) or "folder" (newFileFolderPath).
  const auto location = string_of("newFileLocation");
  if (location == "folder") {
    if (const auto folder = string_of("newFileFolderPath")) out.new_note_folder = trim_slashes(*folder);
  } else if (location == "current") {
    out.new_note_next_to_source = true;
  }
  out.compile_filters();
  return out;
}

namespace {

// Settings files are a few hundred bytes; an unbounded one is not read whole.
constexpr uintmax_t kMaxSettingsFile = 1u << 20;
constexpr std::array<const char*, 3> kSettingsFiles = {"app.json", "daily-notes.json", "templates.json"};

std::optional<std::string> read_settings_file(const fs::path& vault_root, const char* name) {
  const fs::path file = vault_root / ".obsidian" / name;
  std::error_code error;
  if (!fs::is_regular_file(file, error) || fs::file_size(file, error) >= kMaxSettingsFile || error) return std::nullopt;
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// A string value that is present and not empty.
std::optional<std::string> nonempty_string(const json& object, const char* key) {
  const auto it = object.find(key);
  if (it == object.end() || !it->is_string() || it->get<std::string>().empty()) return std::nullopt;
  return it->get<std::string>();
}

}  // namespace

DailyNoteSettings parse_daily_notes_json(std::string_view text) {
  DailyNoteSettings out;
  const json daily = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (!daily.is_object()) return out;
  if (auto format = nonempty_string(daily, "format")) out.format = std::move(*format);
  if (auto folder = nonempty_string(daily, "folder")) out.folder = to_nfc(trim_slashes(*folder));
  if (auto template_path = nonempty_string(daily, "template")) out.template_path = to_nfc(trim_slashes(*template_path));
  return out;
}

TemplateSettings parse_templates_json(std::string_view text) {
  TemplateSettings out;
  const json templates = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (!templates.is_object()) return out;
  if (auto folder = nonempty_string(templates, "folder")) out.folder = to_nfc(trim_slashes(*folder));
  if (auto format = nonempty_string(templates, "dateFormat")) out.date_format = std::move(*format);
  if (auto format = nonempty_string(templates, "timeFormat")) out.time_format = std::move(*format);
  return out;
}

VaultSettings read_vault_settings(const fs::path& vault_root) {
  VaultSettings out;
  if (const auto app = read_settings_file(vault_root, "app.json")) out = parse_app_json(*app);
  if (const auto daily = read_settings_file(vault_root, "daily-notes.json"))
    out.daily_notes = parse_daily_notes_json(*daily);
  if (const auto templates = read_settings_file(vault_root, "templates.json"))
    out.templates = parse_templates_json(*templates);
  return out;
}

std::shared_ptr<const VaultSettings> VaultSettingsCache::get(const fs::path& vault_root) {
  Entry now;
  for (const char* name : kSettingsFiles) {
    const fs::path file = vault_root / ".obsidian" / name;
    std::error_code error;
    FileStamp stamp;
    stamp.exists = fs::is_regular_file(file, error);
    if (stamp.exists) {
      stamp.modified = fs::last_write_time(file, error);
      stamp.size = error ? 0 : fs::file_size(file, error);
    }
    now.files.push_back(stamp);
  }
  const std::string key = vault_root.lexically_normal().string();
  {
    std::lock_guard lock(mutex_);
    const auto it = by_root_.find(key);
    if (it != by_root_.end() && it->second.files == now.files) return it->second.settings;
  }
  now.settings = std::make_shared<const VaultSettings>(read_vault_settings(vault_root));
  std::lock_guard lock(mutex_);
  by_root_[key] = now;
  return now.settings;
}

QueryEnvironment::Style QueryEnvironment::style(const VaultSettings& vault) const {
  Style out;
  out.markdown = markdown_links.value_or(vault.use_markdown_links.value_or(false));
  out.format = link_format ? link_format : vault.new_link_format;
  return out;
}

LocalDateTime QueryEnvironment::now() const {
  if (local_time) return local_time();
  const std::time_t seconds = std::time(nullptr);
  std::tm local{};
  localtime_r(&seconds, &local);
  return LocalDateTime{local.tm_year + 1900, local.tm_mon + 1, local.tm_mday,
                       local.tm_hour,        local.tm_min,     local.tm_sec};
}

std::shared_ptr<const QueryEnvironment> make_query_environment(
    const Settings& settings, const std::shared_ptr<const QueryEnvironment>& previous) {
  auto options = std::make_shared<QueryEnvironment>();
  options->markdown_links = settings.markdown_links;
  options->link_format = settings.link_format;
  options->resolve_aliases = settings.resolve_aliases;
  if (previous) {
    options->aliases = previous->aliases;
    options->vault_settings = previous->vault_settings;
    options->local_time = previous->local_time;
  }
  return options;
}

void hide_ignored_symbols(std::vector<SymbolInformation>& symbols, const std::vector<fs::path>& roots,
                          VaultSettingsCache& cache) {
  std::vector<std::pair<fs::path, std::shared_ptr<const VaultSettings>>> vaults;
  for (const fs::path& root : roots) {
    auto settings = cache.get(root);
    if (!settings->ignore_filters.empty()) vaults.emplace_back(root, std::move(settings));
  }
  if (vaults.empty()) return;
  std::erase_if(symbols, [&](const SymbolInformation& symbol) {
    const auto path = path_from_uri(symbol.location.uri);
    if (!path) return false;
    for (const auto& [root, settings] : vaults) {
      const auto vault_path = vault_path_under(root, *path);
      if (vault_path && settings->is_ignored(to_nfc(*vault_path))) return true;
    }
    return false;
  });
}

}  // namespace slipbox::lsp
