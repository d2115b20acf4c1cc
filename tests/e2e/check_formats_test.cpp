// `slipbox check --format github|sarif` on the example vault: the CI formats point at the
// same five broken links as the text output (examples/EXPECTED.md), in their own syntax.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/e2e/run_command.h"

namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;

// Runs `slipbox check ARGS examples/vault` from the repository root (stderr not looked at).
slipbox::e2e::CommandResult check_example(std::vector<std::string> args) {
  args.insert(args.begin(), "check");
  args.push_back("examples/vault");
  return slipbox::e2e::run_slipbox(std::move(args), SLIPBOX_SOURCE_DIR);
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  size_t start = 0;
  for (size_t end; (end = text.find('\n', start)) != std::string::npos; start = end + 1)
    lines.push_back(text.substr(start, end - start));
  return lines;
}

TEST(CheckFormats, GithubAnnotatesEachBrokenLinkOnItsLine) {
  const slipbox::e2e::CommandResult run = check_example({"--format", "github"});
  EXPECT_EQ(run.exit_code, 1);
  // file, line, col, code — the same findings as EXPECTED.md, columns in UTF-16 + 1.
  const std::regex annotation(
      R"(::warning file=([^,]+),line=(\d+),col=(\d+),endLine=\d+,endColumn=\d+,title=slipbox ([a-z-]+)::.+ \[([a-z-]+)\])");
  std::vector<std::string> found, notices;
  for (const std::string& line : lines_of(run.out)) {
    // Ambiguous links are hints: notices, which do not fail a workflow.
    if (line.starts_with("::notice ")) {
      notices.push_back(line);
      EXPECT_THAT(line, ::testing::HasSubstr("title=slipbox ambiguous-link::")) << line;
      continue;
    }
    std::smatch match;
    ASSERT_TRUE(std::regex_match(line, match, annotation)) << line;
    EXPECT_EQ(match[4], match[5]) << line;
    found.push_back(match[1].str() + ":" + match[2].str() + ":" + match[3].str() + " " + match[4].str());
  }
  EXPECT_THAT(found, ElementsAre("examples/vault/Dagbok/2024-05-14.md:10:22 unresolved-link",
                                 "examples/vault/Dagbok/2024-05-14.md:11:21 unresolved-block",
                                 "examples/vault/Hjem.md:15:28 unresolved-link",
                                 "examples/vault/Prosjekter/Kjøpe hus – sjekkliste.md:18:29 unresolved-attachment",
                                 "examples/vault/🛠 Ressurser/Slipbox/Agile Metoder.md:26:6 unresolved-heading"));
  EXPECT_EQ(notices.size(), 3u);  // [[Ideer]] twice in Hjem.md, once in Kjøpe hus
}

TEST(CheckFormats, GithubEscapesWorkflowCommandSyntax) {
  // '%' and ',' and ':' in a file name are property syntax; '%' in the message is data syntax.
  const fs::path vault = fs::temp_directory_path() / ("slipbox-github-" + std::to_string(getpid()));
  fs::remove_all(vault);
  fs::create_directories(vault);
  std::ofstream(vault / "50%, or: more.md") << "See [[100% sure]]\n";
  const slipbox::e2e::CommandResult run = slipbox::e2e::run_slipbox({"check", "--format", "github", vault.string()});
  fs::remove_all(vault);
  EXPECT_EQ(run.out, "::warning file=" + vault.string() +
                         "/50%25%2C or%3A more.md,line=1,col=5,endLine=1,endColumn=18,"
                         "title=slipbox unresolved-link::No note named \"100%25 sure\" [unresolved-link]\n");
}

TEST(CheckFormats, SarifIsVersion210WithUtf16Columns) {
  const slipbox::e2e::CommandResult run = check_example({"--format", "sarif"});
  EXPECT_EQ(run.exit_code, 1);
  const auto sarif = nlohmann::json::parse(run.out);
  EXPECT_EQ(sarif["version"], "2.1.0");
  ASSERT_EQ(sarif["runs"].size(), 1u);
  const auto& run0 = sarif["runs"][0];
  EXPECT_EQ(run0["tool"]["driver"]["name"], "slipbox");
  EXPECT_EQ(run0["columnKind"], "utf16CodeUnits");
  const auto& rules = run0["tool"]["driver"]["rules"];
  std::vector<std::string> found;
  for (const auto& result : run0["results"]) {
    const size_t index = result["ruleIndex"];
    ASSERT_LT(index, rules.size());
    EXPECT_EQ(rules[index]["id"], result["ruleId"]);
    EXPECT_EQ(result["level"], result["ruleId"] == "ambiguous-link" ? "note" : "warning");
    EXPECT_FALSE(result["message"]["text"].get<std::string>().empty());
    const auto& location = result["locations"][0]["physicalLocation"];
    found.push_back(location["artifactLocation"]["uri"].get<std::string>() + ":" +
                    std::to_string(location["region"]["startLine"].get<int>()) + ":" +
                    std::to_string(location["region"]["startColumn"].get<int>()) + " " +
                    result["ruleId"].get<std::string>());
  }
  // URIs are percent-encoded UTF-8 (space, emoji, ø, en dash).
  EXPECT_THAT(
      found,
      ElementsAre("examples/vault/Dagbok/2024-05-14.md:10:22 unresolved-link",
                  "examples/vault/Dagbok/2024-05-14.md:11:21 unresolved-block",
                  "examples/vault/Hjem.md:14:24 ambiguous-link", "examples/vault/Hjem.md:14:51 ambiguous-link",
                  "examples/vault/Hjem.md:15:28 unresolved-link",
                  "examples/vault/Prosjekter/Kj%C3%B8pe%20hus%20%E2%80%93%20sjekkliste.md:9:51 ambiguous-link",
                  "examples/vault/Prosjekter/Kj%C3%B8pe%20hus%20%E2%80%93%20sjekkliste.md:18:29 unresolved-attachment",
                  "examples/vault/%F0%9F%9B%A0%20Ressurser/Slipbox/Agile%20Metoder.md:26:6 unresolved-heading"));
}

TEST(CheckFormats, UnknownFormatIsAUsageError) { EXPECT_EQ(check_example({"--format", "xml"}).exit_code, 2); }

}  // namespace
