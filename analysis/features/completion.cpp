#include "analysis/features/completion.h"
#include "analysis/features/paragraph_refs.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstring>
#include <string>
#include <unordered_map>
#include <utility>

#include "analysis/features/completion_extras.h"
#include "analysis/features/link_edit.h"
#include "analysis/text/fuzzy_match.h"
#include "analysis/text/line_index.h"
#include "analysis/text/unicode.h"
#include "analysis/vault/file_kinds.h"
#include "analysis/vault/link_graph.h"
#include "analysis/vault/resolve.h"

namespace slipbox {
namespace {

bool is_line_break(char c) { return c == '\n' || c == '\r'; }

}  // namespace

std::optional<CompletionSite> find_completion_site(std::string_view text, uint32_t cursor) {
  if (cursor > text.size()) return std::nullopt;
  uint32_t line_begin = cursor;
  while (line_begin > 0 && !is_line_break(text[line_begin - 1])) --line_begin;
  uint32_t line_end = cursor;
  while (line_end < text.size() && !is_line_break(text[line_end])) ++line_end;

  // The nearest unclosed `[[` before the cursor on this line.
  std::optional<uint32_t> wiki_open;
  for (uint32_t j = cursor; j >= line_begin + 2; --j) {
    if (text[j - 2] == ']' && text[j - 1] == ']') break;
    if (text[j - 2] == '[' && text[j - 1] == '[') {
      wiki_open = j - 2;
      break;
    }
  }
  // The nearest `](` before the cursor with no `)` in between.
  std::optional<uint32_t> paren;
  for (uint32_t j = cursor; j > line_begin; --j) {
    const char c = text[j - 1];
    if (c == ')') break;
    if (c == '(' && j - 1 > line_begin && text[j - 2] == ']') {
      paren = j - 1;
      break;
    }
  }

  CompletionSite site;
  site.cursor = cursor;
  if (paren && (!wiki_open || *paren > *wiki_open)) {
    // The `[` that opens the link text, for the `!` of an image.
    uint32_t bracket = *paren - 1;
    while (bracket > line_begin && text[bracket] != '[') --bracket;
    if (text[bracket] != '[') return std::nullopt;
    site.markdown = true;
    site.embed = bracket > line_begin && text[bracket - 1] == '!';
    site.query_begin = *paren + 1;
    std::optional<uint32_t> hash;
    for (uint32_t j = cursor; j < line_end; ++j) {
      if (text[j] == '(' || text[j] == '[') break;
      if (text[j] == ')') {
        site.closed = true;
        site.target_end = site.link_end = j;
        site.path_end = hash.value_or(j);
        break;
      }
      if (text[j] == '#' && !hash) hash = j;
    }
  } else if (wiki_open) {
    site.embed = *wiki_open > line_begin && text[*wiki_open - 1] == '!';
    site.query_begin = *wiki_open + 2;
    std::optional<uint32_t> pipe, path_end;
    for (uint32_t j = cursor; j < line_end; ++j) {
      if (j + 1 < line_end && text[j] == '[' && text[j + 1] == '[') break;  // another link's `]]`
      if (j + 1 < line_end && text[j] == ']' && text[j + 1] == ']') {
        site.closed = true;
        site.link_end = j;
        site.target_end = pipe.value_or(j);
        site.path_end = path_end.value_or(site.target_end);
        break;
      }
      if (text[j] == '|' && !pipe) pipe = j;
      if ((text[j] == '|' || text[j] == '#') && !path_end) path_end = j;
    }
  } else {
    return std::nullopt;
  }
  if (!site.closed) site.target_end = site.link_end = site.path_end = cursor;
  return site;
}

namespace {

// The one fuzzy matcher (analysis/text/fuzzy_match.h), in this file's short names.
using Rank = FuzzyRank;
constexpr Rank kPrefix = FuzzyRank::Prefix;
constexpr Rank kWordStart = FuzzyRank::WordStart;
constexpr Rank kSubsequence = FuzzyRank::Subsequence;
constexpr Rank kNoMatch = FuzzyRank::None;
using Matcher = FuzzyMatcher;
size_t rank_number(Rank rank) { return static_cast<size_t>(rank); }

}  // namespace

class CompletionIndex {
 public:
  struct Key {
    uint32_t begin = 0, end = 0;  // into keys
    uint32_t mask = 0;
  };
  // Where an entry goes: its group depends on the site (`[[` or `![[`).
  enum Kind : uint8_t { kNoteName, kNoteAlias, kImage, kOtherFile, kKinds };
  struct WordStart {
    uint32_t entry = 0;
    uint32_t offset = 0;  // into the entry's key, just after a word break
  };

  std::shared_ptr<const Vault> base;
  std::string keys;                   // every match key, back to back
  std::vector<Key> names;             // per file: fuzzy_key_of_loose(name_loose)
  std::vector<Key> aliases;           // base's aliases, by file then alias order
  std::vector<uint32_t> first_alias;  // per file (+1): its aliases are [first_alias[i], first_alias[i+1])
  std::vector<FileId> alias_file;     // per alias: its note

