#include "analysis/features/folding.h"
#include "analysis/features/selection_ranges.h"

#include "lsp/convert.h"
#include "lsp/features.h"

namespace slipbox::lsp {

std::vector<FoldingRange> folding_ranges(const NoteSnapshot& note) {
  const Document& document = *note.document;
  std::vector<FoldingRange> out;
  for (const Fold& fold : folding_ranges(*document.parsed, document.text, document.lines)) {
    FoldingRange range{fold.start_line, fold.end_line, std::nullopt};
    if (fold.kind == FoldKind::Comment)
      range.kind = "comment";
    else if (fold.kind == FoldKind::FrontMatter)
      range.kind = "imports";  // "fold imports" hides the properties
    out.push_back(std::move(range));
  }
  return out;
}

std::vector<SelectionRange> selection_ranges(const NoteSnapshot& note, const std::vector<Position>& positions) {
  const Document& document = *note.document;
  std::vector<SelectionRange> out;
  for (const Position& position : positions) {
    SelectionRange chain;
    for (ByteRange range :
         selection_ranges(*document.parsed, document.text, document.lines, cursor_offset(note, position)))
      chain.chain.push_back(to_range(document.lines, range, note.encoding));
    out.push_back(std::move(chain));
  }
  return out;
}

}  // namespace slipbox::lsp
