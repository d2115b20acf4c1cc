#include "analysis/features/completion_extras.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <unordered_map>

#include "analysis/features/link_edit.h"
#include "analysis/text/fuzzy_match.h"
#include "analysis/text/unicode.h"
#include "analysis/vault/file_kinds.h"
#include "analysis/vault/link_graph.h"

namespace slipbox {
namespace {

bool is_tag_char(unsigned char c) {
  return c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-' || c == '/';
}

std::string key_of(std::string_view text) {
  if (!is_ascii(text)) return loose_key(text);
  std::string out(text);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

void finish(CompletionResult& result, size_t first_new) {
  for (size_t i = first_new; i < result.items.size(); ++i) result.items[i].sort_text = completion_sort_text(i);
}

}  // namespace

std::optional<CompletionResult> complete_tag(const NoteContext& note, uint32_t cursor,
                                             const CompletionOptions& options) {
  const std::string_view text = note.text;
  if (cursor > text.size()) return std::nullopt;
  uint32_t hash = cursor;
  while (hash > 0 && is_tag_char(static_cast<unsigned char>(text[hash - 1]))) --hash;
  if (hash == 0 || text[hash - 1] != '#') return std::nullopt;
  --hash;
  // A tag starts a line or follows a space or punctuation (`a#b`, `##`, `[[#` are not tags).
  if (hash > 0) {
    const char before = text[hash - 1];
    if (!(before == ' ' || before == '\t' || before == '\n' || before == '\r' || before == '(' || before == ','))
      return std::nullopt;
  }
  if (note.parsed.front_matter.contains(hash)) return std::nullopt;
  uint32_t end = cursor;
  while (end < text.size() && is_tag_char(static_cast<unsigned char>(text[end]))) ++end;
  const std::string_view typed = text.substr(hash + 1, cursor - hash - 1);
  FuzzyMatcher matcher(typed);

  struct Found {
    std::string name;  // first spelling seen
    size_t uses = 0;
    FuzzyRank rank = FuzzyRank::None;
  };
  std::unordered_map<std::string, Found> by_key;
  const auto collect = [&](const ParsedNote& parsed) {
    for (const Tag& tag : parsed.tags) {
      if (tag.name.empty() || tag.range.contains(hash)) continue;  // not the tag being typed
      Found& found = by_key[key_of(tag.name)];
      if (found.uses++ == 0) found.name = tag.name;
    }
  };
  const std::optional<FileId> current = note.vault_path.empty() ? std::nullopt : note.vault.find_path(note.vault_path);
  collect(note.parsed);
  for (FileId id = 0; id < note.vault.file_count(); ++id)
    if (!(current && id == *current))
      if (const ParsedNote* parsed = note.vault.note(id)) collect(*parsed);

  std::vector<std::pair<std::string, Found>> ranked;
  for (auto& [key, found] : by_key) {
    found.rank = matcher.rank_loose(key);
    if (found.rank != FuzzyRank::None) ranked.emplace_back(key, std::move(found));
  }
  std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
    if (a.second.rank != b.second.rank) return a.second.rank < b.second.rank;
    if (a.second.uses != b.second.uses) return a.second.uses > b.second.uses;
    return a.first < b.first;
  });
  CompletionResult result;
  if (ranked.size() > options.max_items) {
    ranked.resize(options.max_items);
    result.is_incomplete = true;
  }
  for (const auto& [key, found] : ranked) {
    CompletionItem item;
    item.kind = CompletionKind::Tag;
    item.label = "#" + found.name;
    item.detail = std::to_string(found.uses) + (found.uses == 1 ? " use" : " uses");
    item.insert_text = found.name;
    item.replace_range = ByteRange{hash + 1, end};
    item.filter_text = found.name;
    result.items.push_back(std::move(item));
  }
  finish(result, 0);
  return result;
}

