#include <utf8proc.h>

#include <algorithm>

#include "analysis/markdown/front_matter.h"
#include "analysis/markdown/link_syntax.h"
#include "analysis/markdown/parsed_note.h"
#include "analysis/markdown/structure.h"
#include "analysis/text/byte_scan.h"
#include "analysis/text/line_index.h"
#include "analysis/text/unicode.h"

namespace slipbox {
namespace {

// md4c gives the structure (what is code, HTML, math, a heading, a paragraph); this file
// scans the raw bytes of everything else for links, tags and block ids, so every range is
// an exact byte offset and no length limit applies. One pass, no rescans: linear time.

bool is_blank(char c) { return c == ' ' || c == '\t'; }
bool is_line_break(char c) { return c == '\n' || c == '\r'; }
bool is_space(char c) { return is_blank(c) || is_line_break(c); }
bool is_ascii_punct(char c) {
  return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') || (c >= '{' && c <= '~');
}
bool is_id_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
}

// Tag characters: ASCII letters, digits, `_ - /`, and any non-ASCII letter, mark, number
// or symbol (emoji, with their joiners and variation selectors).
bool is_tag_code_point(char32_t c) {
  // Word characters of any script, `-` and `/` (nested tags), and emoji: symbols, modifiers
  // and the zero-width joiner inside emoji sequences.
  if (c == '-' || c == '/' || c == 0x200D || is_word_character(c)) return true;
  if (c < 0x80 || c == 0xFFFD) return false;
  const auto category = utf8proc_category(static_cast<utf8proc_int32_t>(c));
  return category == UTF8PROC_CATEGORY_SO || category == UTF8PROC_CATEGORY_SK;
}

bool in_regions(const std::vector<ByteRange>& regions, uint32_t offset) {
  auto it = std::upper_bound(regions.begin(), regions.end(), offset,
                             [](uint32_t value, const ByteRange& r) { return value < r.begin; });
  return it != regions.begin() && std::prev(it)->contains(offset);
}

struct Destination {
  uint32_t begin = 0, end = 0;  // the destination text, without `<>`
  uint32_t close = 0;           // the `)`
};

class BodyScanner {
 public:
  BodyScanner(std::string_view text, uint32_t begin, const std::vector<ByteRange>& zones, ParsedNote& note,
              ParseScratch& scratch)
      : text_(text),
        begin_(begin),
        n_(static_cast<uint32_t>(text.size())),
        zones_(zones),
        note_(note),
        scratch_(scratch) {}

  void run() {
    match_brackets();
    scan();
  }

  std::vector<ByteRange> comments;       // `%% … %%`, delimiters included
  std::vector<ByteRange> id_candidates;  // `^id`, outside comments

 private:
  // Pairs each '[' with its ']' in one stack pass (escapes and excluded zones skipped, a
  // blank line ends a paragraph), so `[text](…)` is recognised without rescanning.
  void match_brackets() {
    std::vector<uint32_t> stack;
    size_t z = 0;
    bool escaped = false, line_has_content = false;
    for (uint32_t i = begin_; i < n_;) {
      if (z < zones_.size() && i >= zones_[z].begin) {
        i = std::max(i, zones_[z].end);
        ++z;
        escaped = false;
        line_has_content = true;
        continue;
      }
      if (!escaped && line_has_content) {  // nothing to do until the next bracket, escape or line
        const uint32_t stop = z < zones_.size() ? std::min(n_, zones_[z].begin) : n_;
        const uint32_t from = i;
        while (i + 8 <= stop && byte_scan::none_of<'[', ']', '\\', '\n', '\r'>(text_.data() + i)) i += 8;
        if (i != from) continue;
      }
      const char c = text_[i];
      if (is_line_break(c)) {
        if (!line_has_content) stack.clear();
        line_has_content = escaped = false;
        i += (c == '\r' && i + 1 < n_ && text_[i + 1] == '\n') ? 2 : 1;
        continue;
      }
      if (!is_blank(c)) line_has_content = true;
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '[') {
        stack.push_back(i);
      } else if (c == ']' && !stack.empty()) {
        pairs_.push_back({stack.back(), i});
        stack.pop_back();
      }
      ++i;
    }
    std::sort(pairs_.begin(), pairs_.end());
  }