  // Entries: file i's name is entry i, alias k is entry files + k.
  // The order within a (group, rank) bucket, as Completer::files sorts (all but "the note
  // being edited last"): names before aliases, shorter labels, then alphabetical.
  std::vector<uint32_t> position;                     // per entry
  std::array<std::vector<uint32_t>, kKinds> by_kind;  // each kind's entries in that order
  // Grouped by the first two bytes of the key (of the rest after a word start): group g is
  // [start[g], start[g + 1]).
  static constexpr size_t kGroups = 1 << 16;
  static uint32_t group_of(std::string_view text) {
    const uint32_t first = text.empty() ? 0u : static_cast<unsigned char>(text[0]);
    return first << 8 | (text.size() > 1 ? static_cast<unsigned char>(text[1]) : 0u);
  }
  // The positions in a grouped array where texts starting with `query` (not empty) can be.
  static std::pair<uint32_t, uint32_t> range_of(const std::vector<uint32_t>& start, std::string_view query) {
    const uint32_t first = static_cast<unsigned char>(query[0]);
    if (query.size() == 1) return {start[first << 8], start[(first + 1) << 8]};
    const uint32_t group = group_of(query);
    return {start[group], start[group + 1]};
  }
  std::vector<uint32_t> by_key;  // entries
  std::vector<uint32_t> key_group_start;
  std::vector<WordStart> word_starts;  // every later word start
  std::vector<uint32_t> word_group_start;

