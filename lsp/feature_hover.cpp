#include "analysis/features/hover.h"

#include "lsp/convert.h"
#include "lsp/features.h"

namespace slipbox::lsp {

std::optional<Hover> hover(const NoteSnapshot& note, const Position& position, const Workspace& workspace,
                           const ClientCapabilities& client) {
  if (auto footnote = footnote_hover(note, position, client)) return footnote;
  const Vault& vault = *note.vault;
  const ReadText read_text = [&](FileId id) { return workspace.read_text(vault, id); };
  HoverOptions options;
  const auto names = closest_names_indexes().get(note.vault);
  options.names = names.get();
  options.plaintext = client.hover_plaintext;
  const auto result = slipbox::hover(note.context(), cursor_offset(note, position), read_text, options);
  if (!result) return std::nullopt;
  return Hover{MarkupContent{client.hover_plaintext ? "plaintext" : "markdown", result->markdown},
               to_range(note.document->lines, result->range, note.encoding)};
}

}  // namespace slipbox::lsp
