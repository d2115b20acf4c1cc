#pragma once
#include <cstdint>
#include <optional>
#include <string_view>

#include "analysis/markdown/parse_scratch.h"
#include "analysis/markdown/parsed_note.h"

namespace slipbox {

// Where the `---` … `---` (or `...`) block sits, if the note starts with one.
struct FrontMatterBlock {
  ByteRange range;         // delimiters included, without the closing line break
  uint32_t content_begin;  // first byte after the opening line
  uint32_t content_end;    // first byte of the closing line
  uint32_t body_begin;     // first byte after the closing line
};

std::optional<FrontMatterBlock> find_front_matter(std::string_view text);

// Reads aliases, tags and property wiki links of the block into `note`. A YAML syntax
// error costs only the YAML-derived fields: wiki links are found in the raw text anyway.
void read_front_matter(std::string_view text, const FrontMatterBlock& block, ParsedNote& note, ParseScratch& scratch);

}  // namespace slipbox
