#pragma once
#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/markdown/parsed_note.h"

namespace slipbox {

// Decoded strings made while one note is parsed (percent-decoded paths, YAML scalars). A
// deque never moves its elements, so the views handed out stay valid until the parse ends
// and ParsedNote::own_strings copies everything into the note's own buffer. Substrings of
// the note's text need no keeping: they are viewed in place until then.
class ParseScratch {
 public:
  std::string_view keep(std::string text) {
    if (text.empty()) return {};
    return strings_.emplace_back(std::move(text));
  }

  // The note's links in document order (front matter first), made into the note's compact
  // Links by ParsedNote::own_strings at the end of the parse.
  std::vector<LinkParts> links;

 private:
  std::deque<std::string> strings_;
};

}  // namespace slipbox
