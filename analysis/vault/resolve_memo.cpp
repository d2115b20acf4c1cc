#include "analysis/vault/resolve_memo.h"

namespace slipbox {
namespace {

// Half-typed links leave entries behind; a note's memo never grows past this.
constexpr size_t kMaxEntries = 50'000;

bool is_blank(std::string_view text) { return text.find_first_not_of(" \t\r\n") == std::string_view::npos; }

// Everything of a link that resolve_link reads (the linkpath, the subpath and its parts).
std::string key_of(const Link& link) {
  std::string key;
  key.reserve(link.path().size() + link.subpath().size() + link.block_id().size() + 8);
  key += link.has_subpath ? '#' : '-';
  key += std::string_view(link.path());
  key += '\0';
  key += std::string_view(link.subpath());
  key += '\0';
  key += std::string_view(link.block_id());
  for (const auto& heading : link.headings()) {
    key += '\0';
    key += std::string_view(heading);
  }
  return key;
}

}  // namespace

void ResolveMemo::rebase(std::shared_ptr<const Vault> vault, std::string_view source_vault_path) {
  const bool same = base_ && vault && &base_->files() == &vault->files() && source_path_ == source_vault_path;
  if (!same || size() > kMaxEntries) {
    targets_.clear();
    ambiguous_.clear();
    source_path_ = std::string(source_vault_path);
  }
  base_ = std::move(vault);
  source_file_ = base_ && !source_path_.empty() ? base_->find_path(source_path_) : std::nullopt;
}

bool ResolveMemo::usable(const Vault& vault, std::string_view source_vault_path) const {
  return base_ && &base_->files() == &vault.files() && source_vault_path == source_path_;
}

LinkTarget ResolveMemo::resolve(const Vault& vault, const SourceNote& source, const Link& link) {
  // Alias resolution (an opt-in setting) depends on every note's aliases: not remembered.
  if (link.external || is_blank(link.path()) || source.aliases || !usable(vault, source.vault_path))
    return resolve_link(vault, source, link);
  std::string key = key_of(link);
  const auto found = targets_.find(key);
  if (found != targets_.end()) {
    const LinkTarget& known = found->second.target;
    if (!known.file || vault.note(*known.file) == found->second.target_parse.get()) return known;
  }
  const LinkTarget target = resolve_link(vault, source, link);
  if (target.is_self || (target.file && target.file == source_file_)) return target;  // the source's own parse
  Entry entry{target, target.file ? vault.shared_note(*target.file) : nullptr};
  if (found != targets_.end())
    found->second = std::move(entry);
  else
    targets_.emplace(std::move(key), std::move(entry));
  return target;
}

bool ResolveMemo::is_ambiguous(const Vault& vault, std::string_view source_vault_path, std::string_view linkpath) {
  if (!usable(vault, source_vault_path)) return linkpath_is_ambiguous(vault, source_vault_path, linkpath);
  std::string key(linkpath);
  const auto found = ambiguous_.find(key);
  if (found != ambiguous_.end()) return found->second;
  const bool ambiguous = linkpath_is_ambiguous(vault, source_vault_path, linkpath);
  ambiguous_.emplace(std::move(key), ambiguous);
  return ambiguous;
}

}  // namespace slipbox
