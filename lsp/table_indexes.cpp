#include "lsp/features.h"

#include <filesystem>

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

std::shared_ptr<const ModifiedTimes> read_modified_times(std::shared_ptr<const Vault> vault) {
  auto times = std::make_shared<ModifiedTimes>();
  times->times.resize(vault->file_count());
  for (FileId id = 0; id < vault->file_count(); ++id) {
    std::error_code error;
    const auto when = std::filesystem::last_write_time(vault->absolute_path(id), error);
    if (!error) times->times[id] = static_cast<int64_t>(when.time_since_epoch().count());
  }
  times->base = std::move(vault);
  return times;
}

bool modified_times_fit(const ModifiedTimes& times, const Vault& vault) {
  return times.base && &times.base->files() == &vault.files();
}

TableIndexCache<ModifiedTimes>& modified_times() {
  static auto* cache = new TableIndexCache<ModifiedTimes>(read_modified_times, modified_times_fit);
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
        modified_times().get(now.effective);
      }
    });
  }
}

}  // namespace slipbox::lsp
