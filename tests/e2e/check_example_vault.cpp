// End-to-end tests of `slipbox check`: runs the built binary on examples/vault (whose
// broken links are listed in examples/EXPECTED.md) and on small temporary vaults.
#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include "tests/e2e/run_command.h"

namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::StartsWith;

using ProcessResult = slipbox::e2e::CommandResult;
using slipbox::e2e::run_slipbox;

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream stream(text);
  for (std::string line; std::getline(stream, line);) lines.push_back(line);
  return lines;
}

const fs::path kSourceDir = SLIPBOX_SOURCE_DIR;

// The deliberate broken links of examples/vault (see examples/EXPECTED.md), in output order.
struct Expected {
  std::string path;  // vault-relative
  int line;          // 1-based
  int column;        // 1-based, UTF-16 code units
  int end_column;    // 1-based, just after the link
  std::string code;
  std::string target;
};
const std::vector<Expected> kExpected = {
    {"Dagbok/2024-05-14.md", 10, 22, 61, "unresolved-link", "ğŸ› Ressurser/Slipbox/Agile Metoder"},
    {"Dagbok/2024-05-14.md", 11, 21, 45, "unresolved-block", "Zettelkasten#^xyz789"},
    {"Hjem.md", 15, 28, 45, "unresolved-link", "Budsjett 2025"},
    {"Prosjekter/Kjøpe hus – sjekkliste.md", 18, 29, 49, "unresolved-attachment", "plantegning.pdf"},
    {"🛠 Ressurser/Slipbox/Agile Metoder.md", 26, 6, 32, "unresolved-heading", "Zettelkasten#Historikk"},
};
const std::string kExpectedSummary = "5 broken links in 4 of 8 notes.";
// The links the server hints as `ambiguous-link` (two notes are called `Ideer`), printed as
// hints between the broken links (by path, then position); they do not count as broken.
const std::vector<Expected> kExpectedHints = {
    {"Hjem.md", 14, 24, 33, "ambiguous-link", "Ideer"},
    {"Hjem.md", 14, 51, 72, "ambiguous-link", "Ideer"},
    {"Prosjekter/Kjøpe hus – sjekkliste.md", 9, 51, 73, "ambiguous-link", "Ideer"},
};
const std::string kExpectedHintSummary = "3 hints (information or hint level: not counted as broken).";

struct TextFinding {
  std::string path;
  int line;
  int column;
  std::string severity;
  std::string message;
  std::string code;
};

std::vector<TextFinding> parse_text_findings(const std::vector<std::string>& lines) {
  static const std::regex kLine(R"(^(.+?):(\d+):(\d+): (\w+): (.+) \[([a-z-]+)\]$)");
  std::vector<TextFinding> findings;
  for (const std::string& line : lines) {
    std::smatch m;
    if (std::regex_match(line, m, kLine))
      findings.push_back({m[1], std::stoi(m[2]), std::stoi(m[3]), m[4], m[5], m[6]});
  }
  return findings;
}

// The findings of one severity.
std::vector<TextFinding> with_severity(const std::vector<TextFinding>& all, std::string_view severity) {
  std::vector<TextFinding> out;
  for (const TextFinding& finding : all)
    if (finding.severity == severity) out.push_back(finding);
  return out;
}

void expect_text_output(const ProcessResult& run, const std::string& prefix) {
  EXPECT_EQ(run.exit_code, 1) << run.err;
  const std::vector<std::string> lines = lines_of(run.out);
  ASSERT_EQ(lines.size(), kExpected.size() + kExpectedHints.size() + 2) << run.out;
  const std::vector<TextFinding> all = parse_text_findings(lines);
  ASSERT_EQ(all.size(), kExpected.size() + kExpectedHints.size()) << run.out;
  const std::vector<TextFinding> hints = with_severity(all, "hint");
  ASSERT_EQ(hints.size(), kExpectedHints.size()) << run.out;
  for (size_t i = 0; i < kExpectedHints.size(); ++i) {
    EXPECT_EQ(hints[i].path, prefix + kExpectedHints[i].path);
    EXPECT_EQ(hints[i].line, kExpectedHints[i].line);
    EXPECT_EQ(hints[i].column, kExpectedHints[i].column);
    EXPECT_EQ(hints[i].code, "ambiguous-link");
    EXPECT_THAT(hints[i].message, HasSubstr("Obsidian opens"));
  }
  const std::vector<TextFinding> findings = with_severity(all, "warning");
  ASSERT_EQ(findings.size(), kExpected.size()) << run.out;
  for (size_t i = 0; i < kExpected.size(); ++i) {
    SCOPED_TRACE(findings[i].message);
    EXPECT_EQ(findings[i].path, prefix + kExpected[i].path);
    EXPECT_EQ(findings[i].line, kExpected[i].line);
    EXPECT_EQ(findings[i].column, kExpected[i].column);
    EXPECT_EQ(findings[i].severity, "warning");
    EXPECT_EQ(findings[i].code, kExpected[i].code);
    EXPECT_THAT(findings[i].message, Not(IsEmpty()));
  }
  EXPECT_EQ(lines[lines.size() - 2], kExpectedSummary);
  EXPECT_EQ(lines.back(), kExpectedHintSummary);
}

