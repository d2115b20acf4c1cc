#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "analysis/markdown/parsed_note.h"

namespace slipbox {

// One heading of the outline, with the headings of its section nested below it.
struct OutlineItem {
  std::string name;  // the heading text on one line
  uint8_t level = 1;
  ByteRange range;      // the whole section: the heading to the end of its last line
  ByteRange selection;  // the heading text
  std::vector<OutlineItem> children;
};

// textDocument/documentSymbol: the heading outline. A heading nests under the nearest
// earlier heading of a lower level (`#`, then `###` directly below it is still a child).
std::vector<OutlineItem> document_outline(const ParsedNote& note, std::string_view text);

}  // namespace slipbox
