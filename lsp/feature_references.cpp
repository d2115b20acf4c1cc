#include "analysis/features/references.h"

#include "lsp/features.h"
#include "lsp/file_texts.h"

namespace slipbox::lsp {

std::vector<Location> references(const NoteSnapshot& note, const ReferenceParams& params, const Workspace& workspace,
                                 NavigationIndexes& indexes) {
  std::vector<Location> out;
  if (note.in_folder && !note.vault_ready) return out;
  const auto graph = indexes.graphs.get(note.vault);
  const auto found = find_references(note.context(), cursor_offset(note, params.position), *graph,
                                     ReferencesOptions{params.includeDeclaration});
  FileTexts texts(workspace, note);
  for (const Reference& reference : found) {
    if (!reference.file) {
      out.push_back(Location{note.document->uri, to_range(note.document->lines, reference.range, note.encoding)});
      continue;
    }
    if (const auto range = texts.range(*reference.file, reference.range))
      out.push_back(Location{texts.uri(*reference.file), *range});
  }
  return out;
}

}  // namespace slipbox::lsp