  std::string_view key(const Key& k) const { return std::string_view(keys).substr(k.begin, k.end - k.begin); }
  Key add(std::string_view key_text) {
    Key k{static_cast<uint32_t>(keys.size()), 0, fuzzy_key_mask(key_text)};
    keys.append(key_text);
    k.end = static_cast<uint32_t>(keys.size());
    return k;
  }
  bool is_alias(uint32_t entry) const { return entry >= names.size(); }
  const Key& entry_key(uint32_t entry) const { return is_alias(entry) ? aliases[entry - names.size()] : names[entry]; }
  FileId file_of(uint32_t entry) const {
    return is_alias(entry) ? alias_file[entry - names.size()] : static_cast<FileId>(entry);
  }
  int32_t alias_of(uint32_t entry) const {
    if (!is_alias(entry)) return -1;
    const uint32_t k = entry - static_cast<uint32_t>(names.size());
    return static_cast<int32_t>(k - first_alias[alias_file[k]]);
  }
};

std::shared_ptr<const CompletionIndex> build_completion_index(std::shared_ptr<const Vault> vault) {
  if (!vault) return nullptr;
  using Index = CompletionIndex;
  auto index = std::make_shared<Index>();
  const auto& files = vault->files();
  index->names.reserve(files.size());
  index->first_alias.reserve(files.size() + 1);
  // About the keys' size up front: grown by doubling, the string and its old copy were a
  // transient three times what it keeps, right when the server's memory peaks.
  size_t key_bytes_estimate = 0;
  for (const VaultFile& file : files) key_bytes_estimate += file.name_loose.size();
  index->keys.reserve(key_bytes_estimate + key_bytes_estimate / 8);
  for (size_t i = 0; i < files.size(); ++i) {
    index->names.push_back(index->add(fuzzy_key_of_loose(files[i].name_loose)));
    index->first_alias.push_back(static_cast<uint32_t>(index->aliases.size()));
    const ParsedNote* parsed = files[i].is_note ? vault->note(static_cast<FileId>(i)) : nullptr;
    if (!parsed) continue;
    for (const auto& alias : parsed->aliases) {
      index->aliases.push_back(index->add(fuzzy_key(alias)));
      index->alias_file.push_back(static_cast<FileId>(i));
    }
  }
  index->first_alias.push_back(static_cast<uint32_t>(index->aliases.size()));
  index->keys.shrink_to_fit();

  const auto entries = static_cast<uint32_t>(files.size() + index->aliases.size());
  // Labels and sort names side by side: the sorts below compare them ~2 million times at 100,000 notes.
  std::vector<std::string_view> labels(entries), sort_names(entries);
  for (uint32_t e = 0; e < entries; ++e) {
    if (index->is_alias(e)) {
      labels[e] = sort_names[e] = vault->note(index->file_of(e))->aliases[static_cast<size_t>(index->alias_of(e))];
    } else {
      labels[e] = files[e].name;
      sort_names[e] = files[e].name_loose;
    }
  }
  // The first 8 bytes of a text as a number that orders like the text (zero-padded).
  const auto head_of = [](std::string_view text) {
    uint64_t head = 0;
    for (size_t i = 0; i < 8; ++i) head = head << 8 | (i < text.size() ? static_cast<unsigned char>(text[i]) : 0u);
    return head;
  };
  struct Ordered {
    uint64_t group_and_length;  // aliases after names, then the label's length
    uint64_t head;              // of the sort name
    uint32_t entry;
  };
  std::vector<Ordered> ordered(entries);
  for (uint32_t e = 0; e < entries; ++e)
    ordered[e] = Ordered{(uint64_t{index->is_alias(e)} << 32) | labels[e].size(), head_of(sort_names[e]), e};
  // Completer::files' `better` within one bucket, for entries of other notes than the one edited.
  std::sort(ordered.begin(), ordered.end(), [&](const Ordered& x, const Ordered& y) {
    if (x.group_and_length != y.group_and_length) return x.group_and_length < y.group_and_length;
    if (x.head != y.head) return x.head < y.head;
    const uint32_t a = x.entry, b = y.entry;
    const std::string_view la = labels[a], lb = labels[b];
    if (sort_names[a] != sort_names[b]) return sort_names[a] < sort_names[b];
    if (la != lb) return la < lb;
    const FileId fa = index->file_of(a), fb = index->file_of(b);
    if (fa != fb) return files[fa].path < files[fb].path;
    return index->alias_of(a) < index->alias_of(b);
  });
  std::vector<uint32_t> order(entries);
  for (uint32_t at = 0; at < entries; ++at) order[at] = ordered[at].entry;
  ordered = {};
  index->position.resize(entries);
  for (uint32_t at = 0; at < entries; ++at) {
    const uint32_t entry = order[at];
    index->position[entry] = at;
    const VaultFile& file = files[index->file_of(entry)];
    const Index::Kind kind = index->is_alias(entry)                          ? Index::kNoteAlias
                             : file.is_note                                  ? Index::kNoteName
                             : is_image_extension(file_extension(file.name)) ? Index::kImage
                                                                             : Index::kOtherFile;
    index->by_kind[kind].push_back(entry);
  }

  // Keys and word starts grouped by their first two bytes (a counting sort, no comparisons:
  // a comparison sort of every word start was the slowest part of a build); a request checks
  // one group.
  const auto key_of = [&](uint32_t entry) { return index->key(index->entry_key(entry)); };
  std::vector<uint32_t> key_groups(entries);
  index->key_group_start.assign(Index::kGroups + 1, 0);
  for (uint32_t e = 0; e < entries; ++e) ++index->key_group_start[(key_groups[e] = Index::group_of(key_of(e))) + 1];
  for (size_t g = 1; g <= Index::kGroups; ++g) index->key_group_start[g] += index->key_group_start[g - 1];
  index->by_key.resize(entries);
  {
    std::vector<uint32_t> next(index->key_group_start.begin(), index->key_group_start.end() - 1);
    for (uint32_t e = 0; e < entries; ++e) index->by_key[next[key_groups[e]]++] = e;
  }
  std::vector<Index::WordStart> starts;
  std::vector<uint32_t> start_groups;
  index->word_group_start.assign(Index::kGroups + 1, 0);
  for (uint32_t e = 0; e < entries; ++e) {
    const std::string_view key = key_of(e);
    for (uint32_t at = 1; at < key.size(); ++at) {
      if (!is_fuzzy_word_break(key[at - 1])) continue;
      starts.push_back({e, at});
      start_groups.push_back(Index::group_of(key.substr(at)));
      ++index->word_group_start[start_groups.back() + 1];
    }
  }
  for (size_t g = 1; g <= Index::kGroups; ++g) index->word_group_start[g] += index->word_group_start[g - 1];
  index->word_starts.resize(starts.size());
  {
    std::vector<uint32_t> next(index->word_group_start.begin(), index->word_group_start.end() - 1);
    for (size_t k = 0; k < starts.size(); ++k) index->word_starts[next[start_groups[k]]++] = starts[k];
  }
  index->base = std::move(vault);
  return index;
}

bool completion_index_fits(const CompletionIndex& index, const Vault& vault) {
  return index.base && &index.base->files() == &vault.files();
}

namespace {

struct Candidate {
  uint8_t group = 0;  // notes before attachments, images first in embeds
  Rank rank = kNoMatch;
  uint32_t length = 0;  // of the label, bytes: shorter names first
  FileId file = 0;
  int32_t alias = -1;  // index into the note's aliases, or -1 for the file itself
  // Bare `[[` only (no query): 0 a neighbour of the note (it links there, or is linked from
  // there), 1 a note a neighbour links to, 2 the rest; then the most recently modified.
  uint8_t tier = 0;
  int64_t modified = 0;
};

class Completer {
 public:
  Completer(const NoteContext& note, const CompletionSite& site, const CompletionOptions& options)
      : note_(note), site_(site), options_(options) {
    typed_ = note.text.substr(site.query_begin, site.cursor - site.query_begin);
  }

