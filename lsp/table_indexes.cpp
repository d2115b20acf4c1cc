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
    // get() returns at once when the cached index already fits the file table.
    // The folder's vault as it is when the task runs, not when it was queued: holding that
    // one kept its whole file table alive, and after more file events it is not worth
    // building for (a build per event, each for files already gone).
    post([&workspace, root = folder.root] {
      for (const Workspace::FolderView& now : workspace.ready_folders()) {
        if (now.root != root) continue;
        completion_indexes().get(now.effective);
        closest_names_indexes().get(now.effective);
      }
    });
  }
}

}  // namespace slipbox::lsp
