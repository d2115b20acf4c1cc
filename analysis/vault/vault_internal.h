#pragma once

// Shared by the two halves of Vault: the immutable value (vault.cpp) and the disk scan
// (vault_scan.cpp). Not for use outside analysis/vault/.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/vault/vault.h"

namespace slipbox {

// One listed file before the table is built (build moves the paths into the table).
struct Vault::Entry {
  std::string path;       // NFC, '/'
  std::string disk_path;  // as spelled on disk; empty when the same as `path` (most files)
  std::string text;       // from_memory only
};

namespace vault_detail {

// The first file whose path is not before `path` (files are sorted by path, bytewise).
std::vector<VaultFile>::const_iterator first_at_or_after(const std::vector<VaultFile>& files, std::string_view path);

// `path` relative to `base` ('/'-separated) when it is strictly inside it.
std::optional<std::string> relative_inside(const std::filesystem::path& path, const std::filesystem::path& base);

// Absolute (absolute_path() feeds URIs), normalised, without a trailing separator.
std::filesystem::path clean_root(std::filesystem::path root);

// Reads an open file into `text` (its capacity reused), at most `max_bytes` (else `too_big`,
// with that prefix read); closes `fd`. False when a read fails.
bool read_fd_into(int fd, uint64_t max_bytes, std::string& text, bool& too_big);

}  // namespace vault_detail
}  // namespace slipbox
