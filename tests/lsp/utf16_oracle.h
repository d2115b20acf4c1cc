#pragma once
// An independent oracle for LSP positions in tests: counts lines and UTF-16 units by hand
// (line breaks "\n", "\r\n", "\r"; 4-byte UTF-8 = 2 units), so tests never hand-write
// positions and never check LineIndex against itself.
#include <cstdint>
#include <string_view>

#include "lsp/protocol.h"

namespace slipbox::lsp::testing {

inline Position oracle_position(std::string_view text, uint32_t offset) {
  Position p;
  for (uint32_t i = 0; i < offset && i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n' && i + 1 < offset) {
      ++p.line, p.character = 0, i += 2;
    } else if (c == '\n' || c == '\r') {
      ++p.line, p.character = 0, i += 1;
    } else {
      const uint32_t length = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
      p.character += length == 4 ? 2 : 1;
      i += length;
    }
  }
  return p;
}

inline Range oracle_range(std::string_view text, uint32_t begin, uint32_t end) {
  return Range{oracle_position(text, begin), oracle_position(text, end)};
}

}  // namespace slipbox::lsp::testing
