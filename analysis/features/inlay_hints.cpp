#include "analysis/features/inlay_hints.h"

#include <cctype>

#include "analysis/features/inline_embed.h"
#include "analysis/text/unicode.h"
#include "analysis/text/vault_path.h"

namespace slipbox {
namespace {

// "Text ^id" → "Text": a block id inside a heading's section labels, it does not read.
std::string_view without_block_id(std::string_view line) {
  const size_t caret = line.rfind(" ^");
  if (caret == std::string_view::npos || caret + 2 == line.size()) return line;
  for (const char c : line.substr(caret + 2))
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-') return line;
  return trim_blanks(line.substr(0, caret));
}

// The first line with text, without Markdown's leading markers (`> `, `- `, `1. `, `#`s).
// For a heading's section the heading line itself is skipped: the link already names it.
std::string_view first_line_of(std::string_view text, bool skip_heading) {
  size_t at = 0;
  bool skipped = !skip_heading;
  while (at < text.size()) {
    const size_t end = std::min(text.find('\n', at), text.size());
    std::string_view line = trim_blanks(text.substr(at, end - at));
    at = end + 1;
    if (!line.empty() && line.back() == '\r') line = trim_blanks(line.substr(0, line.size() - 1));
    if (line.empty()) continue;
    if (!skipped) {
      skipped = true;
      if (line.front() == '#') continue;
    }
    while (!line.empty() && (line.front() == '>' || line.front() == '#')) line = trim_blanks(line.substr(1));
    if (line.size() >= 2 && (line[0] == '-' || line[0] == '*' || line[0] == '+') && line[1] == ' ')
      line = trim_blanks(line.substr(2));
    if (!line.empty()) return without_block_id(line);
  }
  return {};
}

// At most `max_chars` code points, with "…" when cut.
std::string bounded_label(std::string_view line, size_t max_chars) {
  size_t chars = 0;
  for (size_t i = 0; i < line.size(); ++i) {
    if ((static_cast<unsigned char>(line[i]) & 0xC0) == 0x80) continue;
    if (chars++ == max_chars) return std::string(line.substr(0, i)) + "…";
  }
  return std::string(line);
}

// A bare name (`[[Note]]`, no folder): what the reader cannot tell apart by looking.
bool names_no_folder(std::string_view linkpath) { return linkpath.find('/') == std::string_view::npos; }

}  // namespace

std::vector<NoteInlayHint> inlay_hints(const NoteContext& note, ByteRange within, const InlayHintOptions& options,
                                       const ReadText& read_text) {
  std::vector<NoteInlayHint> out;
  if (!options.embeds && !options.ambiguous_links) return out;
  for (const Link& link : note.parsed.links) {
    if (link.range.end < within.begin || link.range.end > within.end) continue;
    if (link.external || link.in_comment) continue;
    const bool names_part = !link.headings().empty() || !link.block_id().empty();
    if (options.embeds && link.embed && names_part) {
      const std::optional<std::string> text = embedded_text(note, link, read_text);
      const std::string_view line = text ? first_line_of(*text, link.block_id().empty()) : std::string_view{};
      if (line.empty()) continue;
      NoteInlayHint hint{link.range.end, bounded_label(sanitize_utf8(line), options.max_label_chars), "",
                         InlayHintKind::EmbedPreview};
      if (hint.label != sanitize_utf8(line)) hint.tooltip = sanitize_utf8(line);  // cut
      out.push_back(std::move(hint));
      continue;
    }
    if (options.ambiguous_links && !note.vault_path.empty() && !link.path().empty() && names_no_folder(link.path()) &&
        linkpath_is_ambiguous(note.vault, note.vault_path, link.path())) {
      const LinkTarget target = resolve_link(note.vault, note.source(), link);
      if (!target.file) continue;
      const std::string& path = note.vault.file(*target.file).path;
      const std::string_view folder = folder_of(path);
      out.push_back(NoteInlayHint{link.range.end, folder.empty() ? "/" : std::string(folder) + "/", path,
                                  InlayHintKind::ResolvedFolder});
    }
  }
  return out;
}

}  // namespace slipbox