  CompletionResult run() {
    const size_t hash = typed_.find('#');
    if (hash == std::string_view::npos) {
      files(site_.markdown ? percent_decode(typed_) : std::string(typed_));
    } else {
      const std::string_view note_part = typed_.substr(0, hash);
      const std::string_view sub = typed_.substr(hash + 1);
      const ParsedNote* target = target_note(note_part);
      if (target) {
        if (!site_.markdown && sub.starts_with('^'))
          blocks(*target, note_part, sub.substr(1));
        else
          headings(*target, note_part, site_.markdown ? percent_decode(sub) : std::string(sub));
      }
    }
    return std::move(result_);
  }

 private:
  std::string closing() const {
    if (site_.closed) return {};
    return site_.markdown ? ")" : "]]";
  }

  // Where an item's edit ends: notes and attachments keep a `#subpath` and `|display` that
  // follow, headings and blocks keep the display, aliases replace everything up to `]]`.
  enum class Extent { Path, Target, WholeLink };

  CompletionItem item(CompletionKind kind, std::string label, std::string insert, Extent extent) const {
    CompletionItem out;
    out.kind = kind;
    out.filter_text = std::string(typed_) + label;
    out.label = std::move(label);
    out.insert_text = std::move(insert) + closing();
    const uint32_t end = extent == Extent::Path     ? site_.path_end
                         : extent == Extent::Target ? site_.target_end
                                                    : site_.link_end;
    out.replace_range = ByteRange{site_.query_begin, end};
    return out;
  }

  const ParsedNote* target_note(std::string_view note_part) const {
    if (note_part.empty()) {
      target_file_ = note_.vault.find_path(note_.vault_path);
      return &note_.parsed;
    }
    const std::string linkpath = site_.markdown ? percent_decode(note_part) : std::string(note_part);
    const std::optional<FileId> id = resolve_linkpath(note_.vault, note_.vault_path, linkpath);
    if (!id) return nullptr;
    target_file_ = id;
    if (!note_.vault_path.empty() && note_.vault.file(*id).path == note_.vault_path) return &note_.parsed;
    return note_.vault.note(*id);
  }

  uint8_t group_of(const VaultFile& file) const {
    if (file.is_note) return site_.embed ? 1 : 0;
    if (site_.embed) return is_image_extension(file_extension(file.name)) ? 0 : 2;
    return 1;
  }

  void files(const std::string& query_text) {
    Matcher matcher(query_text);
    const bool by_path = matcher.query().find('/') != std::string::npos;
    const bool aliases = !site_.markdown;
    const CompletionIndex* index =
        options_.index && completion_index_fits(*options_.index, note_.vault) ? options_.index : nullptr;
    std::vector<Candidate> found;
    if (matcher.query().empty()) {
      found = nearby_candidates(aliases);
    } else if (index && !by_path) {
      found = indexed_candidates(*index, matcher, aliases);
    } else {
      found = scanned_candidates(matcher, by_path, aliases);
    }
    finish_files(std::move(found));
  }

  // Bare `[[` (nothing typed): every file, ranked by closeness in the link graph to the
  // note being edited, then by modification time (CompletionOptions::modified), instead of
  // every name being an equally good "prefix". Aliases come right after their note.
  std::vector<Candidate> nearby_candidates(bool aliases) {
    const auto& all = note_.vault.files();
    std::vector<uint8_t> tier(all.size(), 2);
    const std::optional<FileId> found_self =
        note_.vault_path.empty() ? std::nullopt : note_.vault.find_path(note_.vault_path);
    if (options_.graph && found_self && all[*found_self].path == note_.vault_path) {
      const FileId self = *found_self;
      std::vector<FileId> neighbours;
      const auto mark = [&](FileId id, uint8_t level) {
        if (id >= all.size() || id == self || tier[id] <= level) return;
        tier[id] = level;
        if (level == 0) neighbours.push_back(id);
      };
      for (const FileId target : options_.graph->targets_of(self)) mark(target, 0);
      for (const LinkRef& link : options_.graph->links_to(self)) mark(link.source, 0);
      for (const FileId neighbour : neighbours)
        for (const FileId target : options_.graph->targets_of(neighbour)) mark(target, 1);
    }
    const std::vector<int64_t>* modified =
        options_.modified && options_.modified->size() == all.size() ? options_.modified : nullptr;
    std::vector<Candidate> found;
    found.reserve(all.size());
    for (size_t i = 0; i < all.size(); ++i) {
      const VaultFile& file = all[i];
      const auto id = static_cast<FileId>(i);
      const uint8_t group = group_of(file);
      const int64_t when = modified ? (*modified)[i] : 0;
      found.push_back(Candidate{group, kPrefix, static_cast<uint32_t>(file.name.size()), id, -1, tier[i], when});
      if (!aliases || !file.is_note) continue;
      if (const ParsedNote* parsed = note_.vault.note(id))
        for (size_t a = 0; a < parsed->aliases.size(); ++a)
          found.push_back(Candidate{group, kPrefix, static_cast<uint32_t>(parsed->aliases[a].size()), id,
                                    static_cast<int32_t>(a), tier[i], when});
    }
    return found;
  }

