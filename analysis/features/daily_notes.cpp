#include "analysis/features/daily_notes.h"

#include <array>

#include "analysis/features/completion_extras.h"
#include "analysis/features/link_edit.h"
#include "analysis/text/unicode.h"
#include "analysis/text/vault_path.h"
#include "analysis/vault/file_kinds.h"

namespace slipbox {
namespace {

constexpr std::array<const char*, 7> kWeekdays = {"sunday",   "monday", "tuesday", "wednesday",
                                                  "thursday", "friday", "saturday"};
constexpr size_t kShortestWord = 3;  // `[[t` would offer today, tomorrow, tuesday, thursday…

std::string without_md(std::string_view path) {
  if (path.size() > 3 && is_note_extension(file_extension(path))) path.remove_suffix(3);
  return std::string(path);
}

struct DatedWord {
  std::string word;  // as the label shows it
  long offset = 0;   // days from today
};

// The words that name a day, relative to `today`.
std::vector<DatedWord> dated_words(const LocalDateTime& today) {
  std::vector<DatedWord> out = {{"today", 0}, {"tomorrow", 1}, {"yesterday", -1}};
  const int weekday = day_of_week(today);
  for (int day = 0; day < 7; ++day) {
    const long ahead = (day - weekday + 7) % 7;
    out.push_back({kWeekdays[static_cast<size_t>(day)], ahead});
    out.push_back({std::string("next ") + kWeekdays[static_cast<size_t>(day)], ahead == 0 ? 7 : ahead});
    out.push_back({std::string("last ") + kWeekdays[static_cast<size_t>(day)], ahead == 0 ? -7 : ahead - 7});
  }
  return out;
}

// The relative path from `from_folder` to `to` (both vault paths).
std::string relative_path(std::string_view from_folder, std::string_view to) {
  std::string_view from = from_folder;
  std::string_view target = to;
  // Drop the common leading folders.
  while (!from.empty()) {
    const size_t slash = from.find('/');
    const std::string_view head = from.substr(0, slash);
    if (!target.starts_with(head) || target.size() <= head.size() || target[head.size()] != '/') break;
    target.remove_prefix(head.size() + 1);
    from = slash == std::string_view::npos ? std::string_view() : from.substr(slash + 1);
  }
  std::string out;
  while (!from.empty()) {
    out += "../";
    const size_t slash = from.find('/');
    from = slash == std::string_view::npos ? std::string_view() : from.substr(slash + 1);
  }
  if (out.empty()) out = "./";
  return out + std::string(target);
}

}  // namespace

std::string daily_note_path(const DailyNoteSettings& settings, const LocalDateTime& date) {
  std::string name = format_moment(date, settings.format.empty() ? "YYYY-MM-DD" : settings.format);
  std::string path = settings.folder.empty() ? name : settings.folder + "/" + name;
  return to_nfc(clean_vault_path(path)) + ".md";
}

std::optional<std::string> daily_note_template_path(const DailyNoteSettings& settings) {
  if (settings.template_path.empty()) return std::nullopt;
  std::string path = clean_vault_path(settings.template_path);
  if (path.empty()) return std::nullopt;
  if (!is_note_extension(file_extension(path))) path += ".md";
  return to_nfc(path);
}

std::string linkpath_to_path(const Vault& vault, std::string_view source_vault_path, std::string_view vault_path,
                             LinkFormat format) {
  if (const auto file = vault.find_path(vault_path)) return linkpath_in_format(vault, source_vault_path, *file, format);
  switch (format) {
    case LinkFormat::Absolute:
      return without_md(vault_path);
    case LinkFormat::Relative:
      return without_md(relative_path(folder_of(source_vault_path), vault_path));
    case LinkFormat::Shortest:
      break;
  }
  const std::string_view base = basename_of(vault_path);
  if (vault.files_with_basename(fold_key(base)).empty()) return without_md(base);
  return without_md(vault_path);
}

void add_daily_note_items(const NoteContext& note, uint32_t cursor, const DailyNoteSettings& settings,
                          const LocalDateTime& today, const LinkStyle& style, CompletionResult& result) {
  const auto site = find_completion_site(note.text, cursor);
  if (!site || site->markdown || cursor < site->query_begin) return;
  const std::string_view typed_text = note.text.substr(site->query_begin, cursor - site->query_begin);
  if (typed_text.find_first_of("#|") != std::string_view::npos) return;
  const std::string typed = ascii_lower(trim_blanks(typed_text));
  if (typed.size() < kShortestWord) return;

  std::vector<DatedWord> matches;
  LocalDateTime iso;
  if (parse_iso_date(typed, iso)) {
    matches.push_back({typed, days_since_epoch(iso) - days_since_epoch(today)});
  } else {
    for (DatedWord& word : dated_words(today))
      if (word.word.starts_with(typed)) matches.push_back(std::move(word));
  }
  if (matches.empty()) return;

  const uint32_t replace_end = site->closed ? site->target_end : cursor;
  std::vector<CompletionItem> items;
  for (const DatedWord& word : matches) {
    const LocalDateTime date = add_days(today, word.offset);
    const std::string path = daily_note_path(settings, date);
    const std::optional<FileId> file = note.vault.find_path(path);
    const std::string name = without_md(basename_of(path));
    const std::string linkpath = linkpath_to_path(note.vault, note.vault_path, path, style.format);
    CompletionItem item;
    item.kind = file ? CompletionKind::Note : CompletionKind::PlannedNote;
    item.file = file;
    item.label = word.word == name ? name : word.word + " → " + name;
    item.detail = format_moment(date, "dddd D MMMM YYYY") + (file ? " · daily note" : " · daily note, not created yet");
    item.filter_text = word.word;
    if (style.markdown) {
      // `[[today` becomes `[2026-12-07](Daily/2026-12-07.md)`.
      item.insert_text = "[" + name + "](" + percent_encode_link(linkpath + ".md") + ")";
      item.replace_range = ByteRange{site->query_begin - 2, site->closed ? site->link_end + 2 : cursor};
      item.filter_text = std::string(note.text.substr(site->query_begin - 2, 2)) + item.filter_text;
    } else {
      item.insert_text = linkpath + (site->closed ? "" : "]]");
      item.replace_range = ByteRange{site->query_begin, replace_end};
    }
    items.push_back(std::move(item));
  }
  // First: the user typed a day's name, not a note's.
  for (size_t i = 0; i < items.size(); ++i) items[i].sort_text = "!" + completion_sort_text(i);
  result.items.insert(result.items.begin(), std::make_move_iterator(items.begin()),
                      std::make_move_iterator(items.end()));
}

}  // namespace slipbox
