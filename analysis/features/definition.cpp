#include "analysis/features/definition.h"

namespace slipbox {

std::optional<DefinitionTarget> find_definition(const NoteContext& note, uint32_t cursor_offset) {
  const Link* link = link_at(note.parsed, cursor_offset);
  if (!link || link->external) return std::nullopt;
  const LinkTarget target = resolve_link(note.vault, note.source(), *link);
  switch (target.status) {
    case LinkStatus::External:
    case LinkStatus::UnresolvedNote:
    case LinkStatus::UnresolvedAttachment:
      return std::nullopt;
    case LinkStatus::Resolved:
    case LinkStatus::UnresolvedHeading:  // Obsidian opens the note when the heading is gone
    case LinkStatus::UnresolvedBlock:
      break;
  }
  if (!target.file && !target.is_self) return std::nullopt;
  DefinitionTarget result;
  result.file = target.file.value_or(0);
  result.is_self = target.is_self;
  if (target.heading) {
    result.range = target.heading->range;
    result.line = target.heading->line;
  } else if (target.block) {
    result.range = target.block->block_range;
    result.line = target.block->line;
  }
  return result;
}

}  // namespace slipbox