  // Every file and alias checked. Candidates order by (group, rank) first: once `max_items`
  // are in better (group, rank) buckets, a worse one can never make the cut and is only
  // counted (for isIncomplete).
  std::vector<Candidate> scanned_candidates(Matcher& matcher, bool by_path, bool aliases) {
    std::vector<Candidate> found;
    constexpr size_t kBuckets = size_t{3} * 3;
    std::array<size_t, kBuckets> in_bucket{};
    size_t cut = kBuckets;  // candidates in buckets >= cut are out
    size_t matches = 0;
    const auto offer = [&](const Candidate& c) {
      ++matches;
      const size_t bucket = size_t{c.group} * 3 + rank_number(c.rank);
      if (bucket >= cut) return;
      found.push_back(c);
      ++in_bucket[bucket];
      size_t total = 0;
      for (size_t b = 0; b < cut; ++b) {
        total += in_bucket[b];
        if (total >= options_.max_items) {
          cut = b + 1;
          break;
        }
      }
    };
    const auto& all = note_.vault.files();
    for (size_t i = 0; i < all.size(); ++i) {
      const VaultFile& file = all[i];
      const auto id = static_cast<FileId>(i);
      const uint8_t group = group_of(file);
      const Rank rank = by_path ? matcher.rank(file.path) : matcher.rank_loose(file.name_loose);
      if (rank != kNoMatch) offer(Candidate{group, rank, static_cast<uint32_t>(file.name.size()), id, -1});
      if (!aliases || !file.is_note || by_path) continue;
      const ParsedNote* parsed = note_.vault.note(id);
      if (!parsed) continue;
      for (size_t a = 0; a < parsed->aliases.size(); ++a) {
        const std::string_view alias = parsed->aliases[a];
        const Rank alias_rank = matcher.rank(alias);
        if (alias_rank != kNoMatch)
          offer(Candidate{group, alias_rank, static_cast<uint32_t>(alias.size()), id, static_cast<int32_t>(a)});
      }
    }
    if (matches > found.size()) result_.is_incomplete = true;
    return found;
  }

