#include "analysis/features/document_links.h"

namespace slipbox {

std::vector<DocumentLinkTarget> document_links(const NoteContext& note) {
  std::vector<DocumentLinkTarget> out;
  const SourceNote source = note.source();
  for (const Link& link : note.parsed.links) {
    DocumentLinkTarget target;
    target.range = link.range;
    if (link.external) {
      if (file_uri_leaves_vault(note.vault.root(), link.path())) continue;  // not offered to open
      target.external = link.path();
      out.push_back(std::move(target));
      continue;
    }
    const LinkTarget resolved = resolve_link(note.vault, source, link);
    switch (resolved.status) {
      case LinkStatus::External:
      case LinkStatus::UnresolvedNote:
      case LinkStatus::UnresolvedAttachment:
        continue;
      case LinkStatus::Resolved:
      case LinkStatus::UnresolvedHeading:
      case LinkStatus::UnresolvedBlock:
        break;
    }
    target.file = resolved.file;
    target.is_self = resolved.is_self;
    if (resolved.heading) target.line = resolved.heading->line;
    else if (resolved.block) target.line = resolved.block->line;
    if (!target.file && !target.is_self) continue;
    out.push_back(std::move(target));
  }
  return out;
}

}  // namespace slipbox
