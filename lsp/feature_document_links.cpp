#include "analysis/features/document_links.h"

#include "lsp/features.h"
#include "lsp/file_texts.h"

namespace slipbox::lsp {

std::vector<DocumentLink> document_links(const NoteSnapshot& note, const Workspace& workspace) {
  std::vector<DocumentLink> out;
  FileTexts texts(workspace, note);
  for (const DocumentLinkTarget& found : slipbox::document_links(note.context())) {
    // Outside every folder only links into the note itself lead anywhere we know.
    if (!note.in_folder && !found.is_self && found.external.empty()) continue;
    DocumentLink link;
    link.range = to_range(note.document->lines, found.range, note.encoding);
    if (!found.external.empty()) {
      link.target = found.external;
    } else {
      std::string uri = found.is_self || !found.file ? note.document->uri : texts.uri(*found.file);
      // `#L12` opens the file at the heading or block in VS Code and most editors.
      if (found.line) uri += "#L" + std::to_string(*found.line + 1);
      link.target = std::move(uri);
      if (found.file && !found.is_self) link.tooltip = note.vault->file(*found.file).path;
    }
    out.push_back(std::move(link));
  }
  return out;
}

}  // namespace slipbox::lsp
