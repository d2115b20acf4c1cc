#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/markdown/parsed_note.h"

namespace slipbox {

// A footnote reference `[^label]` or definition `[^label]: text` (at the start of a line,
// up to three spaces in), outside code, math and HTML. Labels hold no blank and no `]`.
struct FootnoteMark {
  std::string_view label;  // without `[^` and `]`, a view into the text
  ByteRange range;         // `[^label]` (a definition: without the colon)
  ByteRange label_range;
  bool definition = false;
  ByteRange body;  // a definition's text after `: ` to the end of its line, blanks trimmed
};

// Every footnote mark of the note's body, in document order.
std::vector<FootnoteMark> find_footnotes(const ParsedNote& note, std::string_view text);

// The mark whose range touches `offset`, or null.
const FootnoteMark* footnote_at(const std::vector<FootnoteMark>& marks, uint32_t offset);

// The definition of `label` (the first one), or null.
const FootnoteMark* footnote_definition(const std::vector<FootnoteMark>& marks, std::string_view label);

// `unresolved-footnote`: a reference with no definition; `unused-footnote`: a definition
// that nothing references. Labels compare as written (Obsidian: case-sensitive).
struct FootnoteProblem {
  bool unused = false;  // else unresolved
  ByteRange range;      // the mark
  std::string message;
};
std::vector<FootnoteProblem> footnote_problems(const std::vector<FootnoteMark>& marks);

// After `[^` (and a partial label) at `offset`: the note's labels, defined ones first (with
// their text as detail), then labels only referenced. `replace` is what was typed of the
// label; `close` says whether the `]` is missing.
struct FootnoteCompletion {
  std::string label;
  std::string detail;
  bool defined = false;
};
struct FootnoteCompletions {
  ByteRange replace;
  bool close = true;
  std::vector<FootnoteCompletion> items;
};
std::optional<FootnoteCompletions> complete_footnote(const ParsedNote& note, std::string_view text, uint32_t offset);

}  // namespace slipbox
