// Completion (`[[Note#`), `[[##` vault-wide headings and workspace/symbol all filter with the
// one fuzzy matcher (analysis/text/fuzzy_match.h): the same query finds the same headings.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "analysis/features/completion.h"
#include "analysis/features/workspace_symbols.h"
#include "tests/support/fixture.h"

namespace slipbox {
namespace {

using testing::Fixture;

constexpr std::string_view kNotes =
    "//- /Kjøp bil.md\n"
    "# Kjøp bil\n"
    "## Møte med selger\n"
    "## Prøvekjøring\n"
    "## Ærlige spørsmål\n"
    "## Lånetilbud\n"
    "## Papirer (skjema)\n";

// The heading labels each caller offers for `query`, sorted.
std::vector<std::string> from_completion(std::string_view query) {
  const Fixture f(std::string("//- /Note.md\n[[Kjøp bil#") + std::string(query) + "$0\n" + std::string(kNotes));
  std::vector<std::string> out;
  for (const CompletionItem& item : complete(f.context(), f.cursor(), {}).items)
    if (item.kind == CompletionKind::Heading) out.push_back(item.label);
  std::sort(out.begin(), out.end());
  return out;
}
std::vector<std::string> from_vault_headings(std::string_view query) {
  const Fixture f(std::string("//- /Note.md\n[[##") + std::string(query) + "$0\n" + std::string(kNotes));
  std::vector<std::string> out;
  for (const CompletionItem& item : complete(f.context(), f.cursor(), {}).items)
    if (item.kind == CompletionKind::Heading) out.push_back(item.label);
  std::sort(out.begin(), out.end());
  return out;
}
std::vector<std::string> from_workspace_symbols(std::string_view query) {
  const Fixture f(std::string("//- /Note.md\nx\n") + std::string(kNotes));
  std::vector<std::string> out;
  for (const WorkspaceSymbol& symbol : SymbolIndex::build(f.shared_vault(), 1)->search(query))
    if (symbol.kind == WorkspaceSymbolKind::Heading) out.push_back(symbol.name);
  EXPECT_EQ(f.vault().file_count(), 2u);
  std::sort(out.begin(), out.end());
  return out;
}

struct Case {
  const char* query;
  std::vector<std::string> headings;  // sorted
};

TEST(FuzzyCallers, CompletionVaultHeadingsAndWorkspaceSymbolsAgree) {
  const std::vector<Case> cases = {
      {"mote", {"Møte med selger"}},                                      // ø typed as o
      {"MØTE", {"Møte med selger"}},                                      // case
      {"selger", {"Møte med selger"}},                                    // word start
      {"proveKJ", {"Prøvekjøring"}},    {"aerlig", {"Ærlige spørsmål"}},  // æ typed as ae
      {"lane", {"Lånetilbud"}},                                           // å without its ring
      {"skjema", {"Papirer (skjema)"}},                                   // after (
      {"mdslgr", {"Møte med selger"}},                                    // subsequence
      {"kjop", {"Kjøp bil"}},           {"zzz", {}},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(from_completion(c.query), c.headings) << "[[Kjøp bil#" << c.query;
    EXPECT_EQ(from_vault_headings(c.query), c.headings) << "[[##" << c.query;
    EXPECT_EQ(from_workspace_symbols(c.query), c.headings) << "workspace/symbol " << c.query;
  }
}

}  // namespace
}  // namespace slipbox
