#include "tests/markdown/note_snapshot.h"

#include <sstream>

#include "analysis/text/line_index.h"

namespace slipbox::testing {
namespace {

std::string position(const LineIndex& lines, ByteRange range) {
  const LineColumnUtf16 a = lines.position_of(range.begin);
  const LineColumnUtf16 b = lines.position_of(range.end);
  return std::to_string(a.line) + ":" + std::to_string(a.column_utf16) + "-" + std::to_string(b.line) + ":" +
         std::to_string(b.column_utf16);
}

// Line breaks are shown as \n and \r so every item stays on one line.
std::string escaped(std::string_view s) {
  std::string out;
  for (const char c : s) {
    if (c == '\n')
      out += "\\n";
    else if (c == '\r')
      out += "\\r";
    else
      out += c;
  }
  return out;
}

std::string raw(std::string_view text, ByteRange range) {
  if (range.end > text.size() || range.begin > range.end) return "<out of range>";
  return escaped(text.substr(range.begin, range.size()));
}

}  // namespace

std::string snapshot(std::string_view text, const ParsedNote& note) {
  const LineIndex lines(text);
  std::ostringstream out;
  if (!note.front_matter.empty())
    out << "FM " << position(lines, note.front_matter) << " body=" << note.body_begin << "\n";
  else if (note.body_begin != 0)
    out << "BODY " << note.body_begin << "\n";
  for (const std::string_view alias : note.aliases) out << "ALIAS " << escaped(alias) << "\n";
  for (const Link& link : note.links) {
    out << (link.syntax == LinkSyntax::Wiki ? "WL " : "ML ") << raw(text, link.range);
    out << " path=\"" << link.path() << "\"";
    if (link.has_subpath) out << " sub=\"" << link.subpath() << "\"";
    if (!link.headings().empty()) {
      out << " h=[";
      for (size_t i = 0; i < link.headings().size(); ++i) out << (i ? "," : "") << link.headings()[i];
      out << "]";
    }
    if (!link.block_id().empty()) out << " ^=" << link.block_id();
    if (link.display()) out << " |=\"" << escaped(*link.display()) << "\"";
    out << " t=\"" << raw(text, link.target_range) << "\"";
    if (link.embed != (raw(text, link.range).rfind('!', 0) == 0)) out << " EMBED-MISMATCH";
    if (link.in_front_matter) out << " fm";
    if (link.in_comment) out << " comment";
    if (link.external) out << " ext";
    out << " " << position(lines, link.range) << "\n";
  }
  for (const Heading& heading : note.headings) {
    out << "H" << int(heading.level) << " \"" << escaped(heading.text) << "\" " << position(lines, heading.range)
        << " text=" << position(lines, heading.text_range);
    if (lines.line_of(heading.range.begin) != heading.line) out << " line=" << heading.line;
    if (raw(text, heading.text_range) != escaped(heading.text)) out << " TEXT-MISMATCH";
    out << "\n";
  }
  for (const Tag& tag : note.tags) {
    out << "TAG " << tag.name << " " << position(lines, tag.range) << (tag.in_front_matter ? " fm" : "") << "\n";
  }
  for (const BlockAnchor& block : note.blocks) {
    out << "BLK ^" << block.id << " block=" << position(lines, block.block_range) << " line=" << block.line
        << " id=" << position(lines, block.id_range) << "\n";
  }
  return out.str();
}

std::string snapshot(std::string_view text) { return snapshot(text, parse_note(text)); }

}  // namespace slipbox::testing
