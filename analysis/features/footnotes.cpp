#include "analysis/features/footnotes.h"

#include <algorithm>

#include "analysis/markdown/structure.h"

namespace slipbox {
namespace {

bool is_blank(char c) { return c == ' ' || c == '\t'; }

// At the start of a line: up to three spaces, then `[^`.
bool at_line_start(std::string_view text, uint32_t at, uint32_t body_begin) {
  uint32_t spaces = 0;
  while (at > body_begin && text[at - 1] == ' ' && spaces < 4) --at, ++spaces;
  return spaces <= 3 && (at == body_begin || text[at - 1] == '\n' || text[at - 1] == '\r');
}

}  // namespace

std::vector<FootnoteMark> find_footnotes(const ParsedNote& note, std::string_view text) {
  std::vector<FootnoteMark> out;
  const uint32_t body_begin = std::min<uint32_t>(note.body_begin, static_cast<uint32_t>(text.size()));
  if (text.find("[^", body_begin) == std::string_view::npos) return out;
  const LineIndex lines(text);
  const NoteStructure structure = analyze_structure(text, body_begin, lines);
  size_t next_excluded = 0;
  for (size_t at = text.find("[^", body_begin); at != std::string_view::npos; at = text.find("[^", at + 1)) {
    const auto begin = static_cast<uint32_t>(at);
    while (next_excluded < structure.excluded.size() && structure.excluded[next_excluded].end <= begin) ++next_excluded;
    if (next_excluded < structure.excluded.size() && structure.excluded[next_excluded].contains(begin)) continue;
    if (begin > 0 && text[begin - 1] == '\\') continue;  // `\[^x]` is text
    uint32_t end = begin + 2;
    while (end < text.size() && text[end] != ']' && !is_blank(text[end]) && text[end] != '\n' && text[end] != '\r' &&
           text[end] != '[' && text[end] != '^')
      ++end;
    if (end >= text.size() || text[end] != ']' || end == begin + 2) continue;
    FootnoteMark mark;
    mark.label_range = {begin + 2, end};
    mark.label = text.substr(begin + 2, end - begin - 2);
    mark.range = {begin, end + 1};
    if (end + 1 < text.size() && text[end + 1] == ':' && at_line_start(text, begin, body_begin)) {
      mark.definition = true;
      uint32_t body = end + 2;
      while (body < text.size() && is_blank(text[body])) ++body;
      uint32_t body_end = lines.line_end(lines.line_of(begin));
      while (body_end > body && is_blank(text[body_end - 1])) --body_end;
      mark.body = {body, std::max(body, body_end)};
    }
    out.push_back(mark);
  }
  return out;
}

const FootnoteMark* footnote_at(const std::vector<FootnoteMark>& marks, uint32_t offset) {
  for (const FootnoteMark& mark : marks)
    if (mark.range.touches(offset)) return &mark;
  return nullptr;
}

const FootnoteMark* footnote_definition(const std::vector<FootnoteMark>& marks, std::string_view label) {
  for (const FootnoteMark& mark : marks)
    if (mark.definition && mark.label == label) return &mark;
  return nullptr;
}

std::vector<FootnoteProblem> footnote_problems(const std::vector<FootnoteMark>& marks) {
  std::vector<FootnoteProblem> out;
  for (const FootnoteMark& mark : marks) {
    const bool matched = std::any_of(marks.begin(), marks.end(), [&](const FootnoteMark& other) {
      return other.definition != mark.definition && other.label == mark.label;
    });
    if (matched) continue;
    if (mark.definition)
      out.push_back(
          FootnoteProblem{true, mark.range, "Footnote [^" + std::string(mark.label) + "] is never referenced"});
    else
      out.push_back(
          FootnoteProblem{false, mark.range, "No footnote [^" + std::string(mark.label) + "]: defined in this note"});
  }
  return out;
}

std::optional<FootnoteCompletions> complete_footnote(const ParsedNote& note, std::string_view text, uint32_t offset) {
  if (offset > text.size()) return std::nullopt;
  uint32_t start = offset;
  while (start > 0 && text[start - 1] != '[' && text[start - 1] != '^' && text[start - 1] != ']' &&
         !is_blank(text[start - 1]) && text[start - 1] != '\n' && text[start - 1] != '\r')
    --start;
  if (start < 2 || text[start - 1] != '^' || text[start - 2] != '[') return std::nullopt;
  if (start >= 3 && text[start - 3] == '[') return std::nullopt;  // `[[^^query`: a block search, not a footnote
  if (note.front_matter.contains(start)) return std::nullopt;
  FootnoteCompletions out;
  uint32_t end = offset;
  while (end < text.size() && text[end] != ']' && !is_blank(text[end]) && text[end] != '\n' && text[end] != '\r') ++end;
  out.close = !(end < text.size() && text[end] == ']');
  out.replace = {start, out.close ? offset : end};
  const auto marks = find_footnotes(note, text);
  std::vector<std::string_view> seen;
  for (const bool defined : {true, false}) {
    for (const FootnoteMark& mark : marks) {
      if (mark.definition != defined || mark.range.begin == start - 2) continue;
      if (std::find(seen.begin(), seen.end(), mark.label) != seen.end()) continue;
      seen.push_back(mark.label);
      out.items.push_back(FootnoteCompletion{std::string(mark.label),
                                             defined ? std::string(text.substr(mark.body.begin, mark.body.size())) : "",
                                             defined});
    }
  }
  return out;
}

}  // namespace slipbox
