#include "analysis/features/completion_style.h"

#include <algorithm>

#include "analysis/features/link_edit.h"
#include "analysis/text/unicode.h"

namespace slipbox {
namespace {

bool is_file_item(const CompletionItem& item) {
  return item.file && (item.kind == CompletionKind::Note || item.kind == CompletionKind::Alias ||
                       item.kind == CompletionKind::Attachment);
}

bool in_folder(std::string_view path, std::string_view folder) {
  return path.size() > folder.size() && path.starts_with(folder) && path[folder.size()] == '/';
}

}  // namespace

void apply_completion_style(const NoteContext& note, uint32_t cursor, const CompletionStyle& style,
                            CompletionResult& result) {
  const std::string_view text = note.text;
  if (cursor > text.size()) return;
  const Vault& vault = note.vault;
  // The link complete() filled in (the same derivation): every file item replaces its query.
  const std::optional<CompletionSite> site = find_completion_site(text, cursor);
  if (!site) return;
  const bool embed_site = site->embed;

  for (CompletionItem& item : result.items) {
    if (!is_file_item(item) || *item.file >= vault.file_count()) continue;
    if (item.replace_range.begin != site->query_begin) continue;
    const VaultFile& file = vault.file(*item.file);
    const bool wiki = !site->markdown;
    const bool markdown_site = site->markdown;

    if (wiki && style.markdown) {
      const uint32_t open = site->query_begin - 2;  // the `[[`
      std::string subpath, display;
      if (site->closed) {
        // path_end is at the first `#` (or `|`), target_end at the `|` (or `]]`).
        if (site->path_end < site->target_end)
          subpath = std::string(text.substr(site->path_end + 1, site->target_end - site->path_end - 1));
        if (site->target_end < site->link_end)
          display = std::string(text.substr(site->target_end + 1, site->link_end - site->target_end - 1));
      }
      if (item.kind == CompletionKind::Alias) display = item.label;
      const LinkStyle link_style{true, style.format.value_or(LinkFormat::Absolute)};
      item.insert_text = write_link(vault, note.vault_path, *item.file, link_style, subpath, display, false);
      item.replace_range = ByteRange{open, site->closed ? site->link_end + 2 : cursor};
      item.filter_text = std::string(text.substr(open, cursor - open)) + item.label;
      continue;
    }
    if (!style.format) continue;
    // Swap the link path complete() wrote for the one in the wanted format.
    std::string old_path, new_path;
    const std::string linkpath = linkpath_in_format(vault, note.vault_path, *item.file, *style.format);
    if (wiki) {
      old_path = shortest_link_text(vault, *item.file);
      new_path = linkpath;
    } else if (markdown_site) {
      old_path = percent_encode_link(file.path);
      // Notes get their `.md` back (linkpath_in_format's last resort, the vault path, has it).
      new_path = percent_encode_link(file.is_note && linkpath != file.path ? linkpath + ".md" : linkpath);
    } else {
      continue;
    }
    if (item.insert_text.starts_with(old_path)) item.insert_text = new_path + item.insert_text.substr(old_path.size());
  }

  // Order: attachment folder first (embeds), ignored files last; stable otherwise.
  std::string attachment_folder;
  if (style.vault && embed_site) attachment_folder = style.vault->attachment_folder_for(note.vault_path);
  const auto rank_of = [&](const CompletionItem& item) {
    if (!style.vault || !is_file_item(item) || *item.file >= vault.file_count()) return 1;
    const std::string& path = vault.file(*item.file).path;
    if (style.vault->is_ignored(path)) return 2;
    if (!attachment_folder.empty() && in_folder(path, attachment_folder)) return 0;
    return 1;
  };
  std::vector<std::string> sort_texts;
  sort_texts.reserve(result.items.size());
  std::vector<std::pair<int, size_t>> order;
  bool moved = false;
  for (size_t i = 0; i < result.items.size(); ++i) {
    order.emplace_back(rank_of(result.items[i]), i);
    sort_texts.push_back(result.items[i].sort_text);
    moved |= order.back().first != 1;
  }
  if (!moved) return;
  std::stable_sort(order.begin(), order.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::sort(sort_texts.begin(), sort_texts.end());
  std::vector<CompletionItem> items;
  items.reserve(result.items.size());
  for (size_t k = 0; k < order.size(); ++k) {
    items.push_back(std::move(result.items[order[k].second]));
    items.back().sort_text = sort_texts[k];
  }
  result.items = std::move(items);
}

}  // namespace slipbox
