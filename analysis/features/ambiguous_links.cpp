#include "analysis/features/ambiguous_links.h"

#include "analysis/vault/linkpath_cache.h"

namespace slipbox {

std::vector<AmbiguousLink> ambiguous_links(const NoteContext& note) { return ambiguous_links(note, nullptr); }

std::vector<AmbiguousLink> ambiguous_links(const NoteContext& note, ResolveMemo* memo) {
  std::vector<AmbiguousLink> out;
  if (note.vault_path.empty()) return out;
  for (const Link& link : note.parsed.links) {
    if (link.external || link.in_comment || link.path().empty()) continue;
    // A whole-vault pass knows most names have one file: no ranking needed to rule them out.
    if (note.linkpaths && !note.linkpaths->may_be_ambiguous(note.vault, link.path(), link.path_is_shared())) continue;
    const bool ambiguous = memo ? memo->is_ambiguous(note.vault, note.vault_path, link.path())
                                : linkpath_is_ambiguous(note.vault, note.vault_path, link.path());
    if (!ambiguous) continue;
    AmbiguousLink found;
    found.range = link.range;
    found.candidates = linkpath_candidates(note.vault, note.vault_path, link.path());
    // The candidates come best first: the first is the one Obsidian opens
    // (docs/link-resolution.md §2.2).
    found.message = "\"" + std::string(link.path()) + "\" matches " + std::to_string(found.candidates.size()) +
                    " files: Obsidian opens " + note.vault.file(found.candidates[0]).path + ", not";
    for (size_t i = 1; i < found.candidates.size() && i < 4; ++i)
      found.message += std::string(i == 1 ? " " : ", ") + note.vault.file(found.candidates[i]).path;
    if (found.candidates.size() > 4) found.message += ", …";
    found.message += "; qualify it with its folder";
    out.push_back(std::move(found));
  }
  return out;
}

}  // namespace slipbox
