#include "lsp/features.h"
#include "lsp/uri.h"

namespace slipbox::lsp {

void prepare_navigation_indexes(const Workspace& workspace, NavigationIndexes& indexes,
                                const LinkGraphCache::Post& post) {
  for (const std::filesystem::path& root : workspace.folders()) {
    const auto vault = workspace.folder_vault(root);
    if (!vault) continue;  // not scanned yet
    indexes.graphs.prepare(vault, post);
    // The symbol index is not warmed: it is built on the first workspace/symbol (once per file
    // table) instead of holding its memory for a search many never run.
  }
}

std::shared_ptr<const LinkGraph> ready_link_graph(const NoteSnapshot& note, NavigationIndexes& indexes) {
  if (!note.in_folder || !note.vault_ready) return nullptr;
  return indexes.graphs.try_get(note.vault);
}

}  // namespace slipbox::lsp
