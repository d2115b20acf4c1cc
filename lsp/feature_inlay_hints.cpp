#include "analysis/features/inlay_hints.h"

#include "lsp/convert.h"
#include "lsp/features.h"
#include "lsp/file_texts.h"

namespace slipbox::lsp {

std::vector<InlayHint> inlay_hints(const NoteSnapshot& note, const Range& range, const Workspace& workspace,
                                   const Settings& settings) {
  InlayHintOptions options;
  options.embeds = settings.inlay_hint_embeds;
  options.ambiguous_links = settings.inlay_hint_ambiguous_links;
  if (!options.embeds && !options.ambiguous_links) return {};
  const LineIndex& lines = note.document->lines;
  const uint32_t begin = to_offset(lines, range.start, note.encoding);
  const ByteRange within{begin, std::max(begin, to_offset(lines, range.end, note.encoding))};
  FileTexts texts(workspace, note);
  const ReadText read_text = [&](FileId id) -> std::optional<std::string> {
    if (const std::string* text = texts.text(id)) return *text;
    return std::nullopt;
  };
  std::vector<InlayHint> out;
  for (const NoteInlayHint& hint : slipbox::inlay_hints(note.context(), within, options, read_text))
    out.push_back(InlayHint{to_position(lines, hint.offset, note.encoding), hint.label, hint.tooltip});
  return out;
}

}  // namespace slipbox::lsp
