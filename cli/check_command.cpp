#include "cli/check_command.h"

#include <algorithm>
#include <exception>
#include <filesystem>
#include <iostream>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string_view>
#include <system_error>
#include <thread>
#include <tuple>

#include <nlohmann/json.hpp>

#include "analysis/features/check.h"
#include "analysis/features/diagnostics.h"
#include "analysis/features/orphans.h"
#include "analysis/text/unicode.h"
#include "analysis/vault/index_cache.h"
#include "analysis/vault/link_graph.h"
#include "analysis/vault/vault.h"
#include "analysis/vault/vault_file_reader.h"
#include "cli/command_line.h"

namespace slipbox {
namespace {

namespace fs = std::filesystem;
using cli::CommandLine;

constexpr std::string_view kUsage =
    "Usage: slipbox check [--format text|json|github|sarif] [--orphans] [--unused-attachments]\n"
    "                     [--no-follow-symlinks] [--severity CODE=LEVEL]... [--cache] VAULT\n"
    "\n"
    "Reports every broken link in the Obsidian-style vault folder VAULT: links to a\n"
    "missing note, attachment, heading or block id. Links in %% comments %% and in\n"
    "code are not reported. Links whose bare name notes in several folders share are\n"
    "reported as hints [ambiguous-link], as the language server hints them.\n"
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
    "  --format github GitHub Actions workflow commands (::warning file=…,line=…::…), so\n"
    "                  each broken link is annotated on its line in a pull request.\n"
    "  --format sarif  SARIF 2.1.0 (code scanning tools); columns in UTF-16 code units.\n"
    "  --orphans       also list notes no other note links to [orphan-note]\n"
    "  --unused-attachments\n"
    "                  also list attachments no link or embed uses [unused-attachment]\n"
    "                  (text: path: kind [code]; json: entries without a range)\n"
    "  --no-follow-symlinks\n"
    "                  list, resolve and read nothing behind a symlink (by default a\n"
    "                  symlinked folder or file leading out of VAULT is part of it, as in\n"
    "                  Obsidian; one leading back into VAULT or to a parent is skipped)\n"
    "  --cache         read the notes unchanged since the last run from the index\n"
    "                  cache the language server keeps ($XDG_CACHE_HOME/slipbox/, else\n"
    "                  ~/.cache/slipbox/), and save it for the next run\n"
    "  --severity CODE=LEVEL\n"
    "                  the level a code is reported at, as the server's\n"
    "                  diagnostics.severity: error, warning, information, hint or off.\n"
    "                  Defaults: warning; hint for ambiguous-link. Only error and\n"
    "                  warning findings count as broken links and set the exit status\n"
    "  -h, --help      show this help\n"
    "\n"
    "Exit status: 0 nothing found at error or warning level, 1 broken links (or requested\n"
    "orphans/attachments) found, 2 usage error or the vault folder cannot be read.\n";

enum class Format { Text, Json, Github, Sarif };

// The levels of the server's diagnostics.severity setting.
enum class Level { Error, Warning, Information, Hint, Off };

std::string_view level_name(Level level) {
  switch (level) {
    case Level::Error:
      return "error";
    case Level::Warning:
      return "warning";
    case Level::Information:
      return "information";
    case Level::Hint:
      return "hint";
    case Level::Off:
      return "off";
  }
  return "warning";
}

std::optional<Level> parse_level(std::string_view value) {
  for (const Level level : {Level::Error, Level::Warning, Level::Information, Level::Hint, Level::Off})
    if (value == level_name(level)) return level;
  return std::nullopt;
}

// Errors and warnings are broken links (they set the exit status); the rest is advice.
bool counts(Level level) { return level == Level::Error || level == Level::Warning; }

struct CheckArgs {
  Format format = Format::Text;
  std::string vault;
  bool orphans = false;
  bool unused_attachments = false;
  bool follow_symlinks = true;
  bool cache = false;                                  // --cache: the persistent index
  std::map<std::string, Level, std::less<>> severity;  // --severity CODE=LEVEL
  Level level_of(std::string_view code) const {
    if (const auto found = severity.find(code); found != severity.end()) return found->second;
    return code == "ambiguous-link" ? Level::Hint : Level::Warning;
  }
};

bool is_known_code(std::string_view code) {
  for (const DiagnosticKind kind : kAllDiagnosticKinds)
    if (code == diagnostic_code(kind)) return true;
  return code == "ambiguous-link";
}

int usage_error(const std::string& message) {
  std::cerr << "slipbox check: " << message << "\n"
            << "Try 'slipbox check --help'.\n";
  return 2;
}

std::optional<Format> parse_format(std::string_view value) {
  if (value == "text") return Format::Text;
  if (value == "json") return Format::Json;
  if (value == "github") return Format::Github;
  if (value == "sarif") return Format::Sarif;
  return std::nullopt;
}

// Returns the exit code when parsing ends the run (help, usage error), else nullopt.
std::optional<int> parse_args(const std::vector<std::string>& args, CheckArgs& out) {
  CommandLine line(args);
  while (line.next_option()) {
    if (line.is("-h") || line.is("--help")) {
      std::cout << kUsage;
      return 0;
    } else if (line.is_valued("--format")) {
      const std::optional<std::string> value = line.value();
      if (!value) return usage_error("--format needs a value: text, json, github or sarif");
      auto format = parse_format(*value);
      if (!format) return usage_error("unknown format '" + *value + "' (expected text, json, github or sarif)");
      out.format = *format;
    } else if (line.is("--orphans")) {
      out.orphans = true;
    } else if (line.is("--unused-attachments")) {
      out.unused_attachments = true;
    } else if (line.is("--no-follow-symlinks")) {
      out.follow_symlinks = false;
    } else if (line.is("--cache")) {
      out.cache = true;
    } else if (line.is_valued("--severity")) {
      const std::optional<std::string> given = line.value();
      if (!given) return usage_error("--severity needs CODE=LEVEL (e.g. ambiguous-link=warning)");
      const std::string& value = *given;
      const size_t equals = value.find('=');
      const std::string code = value.substr(0, equals);
      if (equals == std::string::npos || !is_known_code(code))
        return usage_error("--severity needs CODE=LEVEL with a diagnostic code, got '" + value + "'");
      const auto level = parse_level(std::string_view(value).substr(equals + 1));
      if (!level)
        return usage_error("unknown level in '" + value + "' (expected error, warning, information, hint or off)");
      out.severity[code] = *level;
    } else {
      return usage_error("unknown option '" + line.option() + "'");
    }
  }
  const std::vector<std::string>& positional = line.positional();
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

void print_text(const std::vector<CheckFinding>& findings, const CheckArgs& args, size_t note_count) {
  const std::string prefix = display_prefix(args.vault);
  std::set<std::string_view> broken_notes;
  size_t broken = 0, advice = 0;
  for (const CheckFinding& finding : findings) {
    const Level level = args.level_of(finding.code());
    if (counts(level)) {
      broken_notes.insert(finding.path);
      ++broken;
    } else {
      ++advice;
    }
    std::cout << prefix << finding.path << ':' << finding.start.line + 1 << ':' << finding.start.column_utf16 + 1
              << ": " << level_name(level) << ": " << finding.diagnostic.message << " [" << finding.code() << "]\n";
  }
  if (broken == 0) {
    std::cout << "No broken links in " << plural(note_count, "note", "notes") << ".\n";
  } else {
    std::cout << plural(broken, "broken link", "broken links") << " in " << broken_notes.size() << " of "
              << plural(note_count, "note", "notes") << ".\n";
  }
  if (advice > 0)
    std::cout << plural(advice, "hint", "hints") << " (information or hint level: not counted as broken).\n";
}

nlohmann::ordered_json position_json(const LineColumnUtf16& position) {
  return {{"line", position.line}, {"character", position.column_utf16}};
}

// A file listed by --orphans / --unused-attachments: no position.
struct ListedFile {
  std::string path;
  std::string_view code;  // "orphan-note" | "unused-attachment"
  std::string_view message() const {
    return code == "orphan-note" ? "No note links here" : "No link or embed uses this file";
  }
};

void print_json(const std::vector<CheckFinding>& findings, const std::vector<ListedFile>& listed,
                const CheckArgs& args) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const CheckFinding& finding : findings) {
    out.push_back({
        {"path", finding.path},
        {"range", {{"start", position_json(finding.start)}, {"end", position_json(finding.end)}}},
        {"severity", std::string(level_name(args.level_of(finding.code())))},
        {"code", std::string(finding.code())},
        {"message", finding.diagnostic.message},
        {"target", finding.diagnostic.target},
    });
  }
  for (const ListedFile& file : listed)
    out.push_back({{"path", file.path},
                   {"severity", "information"},
                   {"code", std::string(file.code)},
                   {"message", std::string(file.message())}});
  // Note text may hold invalid UTF-8: replace it rather than throw.
  std::cout << out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
}

// GitHub Actions workflow-command escaping: data escapes %, CR, LF; properties also : and ,.
std::string github_escape(std::string_view text, bool property) {
  std::string out;
  for (const char c : text) {
    if (c == '%')
      out += "%25";
    else if (c == '\r')
      out += "%0D";
    else if (c == '\n')
      out += "%0A";
    else if (property && c == ':')
      out += "%3A";
    else if (property && c == ',')
      out += "%2C";
    else
      out += c;
  }
  return out;
}

// Paths are the vault folder as given joined with the note's path: run from the repository
// root, they are what GitHub expects (repository-relative).
void print_github(const std::vector<CheckFinding>& findings, const std::vector<ListedFile>& listed,
                  const CheckArgs& args) {
  const std::string prefix = display_prefix(args.vault);
  for (const CheckFinding& finding : findings) {
    const std::string code(finding.code());
    const Level level = args.level_of(code);
    const std::string_view command = level == Level::Error ? "error" : level == Level::Warning ? "warning" : "notice";
    std::cout << "::" << command << " file=" << github_escape(prefix + finding.path, true)
              << ",line=" << finding.start.line + 1 << ",col=" << finding.start.column_utf16 + 1
              << ",endLine=" << finding.end.line + 1 << ",endColumn=" << finding.end.column_utf16 + 1
              << ",title=" << github_escape("slipbox " + code, true)
              << "::" << github_escape(finding.diagnostic.message, false) << " [" << code << "]\n";
  }
  for (const ListedFile& file : listed)
    std::cout << "::notice file=" << github_escape(prefix + file.path, true)
              << ",title=" << github_escape("slipbox " + std::string(file.code), true)
              << "::" << github_escape(file.message(), false) << " [" << file.code << "]\n";
}

std::string_view rule_description(std::string_view code) {
  if (code == "unresolved-link") return "Link to a note that does not exist";
  if (code == "unresolved-attachment") return "Link to an attachment that does not exist";
  if (code == "unresolved-heading") return "Link to a heading the note does not have";
  if (code == "unresolved-block") return "Link to a block id the note does not have";
  if (code == "link-outside-vault") return "Link that leaves the vault";
  if (code == "ambiguous-link") return "Link whose bare name notes in several folders share";
  if (code == "orphan-note") return "Note that no other note links to";
  if (code == "unused-attachment") return "Attachment that no link or embed uses";
  return "Broken link";
}

// SARIF 2.1.0, one run; columns in UTF-16 code units, as the LSP positions are.
void print_sarif(const std::vector<CheckFinding>& findings, const std::vector<ListedFile>& listed,
                 const CheckArgs& args) {
  const std::string prefix = display_prefix(args.vault);
  std::vector<std::string> rule_ids;
  auto rule_index = [&rule_ids](std::string_view code) {
    for (size_t i = 0; i < rule_ids.size(); ++i)
      if (rule_ids[i] == code) return i;
    rule_ids.emplace_back(code);
    return rule_ids.size() - 1;
  };
  auto location = [&prefix](const std::string& path) {
    // A relative URI reference.
    return nlohmann::ordered_json{{"artifactLocation", {{"uri", percent_encode_uri_path(prefix + path)}}}};
  };
  nlohmann::ordered_json results = nlohmann::ordered_json::array();
  for (const CheckFinding& finding : findings) {
    const std::string_view code = finding.code();
    const Level level = args.level_of(code);
    nlohmann::ordered_json physical = location(finding.path);
    physical["region"] = {{"startLine", finding.start.line + 1},
                          {"startColumn", finding.start.column_utf16 + 1},
                          {"endLine", finding.end.line + 1},
                          {"endColumn", finding.end.column_utf16 + 1}};
    results.push_back({{"ruleId", std::string(code)},
                       {"ruleIndex", rule_index(code)},
                       {"level", level == Level::Error     ? "error"
                                 : level == Level::Warning ? "warning"
                                                           : "note"},
                       {"message", {{"text", finding.diagnostic.message}}},
                       {"locations", {{{"physicalLocation", physical}}}},
                       {"properties", {{"target", finding.diagnostic.target}}}});
  }
  for (const ListedFile& file : listed)
    results.push_back({{"ruleId", std::string(file.code)},
                       {"ruleIndex", rule_index(file.code)},
                       {"level", "note"},
                       {"message", {{"text", std::string(file.message())}}},
                       {"locations", {{{"physicalLocation", location(file.path)}}}}});
  nlohmann::ordered_json rules = nlohmann::ordered_json::array();
  for (const std::string& id : rule_ids)
    rules.push_back({{"id", id}, {"shortDescription", {{"text", std::string(rule_description(id))}}}});
  const nlohmann::ordered_json sarif = {
      {"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
      {"version", "2.1.0"},
      {"runs",
       {{{"tool", {{"driver", {{"name", "slipbox"}, {"version", SLIPBOX_VERSION}, {"rules", rules}}}}},
         {"columnKind", "utf16CodeUnits"},
         {"results", results}}}}};
  std::cout << sarif.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
}

}  // namespace

// Never freed, on purpose (see run_check). A global with external linkage, so the store is
// kept and leak checkers see the vault as reachable (a function-local static was optimised
// away, and LeakSanitizer reported the whole vault).
std::shared_ptr<const Vault>* kept_until_exit = nullptr;

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
    scan_options.follow_symlinks = options.follow_symlinks;
    scan_options.log = [&log_mutex](const std::string& message) {
      std::lock_guard lock(log_mutex);
      std::cerr << "slipbox check: " << message << "\n";
    };
    const IndexCache::Log log_cache = [&log_mutex](const std::string& message) {
      std::lock_guard lock(log_mutex);
      std::cerr << "slipbox check: " << message << "\n";
    };
    const fs::path cache_file = options.cache ? IndexCache::file_for(root) : fs::path();
    std::shared_ptr<const IndexCache> cache;
    size_t notes_from_cache = 0;
    if (!cache_file.empty()) {
      cache = IndexCache::load(cache_file, root, log_cache);
      scan_options.cache = cache;
      scan_options.ledger = std::make_shared<StampLedger>();
      scan_options.notes_from_cache = &notes_from_cache;
    } else if (options.cache) {
      log_cache("no cache folder (neither XDG_CACHE_HOME nor HOME is set): --cache ignored");
    }
    const std::shared_ptr<const Vault> vault = Vault::scan(root, scan_options);
    const size_t cache_entries = cache ? cache->size() : 0;
    cache.reset();  // the parses are copied out of it: its bytes are not needed any more
    scan_options.cache.reset();
    // Saved while the links are checked, unless every note came from a cache holding nothing else.
    std::jthread save_cache;
    if (scan_options.ledger) {
      const size_t notes = static_cast<size_t>(std::count_if(vault->files().begin(), vault->files().end(),
                                                             [&](const VaultFile& file) { return file.is_note; }));
      if (!(cache_entries > 0 && notes_from_cache == notes && cache_entries == notes))
        save_cache = std::jthread([&] { write_index_cache(cache_file, *vault, *scan_options.ledger, log_cache); });
    }
    // The process ends soon after this returns: handing every parse back to malloc one by one
    // is slow for a big vault, and the OS takes the pages back at once.
    kept_until_exit = new std::shared_ptr<const Vault>(vault);
    // Never through a symlink made after the scan that leads out of the vault, and never a
    // note that grew over the size cap since the scan.
    const VaultFileReader reader(*vault);
    const ReadText read_text = [&reader, &scan_options](FileId id) {
      return reader.read(id, scan_options.max_note_bytes);
    };
    CheckOptions check_options;
    check_options.ambiguous_links = options.level_of("ambiguous-link") != Level::Off;
    std::vector<CheckFinding> findings = check_vault(*vault, read_text, check_options);
    // Codes switched off are not reported at all.
    std::erase_if(findings, [&](const CheckFinding& f) { return options.level_of(f.code()) == Level::Off; });
    // check_vault promises this order; keep the output stable even if that changes.
    std::stable_sort(findings.begin(), findings.end(), [](const CheckFinding& a, const CheckFinding& b) {
      return std::tie(a.path, a.start.line, a.start.column_utf16) <
             std::tie(b.path, b.start.line, b.start.column_utf16);
    });

