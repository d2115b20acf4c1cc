#include "analysis/features/paragraph_refs.h"

#include <algorithm>
#include <cstdio>

#include "analysis/features/link_edit.h"
#include "analysis/markdown/structure.h"
#include "analysis/text/unicode.h"

namespace slipbox {
namespace {

bool is_blank(char c) { return c == ' ' || c == '\t'; }
bool is_break(char c) { return c == '\n' || c == '\r'; }

constexpr size_t kExcerptBytes = 100;

// At most kExcerptBytes of `text`, cut at a character boundary, with "…" when cut.
std::string bounded_excerpt(std::string text) {
  if (text.size() <= kExcerptBytes) return text;
  size_t cut = kExcerptBytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  text.resize(cut);
  text += "…";
  return text;
}

// The block's text on one line: line breaks and runs of blanks become one space, quote
// markers at line starts are dropped; at most `max_bytes` (bounded_excerpt cuts it).
std::string excerpt_of(std::string_view text, ByteRange range, size_t max_bytes) {
  std::string out;
  bool line_start = true, space = false;
  for (uint32_t i = range.begin; i < range.end && out.size() <= max_bytes; ++i) {
    const char c = text[i];
    if (is_break(c)) {
      line_start = true;
      space = !out.empty();
      continue;
    }
    if (line_start && (is_blank(c) || c == '>')) continue;
    line_start = false;
    if (is_blank(c)) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

uint32_t line_end_at(std::string_view text, uint32_t at) {
  while (at < text.size() && !is_break(text[at])) ++at;
  return at;
}

uint32_t trimmed(std::string_view text, uint32_t begin, uint32_t end) {
  while (end > begin && is_blank(text[end - 1])) --end;
  return end;
}

bool inside(const NoteStructure& structure, int32_t index, BlockKind kind) {
  for (int32_t i = structure.blocks[index].parent; i >= 0; i = structure.blocks[i].parent)
    if (structure.blocks[i].kind == kind) return true;
  return false;
}

uint64_t mix(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  return x ^ (x >> 33);
}

}  // namespace

std::vector<ReferableBlock> referable_blocks(const ParsedNote& note, std::string_view text) {
  std::vector<ReferableBlock> out;
  const uint32_t body_begin = std::min<uint32_t>(note.body_begin, static_cast<uint32_t>(text.size()));
  const LineIndex lines(text);
  const NoteStructure structure = analyze_structure(text, body_begin, lines);
  for (size_t i = 0; i < structure.blocks.size(); ++i) {
    const StructureBlock& block = structure.blocks[i];
    if (!block.has_text() || block.outer.empty() || block.outer.end > text.size()) continue;
    const auto index = static_cast<int32_t>(i);
    ReferableBlock item;
    item.range = block.outer;
    switch (block.kind) {
      case BlockKind::Paragraph:
        // A paragraph of a list item or a quote is referred to through the item or quote.
        if (inside(structure, index, BlockKind::ListItem) || inside(structure, index, BlockKind::Quote) ||
            inside(structure, index, BlockKind::Table))
          continue;
        item.insert_at = trimmed(text, block.outer.begin, block.outer.end);
        item.before_id = " ^";
        break;
      case BlockKind::ListItem: {
        if (inside(structure, index, BlockKind::Quote)) continue;
        // The id goes on the item's own (first) line, so nested items stay outside it.
        const uint32_t first_line_end = trimmed(text, block.outer.begin, line_end_at(text, block.outer.begin));
        item.insert_at = first_line_end;
        item.before_id = " ^";
        item.range = ByteRange{block.outer.begin, first_line_end};
        break;
      }
      case BlockKind::Quote:
      case BlockKind::Table: {
        if (inside(structure, index, BlockKind::Quote) || inside(structure, index, BlockKind::ListItem)) continue;
        item.insert_at = block.outer.end;
        item.before_id = "\n\n^";
        // Text right on the next line would join the id's paragraph: keep a blank line after it.
        uint32_t next = line_end_at(text, block.outer.end);
        if (next < text.size())
          next += (text[next] == '\r' && next + 1 < text.size() && text[next + 1] == '\n') ? 2 : 1;
        if (next < text.size() && !is_break(text[next])) item.after_id = "\n";
        break;
      }
      default:
        continue;
    }
    // Its id: one whose `^id` lies in the block, or that labels a block starting where it does.
    for (const BlockAnchor& anchor : note.blocks) {
      if (item.range.touches(anchor.id_range.begin) || anchor.block_range.begin == block.outer.begin) {
        item.id = std::string(anchor.id);
        break;
      }
    }
    item.excerpt = block_excerpt(
        text,
        ByteRange{block.first != UINT32_MAX && block.kind == BlockKind::ListItem ? block.first : item.range.begin,
                  item.range.end},
        item.id);
    if (item.excerpt.empty()) continue;  // the `^id` line of a quote or table, or nothing to show
    out.push_back(std::move(item));
  }
  return out;
}

std::string block_excerpt(std::string_view text, ByteRange range, std::string_view id) {
  if (range.end > text.size() || range.begin > range.end) return {};
  // Read past the bound by the id's length, so that the ` ^id` is left out whole before the cut.
  std::string excerpt = excerpt_of(text, range, kExcerptBytes + id.size() + 2);
  if (!id.empty()) {
    const std::string marker = " ^" + std::string(id);
    if (const size_t at = excerpt.rfind(marker); at != std::string::npos)
      excerpt.erase(at, marker.size());
    else if (excerpt.starts_with(marker.substr(1)))
      excerpt.erase(0, id.size() + 1);
  }
  return bounded_excerpt(std::move(excerpt));
}

std::string new_block_id(const ParsedNote& note, uint32_t seed, const std::vector<std::string>& taken) {
  static constexpr char kAlphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
  const auto used = [&](const std::string& id) {
    for (const BlockAnchor& anchor : note.blocks) {
      if (anchor.id.size() != id.size()) continue;
      bool same = true;
      for (size_t i = 0; i < id.size() && same; ++i)
        same = (anchor.id[i] >= 'A' && anchor.id[i] <= 'Z' ? anchor.id[i] - 'A' + 'a' : anchor.id[i]) == id[i];
      if (same) return true;
    }
    return std::find(taken.begin(), taken.end(), id) != taken.end();
  };
  for (uint64_t attempt = 0;; ++attempt) {
    uint64_t bits = mix((static_cast<uint64_t>(seed) << 20) ^ note.text_hash ^ (attempt * 0x9e3779b97f4a7c15ULL));
    std::string id;
    for (int i = 0; i < 6; ++i) {
      id += kAlphabet[bits % 36];
      bits /= 36;
    }
    if (!used(id)) return id;
  }
}

BlockIdInsertion block_id_insertion(const ReferableBlock& block, const std::string& id) {
  BlockIdInsertion out;
  out.offset = block.insert_at;
  out.text = block.before_id + id + block.after_id;
  return out;
}

CompletionResult complete_vault_block(const NoteContext& note, uint32_t query_begin, uint32_t cursor, bool closed,
                                      const CompletionOptions& options) {
  CompletionResult result;
  if (cursor < query_begin + 2 || cursor > note.text.size()) return result;
  const std::string query = loose_key(note.text.substr(query_begin + 2, cursor - query_begin - 2));
  // Reading every note of a big vault per keystroke is not affordable: a budget of bytes,
  // then the list says it is incomplete (the client asks again as the query grows).
  constexpr size_t kBudgetBytes = 32u << 20;
  size_t read = 0;
  const std::optional<FileId> current = note.vault_path.empty() ? std::nullopt : note.vault.find_path(note.vault_path);
  const auto search = [&](std::optional<FileId> file, const ParsedNote& parsed, std::string_view text) {
    const bool self = !file || (current && *file == *current);
    for (const ReferableBlock& block : referable_blocks(parsed, text)) {
      if (self && block.range.touches(cursor)) continue;  // the paragraph being typed in
      if (result.items.size() >= options.max_items) {
        result.is_incomplete = true;
        return;
      }
      if (!query.empty() && loose_key(block.excerpt).find(query) == std::string::npos) continue;
      CompletionItem item;
      item.kind = CompletionKind::Block;
      item.label = block.excerpt;
      std::string id = block.id;
      if (id.empty()) {
        id = new_block_id(parsed, block.insert_at);
        item.new_block_id = block_id_insertion(block, id);
        item.new_block_id->file = file;
        item.new_block_id->self = self;
      }
      const std::string note_part = self ? std::string() : linkpath_for(note.vault, note.vault_path, *file, false);
      item.detail = (self ? std::string("this note") : note.vault.file(*file).path) +
                    (block.id.empty() ? " · new ^" + id : " · ^" + id);
      item.insert_text = note_part + "#^" + id + (closed ? "" : "]]");
      item.replace_range = ByteRange{query_begin, cursor};
      item.filter_text = std::string(note.text.substr(query_begin, cursor - query_begin)) + block.excerpt;
      item.file = file;
      result.items.push_back(std::move(item));
    }
  };
  search(current, note.parsed, note.text);
  if (options.read_text) {
    for (FileId id = 0; id < note.vault.file_count() && !result.is_incomplete; ++id) {
      if (current && id == *current) continue;
      const ParsedNote* parsed = note.vault.note(id);
      if (!parsed) continue;
      if (read >= kBudgetBytes) {
        result.is_incomplete = true;
        break;
      }
      const std::optional<std::string> text = options.read_text(id);
      if (!text || !parsed->parsed_from(*text)) continue;  // changed since it was indexed
      read += text->size();
      search(id, *parsed, *text);
    }
  }
  char sort[24];
  for (size_t i = 0; i < result.items.size(); ++i) {
    std::snprintf(sort, sizeof sort, "%06zu", i);
    result.items[i].sort_text = sort;
  }
  return result;
}

}  // namespace slipbox
