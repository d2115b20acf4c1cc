#include "analysis/features/link_edit.h"

#include <algorithm>

#include "analysis/text/unicode.h"
#include "analysis/vault/file_kinds.h"

namespace slipbox {

WrittenTarget written_target(std::string_view text, const Link& link) {
  WrittenTarget out;
  const ByteRange target = link.target_range;
  if (target.end > text.size() || target.begin > target.end) return out;
  const std::string_view written = text.substr(target.begin, target.size());
  const size_t hash = written.find('#');
  if (hash == std::string_view::npos) {
    out.path = target;
    return out;
  }
  out.path = ByteRange{target.begin, target.begin + static_cast<uint32_t>(hash)};
  out.subpath = ByteRange{out.path.end + 1, target.end};
  out.has_subpath = true;
  return out;
}

namespace {

bool ends_with_md(std::string_view path) {
  return path.size() >= 3 && is_note_extension(file_extension(path));
}

}  // namespace

std::string spell_linkpath(const Link& link, std::string_view written_path, std::string_view linkpath, bool is_note) {
  if (link.syntax == LinkSyntax::Markdown) {
    const std::string decoded = percent_decode(written_path);
    const bool md = is_note && (decoded.empty() || ends_with_md(decoded));
    return percent_encode_link(std::string(linkpath) + (md ? ".md" : ""));
  }
  const bool md = is_note && ends_with_md(written_path);
  return std::string(linkpath) + (md ? ".md" : "");
}

std::string linkpath_for(const Vault& vault, std::string_view source_vault_path, FileId target, bool keep_path_form) {
  if (target >= vault.file_count()) return {};
  const VaultFile& file = vault.file(target);
  const std::string full = file.is_note ? file.path.substr(0, file.path.size() - 3) : file.path;
  // A name other notes share is written with its path even where it would resolve (§2.4).
  if (!keep_path_form && vault.notes_sharing_name(target) <= 1 &&
      resolve_linkpath(vault, source_vault_path, file.name) == target)
    return file.name;
  if (resolve_linkpath(vault, source_vault_path, full) == target) return full;
  return file.path;  // `x.md.md`-like names: only the whole path is unambiguous
}

std::string heading_for_link(std::string_view heading) {
  std::string out;
  bool space = false;
  for (const char c : heading) {
    const bool breaks = c == '[' || c == ']' || c == '|' || c == '#' || c == '^' || c == ':' || c == ' ' ||
                        c == '\t' || c == '\n' || c == '\r';
    if (breaks) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

std::string spell_heading(const Link& link, std::string_view heading) {
  const std::string stripped = heading_for_link(heading);
  return link.syntax == LinkSyntax::Markdown ? percent_encode_link(stripped) : stripped;
}

std::string apply_changes(std::string_view text, std::vector<TextChange> changes) {
  std::sort(changes.begin(), changes.end(), [](const TextChange& a, const TextChange& b) { return a.range.begin < b.range.begin; });
  std::string out;
  uint32_t at = 0;
  for (const TextChange& change : changes) {
    if (change.range.begin < at || change.range.end > text.size()) continue;  // overlapping or stale
    out.append(text.substr(at, change.range.begin - at));
    out += change.new_text;
    at = change.range.end;
  }
  out.append(text.substr(at));
  return out;
}

}  // namespace slipbox
