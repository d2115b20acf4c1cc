#include "analysis/vault/vault_settings.h"

#include "analysis/text/unicode.h"

namespace slipbox {

void VaultSettings::compile_filters() {
  prefixes_.clear();
  patterns_.clear();
  for (const std::string& filter : ignore_filters) {
    if (filter.empty()) continue;
    if (filter.size() > 2 && filter.front() == '/' && filter.back() == '/') {
      try {
        patterns_.push_back(std::make_shared<const std::regex>(filter.substr(1, filter.size() - 2),
                                                               std::regex::ECMAScript | std::regex::optimize));
      } catch (const std::regex_error&) {
        // Obsidian ignores a filter it cannot compile; so do we.
      }
      continue;
    }
    std::string prefix = to_nfc(filter);
    while (prefix.starts_with('/')) prefix.erase(0, 1);
    if (!prefix.empty()) prefixes_.push_back(std::move(prefix));
  }
}

bool VaultSettings::is_ignored(std::string_view vault_path) const {
  for (const std::string& prefix : prefixes_)
    if (vault_path.starts_with(prefix)) return true;
  if (patterns_.empty() || vault_path.size() > 4096) return false;  // paths are short; a huge one is not worth a regex
  for (const auto& pattern : patterns_) {
    try {
      if (std::regex_search(vault_path.begin(), vault_path.end(), *pattern)) return true;
    } catch (const std::regex_error&) {
      // Too complex for std::regex: treat as no match.
    }
  }
  return false;
}

std::string VaultSettings::attachment_folder_for(std::string_view note_vault_path) const {
  const size_t slash = note_vault_path.rfind('/');
  const std::string note_folder =
      slash == std::string_view::npos ? std::string() : std::string(note_vault_path.substr(0, slash));
  std::string_view path = attachment_folder_path;
  std::string out;
  if (path == "." || path == "./" || path.starts_with("./")) {
    path.remove_prefix(path.size() >= 2 ? 2 : 1);
    out = note_folder;
    while (path.starts_with('/')) path.remove_prefix(1);
    if (!path.empty()) out = out.empty() ? std::string(path) : out + "/" + std::string(path);
  } else {
    while (path.starts_with('/')) path.remove_prefix(1);
    out = std::string(path);
  }
  while (out.ends_with('/')) out.pop_back();
  return to_nfc(out);
}

}  // namespace slipbox
