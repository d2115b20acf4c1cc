#pragma once
// Inlay hints: text the editor shows inline, after a link, that the link itself does not say.
#include <string>
#include <vector>

#include "analysis/features/note_context.h"

namespace slipbox {

// Each kind is off unless asked for (settings `inlayHints.embeds`, `inlayHints.ambiguousLinks`).
struct InlayHintOptions {
  bool embeds = false;           // after `![[Note#Heading]]` / `![[Note#^block]]`: its first line
  bool ambiguous_links = false;  // after an ambiguous `[[Note]]`: the folder it opens
  size_t max_label_chars = 60;   // longer first lines end in "…" (code points, not bytes)
};

enum class InlayHintKind { EmbedPreview, ResolvedFolder };

struct NoteInlayHint {
  uint32_t offset = 0;  // byte offset in the note: the end of the link
  std::string label;    // what the editor shows
  std::string tooltip;  // the whole line when the label is cut; the file's vault path
  InlayHintKind kind = InlayHintKind::EmbedPreview;
  friend bool operator==(const NoteInlayHint&, const NoteInlayHint&) = default;
};

// The hints of links that end inside `within`, in document order. `read_text` reads the
// embedded notes (the open buffer wins in the server).
std::vector<NoteInlayHint> inlay_hints(const NoteContext& note, ByteRange within, const InlayHintOptions& options,
                                       const ReadText& read_text);

}  // namespace slipbox
