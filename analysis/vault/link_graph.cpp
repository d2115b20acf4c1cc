#include "analysis/vault/link_graph.h"

#include <algorithm>
#include <atomic>
#include <system_error>
#include <thread>

#include "analysis/text/unicode.h"
#include "analysis/vault/resolve.h"

namespace slipbox {
namespace {

}  // namespace

void run_in_parallel(size_t count, unsigned threads, const std::function<void(size_t)>& fn) {
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  threads = static_cast<unsigned>(std::min<size_t>(threads, count));
  if (threads <= 1) {
    for (size_t i = 0; i < count; ++i) fn(i);
    return;
  }
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i = next++; i < count; i = next++) fn(i);
  };
  std::vector<std::thread> workers;
  for (unsigned t = 1; t < threads; ++t) {
    try {
      workers.emplace_back(work);
    } catch (const std::system_error&) {
      break;  // fewer threads than wanted: the others finish the job
    }
  }
  work();
  for (std::thread& worker : workers) worker.join();
}

namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

std::string unresolved_key(const Link& link) { return fold_key(trim(link.path)); }

}  // namespace

bool same_file_table(const Vault& a, const Vault& b) { return &a.files() == &b.files(); }

std::vector<FileId> LinkGraph::resolve_note(const Vault& vault, FileId source, ResolveMemo* memo) {
  std::vector<FileId> targets;
  const ParsedNote* parsed = vault.note(source);
  if (!parsed) return targets;
  targets.reserve(parsed->links.size());
  const std::string& source_path = vault.file(source).path;
  // Notes often repeat a link: resolve each distinct linkpath once.
  std::unordered_map<std::string_view, FileId> seen;
  for (const Link& link : parsed->links) {
    if (link.external) {
      targets.push_back(kUnresolved);
      continue;
    }
    const std::string_view path = trim(link.path);
    if (path.empty()) {
      targets.push_back(source);
      continue;
    }
    const auto it = seen.find(path);
    if (it != seen.end()) {
      targets.push_back(it->second);
      continue;
    }
    FileId target = kUnresolved;
    // Most linkpaths have at most one candidate, whatever the source: resolve those once per
    // vault (the resolver's NFC and case-folding dominate a full build).
    const bool relative = path.starts_with("./") || path.starts_with("../") || path == "." || path == "..";
    const auto known = memo && !relative ? memo->find(std::string(path)) : ResolveMemo::iterator();
    if (memo && !relative && known != memo->end() && known->second != kDependsOnSource) {
      target = known->second;
    } else if (memo && !relative && known == memo->end()) {
      const std::vector<FileId> candidates = linkpath_candidates(vault, "", path);
      if (candidates.size() <= 1) {
        target = candidates.empty() ? kUnresolved : candidates.front();
        memo->emplace(std::string(path), target);
      } else {
        memo->emplace(std::string(path), kDependsOnSource);
        target = resolve_linkpath(vault, source_path, path).value_or(kUnresolved);
      }
    } else {
      target = resolve_linkpath(vault, source_path, path).value_or(kUnresolved);
    }
    seen.emplace(path, target);
    targets.push_back(target);
  }
  return targets;
}

std::shared_ptr<const LinkGraph> LinkGraph::build(std::shared_ptr<const Vault> vault, unsigned threads) {
  auto base = std::make_shared<Base>();
  const size_t count = vault->file_count();
  std::vector<std::vector<FileId>> per_note(count);
  // One memo per block of notes, so workers share nothing.
  constexpr size_t kBlock = 4096;
  const size_t blocks = (count + kBlock - 1) / kBlock;
  run_in_parallel(blocks, threads, [&](size_t block) {
    ResolveMemo memo;
    for (size_t i = block * kBlock; i < std::min(count, (block + 1) * kBlock); ++i)
      per_note[i] = resolve_note(*vault, static_cast<FileId>(i), &memo);
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
      if (!written.external) base->unresolved[unresolved_key(written)].push_back(LinkRef{source, link});
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
    if (!vault->file(id).is_note) continue;
    if (vault->note(id) == base_vault.note(id)) continue;
    graph->changed_.push_back(id);
    graph->changed_targets_.push_back(resolve_note(*vault, id));
  }
  graph->vault_ = std::move(vault);
  return graph;
}

bool LinkGraph::changed(FileId source) const {
  return std::binary_search(changed_.begin(), changed_.end(), source);
}

std::span<const FileId> LinkGraph::targets_of(FileId source) const {
  const auto at = std::lower_bound(changed_.begin(), changed_.end(), source);
  if (at != changed_.end() && *at == source) return changed_targets_[static_cast<size_t>(at - changed_.begin())];
  const Forward& forward = base_->forward;
  if (source + 1 >= forward.offsets.size()) return {};
  return std::span<const FileId>(forward.targets).subspan(forward.offsets[source],
                                                          forward.offsets[source + 1] - forward.offsets[source]);
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

std::vector<LinkGraph::Planned> LinkGraph::planned_notes() const {
  std::unordered_map<std::string, Planned> by_key;
  const auto add = [&](const std::string& key, const LinkRef& ref) {
    const ParsedNote* parsed = vault_->note(ref.source);
    if (!parsed || ref.link >= parsed->links.size()) return;
    if (parsed->links[ref.link].in_comment) return;  // commented out: often template placeholders
    Planned& planned = by_key[key];
    if (planned.uses == 0) planned.linkpath = std::string(trim(parsed->links[ref.link].path));
    ++planned.uses;
  };
  for (const auto& [key, refs] : base_->unresolved)
    for (const LinkRef& ref : refs)
      if (!changed(ref.source)) add(key, ref);
  for (size_t c = 0; c < changed_.size(); ++c) {
    const ParsedNote* parsed = vault_->note(changed_[c]);
    if (!parsed) continue;
    for (size_t link = 0; link < changed_targets_[c].size(); ++link) {
      const Link& written = parsed->links[link];
      if (changed_targets_[c][link] == kUnresolved && !written.external)
        add(unresolved_key(written), LinkRef{changed_[c], static_cast<uint32_t>(link)});
    }
  }
  std::vector<Planned> planned;
  planned.reserve(by_key.size());
  for (auto& [key, entry] : by_key)
    if (!entry.linkpath.empty()) planned.push_back(std::move(entry));
  std::sort(planned.begin(), planned.end(), [](const Planned& a, const Planned& b) {
    return a.uses != b.uses ? a.uses > b.uses : a.linkpath < b.linkpath;
  });
  return planned;
}

std::shared_ptr<const LinkGraph> LinkGraphCache::get(const std::shared_ptr<const Vault>& vault) {
  if (!vault) return nullptr;
  std::lock_guard lock(mutex_);
  for (auto& last : last_) {
    if (&last->vault() == vault.get()) return last;
    if (last->vault().root() == vault->root()) {
      last = last->update(vault, threads_);
      return last;
    }
  }
  if (last_.size() >= 8) last_.erase(last_.begin());
  last_.push_back(LinkGraph::build(vault, threads_));
  return last_.back();
}

}  // namespace slipbox