  uint32_t closing_bracket(uint32_t open) {
    while (pair_cursor_ < pairs_.size() && pairs_[pair_cursor_].first < open) ++pair_cursor_;
    if (pair_cursor_ < pairs_.size() && pairs_[pair_cursor_].first == open) return pairs_[pair_cursor_].second;
    return UINT32_MAX;
  }

  void scan() {
    size_t z = 0;
    uint32_t last_escaped = UINT32_MAX;  // a `!` escaped as `\!` does not make an embed
    uint32_t zone_end = UINT32_MAX;      // a `!` inside a code span does not either
    bool in_comment = false;
    uint32_t comment_begin = 0;
    uint32_t wiki_fail_until = 0;  // a failed `[[` search already proved no `]]` before here
    uint32_t i = begin_;
    while (i < n_) {
      while (z < zones_.size() && zones_[z].end <= i) ++z;
      if (z < zones_.size() && zones_[z].begin <= i) {
        i = zone_end = zones_[z].end;
        continue;
      }
      const uint32_t limit = z < zones_.size() ? zones_[z].begin : n_;
      {  // nothing to do until the next byte that can start an escape, comment, link, tag or id
        const uint32_t from = i;
        while (i + 8 <= limit && byte_scan::none_of<'\\', '%', '[', '#', '^'>(text_.data() + i)) i += 8;
        if (i != from) continue;
      }
      const char c = text_[i];
      const auto bang_before = [&](uint32_t at) {
        return at > begin_ && text_[at - 1] == '!' && last_escaped != at - 1 && zone_end != at;
      };

      if (c == '\\') {
        if (i + 1 < limit && is_ascii_punct(text_[i + 1])) {
          last_escaped = i + 1;
          i += 2;
        } else {
          ++i;
        }
        continue;
      }
      if (c == '%' && i + 1 < limit && text_[i + 1] == '%') {
        if (!in_comment) {
          comment_begin = i;
        } else {
          comments.push_back({comment_begin, i + 2});
        }
        in_comment = !in_comment;
        i += 2;
        continue;
      }
      if (c == '[') {
        if (i + 1 < limit && text_[i + 1] == '[' && i >= wiki_fail_until) {
          uint32_t open = i, stop = i;
          const uint32_t close = find_wiki_close(text_, open, limit, stop);
          if (close != UINT32_MAX) {
            LinkParts link;
            link.syntax = LinkSyntax::Wiki;
            link.in_comment = in_comment;
            link.embed = open == i ? bang_before(open) : text_[open - 1] == '!' && text_[open - 2] != '\\';
            link.range = {link.embed ? open - 1 : open, close + 2};
            if (fill_wiki_link(text_, open + 2, close, link)) scratch_.links.push_back(std::move(link));
            i = close + 2;
            continue;
          }
          wiki_fail_until = stop;
        }
        if (const uint32_t end = try_markdown_link(i, limit, in_comment, bang_before(i)); end != 0) {
          i = end;
          continue;
        }
        ++i;
        continue;
      }
      if (c == '#' && !in_comment && (i == begin_ || is_space(text_[i - 1]))) {
        if (const uint32_t end = tag_end(i + 1, limit); end != UINT32_MAX) {
          Tag tag;
          tag.name = text_.substr(i + 1, end - i - 1);
          tag.range = {i, end};
          note_.tags.push_back(tag);
          i = end;
          continue;
        }
      }
      if (c == '^' && !in_comment && (i == begin_ || is_space(text_[i - 1]))) {
        uint32_t j = i + 1;
        while (j < limit && is_id_char(text_[j])) ++j;
        uint32_t k = j;
        while (k < limit && is_blank(text_[k])) ++k;
        if (j > i + 1 && (k == n_ || is_line_break(text_[k]))) {
          id_candidates.push_back({i, j});
          i = j;
          continue;
        }
      }
      ++i;
    }
    if (in_comment) comments.push_back({comment_begin, n_});  // unclosed: runs to the end
  }

