#pragma once
#include <optional>
#include <string>

#include "analysis/features/note_context.h"

namespace slipbox {

struct HoverResult {
  std::string markdown;  // the preview (plain text with HoverOptions::plaintext)
  ByteRange range;       // the link hovered
};

class ClosestNamesIndex;  // closest_names.h

struct HoverOptions {
  size_t max_preview_lines = 20;
  // And at most this many bytes (cut at a character boundary): one line of base64 or an
  // 8 MB one-line note would otherwise be sent whole.
  size_t max_preview_bytes = 4096;
  // "Did you mean" on a broken link reads this instead of decoding every name (same answers).
  const ClosestNamesIndex* names = nullptr;
  // Plain text instead of Markdown, for clients that show only that: the lines the hover adds
  // itself (names, paths, an image) without Markdown markup. A note's preview is its text.
  bool plaintext = false;
};

// A Markdown preview of the link's target: the note without front matter and without
// `%% comments %%` (truncated with "…" after max_preview_lines or max_preview_bytes), only
// the heading's section, only the block; an image for image attachments; for a broken
// link, what is missing and the closest existing notes.
std::optional<HoverResult> hover(const NoteContext& note, uint32_t cursor_offset, const ReadText& read_text,
                                 const HoverOptions& options);

}  // namespace slipbox
