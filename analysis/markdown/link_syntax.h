#pragma once
#include <cstdint>
#include <string_view>

#include "analysis/markdown/parse_scratch.h"
#include "analysis/markdown/parsed_note.h"

namespace slipbox {

// Pieces of link grammar shared by the body scanner and the front-matter scanner.
// All functions work on raw bytes of the whole note so ranges stay exact offsets.

// True when `target` starts with a URI scheme of two or more characters and a ':'
// (`https:`, `mailto:`, `obsidian:`); a one-letter `C:` is a drive, not a scheme.
bool has_uri_scheme(std::string_view target);

// True when a wiki-link target looks like a URL (docs/link-resolution.md §1.9): a scheme followed
// by `//` (`https://…`, `file://…`) or one of the schemes that need none (`mailto:`, `obsidian:`,
// `zotero:`, `tel:`), and no whitespace. A colon alone makes a note name: `[[Re: meeting]]`,
// `[[SRD-Type: Null]]`, `[[C:Notes]]`. (Markdown destinations keep has_uri_scheme.)
bool looks_like_url(std::string_view target);

// Fills a wiki link from the bytes between `[[` and `]]` (`inner` = text[begin, end)).
// The link's strings view `text` (ParsedNote::own_strings copies them at the end).
// Returns false when the inner text names nothing (`[[]]`, `[[ | x]]`).
bool fill_wiki_link(std::string_view text, uint32_t inner_begin, uint32_t inner_end, LinkParts& link);

// Fills path/subpath/headings/block_id of a Markdown link from its destination
// (already stripped of `<>`, still escaped and percent-encoded).
void fill_markdown_destination(std::string_view destination, LinkParts& link, ParseScratch& scratch);

// Finds the `]]` that closes a wiki link opened at `open` (the first '[' of `[[`).
// Only `]]` closes; a line break ends the attempt; a later `[[` restarts it (nesting yields
// the inner link). `limit` bounds the search (an excluded zone or the end of the text).
// Returns the opener actually used in `open` and the offset of `]]`, or UINT32_MAX when
// there is none; `stop` receives where the search gave up so callers don't rescan.
uint32_t find_wiki_close(std::string_view text, uint32_t& open, uint32_t limit, uint32_t& stop);

}  // namespace slipbox
