#include "analysis/features/code_lens.h"

#include "lsp/convert.h"
#include "lsp/features.h"
#include "lsp/file_texts.h"

namespace slipbox::lsp {

std::vector<CodeLens> code_lenses(const NoteSnapshot& note, const Workspace& workspace, NavigationIndexes& indexes) {
  std::vector<CodeLens> out;
  if (!note.in_folder || !note.vault_ready) return out;
  const auto graph = indexes.graphs.get(note.vault);
  FileTexts texts(workspace, note);
  for (const BacklinkLens& lens : backlink_lenses(note.context(), *graph)) {
    CodeLens code_lens;
    code_lens.range = to_range(note.document->lines, lens.range, note.encoding);
    // The arguments of VS Code's editor.action.showReferences: the editors' client-side
    // `slipbox.showReferences` hands them over (editors/vscode, editors/nvim).
    json locations = json::array();
    for (const LinkRef& ref : lens.links) {
      const ParsedNote* source = graph->vault().note(ref.source);
      if (!source || ref.link >= source->links.size()) continue;
      if (const auto range = texts.range(ref.source, source->links[ref.link].range))
        locations.push_back(Location{texts.uri(ref.source), *range});
    }
    const std::string count = std::to_string(lens.count) + (lens.count == 1 ? " backlink" : " backlinks");
    code_lens.command = Command{count, std::string(kShowReferencesCommand),
                                json::array({note.document->uri, code_lens.range.start, std::move(locations)})};
    out.push_back(std::move(code_lens));
  }
  return out;
}

}  // namespace slipbox::lsp
