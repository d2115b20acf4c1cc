#pragma once
#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "analysis/features/diagnostics.h"
#include "lsp/protocol.h"

namespace slipbox::lsp {

// User settings, from `initializationOptions` and the `slipbox` section of
// workspace/configuration (same shape):
//   { "diagnostics": { "severity": { "unresolved-link": "error", "unresolved-heading": "off" } },
//     "index": { "maxNoteBytes": 10485760 } }
// Severity is "error" | "warning" | "information" | "hint" | "off"; default warning.
struct Settings {
  std::map<std::string, std::string, std::less<>> severity_by_code;
  // `"index": {"maxNoteBytes": N}`: notes bigger than this are indexed by name only (logged).
  uint64_t max_note_bytes = 10ull << 20;

  // Merges what `options` sets; unknown keys and bad values are ignored (and reported to `problems`).
  void merge(const nlohmann::json& options, std::string* problems = nullptr);
  // nullopt when diagnostics of this kind are switched off.
  std::optional<DiagnosticSeverity> severity(DiagnosticKind kind) const;
};

}  // namespace slipbox::lsp
