#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "analysis/text/moment_format.h"
#include "analysis/vault/vault.h"
#include "analysis/vault/vault_settings.h"

namespace slipbox {

// What a template's variables stand for when a note is made from it.
struct TemplateValues {
  std::string title;                       // {{title}}: the new note's name
  LocalDateTime date;                      // {{date}} and {{time}}: now, or a daily note's day at the current time
  std::string date_format = "YYYY-MM-DD";  // for a bare {{date}}
  std::string time_format = "HH:mm";       // for a bare {{time}}
};

// The template text with Obsidian's variables filled in, matched without regard to case or
// blanks inside the braces: `{{title}}`, `{{date}}`, `{{time}}`, `{{date:FORMAT}}`,
// `{{time:FORMAT}}` (moment.js, analysis/text/moment_format.h), and a day offset as the daily
// notes plugin writes it (`{{date+1d:YYYY-MM-DD}}`, `{{date-1w}}`). Anything else in braces stays.
std::string fill_template(std::string_view text, const TemplateValues& values);

// The notes in the templates folder (and its subfolders), by path; none when no folder is set.
std::vector<FileId> template_files(const Vault& vault, const TemplateSettings& settings);

// A template's name as Obsidian lists it: its file name without `.md`.
std::string template_name(const Vault& vault, FileId file);

}  // namespace slipbox
