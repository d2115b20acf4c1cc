#pragma once
#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

#include "analysis/features/refactor.h"

namespace slipbox {

// Where "link unlinked mentions" is offered: the note's title, that is the line of its first
// heading, or the first non-blank line of its body (after any front matter).
bool on_note_title(const NoteContext& note, uint32_t offset);

// A name written as plain text in a note.
struct Mention {
  ByteRange range;
  bool in_table = false;  // in a table row, where a link's `|` must be written `\|`
};

// The places in `text` (another note, parsed as `parsed`) where one of `names` is written as
// plain text: matched ignoring case (NFC + case folding), starting and ending at word
// boundaries, the longest name winning where two overlap. Never inside front matter, links
// (their display text included), code, math, HTML, `%% comments %%`, headings (a heading's
// text is what `#Heading` links name), tags, block ids or bare URLs. In text order.
std::vector<Mention> find_unlinked_mentions(std::string_view text, const ParsedNote& parsed,
                                            const std::vector<std::string_view>& names);

// On the note's title: `Link N unlinked mentions of "Name"` (kind "refactor.rewrite"), which
// turns every mention of the note's name or of one of its aliases in the vault's other notes
// into a link to it, written in `options.style` with the matched words as display text (none
// when they equal the linkpath). Nothing when there are none. Reads every other note through
// `read_text`, on several threads at once (so it and `cancelled` must be thread-safe);
// returns nothing once `cancelled` says so.
std::vector<Refactor> unlinked_mentions_actions(const NoteContext& note, ByteRange selection, const ReadText& read_text,
                                                const RefactorOptions& options,
                                                const std::function<bool()>& cancelled = {});

}  // namespace slipbox
