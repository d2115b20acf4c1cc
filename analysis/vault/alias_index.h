#pragma once
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "analysis/vault/vault.h"

namespace slipbox {

// Front-matter aliases → notes, for the opt-in `links.resolveAliases` setting (Obsidian
// itself never resolves `[[Alias]]`; docs/link-resolution.md §2.2). Names compare by
// fold_key, like file names.
//
// Built once per file table (one pass over every note's aliases); a snapshot that only
// swapped some parses (an edited buffer) shares that map and re-reads only the changed
// notes' aliases. Immutable once built; share it through shared_ptr.
class AliasIndex {
 public:
  static std::shared_ptr<const AliasIndex> build(std::shared_ptr<const Vault> vault);
  // The index of `vault`: shares this one's map when the file table is the same.
  std::shared_ptr<const AliasIndex> update(std::shared_ptr<const Vault> vault) const;

  const Vault& vault() const { return *vault_; }
  // Notes with an alias equal to `name` (fold_key, surrounding spaces ignored), ascending FileId.
  std::vector<FileId> notes_with_alias(std::string_view name) const;
  // The one note with that alias; nullopt when none or several have it (an ambiguous
  // alias stays unresolved: no pick would be stable, Obsidian would not pick at all).
  std::optional<FileId> find(std::string_view name) const;

 private:
  using Map = std::unordered_map<std::string, std::vector<FileId>>;
  struct Base {
    std::shared_ptr<const Vault> vault;
    Map by_alias;
  };
  static void add_aliases(const Vault& vault, FileId id, Map& map);

  std::shared_ptr<const Vault> vault_;
  std::shared_ptr<const Base> base_;
  std::vector<FileId> changed_;  // notes whose parse differs from the base's, sorted
  Map changed_aliases_;          // their current aliases
};

// The latest index per vault root, for a server asking about successive snapshots.
class AliasIndexCache {
 public:
  std::shared_ptr<const AliasIndex> get(const std::shared_ptr<const Vault>& vault);

 private:
  std::mutex mutex_;
  std::vector<std::shared_ptr<const AliasIndex>> last_;  // one per vault root
};

}  // namespace slipbox
