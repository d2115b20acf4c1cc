#pragma once
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/markdown/parsed_note.h"
#include "analysis/vault/vault.h"

namespace slipbox {

// Obsidian's link resolution, as docs/link-resolution.md describes it.

class AliasIndex;
class LinkpathCache;

// The note a request is about: in the vault (`vault_path` set) or outside every folder.
struct SourceNote {
  std::string vault_path;  // "" when the note is outside the vault
  const ParsedNote* parsed = nullptr;
  // Set when `links.resolveAliases` is on: a wiki link no file matches resolves to the one
  // note with that alias (never shadowing a file; an ambiguous alias stays unresolved).
  const AliasIndex* aliases = nullptr;
  // A whole-vault pass (check) shares what linkpaths resolved to across its notes; else null.
  LinkpathCache* linkpaths = nullptr;
};

// getFirstLinkpathDest: the file a linkpath names, seen from the source note.
// Relative (`./`, `../`), exact vault path, path suffix, own folder, shortest path,
// lexicographic; case-insensitive, NFC, `.md` optional, attachments need their extension.
std::optional<FileId> resolve_linkpath(const Vault& vault, std::string_view source_vault_path,
                                       std::string_view linkpath);

// The same on a vault's files after some moves (MovedFiles): what resolve_linkpath would
// answer on the vault after the moves, FileIds being the vault's before them.
class MovedFiles;
std::optional<FileId> resolve_linkpath(const MovedFiles& files, std::string_view source_vault_path,
                                       std::string_view linkpath);

// All files the linkpath could mean, best first (for "ambiguous link" reporting).
std::vector<FileId> linkpath_candidates(const Vault& vault, std::string_view source_vault_path,
                                        std::string_view linkpath);

// True when the name (or path suffix) the link gives matches files in several folders, so
// which one it opens depends on Obsidian's rules (own folder, shortest path, alphabetical:
// docs/link-resolution.md §2.2) rather than on the link: `aa/Note.md` and `bb/Note.md` for
// `[[Note]]`, and `Moves/Run.md` and `Abilities/Run.md` for `[[Run]]` in a third folder. Not when
// the link spells a file's whole vault path, nor for case variants in one folder that its spelling
// tells apart.
bool linkpath_is_ambiguous(const Vault& vault, std::string_view source_vault_path, std::string_view linkpath);

// Obsidian's stripHeading: NFC, link-breaking punctuation to spaces, spaces collapsed, case-folded.
std::string normalize_heading(std::string_view heading);

// The heading a chain names (`#A#B`): the last element, under the earlier ones as ancestors;
// falls back to the last element anywhere. First match in document order.
const Heading* find_heading(const ParsedNote& note, std::span<const std::string_view> chain);
const Heading* find_heading(const ParsedNote& note, const std::vector<std::string>& chain);
// Case-sensitive exact match first, then case-insensitive.
const BlockAnchor* find_block(const ParsedNote& note, std::string_view id);

enum class LinkStatus {
  Resolved,              // the file, and the heading or block when the link names one
  External,              // a URI with a scheme: not a vault link
  UnresolvedNote,        // no note by that name
  UnresolvedAttachment,  // a path with a non-note extension that no file has
  UnresolvedHeading,     // the note exists, the heading does not
  UnresolvedBlock,       // the note exists, the block id does not
};

struct LinkTarget {
  LinkStatus status = LinkStatus::UnresolvedNote;
  // The link names a place outside the vault (`[[../../etc/passwd]]` above the root, an
  // absolute or drive path no vault file has, a `file:` URI outside the root): it is never
  // resolved, read or followed, and reported as leaving the vault. Status stays
  // UnresolvedNote / UnresolvedAttachment (External for a `file:` URI).
  bool outside_vault = false;
  std::optional<FileId> file;        // set when the file resolved (also for a missing heading/block)
  bool is_self = false;              // `[[#Heading]]`: the source note itself
  const Heading* heading = nullptr;  // into the target's ParsedNote
  const BlockAnchor* block = nullptr;
};

// True when a linkpath that resolved to no vault file points outside the vault: `..` climbing
// above the root (from the source's folder for `./`/`../`, from the root otherwise), an
// absolute path (`/etc/passwd`, `\\server\share`, `C:\x`, `C:/x`). Backslashes count as
// separators and `%2F`-style escapes are decoded first, so encodings cannot hide an escape.
bool linkpath_leaves_vault(std::string_view source_vault_path, std::string_view linkpath);
// True when `uri` is a `file:` URI whose path lies outside `vault_root` (lexically: `..`
// counted, nothing on disk is looked at).
bool file_uri_leaves_vault(const std::filesystem::path& vault_root, std::string_view uri);

// Resolves a whole link: file, then heading or block. For a self link the source's own
// parse is used (it may be an unsaved buffer); otherwise the vault's parse of the target.
LinkTarget resolve_link(const Vault& vault, const SourceNote& source, const Link& link);

// Link text for a target as Obsidian's "shortest path when possible" writes it:
// the bare name when no other note shares it, else the full vault path; never `.md` for notes.
std::string shortest_link_text(const Vault& vault, FileId target);

}  // namespace slipbox
