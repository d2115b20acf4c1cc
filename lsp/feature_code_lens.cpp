#include "analysis/features/code_lens.h"

#include "lsp/convert.h"
#include "lsp/features.h"

namespace slipbox::lsp {

std::vector<CodeLens> code_lenses(const NoteSnapshot& note, NavigationIndexes& indexes) {
  std::vector<CodeLens> out;
  if (!note.in_folder || !note.vault_ready) return out;
  const auto graph = indexes.graphs.get(note.vault);
  for (const BacklinkLens& lens : backlink_lenses(note.context(), *graph)) {
    CodeLens code_lens;
    code_lens.range = to_range(note.document->lines, lens.range);
    const std::string count = std::to_string(lens.count) + (lens.count == 1 ? " backlink" : " backlinks");
    // A title-only command: clients show it; running it does nothing (no command is registered).
    code_lens.command = Command{count, "", nullptr};
    out.push_back(std::move(code_lens));
  }
  return out;
}

}  // namespace slipbox::lsp
