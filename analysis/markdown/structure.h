#pragma once
#include <cstdint>
#include <string_view>
#include <vector>

#include "analysis/text/byte_range.h"
#include "analysis/text/line_index.h"

namespace slipbox {

// The block structure of a note body as md4c sees it, in byte offsets. md4c reports no
// offsets, so every range here is rebuilt from the text pointers md4c hands back that
// point into our buffer (synthesized pointers are ignored).

enum class BlockKind : uint8_t {
  Document,
  Quote,
  List,
  ListItem,
  Rule,
  Heading,
  Code,
  Html,
  Paragraph,
  Table,
  TablePart,
};

struct StructureBlock {
  BlockKind kind = BlockKind::Document;
  int32_t parent = -1;
  int32_t previous_sibling = -1;  // the closest earlier sibling that has text
  // Bytes of text md4c reported inside the block; empty (UINT32_MAX, 0) when none.
  uint32_t first = UINT32_MAX;
  uint32_t last = 0;
  ByteRange outer;      // the block's lines as written (markers and fences included)
  uint8_t level = 0;    // headings
  bool fenced = false;  // code blocks
  bool has_text() const { return first <= last && first != UINT32_MAX; }
};

struct NoteStructure {
  // Sorted, disjoint regions whose bytes are never links, tags, headings or block ids:
  // code spans and blocks, raw HTML, math.
  std::vector<ByteRange> excluded;
  // Pre-order (document order) with parents before children.
  std::vector<StructureBlock> blocks;
};

// Parses text[body_begin, end) with md4c. Never throws; on any internal failure the
// structure is simply less complete.
// `lines` indexes the whole text.
NoteStructure analyze_structure(std::string_view text, uint32_t body_begin, const LineIndex& lines);

}  // namespace slipbox
