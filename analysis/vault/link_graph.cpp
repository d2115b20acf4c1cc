#include "analysis/vault/link_graph.h"

#include <algorithm>
#include <atomic>
#include <system_error>
#include <thread>

#include "analysis/text/parallel.h"
#include "analysis/text/unicode.h"
#include "analysis/vault/linkpath_cache.h"
#include "analysis/vault/resolve.h"

namespace slipbox {

namespace {

std::string unresolved_key(const Link& link) { return fold_key(trim_blanks(link.path())); }

// A link to a missing note plans that note only when the note could be created inside the
// vault, as the "create note" quick fix would: not `..` above the root or an absolute path,
// not through a folder that is a symlink out of the vault. Completion offers planned notes,
// so this keeps it from echoing paths that lead out. One disk walk per distinct folder and
// file table: the answers are kept in `leads_out`, shared by the updates of one build.
class PlannableCheck {
 public:
  PlannableCheck(const Vault& vault, std::mutex& mutex, std::unordered_map<std::string, bool>& leads_out)
      : vault_(vault), mutex_(mutex), leads_out_(leads_out) {}

  bool operator()(FileId source, const Link& link) {
    const std::string_view path = trim_blanks(link.path());
    const std::string& source_path = vault_.file(source).path;
    if (linkpath_leaves_vault(source_path, path)) return false;
    const size_t slash = path.find_last_of("/\\");
    if (slash == std::string_view::npos) return true;  // no folder named: created at a known place
    std::string folder(path.substr(0, slash));
    std::replace(folder.begin(), folder.end(), '\\', '/');
    if (path.starts_with("./") || path.starts_with("../")) {
      const size_t source_slash = source_path.rfind('/');
      if (source_slash != std::string::npos) folder = source_path.substr(0, source_slash) + "/" + folder;
    }
    {
      std::lock_guard lock(mutex_);
      if (const auto at = leads_out_.find(folder); at != leads_out_.end()) return !at->second;
    }
    // Walked without the lock (another update may walk the same folder meanwhile: same answer).
    const bool out = vault_.leads_outside_on_disk(folder);
    std::lock_guard lock(mutex_);
    leads_out_.try_emplace(std::move(folder), out);
    return !out;
  }

