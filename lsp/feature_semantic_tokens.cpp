#include "analysis/features/semantic_tokens.h"

#include "lsp/convert.h"
#include "lsp/features.h"

namespace slipbox::lsp {

SemanticTokens semantic_tokens(const NoteSnapshot& note, const std::optional<Range>& range) {
  const Document& document = *note.document;
  std::optional<ByteRange> within;
  if (range)
    within = ByteRange{to_offset(document.lines, range->start, note.encoding),
                       to_offset(document.lines, range->end, note.encoding)};
  // Outside every folder only links into the note itself can be judged broken.
  const auto tokens = slipbox::semantic_tokens(note.context(), within, note.in_folder);
  SemanticTokens out;
  out.data.reserve(tokens.size() * 5);
  Position previous{0, 0};
  const auto emit = [&](ByteRange piece, const SemanticToken& token) {
    const Position start = to_position(document.lines, piece.begin, note.encoding);
    const Position end = to_position(document.lines, piece.end, note.encoding);
    if (end.character <= start.character) return;
    out.data.push_back(start.line - previous.line);
    out.data.push_back(start.line == previous.line ? start.character - previous.character : start.character);
    out.data.push_back(end.character - start.character);
    out.data.push_back(static_cast<uint32_t>(token.type));
    out.data.push_back(token.modifiers);
    previous = start;
  };
  for (const SemanticToken& token : tokens) {
    // One token per line: clients without multilineTokenSupport (most) want it so.
    const uint32_t first = document.lines.line_of(token.range.begin);
    const uint32_t last = document.lines.line_of(token.range.end);
    for (uint32_t line = first; line <= last; ++line) {
      const uint32_t begin = std::max(token.range.begin, document.lines.line_start(line));
      const uint32_t end = std::min(token.range.end, document.lines.line_end(line));
      if (begin < end) emit(ByteRange{begin, end}, token);
    }
  }
  return out;
}

}  // namespace slipbox::lsp
