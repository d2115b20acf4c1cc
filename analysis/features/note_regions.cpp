#include "analysis/features/note_regions.h"

namespace slipbox {

ByteRange section_range(const ParsedNote& parsed, const Heading& heading, size_t text_size) {
  ByteRange section{heading.range.begin, static_cast<uint32_t>(text_size)};
  for (const Heading& other : parsed.headings)
    if (other.range.begin > heading.range.begin && other.level <= heading.level) {
      section.end = other.range.begin;
      break;
    }
  return section;
}

std::string block_text_without_id(std::string_view text, const BlockAnchor& block) {
  const ByteRange range = block.block_range;
  if (range.begin > range.end || range.end > text.size()) return {};
  std::string out(text.substr(range.begin, range.size()));
  const ByteRange id = block.id_range;
  if (id.begin >= range.begin && id.end <= range.end && id.begin <= id.end) {
    uint32_t cut_begin = id.begin - range.begin;
    const uint32_t cut_end = id.end - range.begin;
    while (cut_begin > 0 && (out[cut_begin - 1] == ' ' || out[cut_begin - 1] == '\t')) --cut_begin;
    out.erase(cut_begin, cut_end - cut_begin);
  }
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}

const ParsedNote& parse_of(const Vault& vault, FileId file, std::string_view text, ParsedNote& fresh) {
  const ParsedNote* indexed = vault.note(file);
  if (indexed && indexed->parsed_from(text)) return *indexed;
  fresh = parse_note(text);
  return fresh;
}

}  // namespace slipbox
