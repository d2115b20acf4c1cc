#pragma once
#include <atomic>
#include <cstdint>
#include <optional>
#include <string>

#include "analysis/vault/vault.h"

namespace slipbox {

// Reads a vault's files from disk, confined to the vault, for one request or pass. The root
// folder is opened once and each file beneath it (openat2 with RESOLVE_BENEATH): one system
// call per file, where resolving every symlink of the path (Vault::contains_on_disk) costs
// one per folder on the way. Where the kernel refuses — a symlink the scan followed out of
// the root, an absolute symlink, a kernel without openat2 — it falls back to that check, so
// what can be read is the same either way: nothing outside the vault.
// Safe to use from several threads at once.
class VaultFileReader {
 public:
  explicit VaultFileReader(const Vault& vault);
  ~VaultFileReader();
  VaultFileReader(const VaultFileReader&) = delete;
  VaultFileReader& operator=(const VaultFileReader&) = delete;

  // The file's text; nullopt when it cannot be read, leads outside the vault, or is bigger
  // than `max_bytes` (then `too_big` is set).
  std::optional<std::string> read(FileId id, uint64_t max_bytes, bool* too_big = nullptr) const;

 private:
  // The file's path below the root as the scan found it on disk, or empty.
  std::string relative_path(FileId id) const;

  const Vault& vault_;
  int root_fd_ = -1;
  mutable std::atomic<bool> beneath_works_{true};  // false once the kernel said it has no openat2
};

}  // namespace slipbox
