#include "analysis/features/note_context.h"

namespace slipbox {

const Link* link_at(const ParsedNote& note, uint32_t offset) {
  // Prefer a link that contains the offset; a link that ends exactly there (cursor just
  // after `]]`) only counts when no link starts there (`[[A]][[B]]`).
  const Link* touching = nullptr;
  for (const Link& link : note.links) {
    if (link.range.contains(offset)) return &link;
    if (!touching && link.range.touches(offset)) touching = &link;
  }
  return touching;
}

}  // namespace slipbox
