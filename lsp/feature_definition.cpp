#include "analysis/features/definition.h"

#include "lsp/convert.h"
#include "lsp/features.h"

namespace slipbox::lsp {

std::optional<Location> definition(const NoteSnapshot& note, const Position& position, const Workspace& workspace) {
  if (auto footnote = footnote_definition(note, position)) return footnote;
  const auto target = find_definition(note.context(), cursor_offset(note, position));
  if (!target) return std::nullopt;
  if (target->is_self)
    return Location{note.document->uri, to_range(note.document->lines, target->range, note.encoding)};

  const Vault& vault = *note.vault;
  if (target->file >= vault.file_count()) return std::nullopt;
  Location location{workspace.uri_for(vault, target->file), Range{}};
  // Columns need the target's text; fall back to the start of the target line.
  location.range = Range{{target->line, 0}, {target->line, 0}};
  if (vault.file(target->file).is_note) {
    if (const auto text = workspace.read_text(vault, target->file)) {
      const LineIndex lines(*text);
      if (target->range.end <= text->size()) location.range = to_range(lines, target->range, note.encoding);
    }
  }
  return location;
}

}  // namespace slipbox::lsp
