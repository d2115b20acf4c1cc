#include "analysis/features/document_symbols.h"

namespace slipbox {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// The end of a section ending before `limit`: trailing blank lines don't belong to it.
uint32_t section_end(std::string_view text, uint32_t heading_end, uint32_t limit) {
  uint32_t end = std::min<uint32_t>(limit, static_cast<uint32_t>(text.size()));
  while (end > heading_end && is_space(text[end - 1])) --end;
  return std::max(end, heading_end);
}

std::string one_line(std::string_view text) {
  std::string out;
  for (const char c : text) out += (c == '\n' || c == '\r') ? ' ' : c;
  return out;
}

}  // namespace

std::vector<OutlineItem> document_outline(const ParsedNote& note, std::string_view text) {
  std::vector<OutlineItem> roots;
  // The chain of open sections, outermost first, as pointers into the tree being built.
  std::vector<std::vector<OutlineItem>*> containers{&roots};
  std::vector<uint8_t> levels;
  const auto& headings = note.headings;
  for (size_t i = 0; i < headings.size(); ++i) {
    const Heading& heading = headings[i];
    // Where the section ends: the next heading of the same or a higher rank.
    uint32_t limit = static_cast<uint32_t>(text.size());
    for (size_t k = i + 1; k < headings.size(); ++k) {
      if (headings[k].level <= heading.level) {
        limit = headings[k].range.begin;
        break;
      }
    }
    while (!levels.empty() && levels.back() >= heading.level) {
      levels.pop_back();
      containers.pop_back();
    }
    OutlineItem item;
    item.name = one_line(heading.text);
    if (item.name.empty()) item.name = std::string(heading.level, '#');
    item.level = heading.level;
    item.range = ByteRange{heading.range.begin, section_end(text, heading.range.end, limit)};
    item.selection = heading.text_range.empty() ? heading.range : heading.text_range;
    containers.back()->push_back(std::move(item));
    containers.push_back(&containers.back()->back().children);
    levels.push_back(heading.level);
  }
  return roots;
}

}  // namespace slipbox
