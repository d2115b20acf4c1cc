#include "analysis/features/folding.h"

#include <algorithm>

#include "analysis/features/document_symbols.h"
#include "analysis/markdown/structure.h"

namespace slipbox {
namespace {

// `> [!type]`: a quote whose first line opens a callout (markers and blanks before `[!`).
bool opens_callout(std::string_view text, uint32_t at) {
  size_t i = at;
  while (i < text.size() && (text[i] == '>' || text[i] == ' ' || text[i] == '\t')) ++i;
  return i + 1 < text.size() && text[i] == '[' && text[i + 1] == '!';
}

struct Collector {
  const LineIndex& lines;
  std::vector<Fold> out;

  // A range of bytes folds from its first line to the line of its last byte.
  void add(ByteRange range, FoldKind kind) {
    if (range.empty()) return;
    const uint32_t first = lines.line_of(range.begin);
    const uint32_t last = lines.line_of(range.end - 1);
    if (last > first) out.push_back(Fold{first, last, kind});
  }

  void add_sections(const std::vector<OutlineItem>& items) {
    for (const OutlineItem& item : items) {
      add(item.range, FoldKind::Section);
      add_sections(item.children);
    }
  }
};

}  // namespace

std::vector<Fold> folding_ranges(const ParsedNote& note, std::string_view text, const LineIndex& lines) {
  Collector folds{lines, {}};
  folds.add(note.front_matter, FoldKind::FrontMatter);
  folds.add_sections(document_outline(note, text));

  const uint32_t body_begin = std::min<uint32_t>(note.body_begin, static_cast<uint32_t>(text.size()));
  const NoteStructure structure = analyze_structure(text, body_begin, lines);
  for (const StructureBlock& block : structure.blocks) {
    if (!block.has_text() || block.outer.empty()) continue;
    switch (block.kind) {
      case BlockKind::Code:
        if (block.fenced) folds.add(block.outer, FoldKind::Code);
        break;
      case BlockKind::Quote:
        if (opens_callout(text, block.outer.begin)) folds.add(block.outer, FoldKind::Callout);
        break;
      case BlockKind::List:
      case BlockKind::ListItem:
        folds.add(block.outer, FoldKind::List);
        break;
      default:
        break;
    }
  }
  if (text.find("%%", body_begin) != std::string_view::npos) {
    for (ByteRange comment : find_comments(text.substr(body_begin)))
      folds.add(ByteRange{comment.begin + body_begin, comment.end + body_begin}, FoldKind::Comment);
  }

  std::vector<Fold>& out = folds.out;
  // By start line, the longer first; one fold per stretch of lines (a one-item list and its
  // item, say), the first kind found kept.
  std::stable_sort(out.begin(), out.end(), [](const Fold& a, const Fold& b) {
    return a.start_line != b.start_line ? a.start_line < b.start_line : a.end_line > b.end_line;
  });
  out.erase(std::unique(
                out.begin(), out.end(),
                [](const Fold& a, const Fold& b) { return a.start_line == b.start_line && a.end_line == b.end_line; }),
            out.end());
  return out;
}

}  // namespace slipbox