TEST(CheckExampleVault, TextFromRepoRootWithRelativePath) {
  expect_text_output(run_slipbox({"check", "examples/vault"}, kSourceDir), "examples/vault/");
}

TEST(CheckExampleVault, TextPathsStayClickableWhenTheFolderIsWrittenOddly) {
  expect_text_output(run_slipbox({"check", "./examples//vault/"}, kSourceDir), "examples/vault/");
  expect_text_output(run_slipbox({"check", "vault"}, kSourceDir / "examples"), "vault/");
  expect_text_output(run_slipbox({"check", "."}, kSourceDir / "examples" / "vault"), "");
}

TEST(CheckExampleVault, TextWithAbsolutePathPrintsAbsolutePaths) {
  const fs::path vault = kSourceDir / "examples" / "vault";
  expect_text_output(run_slipbox({"check", vault.string()}, fs::temp_directory_path()), vault.string() + "/");
}

TEST(CheckExampleVault, MessagesNameTheBrokenTarget) {
  const ProcessResult run = run_slipbox({"check", "examples/vault"}, kSourceDir);
  const std::vector<TextFinding> findings = with_severity(parse_text_findings(lines_of(run.out)), "warning");
  ASSERT_EQ(findings.size(), kExpected.size()) << run.out;
  const char* kNamed[] = {"Agile Metoder", "xyz789", "Budsjett 2025", "plantegning.pdf", "Historikk"};
  for (size_t i = 0; i < findings.size(); ++i) EXPECT_THAT(findings[i].message, HasSubstr(kNamed[i]));
}

TEST(CheckExampleVault, Json) {
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"check", "--format", "json", "examples/vault"},
        std::vector<std::string>{"check", "--format=json", "examples/vault"},
        std::vector<std::string>{"check", "examples/vault", "--format", "json"}}) {
    SCOPED_TRACE(args[1]);
    const ProcessResult run = run_slipbox(args, kSourceDir);
    EXPECT_EQ(run.exit_code, 1) << run.err;
    const nlohmann::json all = nlohmann::json::parse(run.out, nullptr, /*allow_exceptions=*/false);
    ASSERT_TRUE(all.is_array()) << run.out;
    ASSERT_EQ(all.size(), kExpected.size() + kExpectedHints.size()) << run.out;
    nlohmann::json findings = nlohmann::json::array(), hints = nlohmann::json::array();
    for (const nlohmann::json& finding : all)
      (finding.value("severity", "") == "hint" ? hints : findings).push_back(finding);
    ASSERT_EQ(hints.size(), kExpectedHints.size()) << run.out;
    for (size_t i = 0; i < kExpectedHints.size(); ++i) {
      EXPECT_EQ(hints[i].value("path", ""), kExpectedHints[i].path);
      EXPECT_EQ(hints[i]["range"]["start"]["line"], kExpectedHints[i].line - 1);
      EXPECT_EQ(hints[i]["range"]["start"]["character"], kExpectedHints[i].column - 1);
      EXPECT_EQ(hints[i]["range"]["end"]["character"], kExpectedHints[i].end_column - 1);
      EXPECT_EQ(hints[i].value("code", ""), "ambiguous-link");
      EXPECT_EQ(hints[i].value("target", ""), kExpectedHints[i].target);
    }
    ASSERT_EQ(findings.size(), kExpected.size()) << run.out;
    for (size_t i = 0; i < kExpected.size(); ++i) {
      const nlohmann::json& finding = findings[i];
      const Expected& expected = kExpected[i];
      SCOPED_TRACE(finding.dump());
      EXPECT_EQ(finding.value("path", ""), expected.path);
      EXPECT_EQ(finding["range"]["start"]["line"], expected.line - 1);
      EXPECT_EQ(finding["range"]["start"]["character"], expected.column - 1);
      EXPECT_EQ(finding["range"]["end"]["line"], expected.line - 1);
      EXPECT_EQ(finding["range"]["end"]["character"], expected.end_column - 1);
      EXPECT_EQ(finding.value("severity", ""), "warning");
      EXPECT_EQ(finding.value("code", ""), expected.code);
      EXPECT_EQ(finding.value("target", ""), expected.target);
      EXPECT_THAT(finding.value("message", ""), Not(IsEmpty()));
    }
  }
}

