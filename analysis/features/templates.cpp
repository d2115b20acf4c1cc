#include "analysis/features/templates.h"

#include "analysis/text/unicode.h"
#include "analysis/text/vault_path.h"

namespace slipbox {
namespace {

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool starts_with_word(std::string_view text, std::string_view word) {
  if (text.size() < word.size()) return false;
  for (size_t i = 0; i < word.size(); ++i)
    if (lower(text[i]) != word[i]) return false;
  return true;
}

std::string_view trim_spaces(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// `{{inner}}` with `inner` the text between the braces; nullopt when it is no variable.
std::optional<std::string> expand(std::string_view inner, const TemplateValues& values) {
  inner = trim_spaces(inner);
  if (inner.size() == 5 && starts_with_word(inner, "title")) return values.title;
  const bool is_date = starts_with_word(inner, "date");
  const bool is_time = starts_with_word(inner, "time");
  if (!is_date && !is_time) return std::nullopt;
  std::string_view rest = trim_spaces(inner.substr(4));
  LocalDateTime when = values.date;
  // A day offset: `+1d`, `-2w`.
  if (!rest.empty() && (rest.front() == '+' || rest.front() == '-')) {
    const bool minus = rest.front() == '-';
    size_t digits = 1;
    long amount = 0;
    while (digits < rest.size() && rest[digits] >= '0' && rest[digits] <= '9' && digits < 7)
      amount = amount * 10 + (rest[digits++] - '0');
    if (digits == 1 || digits >= rest.size() || (lower(rest[digits]) != 'd' && lower(rest[digits]) != 'w'))
      return std::nullopt;
    if (lower(rest[digits]) == 'w') amount *= 7;
    when = add_days(when, minus ? -amount : amount);
    rest = trim_spaces(rest.substr(digits + 1));
  }
  if (rest.empty()) return format_moment(when, is_date ? values.date_format : values.time_format);
  if (rest.front() != ':' || trim_spaces(rest.substr(1)).empty()) return std::nullopt;
  return format_moment(when, trim_spaces(rest.substr(1)));
}

}  // namespace

std::string fill_template(std::string_view text, const TemplateValues& values) {
  std::string out;
  out.reserve(text.size());
  size_t at = 0;
  while (at < text.size()) {
    const size_t open = text.find("{{", at);
    if (open == std::string_view::npos) break;
    const size_t close = text.find("}}", open + 2);
    if (close == std::string_view::npos) break;
    out.append(text.substr(at, open - at));
    const std::string_view inner = text.substr(open + 2, close - open - 2);
    const auto value = inner.find('\n') == std::string_view::npos ? expand(inner, values) : std::nullopt;
    if (value) {
      out += *value;
      at = close + 2;
    } else {
      out += '{';  // not a variable: keep it, and look again one brace on (`{{{title}}}`)
      at = open + 1;
    }
  }
  out.append(text.substr(at));
  return out;
}

std::vector<FileId> template_files(const Vault& vault, const TemplateSettings& settings) {
  std::vector<FileId> out;
  std::string folder = clean_vault_path(settings.folder);
  while (folder.ends_with('/')) folder.pop_back();
  if (folder.empty()) return out;
  const std::string prefix = folder + "/";
  for (FileId id = 0; id < vault.file_count(); ++id) {
    const VaultFile& file = vault.file(id);
    if (file.is_note && file.path.starts_with(prefix)) out.push_back(id);
  }
  return out;
}

std::string template_name(const Vault& vault, FileId file) {
  std::string name(basename_of(vault.file(file).path));
  if (name.size() > 3) name.resize(name.size() - 3);
  return name;
}

}  // namespace slipbox
