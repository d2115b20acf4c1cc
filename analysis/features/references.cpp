#include "analysis/features/references.h"

#include <algorithm>

#include "analysis/text/unicode.h"

namespace slipbox {
namespace {

std::optional<FileId> current_id(const NoteContext& note) {
  if (note.vault_path.empty()) return std::nullopt;
  return note.vault.find_path(note.vault_path);
}

// The links that name the symbol's note (as refs into the vault), or for a note outside
// the vault its own self links (source = kUnresolved stands for "the current note").
std::vector<LinkRef> links_to_note(const NoteContext& note, const SymbolAt& symbol, const LinkGraph& graph) {
  if (symbol.file) return graph.links_to(*symbol.file);
  std::vector<LinkRef> refs;
  for (size_t i = 0; i < note.parsed.links.size(); ++i) {
    const Link& link = note.parsed.links[i];
    if (!link.external && trim_blanks(link.path()).empty())
      refs.push_back(LinkRef{LinkGraph::kUnresolved, static_cast<uint32_t>(i)});
  }
  return refs;
}

const Link* link_of(const NoteContext& note, const LinkRef& ref) {
  const ParsedNote* parsed = ref.source == LinkGraph::kUnresolved ? &note.parsed : note.vault.note(ref.source);
  if (!parsed || ref.link >= parsed->links.size()) return nullptr;
  return &parsed->links[ref.link];
}

Reference reference_of(const NoteContext& note, const LinkRef& ref) {
  const Link* link = link_of(note, ref);
  Reference out;
  if (ref.source != LinkGraph::kUnresolved) out.file = ref.source;
  if (link) out.range = link->range;
  return out;
}

void tag_references(const NoteContext& note, const std::string& name, std::vector<Reference>& out) {
  const std::string wanted = fold_key(name);
  const std::optional<FileId> current = current_id(note);
  const auto add_from = [&](const ParsedNote& parsed, std::optional<FileId> file) {
    for (const Tag& tag : parsed.tags)
      if (!tag.range.empty() && tag_covers(wanted, tag.name)) out.push_back(Reference{file, tag.range});
  };
  if (!current) add_from(note.parsed, std::nullopt);
  for (FileId id = 0; id < note.vault.file_count(); ++id) {
    if (current && id == *current) {
      add_from(note.parsed, id);
      continue;
    }
    if (const ParsedNote* parsed = note.vault.note(id)) add_from(*parsed, id);
  }
}

}  // namespace

std::vector<LinkRef> links_to_subpath(const NoteContext& note, const SymbolAt& symbol, const LinkGraph& graph) {
  std::vector<LinkRef> found;
  if (!symbol.parsed || (!symbol.heading && !symbol.block)) return found;
  for (const LinkRef& ref : links_to_note(note, symbol, graph)) {
    const Link* link = link_of(note, ref);
    if (!link) continue;
    if (symbol.heading && link->block_id().empty() && !link->headings().empty() &&
        find_heading(*symbol.parsed, link->headings()) == symbol.heading)
      found.push_back(ref);
    if (symbol.block && !link->block_id().empty() && find_block(*symbol.parsed, link->block_id()) == symbol.block)
      found.push_back(ref);
  }
  return found;
}

std::vector<Reference> references_to(const NoteContext& note, const SymbolAt& symbol, const LinkGraph& graph,
                                     const ReferencesOptions& options) {
  std::vector<Reference> out;
  switch (symbol.kind) {
    case SymbolKind::None:
      return out;
    case SymbolKind::Note:
      for (const LinkRef& ref : links_to_note(note, symbol, graph)) out.push_back(reference_of(note, ref));
      break;
    case SymbolKind::Heading:
    case SymbolKind::Block: {
      if (options.include_declaration) {
        const ByteRange declared = symbol.heading ? symbol.heading->range : symbol.block->id_range;
        out.push_back(Reference{symbol.file, declared});
      }
      for (const LinkRef& ref : links_to_subpath(note, symbol, graph)) out.push_back(reference_of(note, ref));
      break;
    }
    case SymbolKind::Tag:
      tag_references(note, symbol.tag, out);
      break;
    case SymbolKind::MissingNote:
      for (const LinkRef& ref : graph.unresolved_links(fold_key(trim_blanks(symbol.linkpath))))
        out.push_back(reference_of(note, ref));
      break;
  }
  // By note path (FileIds follow path order), the note outside the vault first, then position.
  std::stable_sort(out.begin(), out.end(), [](const Reference& a, const Reference& b) {
    const int64_t fa = a.file ? static_cast<int64_t>(*a.file) : -1;
    const int64_t fb = b.file ? static_cast<int64_t>(*b.file) : -1;
    return fa != fb ? fa < fb : a.range.begin < b.range.begin;
  });
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::vector<Reference> find_references(const NoteContext& note, uint32_t cursor, const LinkGraph& graph,
                                       const ReferencesOptions& options) {
  return references_to(note, symbol_at(note, cursor, /*subpath_counts=*/false), graph, options);
}

}  // namespace slipbox