  // End of the tag whose name starts at `from`, or UINT32_MAX if there is none
  // (no characters, or digits only: `#1984`).
  uint32_t tag_end(uint32_t from, uint32_t limit) const {
    uint32_t j = from;
    bool has_non_digit = false;
    while (j < limit) {
      char32_t code_point;
      const uint32_t length = decode_utf8(text_, j, code_point);
      if (j + length > limit || !is_tag_code_point(code_point)) break;
      if (!(code_point >= '0' && code_point <= '9')) has_non_digit = true;
      j += length;
    }
    return j > from && has_non_digit ? j : UINT32_MAX;
  }

  // Returns the offset after the link, or 0 when `[` at `open` starts none.
  uint32_t try_markdown_link(uint32_t open, uint32_t limit, bool in_comment, bool embed) {
    const uint32_t close = closing_bracket(open);
    if (close == UINT32_MAX || close + 1 >= limit || text_[close + 1] != '(') return 0;
    Destination dest;
    if (!parse_destination(close + 2, limit, dest) || dest.begin == dest.end) return 0;
    LinkParts link;
    link.syntax = LinkSyntax::Markdown;
    link.embed = embed;
    link.in_comment = in_comment;
    link.display = text_.substr(open + 1, close - open - 1);
    link.range = {embed ? open - 1 : open, dest.close + 1};
    link.target_range = {dest.begin, dest.end};
    fill_markdown_destination(text_.substr(dest.begin, dest.end - dest.begin), link, scratch_);
    scratch_.links.push_back(std::move(link));
    return dest.close + 1;
  }

  // Skips blanks and at most one line break.
  uint32_t skip_link_space(uint32_t j, uint32_t limit) const {
    while (j < limit && is_blank(text_[j])) ++j;
    if (j < limit && is_line_break(text_[j])) {
      j += (text_[j] == '\r' && j + 1 < limit && text_[j + 1] == '\n') ? 2 : 1;
      while (j < limit && is_blank(text_[j])) ++j;
    }
    return j;
  }

  // CommonMark link destination and optional title after `(`, up to the `)`.
  bool parse_destination(uint32_t j, uint32_t limit, Destination& dest) const {
    j = skip_link_space(j, limit);
    if (j < limit && text_[j] == '<') {
      uint32_t k = j + 1;
      while (k < limit && text_[k] != '>' && text_[k] != '<' && !is_line_break(text_[k]))
        k += (text_[k] == '\\' && k + 1 < limit && !is_line_break(text_[k + 1])) ? 2 : 1;
      if (k >= limit || text_[k] != '>') return false;
      dest.begin = j + 1, dest.end = k;
      j = k + 1;
    } else {
      uint32_t k = j;
      int depth = 0;
      while (k < limit) {
        const auto ch = static_cast<unsigned char>(text_[k]);
        if (ch == '\\' && k + 1 < limit && is_ascii_punct(text_[k + 1])) {
          k += 2;
          continue;
        }
        if (ch <= 0x20 || ch == 0x7F) break;
        if (ch == '(' && ++depth > 32) return false;
        if (ch == ')') {
          if (depth == 0) break;
          --depth;
        }
        ++k;
      }
      if (depth != 0) return false;
      dest.begin = j, dest.end = k;
      j = k;
    }
    const uint32_t after_dest = j;
    j = skip_link_space(j, limit);
    if (j < limit && j > after_dest && (text_[j] == '"' || text_[j] == '\'' || text_[j] == '(')) {
      const char closer = text_[j] == '(' ? ')' : text_[j];
      uint32_t k = j + 1;
      bool blank_line = false;
      while (k < limit && text_[k] != closer) {
        if (text_[k] == '\\' && k + 1 < limit) {
          k += 2;
          continue;
        }
        if (text_[k] == '\n') {
          uint32_t m = k + 1;
          while (m < limit && (is_blank(text_[m]) || text_[m] == '\r')) ++m;
          if (m < limit && text_[m] == '\n') blank_line = true;
        }
        if (blank_line || k - j > 4096) return false;  // a title is short; keeps scans linear
        ++k;
      }
      if (k >= limit) return false;
      j = skip_link_space(k + 1, limit);
    }
    if (j >= limit || text_[j] != ')') return false;
    dest.close = j;
    return true;
  }

