#include "analysis/features/semantic_tokens.h"

#include <algorithm>
#include <set>

#include "analysis/features/diagnostics.h"
#include "analysis/features/footnotes.h"

namespace slipbox {
namespace {

bool is_blank(char c) { return c == ' ' || c == '\t'; }

// `key:` at the start of a front-matter line (not a list item, not a comment, not indented).
void front_matter_keys(std::string_view text, ByteRange front_matter, std::vector<SemanticToken>& out) {
  if (front_matter.empty()) return;
  uint32_t line = front_matter.begin;
  while (line < front_matter.end) {
    uint32_t line_end = line;
    while (line_end < front_matter.end && text[line_end] != '\n' && text[line_end] != '\r') ++line_end;
    const char first = line < line_end ? text[line] : '\0';
    if (first != '\0' && !is_blank(first) && first != '-' && first != '#') {
      uint32_t key_end = line;
      // The key ends at the first `: ` (or `:` at the line's end); quoted keys are rare, skipped.
      while (key_end < line_end && !(text[key_end] == ':' && (key_end + 1 == line_end || is_blank(text[key_end + 1]))))
        ++key_end;
      if (key_end < line_end && key_end > line && first != '"' && first != '\'') {
        uint32_t end = key_end;
        while (end > line && is_blank(text[end - 1])) --end;
        out.push_back(SemanticToken{{line, end}, TokenType::Property, 0});
      }
    }
    line = line_end;
    while (line < front_matter.end && (text[line] == '\n' || text[line] == '\r')) ++line;
  }
}

// A link in pieces: before its subpath, the subpath (`#Heading` or `#^block`), after it.
void link_tokens(std::string_view text, const Link& link, bool broken, std::vector<SemanticToken>& out) {
  const TokenType type = link.embed                        ? TokenType::Embed
                         : link.syntax == LinkSyntax::Wiki ? TokenType::WikiLink
                                                           : TokenType::MarkdownLink;
  const uint8_t modifiers = broken ? kUnresolved : 0;
  ByteRange subpath{};
  if (link.has_subpath && !link.target_range.empty() && link.target_range.end <= text.size()) {
    const std::string_view target = text.substr(link.target_range.begin, link.target_range.size());
    const size_t hash = target.find('#');
    if (hash != std::string_view::npos)
      subpath = {link.target_range.begin + static_cast<uint32_t>(hash), link.target_range.end};
  }
  if (subpath.empty()) {
    out.push_back(SemanticToken{link.range, type, modifiers});
    return;
  }
  const TokenType sub_type = link.block_id().empty() ? TokenType::LinkHeading : TokenType::LinkBlock;
  if (subpath.begin > link.range.begin)
    out.push_back(SemanticToken{{link.range.begin, subpath.begin}, type, modifiers});
  out.push_back(SemanticToken{subpath, sub_type, modifiers});
  if (link.range.end > subpath.end) out.push_back(SemanticToken{{subpath.end, link.range.end}, type, modifiers});
}

}  // namespace

std::vector<SemanticToken> semantic_tokens(const NoteContext& note, std::optional<ByteRange> within, bool resolve) {
  const std::string_view text = note.text;
  const ParsedNote& parsed = note.parsed;
  std::vector<SemanticToken> atoms;

  std::set<std::pair<uint32_t, uint32_t>> broken;
  for (const Diagnostic& found : diagnose_note(note)) broken.insert({found.range.begin, found.range.end});
  for (const Link& link : parsed.links) {
    const bool judged = resolve || link.path().empty();
    link_tokens(text, link, judged && broken.contains({link.range.begin, link.range.end}), atoms);
  }
  for (const Tag& tag : parsed.tags) {
    if (tag.range.empty()) continue;
    atoms.push_back(SemanticToken{tag.range, TokenType::Tag, 0});
  }
  for (const BlockAnchor& block : parsed.blocks)
    atoms.push_back(SemanticToken{block.id_range, TokenType::BlockId, kDeclaration});
  front_matter_keys(text, parsed.front_matter, atoms);
  for (const FootnoteMark& mark : find_footnotes(parsed, text))
    atoms.push_back(
        SemanticToken{mark.range, TokenType::Footnote, static_cast<uint8_t>(mark.definition ? kDeclaration : 0)});

  std::sort(atoms.begin(), atoms.end(), [](const SemanticToken& a, const SemanticToken& b) {
    return a.range.begin != b.range.begin ? a.range.begin < b.range.begin : a.range.end > b.range.end;
  });
  // No overlaps: a token starting inside the one before is dropped (a tag inside a link's
  // display text, say).
  std::vector<SemanticToken> tokens;
  for (const SemanticToken& atom : atoms) {
    if (atom.range.empty() || atom.range.end > text.size()) continue;
    if (!tokens.empty() && atom.range.begin < tokens.back().range.end) continue;
    tokens.push_back(atom);
  }

  // Comments fill the gaps between the tokens inside them.
  const uint32_t body_begin = std::min<uint32_t>(parsed.body_begin, static_cast<uint32_t>(text.size()));
  std::vector<SemanticToken> out;
  if (text.find("%%", body_begin) != std::string_view::npos) {
    std::vector<SemanticToken> comments;
    for (ByteRange comment : find_comments(text.substr(body_begin))) {
      uint32_t at = comment.begin + body_begin;
      const uint32_t end = comment.end + body_begin;
      auto inside = std::lower_bound(tokens.begin(), tokens.end(), at,
                                     [](const SemanticToken& t, uint32_t offset) { return t.range.end <= offset; });
      for (; inside != tokens.end() && inside->range.begin < end; ++inside) {
        if (inside->range.begin > at)
          comments.push_back(SemanticToken{{at, inside->range.begin}, TokenType::Comment, 0});
        at = std::max(at, inside->range.end);
      }
      if (at < end) comments.push_back(SemanticToken{{at, end}, TokenType::Comment, 0});
    }
    std::merge(tokens.begin(), tokens.end(), comments.begin(), comments.end(), std::back_inserter(out),
               [](const SemanticToken& a, const SemanticToken& b) { return a.range.begin < b.range.begin; });
  } else {
    out = std::move(tokens);
  }

  if (within) {
    std::erase_if(out,
                  [&](const SemanticToken& t) { return t.range.end <= within->begin || t.range.begin >= within->end; });
  }
  return out;
}

}  // namespace slipbox
