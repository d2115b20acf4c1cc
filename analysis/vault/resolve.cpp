#include "analysis/vault/resolve.h"

#include <algorithm>
#include <tuple>

#include "analysis/text/line_index.h"
#include "analysis/text/unicode.h"
#include "analysis/text/vault_path.h"
#include "analysis/vault/alias_index.h"
#include "analysis/vault/file_kinds.h"
#include "analysis/vault/link_graph.h"
#include "analysis/vault/linkpath_cache.h"
#include "analysis/vault/moved_files.h"

namespace slipbox {
namespace {

bool is_space_ascii(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

std::string_view trim(std::string_view text) {
  while (!text.empty() && is_space_ascii(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space_ascii(text.back())) text.remove_suffix(1);
  return text;
}

struct Ranked {
  FileId id;
  bool exact_path;
  bool own_folder;
  uint32_t length;
  bool exact_case;
  auto key() const { return std::make_tuple(!exact_path, !own_folder, length, !exact_case); }
};

// Path order, the last tie-break: a vault's FileIds follow it; a MovedFiles' do not.
bool path_order_before(const Vault&, FileId a, FileId b) { return a < b; }
bool path_order_before(const MovedFiles& files, FileId a, FileId b) { return files.before(a, b); }

// Files named by `path` (NFC): exact vault path, else (unless `anchored`) a segment-aligned
// path suffix. `appended_md` says the `.md` was added by us, not written in the link.
// `Files`: a Vault, or a MovedFiles (the vault after some moves).
template <typename Files>
std::vector<Ranked> match_files(const Files& vault, std::string_view path, bool appended_md, bool anchored,
                                const std::optional<std::string>& source_folder) {
  const std::string folded = fold_key(path);
  const std::string_view spelled = appended_md ? path.substr(0, path.size() - 3) : path;
  std::vector<Ranked> found;
  for (const FileId id : vault.files_with_basename(basename_of(folded))) {
    const Vault::FileKeys& keys = vault.keys(id);
    const bool exact = keys.folded_path == folded;
    if (!exact && (anchored || !ends_with_segments(keys.folded_path, folded))) continue;
    const std::string& file_path = vault.file(id).path;
    const std::string_view file_spelled =
        appended_md ? std::string_view(file_path).substr(0, file_path.size() - 3) : std::string_view(file_path);
    found.push_back(Ranked{
        .id = id,
        .exact_path = exact,
        .own_folder = source_folder && keys.folded_folder == *source_folder,
        .length = keys.path_code_points,
        .exact_case = ends_with_segments(file_spelled, spelled),
    });
  }
  std::sort(found.begin(), found.end(), [&](const Ranked& a, const Ranked& b) {
    if (a.key() != b.key()) return a.key() < b.key();
    return path_order_before(vault, a.id, b.id);
  });
  return found;
}

template <typename Files>
std::vector<Ranked> rank(const Files& vault, std::string_view source_vault_path, std::string_view linkpath) {
  const std::string link = to_nfc(trim(linkpath));
  if (link.empty()) return {};
  const std::string source = to_nfc(source_vault_path);

  std::string path;
  bool anchored = false;
  if (is_dot_relative(link)) {
    const auto joined = join_clamped(folder_of(source), link);
    if (!joined) return {};  // `..` above the vault root: never outside the vault
    path = *joined;
    anchored = true;
  } else if (link.starts_with('/')) {
    const auto joined = join_clamped("", link);
    if (!joined) return {};
    path = *joined;
    anchored = true;
  } else {
    path = link;
  }
  if (path.empty()) return {};

  std::optional<std::string> source_folder;
  if (!source.empty()) source_folder = fold_key(folder_of(source));

  // Candidate rule (docs/link-resolution.md §2.1.3): the name as written when it has an extension
  // and a file has it, otherwise the name + `.md`.
  if (!file_extension(path).empty()) {
    auto found = match_files(vault, path, false, anchored, source_folder);
    if (!found.empty()) return found;
  }
  return match_files(vault, path + ".md", true, anchored, source_folder);
}

bool is_unicode_space(char32_t c) {
  return c == 0x85 || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 ||
         c == 0x202F || c == 0x205F || c == 0x3000 || c == 0xFEFF;
}

bool is_ascii_alnum(char32_t c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// The parent of each heading in the outline (-1 at the top).
std::vector<int> heading_parents(const std::vector<Heading>& headings) {
  std::vector<int> parents(headings.size(), -1);
  std::vector<int> open;
  for (size_t i = 0; i < headings.size(); ++i) {
    while (!open.empty() && headings[open.back()].level >= headings[i].level) open.pop_back();
    parents[i] = open.empty() ? -1 : open.back();
    open.push_back(static_cast<int>(i));
  }
  return parents;
}

void check_subpath(const ParsedNote* parsed, const Link& link, LinkTarget& target) {
  if (!parsed) return;  // not parsed (too big, unreadable): nothing to check against
  if (!link.block_id().empty()) {
    target.block = find_block(*parsed, link.block_id());
    if (!target.block) target.status = LinkStatus::UnresolvedBlock;
  } else if (!link.headings().empty()) {
    target.heading = find_heading(*parsed, link.headings());
    if (!target.heading) target.status = LinkStatus::UnresolvedHeading;
  }
}

// Only after every file candidate failed: aliases never shadow a file
// (docs/link-resolution.md §2.2).
std::optional<FileId> resolve_alias(const AliasIndex& aliases, const Vault& vault, std::string_view linkpath) {
  if (&aliases.vault() != &vault && !same_file_table(aliases.vault(), vault)) return std::nullopt;  // another snapshot
  return aliases.find(linkpath);
}

}  // namespace

std::optional<FileId> resolve_linkpath(const Vault& vault, std::string_view source_vault_path,
                                       std::string_view linkpath) {
  const std::vector<Ranked> found = rank(vault, source_vault_path, linkpath);
  if (found.empty()) return std::nullopt;
  return found.front().id;
}

std::optional<FileId> resolve_linkpath(const MovedFiles& files, std::string_view source_vault_path,
                                       std::string_view linkpath) {
  const std::vector<Ranked> found = rank(files, source_vault_path, linkpath);
  if (found.empty()) return std::nullopt;
  return found.front().id;
}

std::vector<FileId> linkpath_candidates(const Vault& vault, std::string_view source_vault_path,
                                        std::string_view linkpath) {
  std::vector<FileId> ids;
  for (const Ranked& ranked : rank(vault, source_vault_path, linkpath)) ids.push_back(ranked.id);
  return ids;
}

bool linkpath_is_ambiguous(const Vault& vault, std::string_view source_vault_path, std::string_view linkpath) {
  const std::vector<Ranked> found = rank(vault, source_vault_path, linkpath);
  if (found.size() < 2 || found[0].exact_path) return false;  // one file, or the link spells its path
  const std::string& folder = vault.keys(found[0].id).folded_folder;
  for (size_t i = 1; i < found.size(); ++i)
    if (vault.keys(found[i].id).folded_folder != folder) return true;  // the name is in several folders
  // Only case variants in one folder (`Case.md`, `case.md`): when the spelling does not decide.
  return found[0].exact_case == found[1].exact_case;
}

std::string normalize_heading(std::string_view heading) {
  const std::string nfc = to_nfc(heading);
  std::string out;
  out.reserve(nfc.size());
  bool pending_space = false;
  for (uint32_t i = 0; i < nfc.size();) {
    char32_t c;
    const uint32_t length = decode_utf8(nfc, i, c);
    // ASCII punctuation and whitespace separate words; everything else (letters in any
    // script, digits, emoji, non-ASCII punctuation such as ’) is kept as written.
    const bool separator = c < 0x80 ? !is_ascii_alnum(c) : is_unicode_space(c);
    if (separator) {
      pending_space = true;
    } else {
      if (pending_space && !out.empty()) out += ' ';
      pending_space = false;
      out.append(nfc, i, length);
    }
    i += length;
  }
  return fold_key(out);
}

const Heading* find_heading(const ParsedNote& note, const std::vector<std::string>& chain) {
  const std::vector<std::string_view> views(chain.begin(), chain.end());
  return find_heading(note, views);
}

const Heading* find_heading(const ParsedNote& note, std::span<const std::string_view> chain) {
  if (chain.empty() || note.headings.empty()) return nullptr;
  std::vector<std::string> wanted;
  for (const std::string_view element : chain) wanted.push_back(normalize_heading(element));
  std::vector<std::string> texts;
  texts.reserve(note.headings.size());
  for (const Heading& heading : note.headings) texts.push_back(normalize_heading(heading.text));
  const std::vector<int> parents = heading_parents(note.headings);

  const std::string& last = wanted.back();
  const Heading* anywhere = nullptr;
  for (size_t i = 0; i < note.headings.size(); ++i) {
    if (texts[i] != last) continue;
    if (!anywhere) anywhere = &note.headings[i];
    // Earlier chain elements must appear among the ancestors, innermost last.
    int pending = static_cast<int>(wanted.size()) - 2;
    for (int parent = parents[i]; parent >= 0 && pending >= 0; parent = parents[parent])
      if (texts[parent] == wanted[pending]) --pending;
    if (pending < 0) return &note.headings[i];
  }
  return anywhere;
}

const BlockAnchor* find_block(const ParsedNote& note, std::string_view id) {
  for (const BlockAnchor& block : note.blocks)
    if (block.id == id) return &block;
  const std::string folded = fold_key(id);
  for (const BlockAnchor& block : note.blocks)
    if (fold_key(block.id) == folded) return &block;
  return nullptr;
}

bool linkpath_leaves_vault(std::string_view source_vault_path, std::string_view linkpath) {
  std::string path = percent_decode(trim(linkpath));
  std::replace(path.begin(), path.end(), '\\', '/');
  if (path.empty()) return false;
  if (path.front() == '/') return true;  // `/etc/passwd`, `//server/share` (a vault-root path would have resolved)
  // `C:/x` is absolute; `C:Notes` is a note name, as `[[Re: meeting]]` is
  // (docs/link-resolution.md §1.9).
  const bool drive = path.size() >= 3 && path[1] == ':' && path[2] == '/' &&
                     ((path[0] >= 'a' && path[0] <= 'z') || (path[0] >= 'A' && path[0] <= 'Z'));
  if (drive) return true;
  return !join_clamped(is_dot_relative(path) ? folder_of(source_vault_path) : std::string_view(), path).has_value();
}

bool file_uri_leaves_vault(const std::filesystem::path& vault_root, std::string_view uri) {
  constexpr std::string_view kScheme = "file:";
  if (uri.size() < kScheme.size() || fold_key(uri.substr(0, kScheme.size())) != kScheme) return false;
  std::string_view rest = uri.substr(kScheme.size());
  if (rest.starts_with("//")) {
    rest.remove_prefix(2);
    const size_t slash = rest.find('/');
    const std::string_view authority = rest.substr(0, slash);
    if (!authority.empty() && fold_key(authority) != "localhost") return true;  // another machine
    rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash);
  }
  if (const size_t cut = rest.find_first_of("?#"); cut != std::string_view::npos) rest = rest.substr(0, cut);
  std::string decoded = percent_decode(rest);
  std::replace(decoded.begin(), decoded.end(), '\\', '/');
  const std::filesystem::path path = std::filesystem::path(decoded).lexically_normal();
  if (!path.is_absolute()) return true;
  const std::filesystem::path relative = path.lexically_relative(vault_root.lexically_normal());
  return relative.empty() || *relative.begin() == "..";
}

LinkTarget resolve_link(const Vault& vault, const SourceNote& source, const Link& link) {
  LinkTarget target;
  if (link.external) {
    target.status = LinkStatus::External;
    target.outside_vault = file_uri_leaves_vault(vault.root(), link.path());
    return target;
  }
  const std::string_view path = trim(link.path());
  if (path.empty()) {
    target.is_self = true;
    target.status = LinkStatus::Resolved;
    if (!source.vault_path.empty()) target.file = vault.find_path(source.vault_path);
    const std::optional<FileId> source_file = target.file;
    const ParsedNote* parsed = source.parsed ? source.parsed : (source_file ? vault.note(*source_file) : nullptr);
    check_subpath(parsed, link, target);
    return target;
  }

  std::optional<FileId> file = source.linkpaths
                                   ? source.linkpaths->resolve(vault, source.vault_path, path, link.path_is_shared())
                                   : resolve_linkpath(vault, source.vault_path, path);
  if (!file && source.aliases && link.syntax == LinkSyntax::Wiki) file = resolve_alias(*source.aliases, vault, path);
  if (!file) {
    target.status =
        is_attachment_extension(file_extension(path)) ? LinkStatus::UnresolvedAttachment : LinkStatus::UnresolvedNote;
    target.outside_vault = linkpath_leaves_vault(source.vault_path, path);
    return target;
  }
  target.status = LinkStatus::Resolved;
  target.file = file;
  if (!vault.file(*file).is_note) return target;  // attachments: `#page=3` and friends are viewer options
  // A link to the source note itself reads the source's (possibly unsaved) parse. Only a
  // path as long as the source's can be it: most links skip the lookup of the source.
  const bool to_source = source.parsed && vault.file(*file).path.size() == source.vault_path.size() &&
                         vault.find_path(source.vault_path) == file;
  const ParsedNote* parsed = to_source ? source.parsed : vault.note(*file);
  check_subpath(parsed, link, target);
  return target;
}

std::string shortest_link_text(const Vault& vault, FileId target) {
  if (target >= vault.file_count()) return {};
  const VaultFile& file = vault.file(target);
  // Only write a shorter form when it really leads back to the target (a note `x.png.md`
  // beside an `x.png`, or `Note` next to `note` on a case-sensitive disk, do not).
  if (vault.notes_sharing_name(target) <= 1 && resolve_linkpath(vault, "", file.name) == target) return file.name;
  if (file.is_note) {
    std::string without_md = file.path.substr(0, file.path.size() - 3);
    if (resolve_linkpath(vault, "", without_md) == target) return without_md;
  }
  return file.path;
}

}  // namespace slipbox
