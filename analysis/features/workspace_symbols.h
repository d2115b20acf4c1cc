#pragma once
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/vault/vault.h"

namespace slipbox {

enum class WorkspaceSymbolKind { Note, Heading, Alias, Tag };

struct WorkspaceSymbol {
  WorkspaceSymbolKind kind = WorkspaceSymbolKind::Note;
  std::string name;  // note name, heading text, alias, `#tag`
  FileId file = 0;
  ByteRange range;        // heading, tag; empty at 0 for a note and an alias (the file's start)
  std::string container;  // the note's vault path (headings, aliases, tags), the folder (notes)
};

// Every note, heading, alias and tag of a vault, with their loose keys (case and accents
// folded) precomputed, so a query scans flat strings. Built once per file table in
// parallel; a snapshot that swapped some notes' parses reuses it (those notes are redone).
class SymbolIndex {
 public:
  static std::shared_ptr<const SymbolIndex> build(std::shared_ptr<const Vault> vault, unsigned threads = 0);
  std::shared_ptr<const SymbolIndex> update(std::shared_ptr<const Vault> vault, unsigned threads = 0) const;
  const Vault& vault() const { return *vault_; }

  // workspace/symbol: fuzzy (every query character in order, ignoring case and accents),
  // best first by the one fuzzy matcher (fuzzy_match.h): prefix (exact first), word start,
  // subsequence; then notes, headings, aliases, tags; then shorter, then path.
  // An empty query lists notes only. A query starting with '#' searches tags only (`#proj`
  // finds `#project/alpha`). Tags are listed once, at their first use.
  std::vector<WorkspaceSymbol> search(std::string_view query, size_t max_results = 200) const;

  struct Entry {
    uint32_t key_begin = 0;  // into the keys it is stored with
    uint32_t key_length = 0;
    WorkspaceSymbolKind kind = WorkspaceSymbolKind::Heading;
    uint32_t index = 0;  // into the note's headings, aliases or tags
  };
  struct NoteSymbols {
    std::string keys;  // the loose keys, back to back
    std::vector<Entry> entries;
  };
  // The base index keeps notes in chunks of consecutive FileIds, each one flat block of keys
  // and entries: a string and a vector per note cost, in headers and slack, more than half
  // of what the keys and entries themselves take.
  struct Chunk {
    std::string keys;
    std::vector<Entry> entries;         // key_begin into `keys`
    std::vector<uint32_t> first_entry;  // per file of the chunk, +1 at the end
  };

 private:
  struct SymbolsView {
    std::string_view keys;
    std::span<const Entry> entries;
  };
  static constexpr size_t kChunkFiles = 1024;
  static NoteSymbols index_note(const Vault& vault, FileId id);
  SymbolsView symbols_of(FileId id) const;

  std::shared_ptr<const Vault> vault_;
  std::shared_ptr<const Vault> base_vault_;
  std::shared_ptr<const std::vector<Chunk>> base_;
  std::vector<FileId> changed_;  // sorted
  std::vector<NoteSymbols> changed_symbols_;
};

class SymbolIndexCache {
 public:
  explicit SymbolIndexCache(unsigned threads = 0) : threads_(threads) {}
  std::shared_ptr<const SymbolIndex> get(const std::shared_ptr<const Vault>& vault);

 private:
  unsigned threads_;
  std::mutex mutex_;
  std::vector<std::shared_ptr<const SymbolIndex>> last_;  // one per vault root (multi-root workspaces)
};

}  // namespace slipbox
