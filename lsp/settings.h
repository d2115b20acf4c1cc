#pragma once
#include <algorithm>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "analysis/features/diagnostics.h"
#include "analysis/vault/path_globs.h"
#include "analysis/vault/vault_settings.h"
#include "lsp/protocol.h"

namespace slipbox::lsp {

// User settings, from `initializationOptions` and the `slipbox` section of
// workspace/configuration (same shape):
//   { "diagnostics": { "severity": { "unresolved-link": "error", "unresolved-heading": "off" } },
//     "index": { "maxNoteBytes": 10485760, "maxFiles": 500000 } }
// Severity is "error" | "warning" | "information" | "hint" | "off"; default warning.
struct Settings {
  std::map<std::string, std::string, std::less<>> severity_by_code;
  // `"index": {"maxNoteBytes": N}`: notes bigger than this are indexed by name only (logged).
  uint64_t max_note_bytes = 10ull << 20;
  // `"index": {"maxFiles": N}`: a folder stops being listed after N files (a warning says so).
  size_t max_files = 500'000;
  // `"index": {"waitSeconds": S}`: how long a request that needs the vault's index waits for
  // indexing to finish before it fails with "still indexing" (0: fails at once).
  double wait_seconds = 10;
  // `"index": {"followSymlinks": false}`: nothing behind a symlink is listed, resolved or read
  // (ScanOptions::follow_symlinks; docs/link-resolution.md §6).
  bool follow_symlinks = true;
  // `"index": {"cache": false}`: no persistent index. By default each folder's notes are
  // saved in $XDG_CACHE_HOME/slipbox/ (analysis/vault/index_cache.h) and a restart reads
  // only the notes that changed.
  bool index_cache = true;
  // `"inlayHints": {"embeds": true, "ambiguousLinks": true}`: each kind off by default
  // (analysis/features/inlay_hints.h).
  bool inlay_hint_embeds = false;
  bool inlay_hint_ambiguous_links = false;

  // Links and indexing (lsp/settings_links.cpp; the README's settings table):
  //   "index": {"exclude": ["Archive/**", "**/*.excalidraw.md", "Templates"]}
  //   "links": {"style": "wikilink"|"markdown", "format": "shortest"|"relative"|"absolute",
  //             "resolveAliases": false}
  // Unset style/format fall back to the vault's `.obsidian/app.json` (useMarkdownLinks,
  // newLinkFormat); the settings override it.
  std::vector<std::string> exclude;                // gitignore-like globs, vault-relative
  std::shared_ptr<const PathGlobs> exclude_globs;  // `exclude` compiled; null when empty
  std::optional<bool> markdown_links;              // links.style
  std::optional<LinkFormat> link_format;           // links.format
  bool resolve_aliases = false;                    // links.resolveAliases (off, as in Obsidian)
  void merge_links(const nlohmann::json& options, std::string* problems);

  // Merges what `options` sets; unknown keys and bad values are ignored (and reported to `problems`).
  void merge(const nlohmann::json& options, std::string* problems = nullptr);
  // nullopt when diagnostics of this kind are switched off.
  std::optional<DiagnosticSeverity> severity(DiagnosticKind kind) const;
  // The same for a code with another default (`ambiguous-link`: a hint).
  std::optional<DiagnosticSeverity> severity(std::string_view code, DiagnosticSeverity fallback) const;
};

}  // namespace slipbox::lsp