  // Through the index, bucket by bucket in (group, rank) order, taking from each only as many
  // as can still make the list, plus one to tell that more exist: the same list as
  // scanned_candidates. A bucket's best come from the index (prefix and word-start matches from
  // the group of their first two bytes, sorted by the index's order; subsequences from the
  // names in that order, stopping once enough matched); the note being
  // edited (which goes last in its bucket) and notes whose aliases were edited since the index
  // was built are matched on their own.
  std::vector<Candidate> indexed_candidates(const CompletionIndex& index, Matcher& matcher, bool aliases) {
    using Index = CompletionIndex;
    const auto& all = note_.vault.files();
    const std::string& query = matcher.query();
    // The note being edited, when it is a file of the vault (spelled exactly, as is_self tests).
    const std::optional<FileId> found_self =
        note_.vault_path.empty() ? std::nullopt : note_.vault.find_path(note_.vault_path);
    const bool has_self = found_self && all[*found_self].path == note_.vault_path;
    const FileId self = has_self ? *found_self : FileId{0};
    const std::vector<FileId> changed = note_.vault.notes_changed_since(*index.base);
    const auto skipped = [&](uint32_t entry) {
      const FileId file = index.file_of(entry);
      if (has_self && file == self) return true;
      return index.is_alias(entry) && std::binary_search(changed.begin(), changed.end(), file);
    };

    // Matched one by one: the edited note's name and aliases, the current aliases of the others.
    std::vector<Candidate> own;
    const auto add_aliases_of = [&](FileId id, uint8_t group) {
      const ParsedNote* parsed = note_.vault.note(id);
      if (!aliases || !parsed) return;
      for (size_t a = 0; a < parsed->aliases.size(); ++a) {
        const Rank rank = matcher.rank(parsed->aliases[a]);
        if (rank != kNoMatch)
          own.push_back(
              Candidate{group, rank, static_cast<uint32_t>(parsed->aliases[a].size()), id, static_cast<int32_t>(a)});
      }
    };
    if (has_self) {
      const VaultFile& file = all[self];
      const Rank rank = matcher.rank_key(index.key(index.names[self]), index.names[self].mask);
      if (rank != kNoMatch)
        own.push_back(Candidate{group_of(file), rank, static_cast<uint32_t>(file.name.size()), self, -1});
      if (file.is_note) add_aliases_of(self, group_of(file));
    }
    for (const FileId id : changed)
      if (!(has_self && id == self) && all[id].is_note) add_aliases_of(id, group_of(all[id]));

    // The kinds of entries in each group, as group_of assigns them.
    std::array<std::vector<Index::Kind>, 3> kinds;
    const Index::Kind note_kinds[] = {Index::kNoteName, Index::kNoteAlias};
    for (const Index::Kind kind : note_kinds) {
      if (kind == Index::kNoteAlias && !aliases) continue;
      kinds[site_.embed ? 1 : 0].push_back(kind);
    }
    kinds[site_.embed ? 0 : 1].push_back(Index::kImage);
    kinds[site_.embed ? 2 : 1].push_back(Index::kOtherFile);
    const auto in_group = [&](uint32_t entry, uint8_t group) {
      const FileId file = index.file_of(entry);
      if (index.is_alias(entry)) return aliases && group_of(all[file]) == group;
      return group_of(all[file]) == group;
    };

    // Prefix and word-start matches (a query that is not empty): one group of keys and of word
    // starts, each checked.
    std::vector<uint32_t> prefixed, word_started;
    if (!query.empty()) {
      const auto [key_begin, key_end] = Index::range_of(index.key_group_start, query);
      for (uint32_t at = key_begin; at < key_end; ++at)
        if (index.key(index.entry_key(index.by_key[at])).starts_with(query)) prefixed.push_back(index.by_key[at]);
      const auto [word_begin, word_end] = Index::range_of(index.word_group_start, query);
      for (uint32_t at = word_begin; at < word_end; ++at) {
        const Index::WordStart& start = index.word_starts[at];
        const std::string_view key = index.key(index.entry_key(start.entry));
        if (key.substr(start.offset).starts_with(query) && !key.starts_with(query)) word_started.push_back(start.entry);
      }
    }
    const auto by_position = [&](uint32_t a, uint32_t b) { return index.position[a] < index.position[b]; };

    std::vector<Candidate> found;
    const auto take = [&](std::vector<uint32_t>& entries, uint8_t group, Rank rank, size_t limit) {
      if (entries.size() > limit) {
        std::partial_sort(entries.begin(), entries.begin() + static_cast<std::ptrdiff_t>(limit), entries.end(),
                          by_position);
        entries.resize(limit);
      }
      for (const uint32_t entry : entries) {
        const FileId file = index.file_of(entry);
        const int32_t alias = index.alias_of(entry);
        const uint32_t length =
            alias < 0 ? static_cast<uint32_t>(all[file].name.size())
                      : static_cast<uint32_t>(note_.vault.note(file)->aliases[static_cast<size_t>(alias)].size());
        found.push_back(Candidate{group, rank, length, file, alias});
      }
    };
    for (uint8_t group = 0; group < 3; ++group) {
      for (const Rank rank : {kPrefix, kWordStart, kSubsequence}) {
        if (found.size() > options_.max_items) break;
        const size_t limit = options_.max_items + 1 - found.size();
        std::vector<uint32_t> entries;
        if (rank == kSubsequence || query.empty()) {
          if (rank != kPrefix && query.empty()) continue;  // everything is a prefix of nothing
          // In order, each kind until `limit` match: subsequences are common, the first come soon.
          for (const Index::Kind kind : kinds[group]) {
            size_t taken = 0;
            for (const uint32_t entry : index.by_kind[kind]) {
              if (taken == limit) break;
              const Index::Key& key = index.entry_key(entry);
              if (skipped(entry) || (!query.empty() && matcher.rank_key(index.key(key), key.mask) != rank)) continue;
              entries.push_back(entry);
              ++taken;
            }
          }
        } else {
          for (const uint32_t entry : rank == kPrefix ? prefixed : word_started)
            if (in_group(entry, group) && !skipped(entry)) entries.push_back(entry);
          if (rank == kWordStart) {
            std::sort(entries.begin(), entries.end(), by_position);
            entries.erase(std::unique(entries.begin(), entries.end()), entries.end());  // several word starts
          }
        }
        take(entries, group, rank, limit);
        for (const Candidate& c : own)
          if (c.group == group && c.rank == rank) found.push_back(c);
      }
    }
    return found;
  }

