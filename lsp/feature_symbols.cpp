#include "analysis/features/document_symbols.h"
#include "analysis/features/workspace_symbols.h"

#include "lsp/features.h"
#include "lsp/file_texts.h"
#include "lsp/uri.h"

namespace slipbox::lsp {
namespace {

DocumentSymbol to_symbol(const NoteSnapshot& note, const OutlineItem& item) {
  DocumentSymbol out;
  out.name = item.name;
  out.detail = std::string(item.level, '#');
  out.kind = item.level == 1 ? SymbolKind::Namespace : SymbolKind::String;
  out.range = to_range(note.document->lines, item.range, note.encoding);
  out.selectionRange = to_range(note.document->lines, item.selection, note.encoding);
  for (const OutlineItem& child : item.children) out.children.push_back(to_symbol(note, child));
  return out;
}

void flatten(const DocumentSymbol& symbol, const std::string& uri, const std::string& container,
             std::vector<SymbolInformation>& out) {
  out.push_back(SymbolInformation{symbol.name, symbol.kind, Location{uri, symbol.range}, container});
  for (const DocumentSymbol& child : symbol.children) flatten(child, uri, symbol.name, out);
}

SymbolKind kind_of(WorkspaceSymbolKind kind) {
  switch (kind) {
    case WorkspaceSymbolKind::Note:
      return SymbolKind::File;
    case WorkspaceSymbolKind::Heading:
      return SymbolKind::String;
    case WorkspaceSymbolKind::Alias:
    case WorkspaceSymbolKind::Tag:
      return SymbolKind::Key;
  }
  return SymbolKind::String;
}

}  // namespace

DocumentSymbolResult document_symbols(const NoteSnapshot& note, bool hierarchical) {
  DocumentSymbolResult result;
  for (const OutlineItem& item : document_outline(*note.document->parsed, note.document->text))
    result.hierarchical.push_back(to_symbol(note, item));
  if (!hierarchical) {
    result.flat.emplace();
    for (const DocumentSymbol& symbol : result.hierarchical) flatten(symbol, note.document->uri, "", *result.flat);
  }
  return result;
}

std::vector<SymbolInformation> workspace_symbols(const std::string& query, const Workspace& workspace,
                                                 NavigationIndexes& indexes) {
  constexpr size_t kMaxResults = 200;
  std::vector<SymbolInformation> out;
  for (const std::filesystem::path& root : workspace.folders()) {
    const auto vault = workspace.folder_vault(root);
    if (!vault) continue;  // not scanned yet
    const auto index = indexes.symbols.get(vault);
    FileTexts texts(workspace, vault, workspace.position_encoding());
    for (const WorkspaceSymbol& symbol : index->search(query, kMaxResults)) {
      SymbolInformation info;
      info.name = symbol.name;
      info.kind = kind_of(symbol.kind);
      info.containerName = symbol.container;
      info.location.uri = texts.uri(symbol.file);
      if (!symbol.range.empty()) {
        const auto range = texts.range(symbol.file, symbol.range);
        if (!range) continue;  // the file changed under us
        info.location.range = *range;
      }
      out.push_back(std::move(info));
    }
  }
  return out;
}

}  // namespace slipbox::lsp
