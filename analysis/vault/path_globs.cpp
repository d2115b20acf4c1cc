#include "analysis/vault/path_globs.h"

#include "analysis/text/line_index.h"
#include "analysis/text/unicode.h"

namespace slipbox {
namespace {

std::vector<std::string_view> split_segments(std::string_view path) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    const std::string_view segment = path.substr(start, end - start);
    if (!segment.empty() && segment != ".") out.push_back(segment);
    start = end + 1;
  }
  return out;
}

uint32_t code_point_at(std::string_view text, size_t at, char32_t& code_point) {
  const uint32_t length = decode_utf8(text, static_cast<uint32_t>(at), code_point);
  return length ? length : 1;
}

// `[...]` at `at` (pointing at '['): sets `end` past the ']' and whether `c` is in the set.
// False when the class is not closed (then '[' is a literal).
bool match_class(std::string_view pattern, size_t at, char32_t c, size_t& end, bool& matched) {
  size_t i = at + 1;
  bool negated = false;
  if (i < pattern.size() && (pattern[i] == '!' || pattern[i] == '^')) {
    negated = true;
    ++i;
  }
  bool found = false;
  bool first = true;
  while (i < pattern.size() && (pattern[i] != ']' || first)) {
    first = false;
    char32_t low;
    if (pattern[i] == '\\' && i + 1 < pattern.size()) ++i;
    i += code_point_at(pattern, i, low);
    char32_t high = low;
    if (i + 1 < pattern.size() && pattern[i] == '-' && pattern[i + 1] != ']') {
      ++i;
      if (pattern[i] == '\\' && i + 1 < pattern.size()) ++i;
      i += code_point_at(pattern, i, high);
    }
    if (low <= c && c <= high) found = true;
  }
  if (i >= pattern.size()) return false;
  end = i + 1;
  matched = found != negated;
  return true;
}

// One segment against one glob segment (`*`, `?`, `[...]`, `\x`), never crossing a '/'.
bool match_segment(std::string_view pattern, std::string_view name) {
  size_t p = 0, n = 0;
  size_t star_p = std::string_view::npos, star_n = 0;
  while (n < name.size()) {
    if (p < pattern.size()) {
      const char c = pattern[p];
      if (c == '*') {
        star_p = ++p;
        star_n = n;
        continue;
      }
      char32_t code_point;
      const uint32_t length = code_point_at(name, n, code_point);
      if (c == '?') {
        ++p;
        n += length;
        continue;
      }
      if (c == '[') {
        size_t end = 0;
        bool matched = false;
        if (match_class(pattern, p, code_point, end, matched)) {
          if (matched) {
            p = end;
            n += length;
            continue;
          }
        } else if (name[n] == '[') {
          ++p;
          ++n;
          continue;
        }
      } else {
        const size_t literal = (c == '\\' && p + 1 < pattern.size()) ? p + 1 : p;
        if (pattern[literal] == name[n]) {
          p = literal + 1;
          ++n;
          continue;
        }
      }
    }
    if (star_p == std::string_view::npos) return false;
    // Let the last `*` take one more character (a whole code point).
    char32_t skipped;
    star_n += code_point_at(name, star_n, skipped);
    p = star_p;
    n = star_n;
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

bool match_segments(const std::vector<std::string>& pattern, size_t p, const std::vector<std::string_view>& path,
                    size_t s, size_t count) {
  if (p == pattern.size()) return s == count;
  if (pattern[p] == "**") {
    // A trailing `**` is "everything inside": at least one segment.
    if (p + 1 == pattern.size()) return s < count;
    for (size_t k = s; k <= count; ++k)
      if (match_segments(pattern, p + 1, path, k, count)) return true;
    return false;
  }
  if (s == count || !match_segment(pattern[p], path[s])) return false;
  return match_segments(pattern, p + 1, path, s + 1, count);
}

}  // namespace

PathGlobs::PathGlobs(const std::vector<std::string>& patterns) {
  for (const std::string& raw : patterns) {
    std::string_view text = raw;
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) text.remove_suffix(1);
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    if (text.empty() || text.front() == '#') continue;
    Pattern pattern;
    if (text.front() == '!') {
      pattern.negated = true;
      text.remove_prefix(1);
    }
    if (text.ends_with('/')) pattern.folders_only = true;
    while (text.ends_with('/')) text.remove_suffix(1);
    bool anchored = text.find('/') != std::string_view::npos;
    while (text.starts_with('/')) text.remove_prefix(1);
    if (text.starts_with("./")) text.remove_prefix(2);
    if (text.empty()) continue;
    const std::string folded = fold_key(text);
    if (!anchored) pattern.segments.push_back("**");
    for (const std::string_view segment : split_segments(folded)) {
      // `a/**/**/b` is `a/**/b`.
      if (segment == "**" && !pattern.segments.empty() && pattern.segments.back() == "**") continue;
      pattern.segments.emplace_back(segment);
    }
    if (pattern.segments.empty()) continue;
    has_negation_ |= pattern.negated;
    patterns_.push_back(std::move(pattern));
  }
}

bool PathGlobs::excluded_here(const std::vector<std::string_view>& segments, size_t count, bool is_folder) const {
  bool excluded = false;
  for (const Pattern& pattern : patterns_) {
    if (pattern.folders_only && !is_folder) continue;
    if (excluded != pattern.negated) continue;  // cannot change the outcome
    if (match_segments(pattern.segments, 0, segments, 0, count)) {
      excluded = !pattern.negated;
      if (excluded && !has_negation_) return true;
    }
  }
  return excluded;
}

bool PathGlobs::excludes(std::string_view vault_path, bool is_folder) const {
  if (patterns_.empty()) return false;
  const std::string folded = fold_key(vault_path);
  const std::vector<std::string_view> segments = split_segments(folded);
  // Each ancestor folder first: an excluded folder hides everything below it.
  for (size_t count = 1; count <= segments.size(); ++count)
    if (excluded_here(segments, count, count < segments.size() || is_folder)) return true;
  return false;
}

}  // namespace slipbox
