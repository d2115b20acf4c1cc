#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "analysis/vault/vault.h"

namespace slipbox {

// One link of the vault: `vault.note(source)->links[link]`.
struct LinkRef {
  FileId source = 0;
  uint32_t link = 0;
  friend bool operator==(const LinkRef&, const LinkRef&) = default;
  friend auto operator<=>(const LinkRef&, const LinkRef&) = default;
};

// Where every link of the vault resolves (file level: the heading or block part is checked
// by the features that need it), and the reverse: the backlinks of every file.
//
// Built once per file table, in parallel (resolving every link is the cost of a
// `slipbox check`). A snapshot that only swapped some notes' parses (an edited buffer,
// a saved file) shares that work: `update` re-resolves only the changed notes' links and
// keeps them in a small overlay. Immutable once built; share it through shared_ptr.
class LinkGraph {
 public:
  static constexpr FileId kUnresolved = UINT32_MAX;  // broken, external or not a vault link

  static std::shared_ptr<const LinkGraph> build(std::shared_ptr<const Vault> vault, unsigned threads = 0);
  // The graph of `vault`: shares this graph's work when the file table is the same
  // (only notes whose parse changed are re-resolved), else a full build.
  std::shared_ptr<const LinkGraph> update(std::shared_ptr<const Vault> vault, unsigned threads = 0) const;

  const Vault& vault() const { return *vault_; }
  const std::shared_ptr<const Vault>& shared_vault() const { return vault_; }

  // The file each link of `source` resolves to (parallel to its links), kUnresolved when
  // it does not; `[[#Heading]]` resolves to the source itself. Empty for non-notes.
  std::span<const FileId> targets_of(FileId source) const;
  // Every link resolving to `target`, by source then link order (self links included).
  std::vector<LinkRef> links_to(FileId target) const;
  // How many links from other notes resolve to `target` (code lens, orphans).
  size_t count_links_from_others(FileId target) const;
  // Every link whose linkpath resolves nowhere and whose fold_key(linkpath) is `folded`.
  std::vector<LinkRef> unresolved_links(std::string_view folded_linkpath) const;

  // Linkpaths that resolve nowhere (notes people link to but have not written yet), with
  // how many links use each; one entry per fold_key, spelled as first written.
  struct Planned {
    std::string linkpath;
    size_t uses = 0;
  };
  std::vector<Planned> planned_notes() const;

 private:
  // The per-source part, for the whole vault (base) or for the notes an update changed.
  struct Forward {
    std::vector<uint32_t> offsets;  // per FileId (+1): where its targets start in `targets`
    std::vector<FileId> targets;
  };
  struct Base {
    std::shared_ptr<const Vault> vault;
    Forward forward;
    std::vector<uint32_t> backlink_offsets;  // per FileId (+1)
    std::vector<LinkRef> backlinks;           // grouped by target, sorted within
    std::unordered_map<std::string, std::vector<LinkRef>> unresolved;  // by fold_key(linkpath)
  };

  static constexpr FileId kDependsOnSource = UINT32_MAX - 1;
  using ResolveMemo = std::unordered_map<std::string, FileId>;  // linkpath → target, when source-independent
  static std::vector<FileId> resolve_note(const Vault& vault, FileId source, ResolveMemo* memo = nullptr);
  bool changed(FileId source) const;

  std::shared_ptr<const Vault> vault_;
  std::shared_ptr<const Base> base_;
  // Notes whose parse differs from the base's (sorted), with their links' targets.
  std::vector<FileId> changed_;
  std::vector<std::vector<FileId>> changed_targets_;
};

// The latest graph, for a server that asks about successive snapshots from many threads.
class LinkGraphCache {
 public:
  explicit LinkGraphCache(unsigned threads = 0) : threads_(threads) {}
  std::shared_ptr<const LinkGraph> get(const std::shared_ptr<const Vault>& vault);

 private:
  unsigned threads_;
  std::mutex mutex_;
  std::vector<std::shared_ptr<const LinkGraph>> last_;  // one per vault root (multi-root workspaces)
};

// Runs fn(i) for i in [0, count) on `threads` threads (0: one per core).
void run_in_parallel(size_t count, unsigned threads, const std::function<void(size_t)>& fn);

// Both vaults share one file table (same files, same FileIds); only parses may differ.
bool same_file_table(const Vault& a, const Vault& b);

}  // namespace slipbox
