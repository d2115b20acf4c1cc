#pragma once
#include <string>
#include <vector>

#include "analysis/features/note_context.h"
#include "analysis/vault/resolve_memo.h"

namespace slipbox {

// A link whose name notes (or files) in several folders share, so that which one it opens
// hangs on Obsidian's rules, not on the link (linkpath_is_ambiguous).
struct AmbiguousLink {
  ByteRange range;                 // the link
  std::string message;             // names the candidates
  std::vector<FileId> candidates;  // best first (the one Slipbox resolves to)
};

// Diagnostics "ambiguous link" (code "ambiguous-link", a hint unless configured): the message
// says which file Obsidian opens; the quick fixes qualify the link with each candidate's
// folder (code_actions.h). Links in comments and external links are skipped.
std::vector<AmbiguousLink> ambiguous_links(const NoteContext& note);
// The same, remembering per linkpath in `memo` (see resolve_memo.h) whether it is ambiguous.
std::vector<AmbiguousLink> ambiguous_links(const NoteContext& note, ResolveMemo* memo);

}  // namespace slipbox