  void finish_files(std::vector<Candidate> found) {
    const auto& all = note_.vault.files();

    const auto label_of = [&](const Candidate& c) -> std::string_view {
      if (c.alias < 0) return all[c.file].name;
      return note_.vault.note(c.file)->aliases[static_cast<size_t>(c.alias)];
    };
    // Alphabetical ignoring case for names (their loose key is precomputed), then exact.
    const auto sort_name_of = [&](const Candidate& c) -> std::string_view {
      return c.alias < 0 ? std::string_view(all[c.file].name_loose) : label_of(c);
    };
    // A link to the note being edited is rarely wanted: it goes after the others.
    const auto is_self = [&](const Candidate& c) { return all[c.file].path == note_.vault_path; };
    const auto better = [&](const Candidate& a, const Candidate& b) {
      if (a.group != b.group) return a.group < b.group;
      if (a.rank != b.rank) return a.rank < b.rank;
      if (is_self(a) != is_self(b)) return is_self(b);
      if (a.tier != b.tier) return a.tier < b.tier;                  // bare `[[`: closer notes,
      if (a.modified != b.modified) return a.modified > b.modified;  // then the newest
      // A note before an alias that matches as well: the name is what people link by.
      if ((a.alias < 0) != (b.alias < 0)) return a.alias < 0;
      if (a.length != b.length) return a.length < b.length;
      const std::string_view sa = sort_name_of(a), sb = sort_name_of(b);
      if (sa != sb) return sa < sb;
      const std::string_view la = label_of(a), lb = label_of(b);
      if (la != lb) return la < lb;
      if (a.file != b.file) return all[a.file].path < all[b.file].path;
      return a.alias < b.alias;
    };
    keep_best(found, better);

    for (const Candidate& c : found) {
      const VaultFile& file = all[c.file];
      const bool shared = file.is_note ? note_.vault.notes_sharing_name(c.file) > 1
                                       : note_.vault.files_with_basename(fold_key(file.name)).size() > 1;
      const std::string link =
          site_.markdown ? percent_encode_link(file.path) : shortest_link_text(note_.vault, c.file);
      CompletionItem out;
      if (c.alias >= 0) {
        const std::string_view alias = note_.vault.note(c.file)->aliases[static_cast<size_t>(c.alias)];
        out = item(CompletionKind::Alias, std::string(alias), link + "|" + std::string(alias), Extent::WholeLink);
        out.detail = "alias of " + (shared ? file.path : file.name);
      } else {
        out = item(file.is_note ? CompletionKind::Note : CompletionKind::Attachment, file.name, link, Extent::Path);
        if (shared) out.detail = file.folder.empty() ? "/" : file.folder;
      }
      out.file = c.file;
      add(std::move(out));
    }
  }

  struct Ranked {
    Rank rank;
    size_t index;  // document order
  };

  void headings(const ParsedNote& target, std::string_view note_part, const std::string& query_text) {
    Matcher matcher(query_text);
    std::vector<Ranked> found;
    for (size_t i = 0; i < target.headings.size(); ++i) {
      const Rank rank = matcher.rank(target.headings[i].text);
      if (rank != kNoMatch) found.push_back({rank, i});
    }
    keep_best(found,
              [](const Ranked& a, const Ranked& b) { return a.rank != b.rank ? a.rank < b.rank : a.index < b.index; });
    // Headings whose text occurs more than once (as links match them): each its own item.
    std::unordered_map<std::string, size_t> uses;
    for (const Heading& heading : target.headings) ++uses[normalize_heading(heading.text)];
    for (const Ranked& r : found) {
      const Heading& heading = target.headings[r.index];
      const bool duplicate = uses[normalize_heading(heading.text)] > 1;
      std::string stripped = heading_for_link(heading.text);
      const std::string_view plain[] = {heading.text};
      if (duplicate && !site_.markdown && find_heading(target, plain) != &heading) {
        // Not the first of its name: `Parent#Heading` picks it when the parent tells them apart.
        if (const Heading* parent = parent_of(target, r.index)) {
          const std::string_view chain[] = {parent->text, heading.text};
          if (find_heading(target, chain) == &heading) stripped = heading_for_link(parent->text) + "#" + stripped;
        }
      }
      const std::string fragment = site_.markdown ? percent_encode_link(stripped) : stripped;
      CompletionItem out = item(CompletionKind::Heading, std::string(heading.text),
                                std::string(note_part) + "#" + fragment, Extent::Target);
      out.detail = std::string(heading.level, '#');
      if (duplicate) out.detail += " · line " + std::to_string(heading.line + 1);
      out.file = target_file_;
      add(std::move(out));
    }
  }

  // The nearest heading before `index` of a lower level, or null.
  static const Heading* parent_of(const ParsedNote& target, size_t index) {
    const uint8_t level = target.headings[index].level;
    for (size_t i = index; i-- > 0;)
      if (target.headings[i].level < level) return &target.headings[i];
    return nullptr;
  }

