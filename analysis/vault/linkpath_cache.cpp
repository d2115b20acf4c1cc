#include "analysis/vault/linkpath_cache.h"

#include <vector>

#include "analysis/text/unicode.h"
#include "analysis/text/vault_path.h"
#include "analysis/vault/resolve.h"

namespace slipbox {

std::optional<FileId> LinkpathCache::resolve(const Vault& vault, std::string_view source_vault_path,
                                             std::string_view linkpath, bool shared_bytes) {
  const std::string_view path = trim_blanks(linkpath);
  return use(answer(vault, path, shared_bytes), vault, source_vault_path, path);
}

bool LinkpathCache::may_be_ambiguous(const Vault& vault, std::string_view linkpath, bool shared_bytes) {
  return answer(vault, trim_blanks(linkpath), shared_bytes) == kDependsOnSource;
}

FileId LinkpathCache::answer(const Vault& vault, std::string_view path, bool shared_bytes) {
  if (is_dot_relative(path) || path.empty()) return kDependsOnSource;
  if (table_ != &vault.files()) {
    files_.clear();
    shared_.clear();
    shared_used_ = 0;
    table_ = &vault.files();
  }
  if (!shared_bytes) {
    if (const auto known = files_.find(path); known != files_.end()) return known->second;
    const FileId found = answer_for(vault, path);
    files_.emplace(std::string(path), found);
    return found;
  }
  if ((shared_used_ + 1) * 2 > shared_.size()) {  // at most half full
    std::vector<SharedSlot> old(std::max<size_t>(shared_.size() * 2, 1024));
    old.swap(shared_);
    for (const SharedSlot& slot : old) {
      if (!slot.data) continue;
      size_t i = (reinterpret_cast<uintptr_t>(slot.data) * 0x9E3779B97F4A7C15ull >> 17) & (shared_.size() - 1);
      while (shared_[i].data) i = (i + 1) & (shared_.size() - 1);
      shared_[i] = slot;
    }
  }
  const size_t mask = shared_.size() - 1;
  size_t i = (reinterpret_cast<uintptr_t>(path.data()) * 0x9E3779B97F4A7C15ull >> 17) & mask;
  for (; shared_[i].data; i = (i + 1) & mask)
    if (shared_[i].data == path.data() && shared_[i].bytes == path.size()) return shared_[i].answer;
  const FileId found = answer_for(vault, path);
  shared_[i] = SharedSlot{path.data(), static_cast<uint32_t>(path.size()), found};
  ++shared_used_;
  return found;
}

FileId LinkpathCache::answer_for(const Vault& vault, std::string_view path) {
  const std::vector<FileId> candidates = linkpath_candidates(vault, "", path);
  if (candidates.size() > 1) return kDependsOnSource;
  return candidates.empty() ? kNoFile : candidates.front();
}

std::optional<FileId> LinkpathCache::use(FileId answer, const Vault& vault, std::string_view source_vault_path,
                                         std::string_view path) {
  if (answer == kNoFile) return std::nullopt;
  if (answer == kDependsOnSource) return resolve_linkpath(vault, source_vault_path, path);
  return answer;
}

}  // namespace slipbox
