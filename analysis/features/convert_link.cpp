#include "analysis/features/convert_link.h"

#include "analysis/text/unicode.h"
#include "analysis/text/vault_path.h"
#include "analysis/vault/file_kinds.h"

namespace slipbox {
namespace {

bool convertible(const Link& link) { return !link.external && !link.in_front_matter; }

bool touches(const Link& link, ByteRange selection) {
  return link.range.touches(selection.begin) || link.range.touches(selection.end) ||
         (selection.begin <= link.range.begin && link.range.end <= selection.end);
}

// The name a reader sees for a linkpath: its last segment without `.md`.
std::string shown_name(std::string_view linkpath) {
  std::string name(basename_of(linkpath));
  if (name.size() > 3 && is_note_extension(file_extension(name))) name.resize(name.size() - 3);
  return name;
}

std::string escape_brackets(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (c == '[' || c == ']') out += '\\';
    out += c;
  }
  return out;
}

std::string unescape_brackets(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 1 < text.size() && (text[i + 1] == '[' || text[i + 1] == ']')) continue;
    out += text[i];
  }
  return out;
}

// The linkpath to write, without `.md` for notes: in the chosen format when the link
// resolves, else as the link has it.
std::string new_linkpath(const NoteContext& note, const Link& link, const LinkTarget& target, const LinkStyle& style,
                         bool& is_note) {
  const std::string_view path = trim_blanks(link.path());
  if (path.empty()) {
    is_note = true;
    return {};
  }
  if (target.file && !target.outside_vault) {
    is_note = note.vault.file(*target.file).is_note;
    return linkpath_in_format(note.vault, note.vault_path, *target.file, style.format);
  }
  const std::string_view extension = file_extension(path);
  is_note = extension.empty() || is_note_extension(extension);
  std::string out(path);
  if (!extension.empty() && is_note_extension(extension)) out.resize(out.size() - 3);
  return out;
}

std::string to_markdown(const NoteContext& note, const Link& link, const LinkStyle& style) {
  const LinkTarget target = resolve_link(note.vault, note.source(), link);
  bool is_note = true;
  std::string linkpath = new_linkpath(note, link, target, style, is_note);
  std::string destination;
  if (!linkpath.empty()) destination = percent_encode_link(linkpath + (is_note ? ".md" : ""));
  std::string shown_sub;
  if (!link.block_id().empty()) {
    destination += "#^" + percent_encode_link(link.block_id());
    shown_sub = "^" + std::string(link.block_id());
  } else if (!link.headings().empty()) {
    for (const std::string_view heading : link.headings())
      destination += "#" + percent_encode_link(heading_for_link(heading));
    shown_sub = std::string(link.headings().back());
  }
  std::string display;
  if (link.display() && !trim_blanks(*link.display()).empty()) {
    display = std::string(trim_blanks(*link.display()));
  } else if (linkpath.empty()) {
    display = shown_sub;
  } else {
    display = target.file ? note.vault.file(*target.file).name : shown_name(linkpath);
    if (!shown_sub.empty()) display += " > " + shown_sub;
  }
  return std::string(link.embed ? "!" : "") + "[" + escape_brackets(display) + "](" + destination + ")";
}

std::optional<std::string> to_wiki(const NoteContext& note, const Link& link, const LinkStyle& style) {
  const LinkTarget target = resolve_link(note.vault, note.source(), link);
  bool is_note = true;
  std::string target_text = new_linkpath(note, link, target, style, is_note);
  if (!link.block_id().empty()) {
    target_text += "#^" + std::string(link.block_id());
  } else {
    for (const std::string_view heading : link.headings()) target_text += "#" + heading_for_link(heading);
  }
  if (target_text.empty() || target_text.find("]]") != std::string::npos || target_text.find('|') != std::string::npos)
    return std::nullopt;
  std::string display = link.display() ? unescape_brackets(trim_blanks(*link.display())) : std::string();
  if (display.find("]]") != std::string::npos || display.find('|') != std::string::npos ||
      display.find('\n') != std::string::npos)
    return std::nullopt;
  // A display text that only repeats the name adds nothing to a wiki link.
  const std::string name = target.file ? note.vault.file(*target.file).name : shown_name(link.path());
  if (fold_key(display) == fold_key(name) || fold_key(display) == fold_key(target_text)) display.clear();
  std::string out = std::string(link.embed ? "!" : "") + "[[" + target_text;
  if (!display.empty()) out += "|" + display;
  return out + "]]";
}

}  // namespace

std::optional<std::string> converted_link(const NoteContext& note, const Link& link, const LinkStyle& style) {
  if (!convertible(link)) return std::nullopt;
  if (link.syntax == LinkSyntax::Wiki) return to_markdown(note, link, style);
  return to_wiki(note, link, style);
}

std::vector<Refactor> convert_link_actions(const NoteContext& note, ByteRange selection,
                                           const RefactorOptions& options) {
  std::vector<Refactor> out;
  const Link* chosen = nullptr;
  for (const Link& link : note.parsed.links)
    if (convertible(link) && touches(link, selection)) {
      chosen = &link;
      break;
    }
  if (!chosen) return out;
  const bool to_markdown_links = chosen->syntax == LinkSyntax::Wiki;
  if (const auto one = converted_link(note, *chosen, options.style)) {
    Refactor action;
    action.title = to_markdown_links ? "Convert to a Markdown link" : "Convert to a wiki link";
    action.kind = "refactor.rewrite";
    action.changes.push_back(TextChange{chosen->range, *one});
    out.push_back(std::move(action));
  }
  Refactor all;
  all.title = to_markdown_links ? "Convert every wiki link in this note to a Markdown link"
                                : "Convert every Markdown link in this note to a wiki link";
  all.kind = "refactor.rewrite";
  for (const Link& link : note.parsed.links) {
    if (link.syntax != chosen->syntax) continue;
    if (const auto converted = converted_link(note, link, options.style))
      all.changes.push_back(TextChange{link.range, *converted});
  }
  if (all.changes.size() > 1) out.push_back(std::move(all));
  return out;
}

}  // namespace slipbox
