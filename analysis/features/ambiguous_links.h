#pragma once
#include <string>
#include <vector>

#include "analysis/features/note_context.h"
#include "analysis/vault/resolve_memo.h"

namespace slipbox {

// A link whose name several notes share so that Obsidian's pick between them is unstable
// (they tie on every rule before the alphabetical fallback, §2.2.6).
struct AmbiguousLink {
  ByteRange range;           // the link
  std::string message;       // names the candidates
  std::vector<FileId> candidates;  // best first (the one Slipbox resolves to)
};

// Hint diagnostics "ambiguous link" (code "ambiguous-link"); the quick fix qualifies the
// link with a folder (code_actions.h). Links in comments and external links are skipped.
std::vector<AmbiguousLink> ambiguous_links(const NoteContext& note);
// The same, remembering per linkpath in `memo` (see resolve_memo.h) whether it is ambiguous.
std::vector<AmbiguousLink> ambiguous_links(const NoteContext& note, ResolveMemo* memo);

}  // namespace slipbox
