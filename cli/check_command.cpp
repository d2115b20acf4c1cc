#include "cli/check_command.h"

#include <algorithm>
#include <exception>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <optional>
#include <set>
#include <sstream>
#include <string_view>
#include <system_error>
#include <tuple>

#include <nlohmann/json.hpp>

#include "analysis/features/check.h"
#include "analysis/features/diagnostics.h"
#include "analysis/features/orphans.h"
#include "analysis/vault/link_graph.h"
#include "analysis/vault/vault.h"

namespace slipbox {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kUsage =
    "Usage: slipbox check [--format text|json] [--orphans] [--unused-attachments] VAULT\n"
    "\n"
    "Reports every broken link in the Obsidian-style vault folder VAULT: links to a\n"
    "missing note, attachment, heading or block id. Links in %% comments %% and in\n"
    "code are not reported.\n"
    "\n"
    "Options:\n"
    "  --format text   one finding per line (default):\n"
    "                    path:line:column: warning: message [code]\n"
    "                  then a summary line. Line and column are 1-based; the column\n"
    "                  counts UTF-16 code units (as LSP does), so an emoji counts 2.\n"
    "                  Paths are the vault folder as given joined with the note's path.\n"
    "  --format json   a JSON array of {path, range, severity, code, message, target};\n"
    "                  path is vault-relative, range is an LSP range (zero-based line,\n"
    "                  UTF-16 character).\n"
    "  --orphans       also list notes no other note links to [orphan-note]\n"
    "  --unused-attachments\n"
    "                  also list attachments no link or embed uses [unused-attachment]\n"
    "                  (text: path: kind [code]; json: entries without a range)\n"
    "  -h, --help      show this help\n"
    "\n"
    "Exit status: 0 nothing found, 1 broken links (or requested orphans/attachments) found, 2 usage error or the vault\n"
    "folder cannot be read.\n";

enum class Format { Text, Json };

struct CheckArgs {
  Format format = Format::Text;
  std::string vault;
  bool orphans = false;
  bool unused_attachments = false;
};

int usage_error(const std::string& message) {
  std::cerr << "slipbox check: " << message << "\n"
            << "Try 'slipbox check --help'.\n";
  return 2;
}

std::optional<Format> parse_format(std::string_view value) {
  if (value == "text") return Format::Text;
  if (value == "json") return Format::Json;
  return std::nullopt;
}

// Returns the exit code when parsing ends the run (help, usage error), else nullopt.
std::optional<int> parse_args(const std::vector<std::string>& args, CheckArgs& out) {
  std::vector<std::string> positional;
  bool options_done = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (options_done || arg.size() < 2 || arg[0] != '-') {
      positional.push_back(arg);
    } else if (arg == "--") {
      options_done = true;
    } else if (arg == "-h" || arg == "--help") {
      std::cout << kUsage;
      return 0;
    } else if (arg == "--format" || arg.rfind("--format=", 0) == 0) {
      std::string value;
      if (arg == "--format") {
        if (i + 1 == args.size()) return usage_error("--format needs a value: text or json");
        value = args[++i];
      } else {
        value = arg.substr(std::string_view("--format=").size());
      }
      auto format = parse_format(value);
      if (!format) return usage_error("unknown format '" + value + "' (expected text or json)");
      out.format = *format;
    } else if (arg == "--orphans") {
      out.orphans = true;
    } else if (arg == "--unused-attachments") {
      out.unused_attachments = true;
    } else {
      return usage_error("unknown option '" + arg + "'");
    }
  }
  if (positional.empty()) return usage_error("missing VAULT folder");
  if (positional.size() > 1) return usage_error("expected one VAULT folder, got " + std::to_string(positional.size()));
  out.vault = positional.front();
  return std::nullopt;
}

// Why the folder cannot be checked, or nullopt when it can be listed.
std::optional<std::string> unreadable_folder(const fs::path& folder) {
  std::error_code ec;
  const fs::file_status status = fs::status(folder, ec);
  if (ec || !fs::exists(status)) return "no such folder";
  if (!fs::is_directory(status)) return "not a folder";
  fs::directory_iterator listing(folder, ec);
  if (ec) return "cannot read the folder: " + ec.message();
  return std::nullopt;
}

// What goes before a vault path in text output: the folder as the user typed it, tidied
// ("./notes/" → "notes/"), so that the printed path opens from the user's shell.
std::string display_prefix(const std::string& vault_arg) {
  std::string folder = fs::path(vault_arg).lexically_normal().generic_string();
  while (folder.size() > 1 && folder.back() == '/') folder.pop_back();
  if (folder.empty() || folder == ".") return "";
  if (folder == "/") return folder;
  return folder + "/";
}

std::string plural(size_t count, std::string_view singular, std::string_view plural_form) {
  return std::to_string(count) + " " + std::string(count == 1 ? singular : plural_form);
}

