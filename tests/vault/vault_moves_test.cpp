// Vault::with_files_moved against the same moves made with without_file + with_file.
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "analysis/text/unicode.h"
#include "analysis/vault/resolve.h"
#include "analysis/vault/vault.h"
#include "tests/support/describe_vault.h"

namespace slipbox {
namespace {

std::shared_ptr<const Vault> sample() {
  return Vault::from_memory("/vault", {{"Note.md", "[[Other]] # Note"},
                                       {"a/Other.md", "# Other\n[[Note]]"},
                                       {"a/b/Deep.md", "# Deep"},
                                       {"img/Fig 1.png", ""},
                                       {"\xF0\x9F\x9B\xA0 Ressurser/Agile Metoder.md", "# Agile"},
                                       {"z/Note.md", "# Z"}});
}

using testing::describe_vault;

std::shared_ptr<const Vault> one_by_one(std::shared_ptr<const Vault> vault,
                                        const std::vector<std::pair<std::string, std::string>>& moves) {
  std::vector<std::shared_ptr<const ParsedNote>> notes;
  for (const auto& [from, to] : moves) notes.push_back(vault->shared_note(*vault->find_path(from)));
  for (const auto& [from, to] : moves) vault = vault->without_file(from);
  for (size_t i = 0; i < moves.size(); ++i) vault = vault->with_file(moves[i].second, notes[i]);
  return vault;
}

TEST(VaultMoves, SameAsRemovingAndAddingEachFile) {
  const std::vector<std::pair<std::string, std::vector<std::pair<std::string, std::string>>>> cases = {
      {"rename in place", {{"a/Other.md", "a/Renamed.md"}}},
      {"to the front and the back", {{"z/Note.md", "0 first.md"}, {"Note.md", "zz/last.md"}}},
      {"into an emoji folder, non-ASCII name",
       {{"a/b/Deep.md", "\xF0\x9F\x9B\xA0 Ressurser/Dyp \xC3\xA6\xC3\xB8\xC3\xA5.md"}}},
      {"an attachment", {{"img/Fig 1.png", "Vedlegg/Figur 1.png"}}},
      {"swap two names", {{"Note.md", "z/Note2.md"}, {"z/Note.md", "Note.md"}}},
      {"a whole folder", {{"a/Other.md", "c/Other.md"}, {"a/b/Deep.md", "c/b/Deep.md"}}},
  };
  const auto vault = sample();
  for (const auto& [name, moves] : cases) {
    SCOPED_TRACE(name);
    EXPECT_EQ(describe_vault(*vault->with_files_moved(moves)), describe_vault(*one_by_one(vault, moves)));
  }
}

TEST(VaultMoves, UnknownSourcesAreSkipped) {
  const auto vault = sample();
  const auto same = vault->with_files_moved({{"missing.md", "x.md"}, {"", "y.md"}});
  EXPECT_EQ(describe_vault(*same), describe_vault(*vault));
  const auto moved = vault->with_files_moved({{"missing.md", "x.md"}, {"Note.md", "New.md"}});
  EXPECT_FALSE(moved->find_path("Note.md"));
  ASSERT_TRUE(moved->find_path("New.md"));
  EXPECT_EQ(moved->note(*moved->find_path("New.md")),
            vault->note(*vault->find_path("Note.md")));  // the parse moves along
  EXPECT_EQ(resolve_linkpath(*moved, "a/Other.md", "New"), moved->find_path("New.md"));
}

}  // namespace
}  // namespace slipbox
