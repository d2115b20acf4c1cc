#include "analysis/features/code_lens.h"

namespace slipbox {

std::vector<BacklinkLens> backlink_lenses(const NoteContext& note, const LinkGraph& graph) {
  std::vector<BacklinkLens> out;
  if (note.vault_path.empty()) return out;
  const std::optional<FileId> file = note.vault.find_path(note.vault_path);
  if (!file) return out;
  const auto& headings = note.parsed.headings;
  std::vector<std::vector<LinkRef>> per_heading(headings.size());
  std::vector<LinkRef> to_note;
  // One pass over the backlinks: each link with a heading counts for the heading it finds.
  for (const LinkRef& ref : graph.links_to(*file)) {
    if (ref.source == *file) continue;
    to_note.push_back(ref);
    const ParsedNote* source = graph.vault().note(ref.source);
    if (!source || ref.link >= source->links.size()) continue;
    const Link& link = source->links[ref.link];
    if (link.headings().empty() || !link.block_id().empty()) continue;
    if (const Heading* heading = find_heading(note.parsed, link.headings()))
      per_heading[static_cast<size_t>(heading - headings.data())].push_back(ref);
  }
  const bool titled = !headings.empty() && headings[0].level == 1;
  out.push_back(BacklinkLens{titled ? headings[0].range : ByteRange{0, 0}, to_note.size(), true, std::move(to_note)});
  for (size_t i = titled ? 1 : 0; i < headings.size(); ++i)
    out.push_back(BacklinkLens{headings[i].range, per_heading[i].size(), false, std::move(per_heading[i])});
  return out;
}

}  // namespace slipbox
