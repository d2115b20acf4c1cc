#include "lsp/link_settings.h"

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
      if (filter.is_string() && !filter.get<std::string>().empty()) out.ignore_filters.push_back(filter.get<std::string>());
  }
  if (const auto format = string_of("newLinkFormat")) {
    if (*format == "shortest") out.new_link_format = LinkFormat::Shortest;
    else if (*format == "relative") out.new_link_format = LinkFormat::Relative;
    else if (*format == "absolute") out.new_link_format = LinkFormat::Absolute;
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

VaultSettings read_vault_settings(const fs::path& vault_root) {
  std::ifstream in(vault_root / ".obsidian" / "app.json", std::ios::binary);
  if (!in) return {};
  std::stringstream buffer;
  buffer << in.rdbuf();
  return parse_app_json(buffer.str());
}

std::shared_ptr<const VaultSettings> VaultSettingsCache::get(const fs::path& vault_root) {
  const fs::path file = vault_root / ".obsidian" / "app.json";
  std::error_code error;
  Entry now;
  now.exists = fs::is_regular_file(file, error);
  if (now.exists) {
    now.modified = fs::last_write_time(file, error);
    now.size = error ? 0 : fs::file_size(file, error);
  }
  const std::string key = vault_root.lexically_normal().string();
  {
    std::lock_guard lock(mutex_);
    const auto it = by_root_.find(key);
    if (it != by_root_.end() && it->second.exists == now.exists && it->second.modified == now.modified &&
        it->second.size == now.size)
      return it->second.settings;
  }
  // app.json is a few hundred bytes; an unbounded file is not read whole.
  now.settings = std::make_shared<const VaultSettings>(now.exists && now.size < (1u << 20) ? read_vault_settings(vault_root)
                                                                                          : VaultSettings{});
  std::lock_guard lock(mutex_);
  by_root_[key] = now;
  return now.settings;
}

NoteOptions::Style NoteOptions::style(const VaultSettings& vault) const {
  Style out;
  out.markdown = markdown_links.value_or(vault.use_markdown_links.value_or(false));
  out.format = link_format ? link_format : vault.new_link_format;
  return out;
}

std::shared_ptr<const NoteOptions> make_note_options(const Settings& settings,
                                                     const std::shared_ptr<const NoteOptions>& previous) {
  auto options = std::make_shared<NoteOptions>();
  options->markdown_links = settings.markdown_links;
  options->link_format = settings.link_format;
  options->resolve_aliases = settings.resolve_aliases;
  if (previous) {
    options->aliases = previous->aliases;
    options->vault_settings = previous->vault_settings;
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
