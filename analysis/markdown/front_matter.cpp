#include "analysis/markdown/front_matter.h"

#include "analysis/markdown/link_syntax.h"
#include "analysis/markdown/simple_yaml.h"
#include "analysis/text/unicode.h"

namespace slipbox {
namespace {

bool is_blank(char c) { return c == ' ' || c == '\t'; }
bool is_line_break(char c) { return c == '\n' || c == '\r'; }

// Offset just past the line break at or after `i` (or the text's end).
uint32_t next_line(std::string_view text, uint32_t i) {
  while (i < text.size() && !is_line_break(text[i])) ++i;
  if (i < text.size() && text[i] == '\r') ++i;
  if (i < text.size() && text[i] == '\n') ++i;
  return i;
}

// Is text[i…] a delimiter line made of `marker` and optional trailing blanks?
// Returns the end of its content (before the line break) or UINT32_MAX.
uint32_t delimiter_line_end(std::string_view text, uint32_t i, std::string_view marker) {
  if (text.substr(i, marker.size()) != marker) return UINT32_MAX;
  uint32_t j = i + static_cast<uint32_t>(marker.size());
  while (j < text.size() && is_blank(text[j])) ++j;
  if (j < text.size() && !is_line_break(text[j])) return UINT32_MAX;
  return j;
}

std::string strip_hash(std::string_view s) {
  while (!s.empty() && is_blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_blank(s.back())) s.remove_suffix(1);
  if (!s.empty() && s.front() == '#') s.remove_prefix(1);
  return std::string(s);
}

// A scalar `tags: a, b c` lists several tags.
void split_tag_scalar(std::string_view value, std::vector<std::string>& out) {
  size_t i = 0;
  while (i < value.size()) {
    while (i < value.size() && (value[i] == ',' || is_blank(value[i]) || is_line_break(value[i]))) ++i;
    size_t j = i;
    while (j < value.size() && !(value[j] == ',' || is_blank(value[j]) || is_line_break(value[j]))) ++j;
    if (j > i) {
      std::string tag = strip_hash(value.substr(i, j - i));
      if (!tag.empty()) out.push_back(std::move(tag));
    }
    i = j;
  }
}

bool is_key_boundary(char c) {
  return is_blank(c) || is_line_break(c) || c == '{' || c == ',' || c == '"' || c == '\'';
}

// Finds the `tags` key (`tags:`, `"tags":`, any case) in the raw YAML; returns the offset
// just after it, or UINT32_MAX.
uint32_t find_tags_key(std::string_view text, uint32_t begin, uint32_t end) {
  for (uint32_t i = begin; i + 4 <= end; ++i) {
    if (!equals_ascii_lower(text.substr(i, 4), "tags")) continue;
    if (i > begin && !is_key_boundary(text[i - 1])) continue;
    uint32_t j = i + 4;
    if (j < end && (text[j] == '"' || text[j] == '\'')) ++j;
    while (j < end && is_blank(text[j])) ++j;
    if (j < end && text[j] == ':') return j + 1;
  }
  return UINT32_MAX;
}

bool is_tag_boundary(char c) {
  return is_blank(c) || is_line_break(c) || c == ',' || c == '"' || c == '\'' || c == '[' || c == ']' || c == '#' ||
         c == '-' || c == ':' || c == '{' || c == '}';
}

}  // namespace

std::optional<FrontMatterBlock> find_front_matter(std::string_view text) {
  // A UTF-8 byte order mark may precede the opening delimiter (notes written on Windows).
  const uint32_t start = text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
  const uint32_t open_end = delimiter_line_end(text, start, "---");
  if (open_end == UINT32_MAX || open_end >= text.size()) return std::nullopt;
  const uint32_t content_begin = next_line(text, open_end);
  for (uint32_t line = content_begin; line < text.size(); line = next_line(text, line)) {
    uint32_t close_end = delimiter_line_end(text, line, "---");
    if (close_end == UINT32_MAX) close_end = delimiter_line_end(text, line, "...");
    if (close_end != UINT32_MAX) {
      return FrontMatterBlock{{0, close_end}, content_begin, line, next_line(text, close_end)};
    }
  }
  return std::nullopt;  // never closed: the `---` is a thematic break, not front matter
}

void read_front_matter(std::string_view text, const FrontMatterBlock& block, ParsedNote& note, ParseScratch& scratch) {
  const std::string_view yaml = text.substr(block.content_begin, block.content_end - block.content_begin);
  YamlFields fields = read_yaml_fields(yaml);
  std::vector<std::string> tag_names;
  for (const std::string& scalar : fields.tags) split_tag_scalar(scalar, tag_names);
  for (std::string& alias : fields.aliases) note.aliases.push_back(scratch.keep(std::move(alias)));

  // Tags point at their text in the raw YAML when we can find it, searching forward from
  // the `tags` key so each value is matched once, in order.
  const uint32_t key_end = find_tags_key(text, block.content_begin, block.content_end);
  uint32_t cursor = key_end == UINT32_MAX ? block.content_begin : key_end;
  for (std::string& name : tag_names) {
    Tag tag;
    tag.in_front_matter = true;
    tag.range = {key_end == UINT32_MAX ? 0u : key_end, key_end == UINT32_MAX ? 0u : key_end};
    size_t at = cursor;
    while (key_end != UINT32_MAX && !name.empty()) {
      at = text.substr(0, block.content_end).find(name, at);
      if (at == std::string_view::npos) break;
      const uint32_t found = static_cast<uint32_t>(at);
      const uint32_t after = found + static_cast<uint32_t>(name.size());
      const bool left_ok = is_tag_boundary(text[found - 1]);
      const bool right_ok = after >= block.content_end || is_tag_boundary(text[after]) || text[after] == '/';
      if (left_ok && right_ok) {
        tag.range = {found, after};
        cursor = after;
        break;
      }
      ++at;
    }
    tag.name = scratch.keep(std::move(name));
    note.tags.push_back(tag);
  }

  // Wiki links in any property value, found in the raw text so ranges are exact.
  uint32_t i = block.content_begin;
  while (i + 1 < block.content_end) {
    if (text[i] != '[' || text[i + 1] != '[') {
      ++i;
      continue;
    }
    uint32_t open = i;
    uint32_t stop = 0;
    const uint32_t close = find_wiki_close(text, open, block.content_end, stop);
    if (close != UINT32_MAX) {
      LinkParts link;
      link.syntax = LinkSyntax::Wiki;
      link.in_front_matter = true;
      link.embed = open > block.content_begin && text[open - 1] == '!';
      link.range = {link.embed ? open - 1 : open, close + 2};
      if (fill_wiki_link(text, open + 2, close, link)) scratch.links.push_back(std::move(link));
    }
    i = stop > i ? stop : i + 1;
  }
}

}  // namespace slipbox
