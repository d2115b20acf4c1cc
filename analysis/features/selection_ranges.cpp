#include "analysis/features/selection_ranges.h"

#include <algorithm>

#include "analysis/features/document_symbols.h"
#include "analysis/features/note_context.h"
#include "analysis/markdown/structure.h"

namespace slipbox {
namespace {

// Letters and digits: ASCII ones and every byte of a non-ASCII character (accents, CJK).
bool is_word_byte(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u >= 0x80 || (u >= '0' && u <= '9') || (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || u == '_';
}

ByteRange word_at(std::string_view text, uint32_t offset) {
  uint32_t begin = offset, end = offset;
  while (begin > 0 && is_word_byte(text[begin - 1])) --begin;
  while (end < text.size() && is_word_byte(text[end])) ++end;
  return ByteRange{begin, end};
}

void add_sections(const std::vector<OutlineItem>& items, uint32_t offset, std::vector<ByteRange>& out) {
  for (const OutlineItem& item : items) {
    if (!item.range.touches(offset)) continue;
    add_sections(item.children, offset, out);
    out.push_back(item.range);
    return;
  }
}

}  // namespace

std::vector<ByteRange> selection_ranges(const ParsedNote& note, std::string_view text, const LineIndex& lines,
                                        uint32_t offset) {
  offset = std::min<uint32_t>(offset, static_cast<uint32_t>(text.size()));
  std::vector<ByteRange> candidates;
  candidates.push_back(word_at(text, offset));
  if (const Link* link = link_at(note, offset)) {
    candidates.push_back(link->target_range);
    candidates.push_back(link->range);
  }
  const uint32_t line = lines.line_of(offset);
  candidates.push_back(ByteRange{lines.line_start(line), lines.line_end(line)});

  if (note.front_matter.touches(offset) && !note.front_matter.empty()) {
    candidates.push_back(note.front_matter);
  } else {
    const uint32_t body_begin = std::min<uint32_t>(note.body_begin, static_cast<uint32_t>(text.size()));
    const NoteStructure structure = analyze_structure(text, body_begin, lines);
    // The innermost block holding the offset, then its ancestors.
    int32_t innermost = -1;
    for (size_t i = 0; i < structure.blocks.size(); ++i) {
      const StructureBlock& block = structure.blocks[i];
      if (block.kind == BlockKind::Document || !block.has_text() || !block.outer.touches(offset)) continue;
      innermost = static_cast<int32_t>(i);  // pre-order: a later match lies inside an earlier one
    }
    for (int32_t i = innermost; i >= 0; i = structure.blocks[i].parent) {
      const StructureBlock& block = structure.blocks[i];
      if (block.kind != BlockKind::Document && block.has_text()) candidates.push_back(block.outer);
    }
  }
  add_sections(document_outline(note, text), offset, candidates);
  candidates.push_back(ByteRange{0, static_cast<uint32_t>(text.size())});

  // Each step must hold the one before and be larger.
  std::vector<ByteRange> out;
  for (const ByteRange& range : candidates) {
    if (!range.touches(offset)) continue;
    if (!out.empty()) {
      const ByteRange& last = out.back();
      if (range.begin > last.begin || range.end < last.end || range == last) continue;
    } else if (range.empty() && range.end != text.size()) {
      continue;  // no word here: start at the next step
    }
    out.push_back(range);
  }
  if (out.empty()) out.push_back(ByteRange{offset, offset});
  return out;
}

}  // namespace slipbox
