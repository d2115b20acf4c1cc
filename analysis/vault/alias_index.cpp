#include "analysis/vault/alias_index.h"

#include <algorithm>

#include "analysis/text/unicode.h"
#include "analysis/vault/link_graph.h"

namespace slipbox {
namespace {}  // namespace

void AliasIndex::add_aliases(const Vault& vault, FileId id, Map& map) {
  const ParsedNote* note = vault.note(id);
  if (!note) return;
  for (const auto& alias : note->aliases) {
    const std::string_view text = trim_blanks(alias);
    if (text.empty()) continue;
    std::vector<FileId>& ids = map[fold_key(text)];
    if (ids.empty() || ids.back() != id) ids.push_back(id);  // the same alias twice in one note
  }
}

std::shared_ptr<const AliasIndex> AliasIndex::build(std::shared_ptr<const Vault> vault) {
  auto base = std::make_shared<Base>();
  base->vault = vault;
  for (FileId id = 0; id < vault->file_count(); ++id)
    if (vault->file(id).is_note) add_aliases(*vault, id, base->by_alias);
  auto index = std::make_shared<AliasIndex>();
  index->vault_ = std::move(vault);
  index->base_ = std::move(base);
  return index;
}

std::shared_ptr<const AliasIndex> AliasIndex::update(std::shared_ptr<const Vault> vault) const {
  if (!vault) return nullptr;
  if (!same_file_table(*base_->vault, *vault)) return build(std::move(vault));
  auto index = std::make_shared<AliasIndex>();
  index->base_ = base_;
  // Pointer compares only: the parses an edit did not touch are shared with the base.
  for (FileId id = 0; id < vault->file_count(); ++id) {
    if (!vault->file(id).is_note || vault->note(id) == base_->vault->note(id)) continue;
    index->changed_.push_back(id);
    add_aliases(*vault, id, index->changed_aliases_);
  }
  index->vault_ = std::move(vault);
  return index;
}

std::vector<FileId> AliasIndex::notes_with_alias(std::string_view name) const {
  const std::string key = fold_key(trim_blanks(name));
  std::vector<FileId> out;
  if (key.empty()) return out;
  if (const auto it = base_->by_alias.find(key); it != base_->by_alias.end()) {
    for (const FileId id : it->second)
      if (!std::binary_search(changed_.begin(), changed_.end(), id)) out.push_back(id);
  }
  if (const auto it = changed_aliases_.find(key); it != changed_aliases_.end())
    out.insert(out.end(), it->second.begin(), it->second.end());
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::optional<FileId> AliasIndex::find(std::string_view name) const {
  const std::vector<FileId> ids = notes_with_alias(name);
  if (ids.size() != 1) return std::nullopt;
  return ids.front();
}

std::shared_ptr<const AliasIndex> AliasIndexCache::get(const std::shared_ptr<const Vault>& vault) {
  if (!vault) return nullptr;
  std::shared_ptr<const AliasIndex> previous;
  {
    std::lock_guard lock(mutex_);
    for (const auto& index : last_) {
      if (&index->vault() == vault.get()) return index;
      if (index->vault().root() == vault->root()) previous = index;
    }
  }
  // Built outside the lock: a first build over 100,000 notes must not block other roots.
  std::shared_ptr<const AliasIndex> index = previous ? previous->update(vault) : AliasIndex::build(vault);
  std::lock_guard lock(mutex_);
  for (auto& slot : last_) {
    if (slot->vault().root() == vault->root()) {
      slot = index;
      return index;
    }
  }
  last_.push_back(index);
  return index;
}

}  // namespace slipbox
