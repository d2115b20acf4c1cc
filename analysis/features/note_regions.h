#pragma once
// The parts of a note a link can name, as hover, inline embed and extract read them: a
// heading's section, a block's text, and the parse to find them in.
#include <string>
#include <string_view>

#include "analysis/markdown/parsed_note.h"
#include "analysis/text/byte_range.h"
#include "analysis/vault/vault.h"

namespace slipbox {

// The heading's section: from its line to the next heading of the same or a higher level
// (or the end of the text).
ByteRange section_range(const ParsedNote& parsed, const Heading& heading, size_t text_size);

// The block's text without its ` ^id` label and without trailing line breaks (the reader
// wants the text, not the anchor).
std::string block_text_without_id(std::string_view text, const BlockAnchor& block);

// The parse of `text`, the text of `file` just read: the index's when the file is unchanged
// since it was indexed (parsing a big note again on every request is what costs), else a
// fresh one kept in `fresh`.
const ParsedNote& parse_of(const Vault& vault, FileId file, std::string_view text, ParsedNote& fresh);

}  // namespace slipbox