  std::string_view text_;
  uint32_t begin_;
  uint32_t n_;
  const std::vector<ByteRange>& zones_;
  ParsedNote& note_;
  ParseScratch& scratch_;
  std::vector<std::pair<uint32_t, uint32_t>> pairs_;
  size_t pair_cursor_ = 0;
};

uint32_t trimmed_end(std::string_view text, uint32_t begin, uint32_t end) {
  while (end > begin && is_blank(text[end - 1])) --end;
  return end;
}

void collect_headings(std::string_view text, const NoteStructure& structure, const LineIndex& lines,
                      const std::vector<ByteRange>& comments, ParsedNote& note) {
  for (const StructureBlock& block : structure.blocks) {
    if (block.kind != BlockKind::Heading || !block.has_text()) continue;
    const uint32_t line = lines.line_of(block.first);
    const uint32_t line_start = lines.line_start(line);
    Heading heading;
    heading.level = block.level;
    heading.line = line;
    // Container markers (`>`, list bullets) never contain '#', so the first '#' before the
    // text is the ATX marker; none means a Setext heading.
    const size_t marker = text.substr(line_start, block.first - line_start).find('#');
    if (marker != std::string_view::npos) {
      const uint32_t hashes = line_start + static_cast<uint32_t>(marker);
      uint32_t text_begin = hashes;
      while (text_begin < block.first && text[text_begin] == '#') ++text_begin;
      while (text_begin < block.first && is_blank(text[text_begin])) ++text_begin;
      const uint32_t line_end = trimmed_end(text, text_begin, lines.line_end(line));
      uint32_t text_end = line_end;
      uint32_t k = text_end;
      while (k > text_begin && text[k - 1] == '#') --k;
      if (k < text_end && (k == text_begin || is_blank(text[k - 1]))) text_end = trimmed_end(text, text_begin, k);
      heading.range = {hashes, line_end};
      heading.text_range = {text_begin, text_end};
    } else {
      uint32_t text_begin = block.first;
      // md4c's first text may follow inline syntax (`` ` ``, `\`, `*`…): start at it.
      while (text_begin > line_start &&
             std::string_view("`\\*_[!<~$&").find(text[text_begin - 1]) != std::string_view::npos)
        --text_begin;
      const uint32_t last_line = lines.line_of(block.last - 1);
      const uint32_t text_end = trimmed_end(text, text_begin, lines.line_end(last_line));
      uint32_t range_end = text_end;
      if (last_line + 1 < lines.line_count())
        range_end = trimmed_end(text, lines.line_start(last_line + 1), lines.line_end(last_line + 1));
      heading.range = {text_begin, std::max(range_end, text_end)};
      heading.text_range = {text_begin, text_end};
    }
    if (in_regions(comments, heading.range.begin)) continue;
    heading.text = text.substr(heading.text_range.begin, heading.text_range.size());
    note.headings.push_back(heading);
  }
}

// Finds the block each `^id` labels (docs/link-resolution.md §4.2).
void collect_blocks(std::string_view text, const NoteStructure& structure, const LineIndex& lines,
                    const std::vector<ByteRange>& candidates, ParsedNote& note) {
  const auto& blocks = structure.blocks;
  std::vector<int32_t> ordered;  // pre-order, so `first` never decreases
  for (size_t b = 0; b < blocks.size(); ++b)
    if (blocks[b].has_text() && blocks[b].kind != BlockKind::Document) ordered.push_back(static_cast<int32_t>(b));
  const auto innermost = [&](uint32_t offset) -> int32_t {
    auto it = std::upper_bound(ordered.begin(), ordered.end(), offset,
                               [&](uint32_t value, int32_t b) { return value < blocks[b].first; });
    if (it == ordered.begin()) return -1;
    int32_t b = *std::prev(it);
    while (b >= 0 && !(blocks[b].first <= offset && offset < blocks[b].last)) b = blocks[b].parent;
    return b;
  };
  const auto promote_to_item = [&](int32_t b) {
    if (blocks[b].kind == BlockKind::Paragraph && blocks[b].parent >= 0 && blocks[b].kind == BlockKind::Paragraph &&
        blocks[blocks[b].parent].kind == BlockKind::ListItem)
      return blocks[b].parent;
    return b;
  };

  for (const ByteRange& id : candidates) {
    const int32_t b = innermost(id.begin);
    if (b < 0) continue;
    const BlockKind kind = blocks[b].kind;
    if (kind != BlockKind::Paragraph && kind != BlockKind::ListItem) continue;
    const uint32_t line = lines.line_of(id.begin);
    const uint32_t line_start = lines.line_start(line);
    bool standalone = true, has_quote_marker = false;
    for (uint32_t i = line_start; i < id.begin; ++i) {
      if (text[i] == '>')
        has_quote_marker = true;
      else if (!is_blank(text[i]))
        standalone = false;
    }
    int32_t target = -1;
    if (!standalone) {
      // ` ^id` ends the paragraph or list item line it labels.
      if (kind == BlockKind::Paragraph && lines.line_of(blocks[b].last - 1) != line) continue;
      target = promote_to_item(b);
    } else if (blocks[b].first == id.begin) {
      // `^id` alone after a blank line (or right after a fence, list or table): the
      // previous block.
      // (The paragraph must be the id alone, not the first line of more text.)
      if (kind == BlockKind::Paragraph && lines.line_of(blocks[b].last - 1) == line)
        target = blocks[b].previous_sibling;
    } else {
      // `^id` on its own line at the end of a block: a lazy line after a list or quote
      // labels the whole list or quote; inside a quote, the quote; otherwise the paragraph
      // or item.
      int32_t outermost = -1;
      for (int32_t a = blocks[b].parent; a >= 0; a = blocks[a].parent)
        if (blocks[a].kind == BlockKind::List || blocks[a].kind == BlockKind::Quote) outermost = a;
      const bool lazy = line_start == id.begin && !has_quote_marker;
      if (lazy && outermost >= 0) {
        target = outermost;
      } else if (has_quote_marker && blocks[b].parent >= 0 && blocks[blocks[b].parent].kind == BlockKind::Quote) {
        target = blocks[b].parent;
      } else {
        target = promote_to_item(b);
      }
    }
    if (target < 0 || blocks[target].outer.empty()) continue;
    BlockAnchor anchor;
    anchor.id = text.substr(id.begin + 1, id.size() - 1);
    anchor.id_range = id;
    anchor.block_range = blocks[target].outer;
    anchor.line = lines.line_of(anchor.block_range.begin);
    note.blocks.push_back(anchor);
  }
}

void parse_into(std::string_view text, ParsedNote& note, ParseScratch& scratch) {
  uint32_t body_begin = 0;
  if (const auto block = find_front_matter(text)) {
    note.front_matter = block->range;
    body_begin = note.body_begin = block->body_begin;
    read_front_matter(text, *block, note, scratch);
  }
  const LineIndex lines(text);
  const NoteStructure structure = analyze_structure(text, body_begin, lines);
  BodyScanner scanner(text, body_begin, structure.excluded, note, scratch);
  scanner.run();
  collect_headings(text, structure, lines, scanner.comments, note);
  collect_blocks(text, structure, lines, scanner.id_candidates, note);
}

}  // namespace

