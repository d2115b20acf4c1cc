#include "analysis/markdown/structure.h"

#include <md4c.h>

#include <algorithm>
#include <string>

namespace slipbox {
namespace {

bool is_blank(char c) { return c == ' ' || c == '\t'; }

BlockKind kind_of(MD_BLOCKTYPE type) {
  switch (type) {
    case MD_BLOCK_DOC:
      return BlockKind::Document;
    case MD_BLOCK_QUOTE:
      return BlockKind::Quote;
    case MD_BLOCK_UL:
    case MD_BLOCK_OL:
      return BlockKind::List;
    case MD_BLOCK_LI:
      return BlockKind::ListItem;
    case MD_BLOCK_HR:
      return BlockKind::Rule;
    case MD_BLOCK_H:
      return BlockKind::Heading;
    case MD_BLOCK_CODE:
      return BlockKind::Code;
    case MD_BLOCK_HTML:
      return BlockKind::Html;
    case MD_BLOCK_P:
      return BlockKind::Paragraph;
    case MD_BLOCK_TABLE:
      return BlockKind::Table;
    default:
      return BlockKind::TablePart;
  }
}

struct Walker {
  std::string_view text;
  const char* base = nullptr;  // md4c's view starts at text[body_begin]
  uint32_t body_begin = 0;
  const LineIndex* lines = nullptr;
  NoteStructure out;
  std::vector<int32_t> open;             // indices of open blocks
  std::vector<int32_t> last_text_child;  // per block: the latest child that had text
  int span_depth = 0;                    // open code or math spans
  char fence_char = 0;                   // of the open fenced code block
  uint32_t span_first = UINT32_MAX, span_last = 0;

  // Maps an md4c pointer to an offset in `text`, or false when md4c made it up.
  bool offset_of(const MD_CHAR* p, MD_SIZE size, uint32_t& begin) const {
    const auto body_size = static_cast<size_t>(text.size() - body_begin);
    if (p < base || p >= base + body_size || static_cast<size_t>(p - base) + size > body_size) return false;
    begin = body_begin + static_cast<uint32_t>(p - base);
    return true;
  }

  uint32_t first_non_blank(uint32_t line) const {
    uint32_t i = lines->line_start(line);
    const uint32_t end = lines->line_end(line);
    while (i < end && is_blank(text[i])) ++i;
    return i;
  }
  uint32_t trimmed_line_end(uint32_t line) const {
    const uint32_t start = lines->line_start(line);
    uint32_t end = lines->line_end(line);
    while (end > start && is_blank(text[end - 1])) --end;
    return end;
  }

  // Does `line` hold a closing fence made of `fence` (after container markers)?
  bool is_fence_line(uint32_t line, char fence) const {
    uint32_t i = lines->line_start(line);
    const uint32_t end = lines->line_end(line);
    while (i < end && (is_blank(text[i]) || text[i] == '>')) ++i;
    uint32_t count = 0;
    while (i < end && text[i] == fence) ++i, ++count;
    return count >= 3;
  }

  void enter(MD_BLOCKTYPE type, void* detail) {
    StructureBlock block;
    block.kind = kind_of(type);
    if (!open.empty()) {
      block.parent = open.back();
      block.previous_sibling = last_text_child[open.back()];
    }
    if (type == MD_BLOCK_H) block.level = static_cast<uint8_t>(static_cast<MD_BLOCK_H_DETAIL*>(detail)->level);
    if (type == MD_BLOCK_CODE) block.fenced = static_cast<MD_BLOCK_CODE_DETAIL*>(detail)->fence_char != 0;
    if (type == MD_BLOCK_CODE && block.fenced) fence_char = static_cast<MD_BLOCK_CODE_DETAIL*>(detail)->fence_char;
    open.push_back(static_cast<int32_t>(out.blocks.size()));
    out.blocks.push_back(block);
    last_text_child.push_back(-1);
  }

  void leave(MD_BLOCKTYPE type) {
    if (open.empty()) return;
    const int32_t index = open.back();
    open.pop_back();
    StructureBlock& block = out.blocks[index];
    if (block.has_text()) {
      const uint32_t first_line = lines->line_of(block.first);
      const uint32_t last_line = lines->line_of(block.last > block.first ? block.last - 1 : block.first);
      block.outer = {first_non_blank(first_line), trimmed_line_end(last_line)};
      if (block.kind == BlockKind::Code) {
        if (block.fenced) {
          const uint32_t body_line = lines->line_of(body_begin);
          if (first_line > body_line) block.outer.begin = first_non_blank(first_line - 1);
          if (last_line + 1 < lines->line_count() && is_fence_line(last_line + 1, fence_char))
            block.outer.end = trimmed_line_end(last_line + 1);
        }
        out.excluded.push_back({lines->line_start(lines->line_of(block.outer.begin)), block.outer.end});
      } else if (block.kind == BlockKind::Html) {
        out.excluded.push_back({lines->line_start(first_line), lines->line_end(last_line)});
      }
      if (block.parent >= 0) {
        StructureBlock& parent = out.blocks[block.parent];
        parent.first = std::min(parent.first, block.first);
        parent.last = std::max(parent.last, block.last);
        last_text_child[block.parent] = index;
      }
    }
  }

