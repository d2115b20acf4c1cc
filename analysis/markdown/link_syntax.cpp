#include "analysis/markdown/link_syntax.h"

#include <string>

#include "analysis/text/unicode.h"

namespace slipbox {
namespace {

bool is_ascii_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }
bool is_blank(char c) { return c == ' ' || c == '\t'; }

// Splits a heading chain on '#', trimming each element and dropping empty ones
// (`A##B` is the chain A, B).
template <typename Decode>
void split_headings(std::string_view subpath, std::vector<std::string_view>& out, Decode decode) {
  size_t start = 0;
  while (start <= subpath.size()) {
    size_t hash = subpath.find('#', start);
    if (hash == std::string_view::npos) hash = subpath.size();
    const std::string_view piece = trim_blanks(subpath.substr(start, hash - start));
    if (!piece.empty()) {
      const std::string_view decoded = decode(piece);
      if (!decoded.empty()) out.push_back(decoded);
    }
    start = hash + 1;
  }
}

// Percent-decoded `encoded`: the view itself when there is nothing to decode.
std::string_view keep_decoded(std::string_view encoded, ParseScratch& scratch) {
  if (encoded.find('%') == std::string_view::npos) return encoded;
  return scratch.keep(percent_decode(encoded));
}

}  // namespace

bool has_uri_scheme(std::string_view target) {
  if (target.empty() || !is_ascii_alpha(target[0])) return false;
  size_t i = 1;
  while (i < target.size() && (is_ascii_alpha(target[i]) || is_ascii_digit(target[i]) || target[i] == '+' ||
                               target[i] == '.' || target[i] == '-'))
    ++i;
  return i >= 2 && i < target.size() && target[i] == ':';
}

bool looks_like_url(std::string_view target) {
  if (!has_uri_scheme(target)) return false;
  if (target.find_first_of(" \t\r\n\f\v") != std::string_view::npos) return false;
  const size_t colon = target.find(':');
  if (target.substr(colon + 1).starts_with("//")) return true;
  std::string scheme(target.substr(0, colon));
  for (char& c : scheme) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  return scheme == "mailto" || scheme == "obsidian" || scheme == "zotero" || scheme == "tel";
}

bool fill_wiki_link(std::string_view text, uint32_t inner_begin, uint32_t inner_end, LinkParts& link) {
  const std::string_view inner = text.substr(inner_begin, inner_end - inner_begin);
  uint32_t target_end = inner_end;
  const size_t pipe = inner.find('|');
  if (pipe != std::string_view::npos) {
    link.display = inner.substr(pipe + 1);
    // In a table row the pipe is written `\|`; the backslash belongs to the escape.
    target_end = inner_begin + static_cast<uint32_t>(pipe);
    if (pipe > 0 && inner[pipe - 1] == '\\') --target_end;
  }
  uint32_t begin = inner_begin;
  uint32_t end = target_end;
  while (begin < end && is_blank(text[begin])) ++begin;
  while (end > begin && is_blank(text[end - 1])) --end;
  link.target_range = {begin, end};
  const std::string_view target = text.substr(begin, end - begin);

  const size_t hash = target.find('#');
  const std::string_view path = trim_blanks(target.substr(0, hash));
  link.path = path;
  if (hash != std::string_view::npos) {
    link.has_subpath = true;
    const std::string_view subpath = target.substr(hash + 1);
    link.subpath = subpath;
    const std::string_view trimmed = trim_blanks(subpath);
    if (!trimmed.empty() && trimmed.front() == '^') {
      link.block_id = trim_blanks(trimmed.substr(1));
    } else {
      split_headings(subpath, link.headings, [](std::string_view s) { return s; });
    }
  }
  link.external = looks_like_url(link.path);
  return !link.path.empty() || !trim_blanks(link.subpath).empty();
}

void fill_markdown_destination(std::string_view destination, LinkParts& link, ParseScratch& scratch) {
  // Backslash escapes first (`\(` is a literal paren); '#' splits before decoding, so an
  // encoded `%23` stays part of the path.
  std::string unescaped_storage;
  unescaped_storage.reserve(destination.size());
  for (size_t i = 0; i < destination.size(); ++i) {
    const char c = destination[i];
    if (c == '\\' && i + 1 < destination.size() &&
        std::string_view("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~").find(destination[i + 1]) != std::string_view::npos) {
      unescaped_storage += destination[++i];
      continue;
    }
    unescaped_storage += c;
  }
  const std::string_view dest =
      unescaped_storage == destination ? destination : scratch.keep(std::move(unescaped_storage));
  const size_t hash = dest.find('#');
  link.path = keep_decoded(dest.substr(0, hash), scratch);
  link.external = has_uri_scheme(dest);
  if (hash == std::string_view::npos) return;
  link.has_subpath = true;
  const std::string_view subpath = dest.substr(hash + 1);
  link.subpath = subpath;
  if (!subpath.empty() && subpath.front() == '^') {
    link.block_id = keep_decoded(subpath.substr(1), scratch);
  } else {
    split_headings(subpath, link.headings, [&](std::string_view s) { return trim_blanks(keep_decoded(s, scratch)); });
  }
}

uint32_t find_wiki_close(std::string_view text, uint32_t& open, uint32_t limit, uint32_t& stop) {
  uint32_t i = open + 2;
  while (i < limit) {
    const char c = text[i];
    if (c == '\n' || c == '\r') {
      stop = i;
      return UINT32_MAX;
    }
    if (c == ']' && i + 1 < limit && text[i + 1] == ']') {
      stop = i + 2;
      return i;
    }
    if (c == '[' && i + 1 < limit && text[i + 1] == '[') {
      open = i;  // `[[a [[b]] c]]`: the inner opener wins
      i += 2;
      continue;
    }
    ++i;
  }
  stop = limit;
  return UINT32_MAX;
}

}  // namespace slipbox
