#include "analysis/features/inline_embed.h"

#include "analysis/features/note_regions.h"

namespace slipbox {
namespace {

std::string without_trailing_blank_lines(std::string_view text) {
  size_t end = text.size();
  while (end > 0 && (text[end - 1] == '\n' || text[end - 1] == '\r' || text[end - 1] == ' ' || text[end - 1] == '\t'))
    --end;
  return std::string(text.substr(0, end));
}

}  // namespace

std::optional<std::string> embedded_text(const NoteContext& note, const Link& embed, const ReadText& read_text) {
  if (!embed.embed || embed.external) return std::nullopt;
  const LinkTarget target = resolve_link(note.vault, note.source(), embed);
  if (target.status != LinkStatus::Resolved || !target.file) return std::nullopt;
  if (!note.vault.file(*target.file).is_note) return std::nullopt;  // images and PDFs stay embeds

  // The request's own buffer when the embed names this note, else the target's text.
  std::string text;
  ParsedNote fresh;
  const ParsedNote* parsed = nullptr;
  if (target.is_self || note.vault.file(*target.file).path == note.vault_path) {
    text = std::string(note.text);
    parsed = &note.parsed;
  } else {
    const std::optional<std::string> read = read_text ? read_text(*target.file) : std::nullopt;
    if (!read) return std::nullopt;
    text = *read;
    parsed = &parse_of(note.vault, *target.file, text, fresh);
  }
  if (!embed.block_id().empty()) {
    const BlockAnchor* block = find_block(*parsed, embed.block_id());
    if (!block) return std::nullopt;
    return without_trailing_blank_lines(block_text_without_id(text, *block));
  }
  if (!embed.headings().empty()) {
    const Heading* heading = find_heading(*parsed, embed.headings());
    if (!heading) return std::nullopt;
    const ByteRange section = section_range(*parsed, *heading, text.size());
    return without_trailing_blank_lines(std::string_view(text).substr(section.begin, section.size()));
  }
  const uint32_t body = parsed->body_begin <= text.size() ? parsed->body_begin : 0;
  return without_trailing_blank_lines(std::string_view(text).substr(body));
}

std::vector<Refactor> inline_embed_actions(const NoteContext& note, ByteRange selection, const ReadText& read_text) {
  std::vector<Refactor> out;
  for (const Link& link : note.parsed.links) {
    if (!link.embed || link.in_front_matter) continue;
    if (!link.range.touches(selection.begin) && !link.range.touches(selection.end)) continue;
    const std::optional<std::string> text = embedded_text(note, link, read_text);
    if (!text) continue;
    Refactor action;
    action.title = !link.block_id().empty()   ? "Inline the embedded block"
                   : !link.headings().empty() ? "Inline the embedded section"
                                              : "Inline the embedded note";
    action.kind = "refactor.inline";
    action.changes.push_back(TextChange{link.range, *text});
    out.push_back(std::move(action));
    break;
  }
  return out;
}

}  // namespace slipbox
