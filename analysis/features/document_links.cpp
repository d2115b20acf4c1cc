#include "analysis/features/document_links.h"

namespace slipbox {
namespace {

// An external link's URI as written, never percent-decoded (`?q=a%26b`, `100%25` and `a%23b`
// stay as they are): the target text, with a Markdown destination's backslash escapes undone
// as CommonMark does. Without the text, the parsed path and subpath.
std::string written_uri(const Link& link, std::string_view text) {
  const ByteRange written = link.target_range;
  if (written.begin >= written.end || written.end > text.size()) {
    std::string uri(link.path());
    if (link.has_subpath) uri += "#" + std::string(link.subpath());
    return uri;
  }
  const std::string_view raw = text.substr(written.begin, written.size());
  if (link.syntax != LinkSyntax::Markdown) return std::string(raw);
  std::string uri;
  uri.reserve(raw.size());
  for (size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '\\' && i + 1 < raw.size() &&
        std::string_view("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~").find(raw[i + 1]) != std::string_view::npos)
      ++i;
    uri += raw[i];
  }
  return uri;
}

}  // namespace

std::vector<DocumentLinkTarget> document_links(const NoteContext& note) {
  std::vector<DocumentLinkTarget> out;
  const SourceNote source = note.source();
  for (const Link& link : note.parsed.links) {
    DocumentLinkTarget target;
    target.range = link.range;
    if (link.external) {
      target.external = written_uri(link, note.text);
      if (file_uri_leaves_vault(note.vault.root(), target.external)) continue;  // not offered to open
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
    if (resolved.heading)
      target.line = resolved.heading->line;
    else if (resolved.block)
      target.line = resolved.block->line;
    if (!target.file && !target.is_self) continue;
    out.push_back(std::move(target));
  }
  return out;
}

}  // namespace slipbox
