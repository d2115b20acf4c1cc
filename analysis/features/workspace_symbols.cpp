#include "analysis/features/workspace_symbols.h"

#include <algorithm>
#include <cstring>
#include <unordered_set>

#include "analysis/text/fuzzy_match.h"
#include "analysis/text/line_index.h"
#include "analysis/text/unicode.h"
#include "analysis/vault/link_graph.h"

namespace slipbox {
namespace {

// The one fuzzy matcher's rank (fuzzy_match.h); among prefix matches the exact ones first.
struct Hit {
  FuzzyRank rank;
  bool inexact;
  WorkspaceSymbolKind kind;
  uint32_t length;
  FileId file;
  uint32_t index;
  auto key() const { return std::make_tuple(rank, inexact, kind, length, file, index); }
};

std::string one_line(std::string_view text) {
  std::string out;
  for (const char c : text) out += (c == '\n' || c == '\r') ? ' ' : c;
  return out;
}

}  // namespace

SymbolIndex::NoteSymbols SymbolIndex::index_note(const Vault& vault, FileId id) {
  NoteSymbols symbols;
  const ParsedNote* parsed = vault.note(id);
  const auto add = [&](WorkspaceSymbolKind kind, uint32_t index, std::string_view text) {
    const std::string key = fuzzy_key(text);
    symbols.entries.push_back(
        Entry{static_cast<uint32_t>(symbols.keys.size()), static_cast<uint32_t>(key.size()), kind, index});
    symbols.keys += key;
  };
  add(WorkspaceSymbolKind::Note, 0, vault.file(id).name);
  if (!parsed) return symbols;
  for (uint32_t i = 0; i < parsed->headings.size(); ++i) add(WorkspaceSymbolKind::Heading, i, parsed->headings[i].text);
  for (uint32_t i = 0; i < parsed->aliases.size(); ++i) add(WorkspaceSymbolKind::Alias, i, parsed->aliases[i]);
  for (uint32_t i = 0; i < parsed->tags.size(); ++i) add(WorkspaceSymbolKind::Tag, i, parsed->tags[i].name);
  return symbols;
}

std::shared_ptr<const SymbolIndex> SymbolIndex::build(std::shared_ptr<const Vault> vault, unsigned threads) {
  const size_t files = vault->file_count();
  auto all = std::make_shared<std::vector<Chunk>>((files + kChunkFiles - 1) / kChunkFiles);
  run_in_parallel(all->size(), threads, [&](size_t c) {
    Chunk& chunk = (*all)[c];
    const size_t first = c * kChunkFiles, end = std::min(files, first + kChunkFiles);
    chunk.first_entry.reserve(end - first + 1);
    for (size_t i = first; i < end; ++i) {
      chunk.first_entry.push_back(static_cast<uint32_t>(chunk.entries.size()));
      if (!vault->file(static_cast<FileId>(i)).is_note) continue;
      const NoteSymbols note = index_note(*vault, static_cast<FileId>(i));
      for (Entry entry : note.entries) {
        entry.key_begin += static_cast<uint32_t>(chunk.keys.size());
        chunk.entries.push_back(entry);
      }
      chunk.keys += note.keys;
    }
    chunk.first_entry.push_back(static_cast<uint32_t>(chunk.entries.size()));
    chunk.keys.shrink_to_fit();
    chunk.entries.shrink_to_fit();
  });
  auto index = std::shared_ptr<SymbolIndex>(new SymbolIndex());
  index->vault_ = vault;
  index->base_vault_ = std::move(vault);
  index->base_ = std::move(all);
  return index;
}

std::shared_ptr<const SymbolIndex> SymbolIndex::update(std::shared_ptr<const Vault> vault, unsigned threads) const {
  if (!vault) return nullptr;
  if (!same_file_table(*vault, *base_vault_)) return build(std::move(vault), threads);
  auto index = std::shared_ptr<SymbolIndex>(new SymbolIndex());
  index->base_vault_ = base_vault_;
  index->base_ = base_;
  for (FileId id = 0; id < vault->file_count(); ++id) {
    if (!vault->file(id).is_note || vault->note(id) == base_vault_->note(id)) continue;
    index->changed_.push_back(id);
    index->changed_symbols_.push_back(index_note(*vault, id));
  }
  index->vault_ = std::move(vault);
  return index;
}

SymbolIndex::SymbolsView SymbolIndex::symbols_of(FileId id) const {
  const auto at = std::lower_bound(changed_.begin(), changed_.end(), id);
  if (at != changed_.end() && *at == id) {
    const NoteSymbols& changed = changed_symbols_[static_cast<size_t>(at - changed_.begin())];
    return SymbolsView{changed.keys, changed.entries};
  }
  const size_t c = id / kChunkFiles, k = id % kChunkFiles;
  if (c >= base_->size()) return {};
  const Chunk& chunk = (*base_)[c];
  if (k + 1 >= chunk.first_entry.size()) return {};
  const std::span<const Entry> entries(chunk.entries);
  return SymbolsView{chunk.keys,
                     entries.subspan(chunk.first_entry[k], chunk.first_entry[k + 1] - chunk.first_entry[k])};
}

std::vector<WorkspaceSymbol> SymbolIndex::search(std::string_view query_text, size_t max_results) const {
  // Tags are named `#tag`: a query that starts with '#' searches tags only (`#` alone lists them).
  const bool tags_only = query_text.starts_with('#');
  if (tags_only) query_text.remove_prefix(1);
  FuzzyMatcher matcher(query_text);
  const std::string& query = matcher.query();
  const Vault& vault = *vault_;
  std::vector<Hit> hits;
  std::unordered_set<std::string_view> tags_seen;
  for (FileId id = 0; id < vault.file_count(); ++id) {
    const VaultFile& file = vault.file(id);
    if (!file.is_note) continue;
    const SymbolsView symbols = symbols_of(id);
    for (const Entry& entry : symbols.entries) {
      if (tags_only ? entry.kind != WorkspaceSymbolKind::Tag
                    : query.empty() && entry.kind != WorkspaceSymbolKind::Note) {
        if (tags_only) continue;
        break;
      }
      const std::string_view key = symbols.keys.substr(entry.key_begin, entry.key_length);
      // The keys are fuzzy keys already: rank_loose rejects most with memchr first.
      const FuzzyRank rank = matcher.rank_loose(key);
      if (rank == FuzzyRank::None) continue;
      if (entry.kind == WorkspaceSymbolKind::Tag && !tags_seen.insert(key).second) continue;  // first use only
      hits.push_back(Hit{rank, key != query, entry.kind, entry.key_length, id, entry.index});
    }
  }
  const auto better = [](const Hit& a, const Hit& b) { return a.key() < b.key(); };
  if (hits.size() > max_results) {
    std::partial_sort(hits.begin(), hits.begin() + static_cast<std::ptrdiff_t>(max_results), hits.end(), better);
    hits.resize(max_results);
  } else {
    std::sort(hits.begin(), hits.end(), better);
  }

  std::vector<WorkspaceSymbol> out;
  out.reserve(hits.size());
  for (const Hit& hit : hits) {
    const VaultFile& file = vault.file(hit.file);
    WorkspaceSymbol symbol;
    symbol.kind = hit.kind;
    symbol.file = hit.file;
    symbol.container = file.path;
    const ParsedNote* parsed = vault.note(hit.file);
    switch (hit.kind) {
      case WorkspaceSymbolKind::Note:
        symbol.name = file.name;
        symbol.container = file.folder;
        break;
      case WorkspaceSymbolKind::Heading:
        if (!parsed || hit.index >= parsed->headings.size()) continue;
        symbol.name = one_line(parsed->headings[hit.index].text);
        symbol.range = parsed->headings[hit.index].range;
        break;
      case WorkspaceSymbolKind::Alias:
        if (!parsed || hit.index >= parsed->aliases.size()) continue;
        symbol.name = parsed->aliases[hit.index];
        break;
      case WorkspaceSymbolKind::Tag:
        if (!parsed || hit.index >= parsed->tags.size()) continue;
        symbol.name = "#" + std::string(parsed->tags[hit.index].name);
        symbol.range = parsed->tags[hit.index].range;
        break;
    }
    out.push_back(std::move(symbol));
  }
  return out;
}

std::shared_ptr<const SymbolIndex> SymbolIndexCache::get(const std::shared_ptr<const Vault>& vault) {
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
  last_.push_back(SymbolIndex::build(vault, threads_));
  return last_.back();
}

}  // namespace slipbox