std::vector<ByteRange> find_comments(std::string_view text) {
  if (text.size() >= UINT32_MAX) text = text.substr(0, UINT32_MAX - 1);
  ParsedNote unused;
  ParseScratch scratch;
  try {
    const LineIndex lines(text);
    const NoteStructure structure = analyze_structure(text, 0, lines);
    BodyScanner scanner(text, 0, structure.excluded, unused, scratch);
    scanner.run();
    return std::move(scanner.comments);
  } catch (...) {
    return {};  // allocation failure: no comments left out
  }
}

ParsedNote parse_note(std::string_view text, const std::shared_ptr<LinkpathPool>& pool) {
  // Offsets are 32-bit; a note over 4 GiB is read as far as they reach.
  if (text.size() >= UINT32_MAX) text = text.substr(0, UINT32_MAX - 1);
  ParsedNote note;
  ParseScratch scratch;
  try {
    parse_into(text, note, scratch);
    // A vault keeps every parse: give back what the vectors grew past (a quarter on average).
    note.headings.shrink_to_fit();
    note.blocks.shrink_to_fit();
    note.tags.shrink_to_fit();
    note.aliases.shrink_to_fit();
  } catch (...) {
    // Only allocation failure can get here; return what was found.
  }
  // Last: until now the views point into `text` and `scratch`.
  note.own_strings(scratch.links, text, pool);
  note.text_bytes = static_cast<uint32_t>(text.size());
  note.text_hash = hash_text(text);
  return note;
}

}  // namespace slipbox