    const size_t note_count =
        std::count_if(vault->files().begin(), vault->files().end(), [](const VaultFile& file) { return file.is_note; });
    // --orphans / --unused-attachments: files, not positions.
    std::vector<ListedFile> listed;
    if (options.orphans || options.unused_attachments) {
      const auto graph = LinkGraph::build(vault);
      if (options.orphans)
        for (const FileId id : orphan_notes(*graph)) listed.push_back({vault->file(id).path, "orphan-note"});
      if (options.unused_attachments)
        for (const FileId id : unused_attachments(*graph))
          listed.push_back({vault->file(id).path, "unused-attachment"});
    }
    switch (options.format) {
      case Format::Json:
        print_json(findings, listed, options);
        break;
      case Format::Github:
        print_github(findings, listed, options);
        break;
      case Format::Sarif:
        print_sarif(findings, listed, options);
        break;
      case Format::Text: {
        print_text(findings, options, note_count);
        const std::string prefix = display_prefix(options.vault);
        for (const ListedFile& file : listed)
          std::cout << prefix << file.path << ": " << (file.code == "orphan-note" ? "orphan note" : "unused attachment")
                    << " [" << file.code << "]\n";
        if (!listed.empty()) std::cout << plural(listed.size(), "unlinked file", "unlinked files") << ".\n";
        break;
      }
    }
    std::cout.flush();
    const bool broken = std::any_of(findings.begin(), findings.end(),
                                    [&](const CheckFinding& f) { return counts(options.level_of(f.code())); });
    return !broken && listed.empty() ? 0 : 1;
  } catch (const std::exception& error) {
    std::cerr << "slipbox check: " << options.vault << ": " << error.what() << "\n";
    return 2;
  }
}

}  // namespace slipbox
