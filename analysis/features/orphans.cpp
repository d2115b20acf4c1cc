#include "analysis/features/orphans.h"

namespace slipbox {

std::vector<FileId> orphan_notes(const LinkGraph& graph) {
  std::vector<FileId> out;
  const Vault& vault = graph.vault();
  for (FileId id = 0; id < vault.file_count(); ++id)
    if (vault.file(id).is_note && graph.count_links_from_others(id) == 0) out.push_back(id);
  return out;
}

std::vector<FileId> unused_attachments(const LinkGraph& graph) {
  std::vector<FileId> out;
  const Vault& vault = graph.vault();
  for (FileId id = 0; id < vault.file_count(); ++id)
    if (!vault.file(id).is_note && graph.count_links_from_others(id) == 0) out.push_back(id);
  return out;
}

}  // namespace slipbox
