#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "analysis/vault/vault.h"

namespace slipbox {

// Remembers which file a linkpath names across many source notes (a whole-vault pass: the
// link graph, `slipbox check`). Most linkpaths have at most one candidate file, and then the
// answer does not depend on the source note: those are resolved once per file table instead
// of once per link (NFC, case folding and the candidate sort dominate a whole-vault pass).
// Relative linkpaths and names several files share are resolved per source every time.
// Not thread-safe: one cache per thread, kept for one pass (a freed table and a new one at
// the same address would look the same).
class LinkpathCache {
 public:
  // resolve_linkpath(vault, source_vault_path, linkpath), the same answer. Forgets everything
  // when `vault` has another file table than the last call's.
  std::optional<FileId> resolve(const Vault& vault, std::string_view source_vault_path, std::string_view linkpath);

  size_t size() const { return files_.size(); }

 private:
  static constexpr FileId kNoFile = UINT32_MAX;
  static constexpr FileId kDependsOnSource = UINT32_MAX - 1;
  struct TransparentHash {
    using is_transparent = void;
    size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
  };
  const void* table_ = nullptr;  // the file table the answers hold for
  std::unordered_map<std::string, FileId, TransparentHash, std::equal_to<>> files_;  // by trimmed linkpath
};

}  // namespace slipbox
