#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "analysis/features/completion.h"
#include "analysis/text/moment_format.h"
#include "analysis/vault/vault_settings.h"

namespace slipbox {

// The vault path of the daily note of `date`: the folder, the name in the plugin's moment.js
// format (which may itself hold folders, `YYYY/MM/YYYY-MM-DD`), and `.md`.
std::string daily_note_path(const DailyNoteSettings& settings, const LocalDateTime& date);

// The vault path of the daily-note template (`.md` added when missing), or nullopt.
std::optional<std::string> daily_note_template_path(const DailyNoteSettings& settings);

// A linkpath that names `vault_path` (a note, existing or not) from the note at
// `source_vault_path` in `format`: the existing file's as linkpath_in_format writes it; for a
// note not created yet, Shortest gives the bare name unless another file already has it,
// Relative the path from the source's folder, Absolute the vault path. No `.md`.
std::string linkpath_to_path(const Vault& vault, std::string_view source_vault_path, std::string_view vault_path,
                             LinkFormat format);

// Daily-note items for a `[[word` site, first in `result`: `today`, `yesterday`, `tomorrow`,
// a weekday (`monday`: today when it is Monday, else the coming one), `next monday` (the
// coming one, never today), `last friday` (the latest one before today), and an ISO date
// `2026-12-24`. A word matches when what was typed (three letters at least) starts it. The
// item links to the dated note whether it exists or not; its label shows the date
// ("today → 2026-12-07"). `today` is the server's local date.
void add_daily_note_items(const NoteContext& note, uint32_t cursor, const DailyNoteSettings& settings,
                          const LocalDateTime& today, const LinkStyle& style, CompletionResult& result);

}  // namespace slipbox
