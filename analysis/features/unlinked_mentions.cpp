#include "analysis/features/unlinked_mentions.h"

#include <algorithm>
#include <atomic>

#include "analysis/features/link_edit.h"
#include "analysis/features/note_regions.h"
#include "analysis/markdown/structure.h"
#include "analysis/text/line_index.h"
#include "analysis/text/parallel.h"
#include "analysis/text/unicode.h"

namespace slipbox {
namespace {

ByteRange line_around(std::string_view text, uint32_t offset) {
  uint32_t begin = std::min<uint32_t>(offset, static_cast<uint32_t>(text.size()));
  while (begin > 0 && text[begin - 1] != '\n') --begin;
  const size_t end = text.find('\n', begin);
  return {begin, static_cast<uint32_t>(end == std::string_view::npos ? text.size() : end)};
}

bool is_blank_line(std::string_view line) { return line.find_first_not_of(" \t\r") == std::string_view::npos; }

// The text folded one character (a code point and its combining marks) at a time, with where
// each folded byte's character begins in the text: a name found in the folded text is then
// a whole number of characters of the original.
struct FoldedText {
  std::string folded;
  std::vector<uint32_t> source;  // per folded byte

  bool starts_character(size_t at) const { return at == 0 || at == folded.size() || source[at - 1] != source[at]; }
  uint32_t source_offset(size_t at, size_t text_bytes) const {
    return at == folded.size() ? static_cast<uint32_t>(text_bytes) : source[at];
  }
};

FoldedText fold_by_character(std::string_view text) {
  FoldedText out;
  out.folded.reserve(text.size());
  out.source.reserve(text.size());
  for (uint32_t at = 0; at < text.size();) {
    const uint32_t begin = at;
    char32_t code_point;
    at += decode_utf8(text, at, code_point);
    while (at < text.size() && static_cast<unsigned char>(text[at]) >= 0x80) {
      char32_t next;
      const uint32_t length = decode_utf8(text, at, next);
      if (!is_combining_mark(next)) break;
      at += length;
    }
    const std::string_view character = text.substr(begin, at - begin);
    if (character.size() == 1) {
      const char c = character[0];
      out.folded += c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    } else {
      out.folded += fold_key(character);
    }
    out.source.resize(out.folded.size(), begin);
  }
  return out;
}

char32_t code_point_at(std::string_view text, uint32_t offset) {
  char32_t code_point = 0;
  if (offset < text.size()) decode_utf8(text, offset, code_point);
  return code_point;
}

char32_t code_point_before(std::string_view text, uint32_t offset) {
  if (offset == 0) return 0;
  uint32_t begin = offset - 1;
  while (begin > 0 && offset - begin < 4 && (static_cast<unsigned char>(text[begin]) & 0xC0) == 0x80) --begin;
  char32_t code_point = 0;
  decode_utf8(text, begin, code_point);
  return code_point;
}

// A name in running text is a whole word (or words): "Agile" is not mentioned in "Agileness".
bool at_word_boundaries(std::string_view text, ByteRange range) {
  if (is_word_character(code_point_at(text, range.begin)) && is_word_character(code_point_before(text, range.begin)))
    return false;
  return !(is_word_character(code_point_before(text, range.end)) && is_word_character(code_point_at(text, range.end)));
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

bool is_scheme_byte(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.';
}

// Bare URLs (`https://…`, `www.…`) up to the next blank or `>`: a name inside one is part of
// an address, not prose.
void add_bare_urls(std::string_view text, std::vector<ByteRange>& regions) {
  const auto url_end = [&](size_t from) {
    while (from < text.size() && !is_space(text[from]) && text[from] != '>') ++from;
    return static_cast<uint32_t>(from);
  };
  for (size_t at = text.find("://"); at != std::string_view::npos; at = text.find("://", at + 3)) {
    size_t begin = at;
    while (begin > 0 && is_scheme_byte(text[begin - 1])) --begin;
    if (begin < at) regions.push_back({static_cast<uint32_t>(begin), url_end(at)});
  }
  for (size_t at = text.find("www."); at != std::string_view::npos; at = text.find("www.", at + 4))
    if (at == 0 || is_space(text[at - 1]) || text[at - 1] == '<' || text[at - 1] == '(')
      regions.push_back({static_cast<uint32_t>(at), url_end(at)});
}

// Sorted, disjoint regions of `text` where a mention is not prose.
std::vector<ByteRange> skipped_regions(std::string_view text, const ParsedNote& parsed,
                                       const NoteStructure& structure) {
  std::vector<ByteRange> regions = structure.excluded;  // code, math, HTML
  if (!parsed.front_matter.empty()) regions.push_back(parsed.front_matter);
  for (const Link& link : parsed.links) regions.push_back(link.range);
  for (const Heading& heading : parsed.headings) regions.push_back(heading.range);
  for (const Tag& tag : parsed.tags)
    if (!tag.in_front_matter) regions.push_back(tag.range);
  for (const BlockAnchor& block : parsed.blocks) regions.push_back(block.id_range);
  const uint32_t body_begin = std::min<uint32_t>(parsed.body_begin, static_cast<uint32_t>(text.size()));
  for (const ByteRange comment : find_comments(text.substr(body_begin)))
    regions.push_back({comment.begin + body_begin, comment.end + body_begin});
  add_bare_urls(text, regions);

  std::sort(regions.begin(), regions.end(), [](ByteRange a, ByteRange b) { return a.begin < b.begin; });
  std::vector<ByteRange> merged;
  for (const ByteRange region : regions) {
    if (!merged.empty() && region.begin <= merged.back().end)
      merged.back().end = std::max(merged.back().end, region.end);
    else
      merged.push_back(region);
  }
  return merged;
}

bool overlaps_any(const std::vector<ByteRange>& sorted_disjoint, ByteRange range) {
  const auto it = std::upper_bound(sorted_disjoint.begin(), sorted_disjoint.end(), range.begin,
                                   [](uint32_t offset, ByteRange region) { return offset < region.end; });
  return it != sorted_disjoint.end() && it->begin < range.end;
}

std::vector<Mention> find_mentions_of_keys(std::string_view text, const ParsedNote& parsed,
                                           const std::vector<std::string>& keys) {
  const FoldedText folded = fold_by_character(text);
  std::vector<ByteRange> found;
  for (const std::string& key : keys) {
    for (size_t at = folded.folded.find(key); at != std::string::npos; at = folded.folded.find(key, at + 1)) {
      if (!folded.starts_character(at) || !folded.starts_character(at + key.size())) continue;
      const ByteRange range{folded.source_offset(at, text.size()), folded.source_offset(at + key.size(), text.size())};
      if (at_word_boundaries(text, range)) found.push_back(range);
    }
  }
  if (found.empty()) return {};
  // The longest of the mentions starting at one place wins; later ones overlapping it lose.
  std::sort(found.begin(), found.end(),
            [](ByteRange a, ByteRange b) { return a.begin != b.begin ? a.begin < b.begin : a.end > b.end; });

  const LineIndex lines(text);
  const NoteStructure structure = analyze_structure(text, parsed.body_begin, lines);
  const std::vector<ByteRange> skipped = skipped_regions(text, parsed, structure);
  std::vector<Mention> out;
  for (const ByteRange range : found) {
    if (!out.empty() && range.begin < out.back().range.end) continue;
    if (overlaps_any(skipped, range)) continue;
    Mention mention{range};
    for (const StructureBlock& block : structure.blocks)
      mention.in_table |= block.kind == BlockKind::Table && block.outer.contains(range.begin);
    out.push_back(mention);
  }
  return out;
}

std::vector<std::string> keys_of(const std::vector<std::string_view>& names) {
  std::vector<std::string> keys;
  for (const std::string_view name : names) {
    std::string key = fold_key(trim_blanks(name));
    if (!key.empty() && std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(std::move(key));
  }
  return keys;
}

// The new link for a mention in `source_path`: the matched words stay what the reader sees.
std::string link_for_mention(const NoteContext& note, std::string_view source_path, FileId target,
                             const LinkStyle& style, std::string_view matched, bool in_table) {
  if (style.markdown) return write_link(note.vault, source_path, target, style, {}, matched);
  const std::string linkpath = linkpath_in_format(note.vault, source_path, target, style.format);
  if (matched == linkpath) return "[[" + linkpath + "]]";
  return "[[" + linkpath + (in_table ? "\\|" : "|") + std::string(matched) + "]]";
}

}  // namespace

bool on_note_title(const NoteContext& note, uint32_t offset) {
  const std::string_view text = note.text;
  if (offset > text.size()) return false;
  const ByteRange cursor_line = line_around(text, offset);
  if (!note.parsed.headings.empty() && line_around(text, note.parsed.headings.front().range.begin) == cursor_line)
    return true;
  for (uint32_t at = std::min<uint32_t>(note.parsed.body_begin, static_cast<uint32_t>(text.size()));
       at < text.size();) {
    const ByteRange line = line_around(text, at);
    if (!is_blank_line(text.substr(line.begin, line.size()))) return line == cursor_line;
    at = line.end + 1;
  }
  return false;
}

std::vector<Mention> find_unlinked_mentions(std::string_view text, const ParsedNote& parsed,
                                            const std::vector<std::string_view>& names) {
  return find_mentions_of_keys(text, parsed, keys_of(names));
}

std::vector<Refactor> unlinked_mentions_actions(const NoteContext& note, ByteRange selection, const ReadText& read_text,
                                                const RefactorOptions& options,
                                                const std::function<bool()>& cancelled) {
  if (note.vault_path.empty() || !read_text || !on_note_title(note, selection.begin)) return {};
  const std::optional<FileId> self = note.vault.find_path(note.vault_path);
  if (!self || !note.vault.file(*self).is_note) return {};
  const std::string& name = note.vault.file(*self).name;

  // A link's display text cannot hold brackets or `|`: names with them are not looked for.
  std::vector<std::string_view> names{name};
  for (const std::string_view alias : note.parsed.aliases) names.push_back(alias);
  std::erase_if(names, [](std::string_view n) { return n.find_first_of("[]|") != std::string_view::npos; });
  const std::vector<std::string> keys = keys_of(names);
  if (keys.empty()) return {};

  // Each note on its own: the texts are read and searched in parallel, the edits kept per note.
  const size_t file_count = note.vault.file_count();
  std::vector<FileEdits> per_note(file_count);
  std::atomic<bool> stopped = false;
  run_in_parallel(file_count, 0, [&](size_t index) {
    const auto id = static_cast<FileId>(index);
    if (stopped.load(std::memory_order_relaxed)) return;
    if (cancelled && cancelled()) {
      stopped.store(true, std::memory_order_relaxed);
      return;
    }
    // Notes the index holds no parse of (too big, unreadable) are left alone.
    if (id == *self || !note.vault.file(id).is_note || !note.vault.note(id)) return;
    const std::optional<std::string> text = read_text(id);
    if (!text) return;
    // Most notes mention nothing: one folding pass tells, before any parsing.
    const std::string folded = fold_key(*text);
    if (std::none_of(keys.begin(), keys.end(),
                     [&](const std::string& key) { return folded.find(key) != std::string::npos; }))
      return;
    ParsedNote fresh;
    const ParsedNote& parsed = parse_of(note.vault, id, *text, fresh);
    const std::string& source_path = note.vault.file(id).path;
    for (const Mention& mention : find_mentions_of_keys(*text, parsed, keys)) {
      const std::string_view matched = std::string_view(*text).substr(mention.range.begin, mention.range.size());
      per_note[index].changes.push_back(TextChange{
          mention.range, link_for_mention(note, source_path, *self, options.style, matched, mention.in_table)});
    }
  });
  if (stopped) return {};

  Refactor refactor;
  refactor.kind = "refactor.rewrite";
  size_t count = 0;
  for (size_t index = 0; index < file_count; ++index) {
    if (per_note[index].changes.empty()) continue;
    count += per_note[index].changes.size();
    per_note[index].file = static_cast<FileId>(index);
    refactor.other_notes.push_back(std::move(per_note[index]));
  }
  if (count == 0) return {};
  refactor.title = "Link " + std::to_string(count) +
                   (count == 1 ? " unlinked mention of \"" : " unlinked mentions of \"") + name + "\"";
  return {std::move(refactor)};
}

}  // namespace slipbox
