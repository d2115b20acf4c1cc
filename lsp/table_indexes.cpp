#include "lsp/features.h"

namespace slipbox::lsp {

// Leaked on purpose: pool threads may still use them while the process exits.
TableIndexCache<CompletionIndex>& completion_indexes() {
  static auto* cache = new TableIndexCache<CompletionIndex>(build_completion_index, completion_index_fits);
  return *cache;
}

TableIndexCache<ClosestNamesIndex>& closest_names_indexes() {
  static auto* cache = new TableIndexCache<ClosestNamesIndex>(build_closest_names_index, closest_names_index_fits);
  return *cache;
}

void prepare_table_indexes(const Workspace& workspace, const std::function<void(std::function<void()>)>& post) {
  for (const Workspace::FolderView& folder : workspace.ready_folders()) {
    // get() returns at once when the cached index already fits this file table.
    post([vault = folder.effective] {
      completion_indexes().get(vault);
      closest_names_indexes().get(vault);
    });
  }
}

}  // namespace slipbox::lsp