  void blocks(const ParsedNote& target, std::string_view note_part, std::string_view query_text) {
    const bool self = &target == &note_.parsed;
    // With the target's text, every paragraph, list item, quote and table (paragraph_refs.h).
    std::optional<std::string> read;
    std::string_view target_text;
    if (self) {
      target_text = note_.text;
    } else if (options_.read_text && target_file_) {
      read = options_.read_text(*target_file_);
      if (read && target.parsed_from(*read)) target_text = *read;
    }
    if (target_text.empty()) return block_ids(target, note_part, query_text);
    Matcher matcher(query_text);
    std::vector<ReferableBlock> found_blocks = referable_blocks(target, target_text);
    // Ids in forms only other tools write (after a fence, say) stay offered as before.
    for (const BlockAnchor& anchor : target.blocks) {
      const bool listed = std::any_of(found_blocks.begin(), found_blocks.end(),
                                      [&](const ReferableBlock& b) { return b.id == anchor.id; });
      if (listed || anchor.block_range.end > target_text.size()) continue;
      ReferableBlock extra;
      extra.range = anchor.block_range;
      extra.id = std::string(anchor.id);
      extra.excerpt = block_excerpt(target_text, anchor.block_range, anchor.id);
      found_blocks.push_back(std::move(extra));
    }
    // The paragraph being typed in is no target for itself.
    if (self) std::erase_if(found_blocks, [&](const ReferableBlock& b) { return b.range.touches(site_.cursor); });
    std::vector<Ranked> found;
    for (size_t i = 0; i < found_blocks.size(); ++i) {
      Rank rank = matcher.rank(found_blocks[i].excerpt);
      if (!found_blocks[i].id.empty()) rank = std::min(rank, matcher.rank(found_blocks[i].id));
      if (rank != kNoMatch) found.push_back({rank, i});
    }
    keep_best(found,
              [](const Ranked& a, const Ranked& b) { return a.rank != b.rank ? a.rank < b.rank : a.index < b.index; });
    std::vector<std::string> proposed;  // new ids of this answer: distinct from each other too
    for (const Ranked& r : found) {
      const ReferableBlock& block = found_blocks[r.index];
      std::string id = block.id;
      if (id.empty()) id = new_block_id(target, block.insert_at, proposed), proposed.push_back(id);
      CompletionItem out = item(CompletionKind::Block, block.id.empty() ? block.excerpt : block.id,
                                std::string(note_part) + "#^" + id, Extent::Target);
      out.filter_text = std::string(typed_) + block.excerpt;
      out.detail = block.id.empty() ? "new ^" + id : block.excerpt;
      if (block.id.empty()) {
        out.new_block_id = block_id_insertion(block, id);
        out.new_block_id->file = target_file_;
        out.new_block_id->self = self;
      }
      out.file = target_file_;
      add(std::move(out));
    }
  }

  // Without the target's text (it could not be read, or changed since it was parsed): the ids
  // its parse knows, with nothing to show of what they label.
  void block_ids(const ParsedNote& target, std::string_view note_part, std::string_view query_text) {
    Matcher matcher(query_text);
    std::vector<Ranked> found;
    for (size_t i = 0; i < target.blocks.size(); ++i) {
      const Rank rank = matcher.rank(target.blocks[i].id);
      if (rank != kNoMatch) found.push_back({rank, i});
    }
    keep_best(found,
              [](const Ranked& a, const Ranked& b) { return a.rank != b.rank ? a.rank < b.rank : a.index < b.index; });
    for (const Ranked& r : found) {
      const BlockAnchor& block = target.blocks[r.index];
      CompletionItem out = item(CompletionKind::Block, std::string(block.id),
                                std::string(note_part) + "#^" + std::string(block.id), Extent::Target);
      out.file = target_file_;
      add(std::move(out));
    }
  }

  // Keeps the best `max_items` in order; marks the result incomplete when it had to cut.
  template <typename T, typename Less>
  void keep_best(std::vector<T>& found, Less less) {
    const size_t limit = options_.max_items;
    if (found.size() > limit) {
      std::partial_sort(found.begin(), found.begin() + static_cast<std::ptrdiff_t>(limit), found.end(), less);
      found.resize(limit);
      result_.is_incomplete = true;
    } else {
      std::sort(found.begin(), found.end(), less);
    }
  }

  void add(CompletionItem out) {
    out.sort_text = completion_sort_text(result_.items.size());
    result_.items.push_back(std::move(out));
  }

  const NoteContext& note_;
  const CompletionSite& site_;
  const CompletionOptions& options_;
  std::string_view typed_;
  mutable std::optional<FileId> target_file_;
  CompletionResult result_;
};

}  // namespace

CompletionResult complete(const NoteContext& note, uint32_t cursor_offset, const CompletionOptions& options) {
  if (cursor_offset > note.text.size()) return {};
  const std::optional<CompletionSite> site = find_completion_site(note.text, cursor_offset);
  if (!site) return complete_tag(note, cursor_offset, options).value_or(CompletionResult{});
  const std::string_view typed = note.text.substr(site->query_begin, cursor_offset - site->query_begin);
  if (!site->markdown && typed.find('|') != std::string_view::npos) return {};  // in the display text
  if (!site->markdown && typed.starts_with("##"))
    return complete_vault_heading(note, site->query_begin, cursor_offset, site->closed, options);
  if (!site->markdown && typed.starts_with("^^"))
    return complete_vault_block(note, site->query_begin, cursor_offset, site->closed, options);
  CompletionResult result = Completer(note, *site, options).run();
  if (options.graph && !site->markdown && typed.find('#') == std::string_view::npos)
    add_planned_notes(note, *options.graph, typed, site->query_begin, site->path_end, site->closed, options, result);
  return result;
}

}  // namespace slipbox
