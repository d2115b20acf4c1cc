#include "analysis/features/symbol_at.h"

#include "analysis/text/unicode.h"

namespace slipbox {
namespace {

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// The offset of the first '#' in the link's written target, or its end.
uint32_t subpath_start(const NoteContext& note, const Link& link) {
  const ByteRange target = link.target_range;
  if (target.end > note.text.size() || target.begin > target.end) return target.end;
  const std::string_view written = note.text.substr(target.begin, target.size());
  const size_t hash = written.find('#');
  return hash == std::string_view::npos ? target.end : target.begin + static_cast<uint32_t>(hash);
}

}  // namespace

bool tag_covers(std::string_view wanted_folded, std::string_view tag_name) {
  if (wanted_folded.empty()) return false;
  if (is_ascii(tag_name)) {
    // The common case without allocating: ASCII compares by lower-casing on the fly.
    if (tag_name.size() < wanted_folded.size()) return false;
    for (size_t i = 0; i < wanted_folded.size(); ++i)
      if (lower(tag_name[i]) != wanted_folded[i]) return false;
    return tag_name.size() == wanted_folded.size() || tag_name[wanted_folded.size()] == '/';
  }
  const std::string folded = fold_key(tag_name);
  return folded == wanted_folded || (folded.size() > wanted_folded.size() && folded.starts_with(wanted_folded) &&
                                     folded[wanted_folded.size()] == '/');
}

SymbolAt symbol_at(const NoteContext& note, uint32_t cursor, bool subpath_counts) {
  SymbolAt at;
  std::optional<FileId> current;
  if (!note.vault_path.empty()) current = note.vault.find_path(note.vault_path);
  const auto this_note = [&] {
    at.file = current;
    at.is_current = true;
    at.parsed = &note.parsed;
  };

  for (const Tag& tag : note.parsed.tags) {
    if (tag.range.empty() || !tag.range.touches(cursor)) continue;
    at.kind = SymbolKind::Tag;
    at.tag = tag.name;
    at.range = tag.range;
    if (!tag.in_front_matter && at.range.size() > 0 && note.text.substr(at.range.begin, 1) == "#") ++at.range.begin;
    return at;
  }

  if (const Link* link = link_at(note.parsed, cursor)) {
    if (link->external) return at;
    at.link = link;
    const LinkTarget target = resolve_link(note.vault, note.source(), *link);
    const uint32_t hash = subpath_start(note, *link);
    const bool on_subpath = link->has_subpath && cursor > hash && cursor <= link->target_range.end;
    if (target.is_self) {
      this_note();
    } else if (target.file) {
      at.file = target.file;
      at.is_current = target.file == current;
      at.parsed = at.is_current ? &note.parsed : note.vault.note(*target.file);
    } else if (!target.outside_vault &&  // outside: never a note to find, rename or create
               (target.status == LinkStatus::UnresolvedNote || target.status == LinkStatus::UnresolvedAttachment)) {
      at.kind = SymbolKind::MissingNote;
      at.linkpath = link->path();
      at.range = ByteRange{link->target_range.begin, hash};
      return at;
    } else {
      return at;
    }
    if ((subpath_counts && on_subpath) || target.is_self) {
      if (target.heading) {
        at.kind = SymbolKind::Heading;
        at.heading = target.heading;
        at.range = ByteRange{hash + 1, link->target_range.end};
        return at;
      }
      if (target.block) {
        at.kind = SymbolKind::Block;
        at.block = target.block;
        at.range = ByteRange{hash + 2, link->target_range.end};  // after `#^`
        return at;
      }
    }
    at.kind = SymbolKind::Note;
    at.range = ByteRange{link->target_range.begin, hash};
    return at;
  }

  for (const BlockAnchor& block : note.parsed.blocks) {
    if (!block.id_range.touches(cursor)) continue;
    this_note();
    at.kind = SymbolKind::Block;
    at.block = &block;
    at.range = ByteRange{block.id_range.begin + 1, block.id_range.end};
    return at;
  }

  for (size_t i = 0; i < note.parsed.headings.size(); ++i) {
    const Heading& heading = note.parsed.headings[i];
    if (!heading.range.touches(cursor)) continue;
    this_note();
    at.range = heading.text_range;
    // The first `# Title` stands for the note itself.
    if (i == 0 && heading.level == 1) {
      at.kind = SymbolKind::Note;
    } else {
      at.kind = SymbolKind::Heading;
      at.heading = &heading;
    }
    return at;
  }

  this_note();
  at.kind = SymbolKind::Note;
  return at;
}

}  // namespace slipbox
