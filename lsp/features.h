#pragma once
#include <optional>
#include <vector>

#include "analysis/features/workspace_symbols.h"
#include "analysis/vault/link_graph.h"
#include "lsp/protocol.h"
#include "lsp/settings.h"
#include "lsp/workspace.h"

namespace slipbox::lsp {

// Each feature: protocol position → byte offset → analysis query on an immutable snapshot
// → protocol result. Free functions, usable from any thread, one file each.

// The cursor position as a byte offset into the snapshot's document.
uint32_t cursor_offset(const NoteSnapshot& note, const Position& position);

// feature_completion.cpp. isIncomplete while the vault is still being indexed.
CompletionList completion(const NoteSnapshot& note, const Position& position);

// feature_definition.cpp. `workspace` provides open-buffer texts and URIs for targets.
std::optional<Location> definition(const NoteSnapshot& note, const Position& position, const Workspace& workspace);

// feature_hover.cpp.
std::optional<Hover> hover(const NoteSnapshot& note, const Position& position, const Workspace& workspace);

// feature_diagnostics.cpp. Empty while the vault's first scan runs (no false "broken link"
// before the names are known).
std::vector<Diagnostic> diagnostics(const NoteSnapshot& note, const Settings& settings);

// Vault-wide indexes shared by the navigation features, cached per snapshot.
struct NavigationIndexes {
  LinkGraphCache graphs;
  SymbolIndexCache symbols;
};

// feature_references.cpp: links to the note, heading or block, or uses of the tag.
std::vector<Location> references(const NoteSnapshot& note, const ReferenceParams& params, const Workspace& workspace,
                                 NavigationIndexes& indexes);

// feature_symbols.cpp: the heading outline (flat SymbolInformation for clients without
// hierarchy support), and workspace/symbol over every folder's vault.
DocumentSymbolResult document_symbols(const NoteSnapshot& note, bool hierarchical);
std::vector<SymbolInformation> workspace_symbols(const std::string& query, const Workspace& workspace,
                                                 NavigationIndexes& indexes);

// feature_document_links.cpp.
std::vector<DocumentLink> document_links(const NoteSnapshot& note, const Workspace& workspace);

}  // namespace slipbox::lsp