TEST(CheckExampleVault, SeverityOfAmbiguousLinksIsConfigurable) {
  // warning: the hints become broken links (counted, exit status 1 as before).
  ProcessResult run = run_slipbox({"check", "--severity", "ambiguous-link=warning", "examples/vault"}, kSourceDir);
  EXPECT_EQ(run.exit_code, 1) << run.err;
  std::vector<TextFinding> findings = parse_text_findings(lines_of(run.out));
  EXPECT_EQ(with_severity(findings, "warning").size(), kExpected.size() + kExpectedHints.size()) << run.out;
  EXPECT_EQ(lines_of(run.out).back(), "8 broken links in 4 of 8 notes.");
  // off: not reported at all, the output is what it was before hints existed.
  run = run_slipbox({"check", "--severity=ambiguous-link=off", "examples/vault"}, kSourceDir);
  findings = parse_text_findings(lines_of(run.out));
  EXPECT_EQ(findings.size(), kExpected.size()) << run.out;
  EXPECT_EQ(lines_of(run.out).back(), kExpectedSummary);
  // Other codes too: the broken links as errors, headings off.
  run = run_slipbox({"check", "--severity", "unresolved-link=error", "--severity", "unresolved-heading=off",
                     "--severity", "ambiguous-link=off", "examples/vault"},
                    kSourceDir);
  findings = parse_text_findings(lines_of(run.out));
  EXPECT_EQ(with_severity(findings, "error").size(), 2u) << run.out;
  EXPECT_EQ(findings.size(), kExpected.size() - 1) << run.out;
  // A usage error names what is wrong.
  run = run_slipbox({"check", "--severity", "ambiguous-link=loud", "examples/vault"}, kSourceDir);
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(run.err, HasSubstr("unknown level"));
  run = run_slipbox({"check", "--severity", "no-such-code=hint", "examples/vault"}, kSourceDir);
  EXPECT_EQ(run.exit_code, 2);
}

// A throwaway vault folder, removed at the end of the test.
class TempVault : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "slipbox-check-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    root_ = pattern;
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(root_, ec);
  }
  void write(const std::string& vault_path, const std::string& text) {
    const fs::path path = root_ / fs::path(vault_path);
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << text;
  }
  fs::path root_;
};

using CheckCleanVault = TempVault;

TEST_F(CheckCleanVault, ExitsZeroAndSaysSo) {
  write("Start.md", "# Start\n\nSee [[Mål|goals]], [[Mål#Første mål]] and ![[bilde.png]]. ^top\n");
  write("Områder/Mål.md",
        "---\naliases: [Goals]\n---\n# Mål\n\n## Første mål\n\nBack to [[Start#^top]].\n"
        "%% later: [[Not written yet]] %%\n\n```\n[[Not a link]]\n```\n");
  write("Områder/bilde.png", "not really a png");
  ProcessResult run = run_slipbox({"check", root_.string()}, root_);
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_EQ(run.out, "No broken links in 2 notes.\n");

  run = run_slipbox({"check", "--format", "json", "."}, root_);
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_EQ(nlohmann::json::parse(run.out, nullptr, false), nlohmann::json::array());
}

TEST_F(CheckCleanVault, AmbiguousLinksAloneAreHintsAndExitZero) {
  write("Start.md", "See [[Ideer]]\n");
  write("Arkiv/Ideer.md", "# Old\n");
  write("Prosjekter/Ideer.md", "# New\n");
  ProcessResult run = run_slipbox({"check", "."}, root_);
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_EQ(run.out,
            "Start.md:1:5: hint: \"Ideer\" matches 2 files: Obsidian opens Arkiv/Ideer.md, not Prosjekter/Ideer.md; "
            "qualify it with its folder [ambiguous-link]\n"
            "No broken links in 3 notes.\n"
            "1 hint (information or hint level: not counted as broken).\n");
  run = run_slipbox({"check", "--format", "github", "."}, root_);
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_THAT(run.out, HasSubstr("::notice file=Start.md,line=1,col=5,"));
  run = run_slipbox({"check", "--format", "sarif", "."}, root_);
  EXPECT_EQ(run.exit_code, 0);
  const nlohmann::json sarif = nlohmann::json::parse(run.out, nullptr, false);
  ASSERT_TRUE(sarif.is_object()) << run.out;
  const nlohmann::json& result = sarif["runs"][0]["results"][0];
  EXPECT_EQ(result["ruleId"], "ambiguous-link");
  EXPECT_EQ(result["level"], "note");
  // As a warning it fails the check.
  run = run_slipbox({"check", "--severity", "ambiguous-link=warning", "."}, root_);
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_THAT(run.out, HasSubstr("Start.md:1:5: warning: "));
}

TEST_F(CheckCleanVault, EmptyFolderIsClean) {
  const ProcessResult run = run_slipbox({"check", "."}, root_);
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, "No broken links in 0 notes.\n");
}