CompletionResult complete_vault_heading(const NoteContext& note, uint32_t query_begin, uint32_t cursor, bool closed,
                                        const CompletionOptions& options) {
  CompletionResult result;
  if (cursor < query_begin + 2 || cursor > note.text.size()) return result;
  FuzzyMatcher matcher(note.text.substr(query_begin + 2, cursor - query_begin - 2));
  struct Hit {
    FuzzyRank rank;
    size_t length;
    FileId file;
    size_t heading;
  };
  std::vector<Hit> hits;
  const std::optional<FileId> current = note.vault_path.empty() ? std::nullopt : note.vault.find_path(note.vault_path);
  const bool has_current = current.has_value();
  const FileId current_id = current.value_or(0);
  for (FileId id = 0; id < note.vault.file_count(); ++id) {
    const ParsedNote* parsed = has_current && id == current_id ? &note.parsed : note.vault.note(id);
    if (!parsed) continue;
    for (size_t h = 0; h < parsed->headings.size(); ++h) {
      const FuzzyRank rank = matcher.rank(parsed->headings[h].text);
      if (rank != FuzzyRank::None) hits.push_back(Hit{rank, parsed->headings[h].text.size(), id, h});
    }
  }
  const auto better = [](const Hit& a, const Hit& b) {
    return std::tie(a.rank, a.length, a.file, a.heading) < std::tie(b.rank, b.length, b.file, b.heading);
  };
  if (hits.size() > options.max_items) {
    std::partial_sort(hits.begin(), hits.begin() + static_cast<std::ptrdiff_t>(options.max_items), hits.end(), better);
    hits.resize(options.max_items);
    result.is_incomplete = true;
  } else {
    std::sort(hits.begin(), hits.end(), better);
  }
  for (const Hit& hit : hits) {
    const ParsedNote* parsed = current && hit.file == *current ? &note.parsed : note.vault.note(hit.file);
    const Heading& heading = parsed->headings[hit.heading];
    const std::string target =
        linkpath_for(note.vault, note.vault_path, hit.file, false) + "#" + heading_for_link(heading.text);
    CompletionItem item;
    item.kind = CompletionKind::Heading;
    item.label = heading.text;
    item.detail = note.vault.file(hit.file).path;
    item.insert_text = target + (closed ? "" : "]]");
    item.replace_range = ByteRange{query_begin, cursor};
    item.filter_text = std::string(note.text.substr(query_begin, cursor - query_begin)) + std::string(heading.text);
    item.file = hit.file;
    result.items.push_back(std::move(item));
  }
  finish(result, 0);
  return result;
}

void add_planned_notes(const NoteContext& note, const LinkGraph& graph, std::string_view typed, uint32_t query_begin,
                       uint32_t replace_end, bool closed, const CompletionOptions& options, CompletionResult& result) {
  (void)note;
  const std::string typed_key = key_of(typed);
  FuzzyMatcher matcher(typed);
  struct Hit {
    FuzzyRank rank;
    size_t uses;
    std::string_view linkpath;  // into the graph, alive for this call
  };
  // Better match first, then the most linked, then alphabetical; after every existing item.
  const auto better = [](const Hit& a, const Hit& b) {
    if (a.rank != b.rank) return a.rank < b.rank;
    if (a.uses != b.uses) return a.uses > b.uses;
    return a.linkpath < b.linkpath;
  };
  const size_t limit = std::max<size_t>(1, options.max_items / 4);  // a few: they are suggestions
  // Only the best `limit` are kept (a heap, worst on top): three letters match most of the
  // planned notes of a big vault, and sorting them all cost more than the rest of a keystroke.
  std::vector<Hit> hits;
  hits.reserve(limit);
  bool left_out = false;
  graph.for_each_planned([&](const LinkGraph::PlannedView& planned) {
    // equal: the link being typed itself (or one just like it)
    if (planned.match_key == typed_key) return;
    const FuzzyRank rank = matcher.rank_loose(planned.match_key);
    if (rank == FuzzyRank::None) return;
    // Attachments must exist to be embedded; only notes can be planned. (Checked last for a
    // hit that cannot get in: only to learn that the list left one out.)
    const auto attachment = [&] { return is_attachment_extension(file_extension(planned.linkpath)); };
    const Hit hit{rank, planned.uses, planned.linkpath};
    if (hits.size() == limit && !better(hit, hits.front())) {
      if (!left_out && !attachment()) left_out = true;
      return;
    }
    if (attachment()) return;
    if (hits.size() == limit) {
      std::pop_heap(hits.begin(), hits.end(), better);
      hits.back() = hit;
      left_out = true;  // the one it replaced
    } else {
      hits.push_back(hit);
    }
    std::push_heap(hits.begin(), hits.end(), better);
  });
  std::sort(hits.begin(), hits.end(), better);
  if (left_out) result.is_incomplete = true;
  const size_t first_new = result.items.size();
  for (const Hit& hit : hits) {
    CompletionItem item;
    item.kind = CompletionKind::PlannedNote;
    item.label = std::string(hit.linkpath);
    item.detail = "not created yet · " + std::to_string(hit.uses) + (hit.uses == 1 ? " link" : " links");
    item.insert_text = item.label + (closed ? "" : "]]");
    item.replace_range = ByteRange{query_begin, replace_end};
    item.filter_text = item.label;
    result.items.push_back(std::move(item));
  }
  finish(result, first_new);
}

std::string completion_sort_text(size_t position) {
  char buffer[24];  // any size_t fits: 20 digits
  std::snprintf(buffer, sizeof buffer, "%06zu", position);
  return buffer;
}

}  // namespace slipbox