void print_text(const std::vector<CheckFinding>& findings, const std::string& vault_arg, size_t note_count) {
  const std::string prefix = display_prefix(vault_arg);
  std::set<std::string_view> broken_notes;
  for (const CheckFinding& finding : findings) {
    broken_notes.insert(finding.path);
    std::cout << prefix << finding.path << ':' << finding.start.line + 1 << ':' << finding.start.column_utf16 + 1
              << ": warning: " << finding.diagnostic.message << " [" << diagnostic_code(finding.diagnostic.kind)
              << "]\n";
  }
  if (findings.empty()) {
    std::cout << "No broken links in " << plural(note_count, "note", "notes") << ".\n";
  } else {
    std::cout << plural(findings.size(), "broken link", "broken links") << " in " << broken_notes.size() << " of "
              << plural(note_count, "note", "notes") << ".\n";
  }
}

nlohmann::ordered_json position_json(const LineColumnUtf16& position) {
  return {{"line", position.line}, {"character", position.column_utf16}};
}

void print_json(const std::vector<CheckFinding>& findings) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const CheckFinding& finding : findings) {
    out.push_back({
        {"path", finding.path},
        {"range", {{"start", position_json(finding.start)}, {"end", position_json(finding.end)}}},
        {"severity", "warning"},
        {"code", std::string(diagnostic_code(finding.diagnostic.kind))},
        {"message", finding.diagnostic.message},
        {"target", finding.diagnostic.target},
    });
  }
  // Note text may hold invalid UTF-8: replace it rather than throw.
  std::cout << out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
}

}  // namespace

int run_check(const std::vector<std::string>& args) {
  CheckArgs options;
  if (auto exit_code = parse_args(args, options)) return *exit_code;

  const fs::path root(options.vault);
  if (auto problem = unreadable_folder(root)) {
    std::cerr << "slipbox check: " << options.vault << ": " << *problem << "\n";
    return 2;
  }

  try {
    std::mutex log_mutex;  // the scan may log from several threads
    ScanOptions scan_options;
    scan_options.log = [&log_mutex](const std::string& message) {
      std::lock_guard lock(log_mutex);
      std::cerr << "slipbox check: " << message << "\n";
    };
    const std::shared_ptr<const Vault> vault = Vault::scan(root, scan_options);
    const ReadText read_text = [&vault](FileId id) { return read_file_text(vault->absolute_path(id)); };
    std::vector<CheckFinding> findings = check_vault(*vault, read_text);
    // check_vault promises this order; keep the output stable even if that changes.
    std::stable_sort(findings.begin(), findings.end(), [](const CheckFinding& a, const CheckFinding& b) {
      return std::tie(a.path, a.start.line, a.start.column_utf16) < std::tie(b.path, b.start.line, b.start.column_utf16);
    });

    const size_t note_count = std::count_if(vault->files().begin(), vault->files().end(),
                                            [](const VaultFile& file) { return file.is_note; });
    // --orphans / --unused-attachments: files, not positions.
    std::vector<std::pair<std::string, std::string_view>> listed;  // path, code
    if (options.orphans || options.unused_attachments) {
      const auto graph = LinkGraph::build(vault);
      if (options.orphans)
        for (const FileId id : orphan_notes(*graph)) listed.emplace_back(vault->file(id).path, "orphan-note");
      if (options.unused_attachments)
        for (const FileId id : unused_attachments(*graph)) listed.emplace_back(vault->file(id).path, "unused-attachment");
    }
    if (options.format == Format::Json) {
      if (listed.empty()) {
        print_json(findings);
      } else {
        std::ostringstream broken;
        std::streambuf* saved = std::cout.rdbuf(broken.rdbuf());
        print_json(findings);
        std::cout.rdbuf(saved);
        auto all = nlohmann::ordered_json::parse(broken.str());
        for (const auto& [path, code] : listed)
          all.push_back({{"path", path}, {"severity", "information"}, {"code", std::string(code)},
                         {"message", code == "orphan-note" ? "No note links here" : "No link or embed uses this file"}});
        std::cout << all.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
      }
    } else {
      print_text(findings, options.vault, note_count);
      const std::string prefix = display_prefix(options.vault);
      for (const auto& [path, code] : listed)
        std::cout << prefix << path << ": " << (code == "orphan-note" ? "orphan note" : "unused attachment") << " [" << code
                  << "]\n";
      if (!listed.empty()) std::cout << plural(listed.size(), "unlinked file", "unlinked files") << ".\n";
    }
    std::cout.flush();
    return findings.empty() && listed.empty() ? 0 : 1;
  } catch (const std::exception& error) {
    std::cerr << "slipbox check: " << options.vault << ": " << error.what() << "\n";
    return 2;
  }
}

}  // namespace slipbox