TEST_F(CheckCleanVault, OneBrokenLinkIsSingular) {
  write("Only.md", "Hello [[Nobody]]\n");
  const ProcessResult run = run_slipbox({"check", "."}, root_);
  EXPECT_EQ(run.exit_code, 1) << run.err;
  const std::vector<std::string> lines = lines_of(run.out);
  ASSERT_EQ(lines.size(), 2u) << run.out;
  EXPECT_THAT(lines[0], StartsWith("Only.md:1:7: warning: "));
  EXPECT_THAT(lines[0], HasSubstr("[unresolved-link]"));
  EXPECT_EQ(lines[1], "1 broken link in 1 of 1 note.");
}

// Columns count UTF-16 units (an emoji is 2, `ø` is 1) and CRLF ends a line like LF.
TEST_F(CheckCleanVault, PositionsWithCrlfAndEmoji) {
  write("Dagbok/CRLF.md", "# Dag\r\n\r\n🙂 ø [[Mangler]]\r\n");
  ProcessResult run = run_slipbox({"check", "."}, root_);
  EXPECT_EQ(run.exit_code, 1) << run.err;
  EXPECT_THAT(run.out, StartsWith("Dagbok/CRLF.md:3:6: warning: "));

  run = run_slipbox({"check", "--format", "json", "."}, root_);
  const nlohmann::json findings = nlohmann::json::parse(run.out, nullptr, false);
  ASSERT_TRUE(findings.is_array() && findings.size() == 1) << run.out;
  EXPECT_EQ(findings[0]["range"], nlohmann::json::parse(R"({"start":{"line":2,"character":5},
                                                            "end":{"line":2,"character":16}})"));
}

// A note that is not valid UTF-8 still gives valid JSON (invalid bytes become U+FFFD).
TEST_F(CheckCleanVault, InvalidUtf8StillGivesValidJson) {
  write("Latin1.md", "Caf\xe9: [[Men\xfc]]\n");
  const ProcessResult run = run_slipbox({"check", "--format", "json", "."}, root_);
  EXPECT_EQ(run.exit_code, 1) << run.err;
  const nlohmann::json findings = nlohmann::json::parse(run.out, nullptr, false);
  ASSERT_TRUE(findings.is_array()) << run.out;
  ASSERT_EQ(findings.size(), 1u) << run.out;
  EXPECT_EQ(findings[0].value("code", ""), "unresolved-link");
  EXPECT_EQ(findings[0]["range"]["start"]["character"], 6);
}

using CheckUsage = TempVault;

TEST_F(CheckUsage, ErrorsExitTwoWithAMessageOnStderr) {
  write("Note.md", "# Note\n");
  const std::string note = (root_ / "Note.md").string();
  const std::string missing = (root_ / "does not exist").string();
  struct Case {
    std::vector<std::string> args;
    std::string stderr_mentions;
  };
  const std::vector<Case> cases = {
      {{"check"}, "VAULT"},
      {{"check", "--format"}, "--format"},
      {{"check", "--format", "xml", "."}, "xml"},
      {{"check", "--format=", "."}, "format"},
      {{"check", "--bogus", "."}, "--bogus"},
      {{"check", ".", "."}, "one VAULT"},
      {{"check", missing}, "no such folder"},
      {{"check", note}, "not a folder"},
      {{"check", "--severity"}, "CODE=LEVEL"},
      {{"check", "--severity=bogus=error", "."}, "bogus"},
      {{"check", "--", "--format"}, "no such folder"},  // after `--`, a folder name
      // graph and mcp read their options the same way (cli/command_line.h).
      {{"graph", "--depth", "many", "."}, "whole number"},
      {{"graph", "--from"}, "--from"},
      {{"graph", "--format=svg", "."}, "svg"},
      {{"graph", "--bogus", "."}, "--bogus"},
      {{"mcp", "--bogus", "."}, "--bogus"},
      {{"mcp"}, "VAULT"},
      {{"mcp", missing}, "not a folder"},
  };
  for (const Case& c : cases) {
    std::string joined;
    for (const std::string& arg : c.args) joined += " " + arg;
    SCOPED_TRACE(joined);
    const ProcessResult run = run_slipbox(c.args, root_);
    EXPECT_EQ(run.exit_code, 2);
    EXPECT_EQ(run.out, "");
    EXPECT_THAT(run.err, HasSubstr(c.stderr_mentions));
  }
}

TEST(CheckHelp, DescribesFormatsColumnsAndExitCodes) {
  const ProcessResult run = run_slipbox({"check", "--help"}, kSourceDir);
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_THAT(run.out, HasSubstr("--format text|json"));
  EXPECT_THAT(run.out, HasSubstr("UTF-16"));
  EXPECT_THAT(run.out, HasSubstr("Exit status"));
}

}  // namespace
