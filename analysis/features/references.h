#pragma once
#include <optional>
#include <vector>

#include "analysis/features/symbol_at.h"
#include "analysis/vault/link_graph.h"

namespace slipbox {

// One place that refers to the symbol: a link, a tag, or (with the declaration) the
// heading or block itself.
struct Reference {
  // The note it is in; nullopt means the note under the cursor when it is outside the vault.
  std::optional<FileId> file;
  ByteRange range;  // into that note's text
  friend bool operator==(const Reference&, const Reference&) = default;
};

struct ReferencesOptions {
  bool include_declaration = false;  // add the heading or block itself
};

// textDocument/references: every link to the note (from anywhere in it, its title, or a
// link to it), to a heading or block (cursor on it), every use of a tag (nested tags and
// front matter included), or every link to the same missing note. Links inside
// `%% comments %%` count; sorted by note path, then position. `graph` is the vault's.
std::vector<Reference> find_references(const NoteContext& note, uint32_t cursor, const LinkGraph& graph,
                                       const ReferencesOptions& options = {});

// The same for a symbol already found (rename reuses it).
std::vector<Reference> references_to(const NoteContext& note, const SymbolAt& symbol, const LinkGraph& graph,
                                     const ReferencesOptions& options = {});

// The links (as refs) that point at the heading or block of `symbol` (Heading / Block kinds),
// the current note's own links included.
std::vector<LinkRef> links_to_subpath(const NoteContext& note, const SymbolAt& symbol, const LinkGraph& graph);

}  // namespace slipbox
