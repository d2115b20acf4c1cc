#include "analysis/features/hover.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <system_error>
#include <vector>

#include "analysis/features/closest_names.h"
#include "analysis/features/note_regions.h"
#include "analysis/features/suggestions.h"
#include "analysis/text/unicode.h"
#include "analysis/vault/file_kinds.h"

namespace slipbox {
namespace {

constexpr size_t kSuggestions = 3;

std::string in_quotes(std::string_view text) { return "\"" + std::string(text) + "\""; }
// Markdown markup the hover adds, or none for a plain-text client.
std::string bold(std::string_view text, bool plain) {
  return plain ? std::string(text) : "**" + std::string(text) + "**";
}
std::string code(std::string_view text, bool plain) {
  return plain ? std::string(text) : "`" + std::string(text) + "`";
}

bool is_blank_line(std::string_view line) { return line.find_first_not_of(" \t\r") == std::string_view::npos; }

// The first `max_lines` lines of `text`, at most `max_bytes` bytes cut at a character
// boundary (leading blank lines skipped, trailing space trimmed), with "…" when something is
// left out (`more`: the caller already left something out after `text`).
std::string preview_lines(std::string_view text, size_t max_lines, size_t max_bytes, bool more) {
  while (!text.empty()) {
    const size_t newline = text.find('\n');
    const std::string_view line = text.substr(0, newline);
    if (!is_blank_line(line)) break;
    text.remove_prefix(newline == std::string_view::npos ? text.size() : newline + 1);
  }
  size_t end = 0;
  size_t lines = 0;
  while (end < text.size() && lines < max_lines) {
    const size_t newline = text.find('\n', end);
    end = newline == std::string_view::npos ? text.size() : newline + 1;
    ++lines;
  }
  if (end > max_bytes) {
    end = max_bytes;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;  // not inside a character
  }
  std::string_view kept = text.substr(0, end);
  const bool truncated = more || text.substr(end).find_first_not_of(" \t\r\n") != std::string_view::npos;
  while (!kept.empty() && (kept.back() == '\n' || kept.back() == '\r' || kept.back() == ' ' || kept.back() == '\t'))
    kept.remove_suffix(1);
  std::string out(kept);
  if (truncated) out += out.empty() ? "…" : (end < text.size() && text[end - 1] != '\n' ? "…" : "\n\n…");
  return out;
}

// What a page preview shows of `region` (a body, a section or a block): without
// `%% comments %%` (a line left blank by one is dropped), bounded in lines and bytes.
// Only the first kPreviewScanBytes are looked at, so an 8 MB one-line note costs no more
// than a small one.
constexpr size_t kPreviewScanBytes = size_t{64} * 1024;
std::string preview(std::string_view region, const HoverOptions& options) {
  bool more = false;
  if (region.size() > kPreviewScanBytes) {
    size_t cut = kPreviewScanBytes;
    while (cut > 0 && (static_cast<unsigned char>(region[cut]) & 0xC0) == 0x80) --cut;
    region = region.substr(0, cut);
    more = true;
  }
  if (region.find("%%") == std::string_view::npos)
    return preview_lines(region, options.max_preview_lines, options.max_preview_bytes, more);
  const std::vector<ByteRange> comments = find_comments(region);
  // Line by line, without the bytes of comments; a line that only a comment filled goes.
  std::string out;
  out.reserve(region.size());
  size_t next = 0;  // the first comment that may touch the line
  for (size_t line_start = 0; line_start < region.size();) {
    const size_t newline = region.find('\n', line_start);
    const size_t line_end = newline == std::string_view::npos ? region.size() : newline + 1;
    const size_t mark = out.size();
    bool touched = false;
    size_t at = line_start;
    while (next < comments.size() && comments[next].begin < line_end) {
      const size_t cut_begin = std::max<size_t>(comments[next].begin, at);
      const size_t cut_end = std::min<size_t>(comments[next].end, line_end);
      if (cut_begin > at) out.append(region.substr(at, cut_begin - at));
      at = std::max(at, cut_end);
      touched = true;
      if (comments[next].end > line_end) break;  // continues on the next line
      ++next;
    }
    if (at < line_end) out.append(region.substr(at, line_end - at));
    if (touched && std::string_view(out).substr(mark).find_first_not_of(" \t\r\n") == std::string_view::npos) {
      out.resize(mark);
      // A comment that began on an earlier line with text before it took that line's break.
      if (!out.empty() && out.back() != '\n' && newline != std::string_view::npos) out += '\n';
    }
    line_start = line_end;
  }
  return preview_lines(out, options.max_preview_lines, options.max_preview_bytes, more);
}

std::string_view slice(std::string_view text, ByteRange range) {
  if (range.begin > text.size() || range.end > text.size() || range.begin > range.end) return {};
  return text.substr(range.begin, range.size());
}

std::string file_uri(const std::filesystem::path& path) {
  std::string generic = path.generic_string();
  if (!generic.starts_with('/')) generic.insert(generic.begin(), '/');
  return "file://" + percent_encode_link(generic);
}

std::string human_size(uintmax_t bytes) {
  char buffer[32];
  if (bytes < 1024) {
    std::snprintf(buffer, sizeof buffer, "%ju bytes", bytes);
  } else if (bytes < uintmax_t{1024} * 1024) {
    std::snprintf(buffer, sizeof buffer, "%.1f KB", static_cast<double>(bytes) / 1024.0);
  } else {
    std::snprintf(buffer, sizeof buffer, "%.1f MB", static_cast<double>(bytes) / (1024.0 * 1024.0));
  }
  return buffer;
}

std::string suggestion_list(const Vault& vault, const std::vector<FileId>& files, bool plain) {
  if (files.empty()) return {};
  std::string out = "\n\nDid you mean:";
  for (const FileId id : files) {
    out += "\n- " + vault.file(id).name;
    if (!vault.file(id).folder.empty()) out += " (" + code(vault.file(id).path, plain) + ")";
  }
  return out;
}

std::string last_segment(std::string_view path) {
  const size_t slash = path.rfind('/');
  std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  if (name.size() > 3 && fold_key(name.substr(name.size() - 3)) == ".md") name.remove_suffix(3);
  return std::string(name);
}

std::string broken_note(const Vault& vault, std::string_view source_path, const Link& link, bool attachment,
                        const HoverOptions& options) {
  std::string out = (attachment ? "No file named " : "No note named ") + in_quotes(link.path());
  const size_t slash = source_path.rfind('/');
  const std::string_view source_folder =
      slash == std::string_view::npos ? std::string_view() : source_path.substr(0, slash);
  return out + suggestion_list(
                   vault, suggest_files(vault, last_segment(link.path()), source_folder, kSuggestions, options.names),
                   options.plaintext);
}

std::string broken_subpath(const Link& link, std::string_view note_name, const ParsedNote* parsed) {
  std::vector<std::string> names;
  std::string out;
  std::string wanted;
  if (!link.block_id().empty()) {
    out = "No block " + in_quotes("^" + std::string(link.block_id())) + " in " + in_quotes(note_name);
    wanted = link.block_id();
    if (parsed)
      for (const BlockAnchor& block : parsed->blocks) names.emplace_back(block.id);
  } else {
    out = "No heading " + in_quotes(link.subpath()) + " in " + in_quotes(note_name);
    wanted = link.headings().empty() ? link.subpath() : link.headings().back();
    if (parsed)
      for (const Heading& heading : parsed->headings) names.emplace_back(heading.text);
  }
  const auto closest = closest_strings(names, wanted, kSuggestions);
  if (!closest.empty()) {
    out += "\n\nDid you mean:";
    for (const size_t index : closest) out += "\n- " + std::string(link.block_id().empty() ? "" : "^") + names[index];
  }
  return out;
}

}  // namespace

std::optional<HoverResult> hover(const NoteContext& note, uint32_t cursor_offset, const ReadText& read_text,
                                 const HoverOptions& options) {
  const Link* link = link_at(note.parsed, cursor_offset);
  if (!link || link->external) return std::nullopt;
  const LinkTarget target = resolve_link(note.vault, note.source(), *link);
  HoverResult result;
  result.range = link->range;

  if (target.outside_vault) {
    // Nothing outside the vault is read, listed or suggested.
    result.markdown = "Link leaves the vault: " + in_quotes(link->path()) + " is not followed";
    return result;
  }
  switch (target.status) {
    case LinkStatus::External:
      return std::nullopt;
    case LinkStatus::UnresolvedNote:
      result.markdown = broken_note(note.vault, note.vault_path, *link, false, options);
      return result;
    case LinkStatus::UnresolvedAttachment:
      result.markdown = broken_note(note.vault, note.vault_path, *link, true, options);
      return result;
    case LinkStatus::Resolved:
    case LinkStatus::UnresolvedHeading:
    case LinkStatus::UnresolvedBlock:
      break;
  }

  if (target.file && !target.is_self && !note.vault.file(*target.file).is_note) {
    const VaultFile& file = note.vault.file(*target.file);
    const std::filesystem::path absolute = note.vault.absolute_path(*target.file);
    if (is_image_extension(file_extension(file.name))) {
      result.markdown =
          options.plaintext ? file.name + "\n\n" + file.path : "![" + file.name + "](" + file_uri(absolute) + ")";
    } else {
      result.markdown = bold(file.name, options.plaintext) + "\n\n" + code(file.path, options.plaintext);
      std::error_code error;
      const uintmax_t size = std::filesystem::file_size(absolute, error);
      if (!error) result.markdown += " · " + human_size(size);
    }
    return result;
  }

  // The target's current text (an open buffer wins) and a parse that matches it.
  std::string text;
  ParsedNote fresh;
  const ParsedNote* parsed = nullptr;
  std::string note_name;
  if (target.is_self || (target.file && note.vault.file(*target.file).path == note.vault_path)) {
    text = std::string(note.text);
    parsed = &note.parsed;
    note_name = note.vault_path.empty() ? std::string("this note") : last_segment(note.vault_path);
  } else {
    const std::optional<std::string> read = read_text ? read_text(*target.file) : std::nullopt;
    note_name = note.vault.file(*target.file).name;
    if (!read) {
      result.markdown = bold(note_name, options.plaintext) + "\n\n(cannot read " +
                        code(note.vault.file(*target.file).path, options.plaintext) + ")";
      return result;
    }
    text = *read;
    parsed = &parse_of(note.vault, *target.file, text, fresh);
  }

  if (target.status == LinkStatus::UnresolvedHeading || target.status == LinkStatus::UnresolvedBlock) {
    result.markdown = broken_subpath(*link, link->path().empty() ? note_name : link->path(), parsed);
    return result;
  }

  if (!link->block_id().empty()) {
    if (const BlockAnchor* block = find_block(*parsed, link->block_id())) {
      result.markdown = preview(block_text_without_id(text, *block), options);
      return result;
    }
  } else if (!link->headings().empty()) {
    if (const Heading* heading = find_heading(*parsed, link->headings())) {
      result.markdown = preview(slice(text, section_range(*parsed, *heading, text.size())), options);
      return result;
    }
  }
  const uint32_t body = parsed->body_begin <= text.size() ? parsed->body_begin : 0;
  result.markdown = preview(std::string_view(text).substr(body), options);
  if (result.markdown.empty())
    result.markdown = bold(note_name, options.plaintext) + (options.plaintext ? " (empty note)" : " *(empty note)*");
  return result;
}

}  // namespace slipbox
