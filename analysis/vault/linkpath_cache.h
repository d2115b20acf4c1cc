#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

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
  // when `vault` has another file table than the last call's. `shared_bytes`: the linkpath
  // lies in a LinkpathPool (Link::path_is_shared), where equal texts are at one address, so
  // it is looked up by address: no hashing and comparing of ~50-byte strings, no copies.
  std::optional<FileId> resolve(const Vault& vault, std::string_view source_vault_path, std::string_view linkpath,
                                bool shared_bytes = false);

  // False when the linkpath names one file or none, whatever the source: it cannot be
  // ambiguous (linkpath_is_ambiguous needs two candidates), and no ranking is needed to say so.
  // True when it needs asking: several candidates, or a relative linkpath.
  bool may_be_ambiguous(const Vault& vault, std::string_view linkpath, bool shared_bytes = false);

  size_t size() const { return files_.size() + shared_used_; }

 private:
  static constexpr FileId kNoFile = UINT32_MAX;
  static constexpr FileId kDependsOnSource = UINT32_MAX - 1;
  struct TransparentHash {
    using is_transparent = void;
    size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
  };
  FileId answer_for(const Vault& vault, std::string_view path);  // kNoFile, kDependsOnSource or the file
  // answer_for, remembered (kDependsOnSource for a relative or empty linkpath).
  FileId answer(const Vault& vault, std::string_view path, bool shared_bytes);
  std::optional<FileId> use(FileId answer, const Vault& vault, std::string_view source_vault_path,
                            std::string_view path);

  const void* table_ = nullptr;  // the file table the answers hold for
  std::unordered_map<std::string, FileId, TransparentHash, std::equal_to<>> files_;  // by trimmed linkpath
  // Pooled linkpaths by address (open addressing; the pool outlives the pass).
  struct SharedSlot {
    const char* data = nullptr;
    uint32_t bytes = 0;
    FileId answer = 0;
  };
  std::vector<SharedSlot> shared_;
  size_t shared_used_ = 0;
};

}  // namespace slipbox