  void on_text(MD_TEXTTYPE type, const MD_CHAR* p, MD_SIZE size) {
    uint32_t begin = 0;
    if (size == 0 || !offset_of(p, size, begin)) return;
    const uint32_t end = begin + size;
    if (!open.empty()) {
      StructureBlock& block = out.blocks[open.back()];
      block.first = std::min(block.first, begin);
      block.last = std::max(block.last, end);
    }
    if (span_depth > 0) {
      span_first = std::min(span_first, begin);
      span_last = std::max(span_last, end);
    } else if (type == MD_TEXT_HTML && (open.empty() || out.blocks[open.back()].kind != BlockKind::Html)) {
      out.excluded.push_back({begin, end});  // inline raw HTML, `<!-- … -->` included
    }
  }

  void enter_span(MD_SPANTYPE type) {
    if (type == MD_SPAN_CODE || type == MD_SPAN_LATEXMATH || type == MD_SPAN_LATEXMATH_DISPLAY) {
      if (span_depth++ == 0) span_first = UINT32_MAX, span_last = 0;
    }
  }

  void leave_span(MD_SPANTYPE type) {
    if (!(type == MD_SPAN_CODE || type == MD_SPAN_LATEXMATH || type == MD_SPAN_LATEXMATH_DISPLAY)) return;
    if (span_depth == 0 || --span_depth > 0 || span_first == UINT32_MAX) return;
    // md4c reports only the content: widen over the delimiters (and the one space a code
    // span strips on each side) so the backticks or dollars are excluded too.
    const char delimiter = type == MD_SPAN_CODE ? '`' : '$';
    uint32_t begin = span_first, end = span_last;
    if (begin > body_begin && text[begin - 1] == ' ' && delimiter == '`') --begin;
    while (begin > body_begin && text[begin - 1] == delimiter) --begin;
    if (end < text.size() && text[end] == ' ' && delimiter == '`') ++end;
    while (end < text.size() && text[end] == delimiter) ++end;
    out.excluded.push_back({begin, end});
  }
};

Walker& walker(void* userdata) { return *static_cast<Walker*>(userdata); }

int on_enter_block(MD_BLOCKTYPE type, void* detail, void* userdata) {
  try {
    walker(userdata).enter(type, detail);
    return 0;
  } catch (...) {
    return 1;  // never let an exception unwind through md4c's C frames
  }
}
int on_leave_block(MD_BLOCKTYPE type, void*, void* userdata) {
  try {
    walker(userdata).leave(type);
    return 0;
  } catch (...) {
    return 1;
  }
}
int on_enter_span(MD_SPANTYPE type, void*, void* userdata) {
  try {
    walker(userdata).enter_span(type);
    return 0;
  } catch (...) {
    return 1;
  }
}
int on_leave_span(MD_SPANTYPE type, void*, void* userdata) {
  try {
    walker(userdata).leave_span(type);
    return 0;
  } catch (...) {
    return 1;
  }
}
int on_text(MD_TEXTTYPE type, const MD_CHAR* p, MD_SIZE size, void* userdata) {
  try {
    walker(userdata).on_text(type, p, size);
    return 0;
  } catch (...) {
    return 1;
  }
}

bool is_ascii_lower(char c) { return c >= 'a' && c <= 'z'; }
char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// Does body[at, …) spell `word` (ASCII, any case)?
bool spells(std::string_view body, size_t at, std::string_view word) {
  if (body.size() - at < word.size()) return false;
  for (size_t k = 0; k < word.size(); ++k)
    if (ascii_lower(body[at + k]) != word[k]) return false;
  return true;
}

// Does a tag name end at `at` (CommonMark §4.6: followed by a space, a tab, a line end,
// the end of input, `>` or `/>`)?
bool tag_name_ends(std::string_view body, size_t at) {
  if (at >= body.size()) return true;
  const char c = body[at];
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '>' || c == '/';
}

// The copy of the body md4c parses: same length, same offsets, same block and HTML
// structure as CommonMark 0.31 gives the original, but without link brackets.
//
// md4c resolves links in time quadratic in the brackets of one paragraph (100,000
// `[[x]]` lines take seconds). We scan links ourselves, so md4c gets `[` and `]` as ','
// (punctuation too, so emphasis flanking stays the same; unlike '?', ',' opens nothing
// after '<': `<?` is a processing instruction, and `<[[Note]]` must not open an HTML
// block that only `?>` ends). `](<` loses its '<' so an angle destination is not raw HTML.
// Kept as written: `<![CDATA[` and the `]]>` that closes it (§4.6 condition 5).
// Where md4c 0.4.8 predates CommonMark 0.31, the copy is adjusted so md4c sees what 0.31
// sees (tag names keep their length):
//   `<!a` (condition 4 takes any ASCII letter; md4c only capitals)   -> `<!A`
//   `<textarea` / `</textarea>` (condition 1 since 0.30)             -> `<script␠␠` / `</script>␠␠`
//   `<search` (condition 6 since 0.31)                               -> `<center`
//   `<source` (no longer condition 6 in 0.31: condition 7 applies)   -> `<sourcx`
//   `<prefix`, `<stylesheet` (md4c: condition 1 by prefix)          -> `<xrefix`, `<xtylesheet`
std::string md4c_view(std::string_view text) {
  std::string body(text);
  bool in_cdata = false;
  for (size_t i = 0; i < body.size(); ++i) {
    const char c = body[i];
    if (c == '[' || c == ']') {
      if (!in_cdata && c == '[' && i >= 2 && body.compare(i - 2, 9, "<![CDATA[") == 0) {
        in_cdata = true;
        i += 6;  // past the second '['
        continue;
      }
      if (in_cdata && c == ']' && body.compare(i, 3, "]]>") == 0) {
        in_cdata = false;
        i += 2;
        continue;
      }
      body[i] = ',';
      continue;
    }
    if (c != '<' || i + 1 >= body.size()) continue;
    if (i >= 2 && text[i - 1] == '(' && text[i - 2] == ']') {
      body[i] = ',';
      continue;
    }
    if (body[i + 1] == '!' && i + 2 < body.size() && is_ascii_lower(body[i + 2])) {
      body[i + 2] = static_cast<char>(body[i + 2] - 'a' + 'A');
      continue;
    }
    const bool closing = body[i + 1] == '/';
    const size_t name = i + (closing ? 2 : 1);
    if (spells(body, name, "textarea") && tag_name_ends(body, name + 8)) {
      if (closing) {
        if (name + 8 < body.size() && body[name + 8] == '>') body.replace(name, 9, "script>  ");
      } else {
        body.replace(name, 8, "script  ");
      }
    } else if (spells(body, name, "search") && tag_name_ends(body, name + 6)) {
      body.replace(name, 6, "center");
    } else if (spells(body, name, "source") && tag_name_ends(body, name + 6)) {
      body[name + 5] = 'x';
    } else if (!closing) {
      // md4c takes any name that starts with pre, script or style for condition 1 (`<prefix`,
      // `<stylesheet>`, `<scripture`), which then runs to `</pre>` or the end of the note.
      for (const std::string_view raw :
           {std::string_view("pre"), std::string_view("script"), std::string_view("style")}) {
        if (spells(body, name, raw) && !tag_name_ends(body, name + raw.size())) {
          body[name] = 'x';  // still a tag name of that length (condition 7, inline HTML)
          break;
        }
      }
    }
  }
  return body;
}

}  // namespace

NoteStructure analyze_structure(std::string_view text, uint32_t body_begin, const LineIndex& lines) {
  const std::string body = md4c_view(text.substr(body_begin));
  Walker w;
  w.text = text;
  w.base = body.data();
  w.body_begin = body_begin;
  w.lines = &lines;
  MD_PARSER parser{};
  parser.abi_version = 0;
  parser.flags = MD_FLAG_TABLES | MD_FLAG_STRIKETHROUGH | MD_FLAG_TASKLISTS | MD_FLAG_LATEXMATHSPANS;
  parser.enter_block = on_enter_block;
  parser.leave_block = on_leave_block;
  parser.enter_span = on_enter_span;
  parser.leave_span = on_leave_span;
  parser.text = on_text;
  md_parse(body.data(), static_cast<MD_SIZE>(body.size()), &parser, &w);

  std::vector<ByteRange>& zones = w.out.excluded;
  std::sort(zones.begin(), zones.end(), [](const ByteRange& a, const ByteRange& b) { return a.begin < b.begin; });
  std::vector<ByteRange> merged;
  for (const ByteRange& zone : zones) {
    if (zone.empty()) continue;
    if (!merged.empty() && zone.begin <= merged.back().end) {
      merged.back().end = std::max(merged.back().end, zone.end);
    } else {
      merged.push_back(zone);
    }
  }
  zones = std::move(merged);
  return std::move(w.out);
}

}  // namespace slipbox
