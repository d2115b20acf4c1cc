#pragma once
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "analysis/vault/resolve.h"

namespace slipbox {

// Remembers how one note's links resolved, across edits of that note: without it every
// keystroke in a note with 2,000 links re-resolves all 2,000 (diagnostics, ambiguous-link
// hints). It sits around resolve.h, never inside it: every answer is resolve_link's or
// linkpath_is_ambiguous's own, and is computed again whenever it could differ —
//  - a linkpath's file depends only on the vault's file table and the source note's path:
//    remembered while both stay the same (rebase() forgets everything otherwise);
//  - a heading or block depends on the target's parse: an entry is used only while the vault
//    still holds the very parse it was checked against (an edited open target is re-checked);
//  - links into the note itself (`[[#H]]`, or a path that names the source) read the source's
//    current parse: never remembered; nor is anything when alias resolution is on
//    (SourceNote::aliases: then a link depends on every note's aliases).
// Not thread-safe: one user at a time (the caller locks).
class ResolveMemo {
 public:
  // Call before each pass over the note. Keeps what was remembered only when `vault` shares
  // the file table of the last call's vault and the source path is the same. Holds `vault`
  // (so the table compared by address stays alive).
  void rebase(std::shared_ptr<const Vault> vault, std::string_view source_vault_path);

  // resolve_link(vault, source, link). `vault` must be the one given to rebase() (or one with
  // the same file table); otherwise nothing is remembered and the answer is computed.
  LinkTarget resolve(const Vault& vault, const SourceNote& source, const Link& link);
  // linkpath_is_ambiguous(vault, source_vault_path, linkpath), remembered per linkpath.
  bool is_ambiguous(const Vault& vault, std::string_view source_vault_path, std::string_view linkpath);

  size_t size() const { return targets_.size() + ambiguous_.size(); }

 private:
  bool usable(const Vault& vault, std::string_view source_vault_path) const;

  struct Entry {
    LinkTarget target;
    std::shared_ptr<const ParsedNote> target_parse;  // the parse the subpath was checked in
  };
  std::shared_ptr<const Vault> base_;
  std::string source_path_;
  std::optional<FileId> source_file_;
  std::unordered_map<std::string, Entry> targets_;
  std::unordered_map<std::string, bool> ambiguous_;
};

}  // namespace slipbox
