#pragma once
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "analysis/text/parallel.h"  // run_in_parallel, used by the builders of derived indexes
#include "analysis/vault/vault.h"

namespace slipbox {

class LinkpathCache;

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
  // how many links outside comments use each; one entry per fold_key, spelled as first
  // written (after an update: as the build saw it first, even if that link was edited).
  struct Planned {
    std::string linkpath;
    size_t uses = 0;
  };
  std::vector<Planned> planned_notes() const;

  // The same without building a list (completion asks on every keystroke): each planned note
  // with `match_key` = loose_key(linkpath); the order is unspecified. Counted once per build,
  // and per update only over the changed notes.
  struct PlannedView {
    std::string_view linkpath;
    std::string_view match_key;
    size_t uses = 0;
  };
  void for_each_planned(const std::function<void(const PlannedView&)>& fn) const;

 private:
  struct PlannedEntry {
    std::string linkpath;   // as first written
    std::string match_key;  // loose_key(linkpath)
    size_t uses = 0;
  };
  // The per-source part, for the whole vault (base) or for the notes an update changed.
  struct Forward {
    std::vector<uint32_t> offsets;  // per FileId (+1): where its targets start in `targets`
    std::vector<FileId> targets;
  };
  struct Base {
    std::shared_ptr<const Vault> vault;
    Forward forward;
    std::vector<uint32_t> backlink_offsets;                            // per FileId (+1)
    std::vector<LinkRef> backlinks;                                    // grouped by target, sorted within
    std::unordered_map<std::string, std::vector<LinkRef>> unresolved;  // by fold_key(linkpath)
    std::vector<PlannedEntry> planned;                                 // links outside comments
    std::unordered_map<std::string, uint32_t> planned_by_key;          // fold_key → index in `planned`
    // Whether a folder named by an unresolved link leads out of the vault on disk (a walk
    // each): asked by the build and again by every update of this file table, which may run
    // on several threads at once.
    mutable std::mutex folders_mutex;
    mutable std::unordered_map<std::string, bool> folder_leads_out;
  };

  // Trimmed linkpath → target, already known for this source (its previous parse, same files).
  using KnownTargets = std::unordered_map<std::string_view, FileId>;
  static std::vector<FileId> resolve_note(const Vault& vault, FileId source, LinkpathCache* linkpaths = nullptr,
                                          KnownTargets seen = {});
  bool changed(FileId source) const;
  void count_planned_changes();

  std::shared_ptr<const Vault> vault_;
  std::shared_ptr<const Base> base_;
  // Notes whose parse differs from the base's (sorted), with their links' targets.
  std::vector<FileId> changed_;
  std::vector<std::vector<FileId>> changed_targets_;
  // How the changed notes move the base's planned counts: (index in base planned, change),
  // sorted; and planned notes only they link to.
  std::vector<std::pair<uint32_t, int64_t>> planned_delta_;
  std::vector<PlannedEntry> planned_extra_;
};

// The latest graph per vault root, for a server that asks about successive snapshots from
// many threads. A graph of the same file table is brought up to date cheaply (LinkGraph::update);
// a whole build (seconds at 100,000 notes) runs once per file table, in the background when
// prepare() is called, and requests that need it wait for that build instead of starting
// their own.
class LinkGraphCache {
 public:
  using Post = std::function<void(std::function<void()>)>;

  explicit LinkGraphCache(unsigned threads = 0) : threads_(threads) {}
  // The graph of `vault`. Waits for a build of its file table under way; builds one (on
  // this thread) when there is none.
  std::shared_ptr<const LinkGraph> get(const std::shared_ptr<const Vault>& vault);
  // Never waits or builds: the graph of `vault` when one of its file table is ready, else null.
  std::shared_ptr<const LinkGraph> try_get(const std::shared_ptr<const Vault>& vault);
  // Starts a build of `vault`'s file table through `post` (a thread pool) unless one is ready
  // or under way. Call after a scan and after files were added or removed.
  void prepare(const std::shared_ptr<const Vault>& vault, const Post& post);
  // Called (on the building thread, no lock held) after every build, whoever ran it: a server
  // releases the requests that waited for a graph. Set before the first build.
  void on_built(std::function<void()> callback) { on_built_ = std::move(callback); }

 private:
  using Future = std::shared_future<std::shared_ptr<const LinkGraph>>;
  struct Root {
    std::filesystem::path root;
    std::shared_ptr<const LinkGraph> last;
    uint64_t last_build = 0;                     // the build `last` comes from
    std::shared_ptr<const Vault> pending_vault;  // the build under way, if any
    Future pending;
    uint64_t pending_build = 0;
    std::shared_ptr<std::promise<std::shared_ptr<const LinkGraph>>> pending_promise;
    std::shared_ptr<std::atomic<bool>> pending_claimed;
  };
  struct Build {
    std::shared_ptr<std::promise<std::shared_ptr<const LinkGraph>>> promise;
    uint64_t id = 0;
    // Whoever claims it runs it: the pool task, or a request that would otherwise wait for a
    // task still queued behind it (no deadlock when every pool thread waits).
    std::shared_ptr<std::atomic<bool>> claimed;
  };
  // All with mutex_ held.
  Root& root_of(const Vault& vault);
  Build start_build(Root& root, const std::shared_ptr<const Vault>& vault);
  std::shared_ptr<const LinkGraph> up_to_date(Root& root, const std::shared_ptr<const Vault>& vault);
  // Without the mutex: builds, publishes to waiters and keeps the result.
  std::shared_ptr<const LinkGraph> run_build(const std::shared_ptr<const Vault>& vault, const Build& build);

  unsigned threads_;
  std::function<void()> on_built_;
  std::mutex mutex_;
  uint64_t builds_ = 0;
  std::vector<std::unique_ptr<Root>> roots_;  // one per vault root (multi-root workspaces)
};

// Both vaults share one file table (same files, same FileIds); only parses may differ.
bool same_file_table(const Vault& a, const Vault& b);

}  // namespace slipbox
