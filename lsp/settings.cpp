#include "lsp/settings.h"

namespace slipbox::lsp {

void Settings::merge(const nlohmann::json& options, std::string* problems) {
  if (!options.is_object()) return;
  merge_links(options, problems);
  if (const auto index = options.find("index"); index != options.end() && index->is_object()) {
    if (const auto max = index->find("maxNoteBytes"); max != index->end()) {
      if (max->is_number_unsigned() && max->get<uint64_t>() > 0)
        max_note_bytes = max->get<uint64_t>();
      else if (problems)
        *problems += "ignoring index.maxNoteBytes: expected a positive integer\n";
    }
    if (const auto max = index->find("maxFiles"); max != index->end()) {
      if (max->is_number_unsigned() && max->get<uint64_t>() > 0)
        max_files = static_cast<size_t>(max->get<uint64_t>());
      else if (problems)
        *problems += "ignoring index.maxFiles: expected a positive integer\n";
    }
    if (const auto wait = index->find("waitSeconds"); wait != index->end()) {
      if (wait->is_number() && wait->get<double>() >= 0 && wait->get<double>() <= 3600)
        wait_seconds = wait->get<double>();
      else if (problems)
        *problems += "ignoring index.waitSeconds: expected a number of seconds from 0 to 3600\n";
    }
    if (const auto follow = index->find("followSymlinks"); follow != index->end()) {
      if (follow->is_boolean())
        follow_symlinks = follow->get<bool>();
      else if (problems)
        *problems += "ignoring index.followSymlinks: expected true or false\n";
    }
    if (const auto cache = index->find("cache"); cache != index->end()) {
      if (cache->is_boolean())
        index_cache = cache->get<bool>();
      else if (problems)
        *problems += "ignoring index.cache: expected true or false\n";
    }
  }
  if (const auto hints = options.find("inlayHints"); hints != options.end() && hints->is_object()) {
    for (const auto& [key, field] :
         {std::pair{"embeds", &inlay_hint_embeds}, std::pair{"ambiguousLinks", &inlay_hint_ambiguous_links}}) {
      const auto value = hints->find(key);
      if (value == hints->end()) continue;
      if (value->is_boolean())
        *field = value->get<bool>();
      else if (problems)
        *problems += std::string("ignoring inlayHints.") + key + ": expected true or false\n";
    }
  }
  const auto diagnostics = options.find("diagnostics");
  if (diagnostics == options.end() || !diagnostics->is_object()) return;
  const auto severity = diagnostics->find("severity");
  if (severity == diagnostics->end() || !severity->is_object()) return;
  for (const auto& [code, value] : severity->items()) {
    static const char* const kValid[] = {"error", "warning", "information", "hint", "off"};
    const bool valid = value.is_string() &&
                       std::find(std::begin(kValid), std::end(kValid), value.get<std::string>()) != std::end(kValid);
    if (!valid) {
      if (problems)
        *problems += "ignoring diagnostics.severity." + code + ": expected error|warning|information|hint|off\n";
      continue;
    }
    severity_by_code[code] = value.get<std::string>();
  }
}

std::optional<DiagnosticSeverity> Settings::severity(DiagnosticKind kind) const {
  return severity(diagnostic_code(kind), DiagnosticSeverity::Warning);
}

std::optional<DiagnosticSeverity> Settings::severity(std::string_view code, DiagnosticSeverity fallback) const {
  const auto it = severity_by_code.find(code);
  if (it == severity_by_code.end()) return fallback;
  if (it->second == "warning") return DiagnosticSeverity::Warning;
  if (it->second == "error") return DiagnosticSeverity::Error;
  if (it->second == "information") return DiagnosticSeverity::Information;
  if (it->second == "hint") return DiagnosticSeverity::Hint;
  return std::nullopt;  // "off"
}

}  // namespace slipbox::lsp
