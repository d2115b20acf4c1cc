#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "analysis/vault/vault.h"

namespace slipbox {

// A vault's file table as it will be once some files have moved, for link resolution:
// resolve_linkpath on it answers what it would answer on the vault after the moves, without
// building that vault (a copy of every file, key and name index, which costs more than the
// whole rename on a large vault). FileIds stay the vault's; only paths (and what follows
// from them: names, folders, keys, path order) change. Views `vault`, which must outlive it.
class MovedFiles {
 public:
  // (file, new vault path): cleaned, NFC paths; a file listed twice keeps its last move.
  MovedFiles(const Vault& vault, const std::vector<std::pair<FileId, std::string>>& moves);

  const Vault& vault() const { return vault_; }
  size_t file_count() const { return vault_.file_count(); }
  const VaultFile& file(FileId id) const;
  const Vault::FileKeys& keys(FileId id) const;
  // Every file whose basename (with extension) has this fold_key, after the moves.
  std::vector<FileId> files_with_basename(std::string_view folded_basename) const;
  // As Vault::find_path, on the paths after the moves.
  std::optional<FileId> find_path(std::string_view vault_path) const;
  // As Vault::notes_sharing_name, after the moves.
  size_t notes_sharing_name(FileId id) const;
  // Path order after the moves (a vault's FileIds follow path order; these no longer do).
  bool before(FileId a, FileId b) const { return file(a).path < file(b).path; }

 private:
  struct Moved {
    VaultFile file;
    Vault::FileKeys keys;
  };
  const Moved* moved(FileId id) const;

  const Vault& vault_;
  std::unordered_map<FileId, Moved> moved_;
  std::unordered_map<std::string, std::vector<FileId>> moved_by_basename_;  // new folded basename → moved files
};

}  // namespace slipbox
