#include "analysis/features/link_edit.h"

#include <algorithm>

#include "analysis/text/unicode.h"
#include "analysis/vault/file_kinds.h"
#include "analysis/vault/moved_files.h"

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

bool ends_with_md(std::string_view path) { return path.size() >= 3 && is_note_extension(file_extension(path)); }

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

namespace {

// `Files`: a Vault, or a MovedFiles (the vault after some moves).
template <typename Files>
std::string shortest_linkpath(const Files& vault, std::string_view source_vault_path, FileId target,
                              bool keep_path_form) {
  if (target >= vault.file_count()) return {};
  const VaultFile& file = vault.file(target);
  std::string full = file.is_note ? file.path.substr(0, file.path.size() - 3) : file.path;
  // A name other notes share is written with its path even where it would resolve
  // (docs/link-resolution.md §2.4).
  if (!keep_path_form && vault.notes_sharing_name(target) <= 1 &&
      resolve_linkpath(vault, source_vault_path, file.name) == target)
    return file.name;
  if (resolve_linkpath(vault, source_vault_path, full) == target) return full;
  return file.path;  // `x.md.md`-like names: only the whole path is unambiguous
}

}  // namespace

std::string linkpath_for(const Vault& vault, std::string_view source_vault_path, FileId target, bool keep_path_form) {
  return shortest_linkpath(vault, source_vault_path, target, keep_path_form);
}

std::string linkpath_for(const MovedFiles& files, std::string_view source_vault_path, FileId target,
                         bool keep_path_form) {
  return shortest_linkpath(files, source_vault_path, target, keep_path_form);
}

namespace {

std::vector<std::string_view> segments_of(std::string_view path) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (start < path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    if (end > start) out.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

// `to` (a vault path) seen from the folder `from` (a vault folder, "" = root).
std::string relative_path(std::string_view from, std::string_view to) {
  const auto base = segments_of(from);
  const auto target = segments_of(to);
  size_t common = 0;
  // The last segment of `to` is the file: never part of the common folder.
  while (common < base.size() && common + 1 < target.size() && base[common] == target[common]) ++common;
  std::string out;
  for (size_t i = common; i < base.size(); ++i) out += "../";
  for (size_t i = common; i < target.size(); ++i) {
    out += target[i];
    if (i + 1 < target.size()) out += '/';
  }
  return out;
}

}  // namespace

std::string linkpath_in_format(const Vault& vault, std::string_view source_vault_path, FileId target,
                               LinkFormat format) {
  if (target >= vault.file_count()) return {};
  const VaultFile& file = vault.file(target);
  std::string full = file.is_note ? file.path.substr(0, file.path.size() - 3) : file.path;
  const auto leads_there = [&](const std::string& linkpath) {
    return resolve_linkpath(vault, source_vault_path, linkpath) == target;
  };
  switch (format) {
    case LinkFormat::Shortest:
      return linkpath_for(vault, source_vault_path, target, false);
    case LinkFormat::Relative: {
      const size_t slash = source_vault_path.rfind('/');
      const std::string_view folder =
          slash == std::string_view::npos ? std::string_view() : source_vault_path.substr(0, slash);
      std::string relative = relative_path(folder, full);
      if (leads_there(relative)) return relative;
      if (!relative.starts_with("../") && leads_there("./" + relative)) return "./" + relative;
      break;
    }
    case LinkFormat::Absolute:
      break;
  }
  if (leads_there(full)) return full;
  return file.path;
}

std::string write_link(const Vault& vault, std::string_view source_vault_path, FileId target, const LinkStyle& style,
                       std::string_view subpath, std::string_view display, bool embed) {
  if (target >= vault.file_count()) return {};
  const VaultFile& file = vault.file(target);
  std::string linkpath = linkpath_in_format(vault, source_vault_path, target, style.format);
  std::string out = embed ? "!" : "";
  if (!style.markdown) {
    out += "[[" + linkpath;
    if (!subpath.empty()) out += "#" + std::string(subpath);
    if (!display.empty()) out += "|" + std::string(display);
    return out + "]]";
  }
  if (file.is_note && !is_note_extension(file_extension(linkpath))) linkpath += ".md";
  std::string text = display.empty() ? file.name : std::string(display);
  // `]` would end the link text early; Obsidian writes it escaped too.
  std::string escaped;
  for (const char c : text) {
    if (c == '[' || c == ']') escaped += '\\';
    escaped += c;
  }
  out += "[" + escaped + "](" + percent_encode_link(linkpath);
  if (!subpath.empty()) out += "#" + percent_encode_link(subpath);
  return out + ")";
}

std::string heading_for_link(std::string_view heading) {
  std::string out;
  bool space = false;
  for (const char c : heading) {
    const bool breaks = c == '[' || c == ']' || c == '|' || c == '#' || c == '^' || c == ':' || c == ' ' || c == '\t' ||
                        c == '\n' || c == '\r';
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
  std::sort(changes.begin(), changes.end(),
            [](const TextChange& a, const TextChange& b) { return a.range.begin < b.range.begin; });
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
