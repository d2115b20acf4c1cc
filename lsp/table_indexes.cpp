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

}  // namespace slipbox::lsp