 private:
  const Vault& vault_;
  std::mutex& mutex_;
  std::unordered_map<std::string, bool>& leads_out_;
};

}  // namespace

bool same_file_table(const Vault& a, const Vault& b) { return &a.files() == &b.files(); }

std::vector<FileId> LinkGraph::resolve_note(const Vault& vault, FileId source, LinkpathCache* linkpaths,
                                            KnownTargets seen) {
  std::vector<FileId> targets;
  const ParsedNote* parsed = vault.note(source);
  if (!parsed) return targets;
  targets.reserve(parsed->links.size());
  const std::string& source_path = vault.file(source).path;
  // Notes often repeat a link: resolve each distinct linkpath once (`seen` may start with
  // what the note's previous parse resolved to: an edit re-resolves only new linkpaths).
  for (const Link& link : parsed->links) {
    if (link.external) {
      targets.push_back(kUnresolved);
      continue;
    }
    const std::string_view path = trim_blanks(link.path());
    if (path.empty()) {
      targets.push_back(source);
      continue;
    }
    const auto it = seen.find(path);
    if (it != seen.end()) {
      targets.push_back(it->second);
      continue;
    }
    // Most linkpaths have at most one candidate, whatever the source: the cache resolves those
    // once per vault (the resolver's NFC and case-folding dominate a full build).
    const std::optional<FileId> file = linkpaths ? linkpaths->resolve(vault, source_path, path, link.path_is_shared())
                                                 : resolve_linkpath(vault, source_path, path);
    const FileId target = file.value_or(kUnresolved);
    seen.emplace(path, target);
    targets.push_back(target);
  }
  return targets;
}

std::shared_ptr<const LinkGraph> LinkGraph::build(std::shared_ptr<const Vault> vault, unsigned threads) {
  auto base = std::make_shared<Base>();
  const size_t count = vault->file_count();
  std::vector<std::vector<FileId>> per_note(count);
  // One cache per block of notes, so workers share nothing.
  constexpr size_t kBlock = 4096;
  const size_t blocks = (count + kBlock - 1) / kBlock;
  run_in_parallel(blocks, threads, [&](size_t block) {
    LinkpathCache linkpaths;
    for (size_t i = block * kBlock; i < std::min(count, (block + 1) * kBlock); ++i)
      per_note[i] = resolve_note(*vault, static_cast<FileId>(i), &linkpaths);
  });

  Forward& forward = base->forward;
  forward.offsets.assign(count + 1, 0);
  std::vector<uint32_t> incoming(count + 1, 0);
  for (size_t i = 0; i < count; ++i) {
    forward.offsets[i + 1] = forward.offsets[i] + static_cast<uint32_t>(per_note[i].size());
    for (const FileId target : per_note[i])
      if (target != kUnresolved) ++incoming[target + 1];
  }
  forward.targets.reserve(forward.offsets[count]);
  for (auto& targets : per_note) forward.targets.insert(forward.targets.end(), targets.begin(), targets.end());

  for (size_t i = 0; i < count; ++i) incoming[i + 1] += incoming[i];
  base->backlinks.resize(incoming[count]);
  std::vector<uint32_t> fill(incoming.begin(), incoming.end() - 1);
  PlannableCheck plannable(*vault, base->folders_mutex, base->folder_leads_out);
  for (FileId source = 0; source < count; ++source) {
    const ParsedNote* parsed = nullptr;
    for (uint32_t k = forward.offsets[source]; k < forward.offsets[source + 1]; ++k) {
      const uint32_t link = k - forward.offsets[source];
      const FileId target = forward.targets[k];
      if (target != kUnresolved) {
        base->backlinks[fill[target]++] = LinkRef{source, link};
        continue;
      }
      if (!parsed) parsed = vault->note(source);
      const Link& written = parsed->links[link];
      if (written.external) continue;
      std::string key = unresolved_key(written);
      if (!written.in_comment && plannable(source, written)) {  // commented out: often template placeholders
        const auto [at, added] = base->planned_by_key.try_emplace(key, static_cast<uint32_t>(base->planned.size()));
        if (added) {
          std::string linkpath(trim_blanks(written.path()));
          std::string match_key = loose_key(linkpath);
          base->planned.push_back(PlannedEntry{std::move(linkpath), std::move(match_key), 0});
        }
        ++base->planned[at->second].uses;
      }
      base->unresolved[std::move(key)].push_back(LinkRef{source, link});
    }
  }
  base->backlink_offsets = std::move(incoming);
  base->vault = vault;

  auto graph = std::shared_ptr<LinkGraph>(new LinkGraph());
  graph->vault_ = std::move(vault);
  graph->base_ = std::move(base);
  return graph;
}

std::shared_ptr<const LinkGraph> LinkGraph::update(std::shared_ptr<const Vault> vault, unsigned threads) const {
  if (!vault) return nullptr;
  if (vault == vault_) return std::shared_ptr<const LinkGraph>(new LinkGraph(*this));
  const Vault& base_vault = *base_->vault;
  if (!same_file_table(*vault, base_vault)) return build(std::move(vault), threads);
  auto graph = std::shared_ptr<LinkGraph>(new LinkGraph());
  graph->base_ = base_;
  for (FileId id = 0; id < vault->file_count(); ++id) {
    const ParsedNote* now = vault->note(id);
    if (now == base_vault.note(id) || !vault->file(id).is_note) continue;
    graph->changed_.push_back(id);
    const ParsedNote* before = vault_->note(id);
    const std::span<const FileId> known = targets_of(id);
    if (now == before) {  // unchanged since this graph (same files): same targets
      graph->changed_targets_.emplace_back(known.begin(), known.end());
      continue;
    }
    // Resolution depends only on the file table, the source's path and the linkpath.
    KnownTargets seen;
    if (now && before && known.size() == before->links.size())
      for (size_t k = 0; k < known.size(); ++k)
        if (!before->links[k].external) seen.emplace(trim_blanks(before->links[k].path()), known[k]);
    graph->changed_targets_.push_back(resolve_note(*vault, id, nullptr, std::move(seen)));
  }
  graph->vault_ = std::move(vault);
  graph->count_planned_changes();
  return graph;
}

void LinkGraph::count_planned_changes() {
  struct Change {
    int64_t uses = 0;
    std::string linkpath;  // as the changed note writes it
  };
  std::unordered_map<std::string, Change> changes;  // by fold_key
  const Vault& base_vault = *base_->vault;
  const Forward& forward = base_->forward;
  // Same file table as the base: same source paths, same folders on disk (as far as the
  // vault knows: a folder turned into a symlink since the build is seen at the next build).
  PlannableCheck plannable(*vault_, base_->folders_mutex, base_->folder_leads_out);
  for (size_t c = 0; c < changed_.size(); ++c) {
    const FileId id = changed_[c];
    if (const ParsedNote* old = base_vault.note(id); old && id + 1 < forward.offsets.size()) {
      const uint32_t first = forward.offsets[id], count = forward.offsets[id + 1] - first;
      for (uint32_t k = 0; k < count && k < old->links.size(); ++k) {
        const Link& link = old->links[k];
        if (forward.targets[first + k] == kUnresolved && !link.external && !link.in_comment && plannable(id, link))
          --changes[unresolved_key(link)].uses;
      }
    }
    const ParsedNote* now = vault_->note(id);
    if (!now) continue;
    for (size_t k = 0; k < changed_targets_[c].size() && k < now->links.size(); ++k) {
      const Link& link = now->links[k];
      if (changed_targets_[c][k] != kUnresolved || link.external || link.in_comment || !plannable(id, link)) continue;
      Change& change = changes[unresolved_key(link)];
      ++change.uses;
      if (change.linkpath.empty()) change.linkpath = std::string(trim_blanks(link.path()));
    }
  }
  for (auto& [key, change] : changes) {
    if (change.uses == 0) continue;
    const auto at = base_->planned_by_key.find(key);
    if (at != base_->planned_by_key.end()) {
      planned_delta_.emplace_back(at->second, change.uses);
    } else if (change.uses > 0 && !change.linkpath.empty()) {
      std::string match_key = loose_key(change.linkpath);
      planned_extra_.push_back(
          PlannedEntry{std::move(change.linkpath), std::move(match_key), static_cast<size_t>(change.uses)});
    }
  }
  std::sort(planned_delta_.begin(), planned_delta_.end());
}

bool LinkGraph::changed(FileId source) const { return std::binary_search(changed_.begin(), changed_.end(), source); }

std::span<const FileId> LinkGraph::targets_of(FileId source) const {
  const auto at = std::lower_bound(changed_.begin(), changed_.end(), source);
  if (at != changed_.end() && *at == source) return changed_targets_[static_cast<size_t>(at - changed_.begin())];
  const Forward& forward = base_->forward;
  if (source + 1 >= forward.offsets.size()) return {};
  return std::span<const FileId>(forward.targets)
      .subspan(forward.offsets[source], forward.offsets[source + 1] - forward.offsets[source]);
}

std::vector<LinkRef> LinkGraph::links_to(FileId target) const {
  std::vector<LinkRef> found;
  if (target + 1 >= base_->backlink_offsets.size()) return found;
  for (uint32_t k = base_->backlink_offsets[target]; k < base_->backlink_offsets[target + 1]; ++k) {
    const LinkRef& ref = base_->backlinks[k];
    if (!changed(ref.source)) found.push_back(ref);
  }
  for (size_t c = 0; c < changed_.size(); ++c)
    for (size_t link = 0; link < changed_targets_[c].size(); ++link)
      if (changed_targets_[c][link] == target) found.push_back(LinkRef{changed_[c], static_cast<uint32_t>(link)});
  std::sort(found.begin(), found.end());
  return found;
}

size_t LinkGraph::count_links_from_others(FileId target) const {
  size_t count = 0;
  if (target + 1 >= base_->backlink_offsets.size()) return 0;
  for (uint32_t k = base_->backlink_offsets[target]; k < base_->backlink_offsets[target + 1]; ++k) {
    const LinkRef& ref = base_->backlinks[k];
    if (ref.source != target && !changed(ref.source)) ++count;
  }
  for (size_t c = 0; c < changed_.size(); ++c) {
    if (changed_[c] == target) continue;
    for (const FileId t : changed_targets_[c])
      if (t == target) ++count;
  }
  return count;
}

std::vector<LinkRef> LinkGraph::unresolved_links(std::string_view folded_linkpath) const {
  std::vector<LinkRef> found;
  const auto it = base_->unresolved.find(std::string(folded_linkpath));
  if (it != base_->unresolved.end())
    for (const LinkRef& ref : it->second)
      if (!changed(ref.source)) found.push_back(ref);
  for (size_t c = 0; c < changed_.size(); ++c) {
    const ParsedNote* parsed = vault_->note(changed_[c]);
    if (!parsed) continue;
    for (size_t link = 0; link < changed_targets_[c].size(); ++link) {
      const Link& written = parsed->links[link];
      if (changed_targets_[c][link] == kUnresolved && !written.external && unresolved_key(written) == folded_linkpath)
        found.push_back(LinkRef{changed_[c], static_cast<uint32_t>(link)});
    }
  }
  std::sort(found.begin(), found.end());
  return found;
}

void LinkGraph::for_each_planned(const std::function<void(const PlannedView&)>& fn) const {
  auto delta = planned_delta_.begin();
  for (uint32_t i = 0; i < base_->planned.size(); ++i) {
    const PlannedEntry& entry = base_->planned[i];
    int64_t uses = static_cast<int64_t>(entry.uses);
    for (; delta != planned_delta_.end() && delta->first <= i; ++delta)
      if (delta->first == i) uses += delta->second;
    if (uses > 0 && !entry.linkpath.empty())
      fn(PlannedView{entry.linkpath, entry.match_key, static_cast<size_t>(uses)});
  }
  for (const PlannedEntry& entry : planned_extra_) fn(PlannedView{entry.linkpath, entry.match_key, entry.uses});
}

std::vector<LinkGraph::Planned> LinkGraph::planned_notes() const {
  std::vector<Planned> planned;
  for_each_planned([&](const PlannedView& view) { planned.push_back(Planned{std::string(view.linkpath), view.uses}); });
  std::sort(planned.begin(), planned.end(), [](const Planned& a, const Planned& b) {
    return a.uses != b.uses ? a.uses > b.uses : a.linkpath < b.linkpath;
  });
  return planned;
}

// ---- LinkGraphCache ------------------------------------------------------------------------

LinkGraphCache::Root& LinkGraphCache::root_of(const Vault& vault) {
  for (auto& root : roots_)
    if (root->root == vault.root()) return *root;
  if (roots_.size() >= 8) roots_.erase(roots_.begin());
  roots_.push_back(std::make_unique<Root>());
  roots_.back()->root = vault.root();
  return *roots_.back();
}

LinkGraphCache::Build LinkGraphCache::start_build(Root& root, const std::shared_ptr<const Vault>& vault) {
  Build build{std::make_shared<std::promise<std::shared_ptr<const LinkGraph>>>(), ++builds_,
              std::make_shared<std::atomic<bool>>(false)};
  // A build still queued for other files (gone by now) is never run. Nobody waits for it:
  // get() runs a queued build itself instead of waiting, so only claimed builds have waiters.
  // Files added one by one at 100,000 notes queued a build per event, each for files already gone.
  if (root.pending_claimed) root.pending_claimed->store(true);
  root.pending_vault = vault;
  root.pending = build.promise->get_future().share();
  root.pending_build = build.id;
  root.pending_promise = build.promise;
  root.pending_claimed = build.claimed;
  return build;
}

std::shared_ptr<const LinkGraph> LinkGraphCache::up_to_date(Root& root, const std::shared_ptr<const Vault>& vault) {
  if (!root.last || !same_file_table(root.last->vault(), *vault)) return nullptr;
  if (root.last->shared_vault() != vault) root.last = root.last->update(vault, threads_);
  return root.last;
}

std::shared_ptr<const LinkGraph> LinkGraphCache::run_build(const std::shared_ptr<const Vault>& vault,
                                                           const Build& build) {
  std::shared_ptr<const LinkGraph> graph;
  try {
    graph = LinkGraph::build(vault, threads_);
  } catch (...) {
    std::lock_guard lock(mutex_);
    Root& root = root_of(*vault);
    if (root.pending_build == build.id) {
      root.pending_vault = nullptr;
      root.pending_promise = nullptr;
      root.pending = {};  // would keep an old graph alive
    }
    build.promise->set_exception(std::current_exception());
    throw;
  }
  {
    std::lock_guard lock(mutex_);
    Root& root = root_of(*vault);
    // A build started later (newer files) may have finished first: keep the newest.
    if (build.id >= root.last_build) {
      root.last = graph;
      root.last_build = build.id;
    }
    if (root.pending_build == build.id) {
      root.pending_vault = nullptr;
      root.pending_promise = nullptr;
      root.pending = {};  // would keep an old graph alive
    }
  }
  build.promise->set_value(graph);
  if (on_built_) on_built_();
  return graph;
}

std::shared_ptr<const LinkGraph> LinkGraphCache::get(const std::shared_ptr<const Vault>& vault) {
  if (!vault) return nullptr;
  Future pending;
  Build build;
  std::shared_ptr<const Vault> build_vault = vault;
  {
    std::lock_guard lock(mutex_);
    Root& root = root_of(*vault);
    if (auto graph = up_to_date(root, vault)) return graph;
    if (root.pending_vault && same_file_table(*root.pending_vault, *vault)) {
      pending = root.pending;
      if (!root.pending_claimed->exchange(true)) {  // still queued: run it here
        build = Build{root.pending_promise, root.pending_build, root.pending_claimed};
        build_vault = root.pending_vault;
      }
    } else {
      build = start_build(root, vault);
      build.claimed->store(true);
    }
  }
  std::shared_ptr<const LinkGraph> built;
  if (build.claimed) {
    built = run_build(build_vault, build);
  } else {
    built = pending.get();
  }
  std::lock_guard lock(mutex_);
  if (auto graph = up_to_date(root_of(*vault), vault)) return graph;
  return built->update(vault, threads_);  // superseded meanwhile by a build of other files
}

std::shared_ptr<const LinkGraph> LinkGraphCache::try_get(const std::shared_ptr<const Vault>& vault) {
  if (!vault) return nullptr;
  std::lock_guard lock(mutex_);
  return up_to_date(root_of(*vault), vault);
}

void LinkGraphCache::prepare(const std::shared_ptr<const Vault>& vault, const Post& post) {
  if (!vault) return;
  Build build;
  {
    std::lock_guard lock(mutex_);
    Root& root = root_of(*vault);
    if (root.last && same_file_table(root.last->vault(), *vault)) return;
    if (root.pending_vault && same_file_table(*root.pending_vault, *vault)) return;
    // The graph of other files answers nothing from now on: let it and its file table go now,
    // not seconds later when the new build is done.
    root.last = nullptr;
    build = start_build(root, vault);
  }
  // The task holds the files weakly: while it waits in the queue, a newer prepare() may
  // replace its build, and then nothing keeps that old file table alive.
  // (Unclaimed, its vault is root.pending_vault, so still there, unless the root was dropped
  // for a ninth one; an unclaimed build has no waiters either way.)
  post([this, weak_vault = std::weak_ptr<const Vault>(vault), build] {
    const std::shared_ptr<const Vault> still_there = weak_vault.lock();
    if (!build.claimed->exchange(true) && still_there) run_build(still_there, build);
  });
}

}  // namespace slipbox
