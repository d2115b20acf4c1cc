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
  std::vector<FileId> files;
  for (const Reference& reference : found)
    if (reference.file) files.push_back(*reference.file);
  texts.read_ahead(files);
  out.reserve(found.size());
  std::optional<FileId> last_file;
  std::string last_uri;
  for (const Reference& reference : found) {
    if (!reference.file) {
      out.push_back(Location{note.document->uri, to_range(note.document->lines, reference.range, note.encoding)});
      continue;
    }
    const auto range = texts.range(*reference.file, reference.range);
    if (!range) continue;
    // By file: the uri of the previous location is most often this one's.
    if (last_file != reference.file) {
      last_file = reference.file;
      last_uri = texts.uri(*reference.file);
    }
    out.push_back(Location{last_uri, *range});
  }
  return out;
}

}  // namespace slipbox::lsp
