#include "analysis/vault/linkpath_cache.h"

#include <vector>

#include "analysis/text/unicode.h"
#include "analysis/vault/resolve.h"

namespace slipbox {

std::optional<FileId> LinkpathCache::resolve(const Vault& vault, std::string_view source_vault_path,
                                             std::string_view linkpath) {
  const std::string_view path = trim_blanks(linkpath);
  const bool relative = path == "." || path == ".." || path.starts_with("./") || path.starts_with("../");
  if (relative || path.empty()) return resolve_linkpath(vault, source_vault_path, path);
  if (table_ != &vault.files()) {
    files_.clear();
    table_ = &vault.files();
  }
  if (const auto known = files_.find(path); known != files_.end()) {
    if (known->second == kNoFile) return std::nullopt;
    if (known->second != kDependsOnSource) return known->second;
    return resolve_linkpath(vault, source_vault_path, path);
  }
  const std::vector<FileId> candidates = linkpath_candidates(vault, "", path);
  if (candidates.size() > 1) {
    files_.emplace(std::string(path), kDependsOnSource);
    return resolve_linkpath(vault, source_vault_path, path);
  }
  const FileId file = candidates.empty() ? kNoFile : candidates.front();
  files_.emplace(std::string(path), file);
  if (file == kNoFile) return std::nullopt;
  return file;
}

}  // namespace slipbox
