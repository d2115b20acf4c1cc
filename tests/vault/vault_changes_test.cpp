// Vault::with_changes (a batch of file events in one table copy) against a vault built
// from scratch with the files the batch leaves.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "analysis/markdown/parsed_note.h"
#include "analysis/text/unicode.h"
#include "analysis/vault/vault.h"
#include "tests/support/describe_vault.h"

namespace slipbox {
namespace {

using Files = std::map<std::string, std::string>;  // path → text

const Files kStart = {
    {"Note.md", "[[Other]]\n# Note"},
    {"a.md", "# A"},
    {"a b/X.md", "# X"},
    {"a/Other.md", "# Other\n[[Note]]"},
    {"a/b/Deep.md", "# Deep\n## Two"},
    {"img/Fig 1.png", ""},
    {"\xF0\x9F\x9B\xA0 Ressurser/Agile Metoder.md", "# Agile"},
};

std::shared_ptr<const Vault> build(const Files& files) {
  std::vector<Vault::InMemoryFile> list;
  for (const auto& [path, text] : files) list.push_back({path, text});
  return Vault::from_memory("/vault", std::move(list));
}

using testing::describe_vault;

struct Event {
  std::string path;
  std::optional<std::string> text;  // nullopt: removed
};

TEST(VaultChanges, SameAsBuildingTheVaultTheBatchLeaves) {
  const std::vector<std::pair<std::string, std::vector<Event>>> cases = {
      {"files added anywhere in the order", {{"0 first.md", "# F"}, {"zz/last.md", "[[Note]]"}, {"a/c.png", ""}}},
      {"non-ASCII names", {{"\xF0\x9F\x9B\xA0 Ressurser/Dyp \xC3\xA6\xC3\xB8\xC3\xA5.md", "# D"}}},
      {"files removed", {{"Note.md", std::nullopt}, {"img/Fig 1.png", std::nullopt}}},
      {"a folder removed, not its look-alikes (a.md, a b/)", {{"a", std::nullopt}}},
      {"a nested folder removed", {{"a/b", std::nullopt}}},
      {"a folder renamed",
       {{"a", std::nullopt}, {"c/Other.md", "# Other\n[[Note]]"}, {"c/b/Deep.md", "# Deep\n## Two"}}},
      {"the last event of a path wins",
       {{"New.md", "# 1"}, {"New.md", std::nullopt}, {"a.md", std::nullopt}, {"a.md", "# A2\n## B"}}},
      {"a listed note re-parsed among additions", {{"a.md", "# A\n## More\n[[Note]]"}, {"b.md", "# B"}}},
      {"./ and / spellings", {{"./dot.md", "# Dot"}, {"/slash.md", "# Slash"}}},
  };
  for (const auto& [name, events] : cases) {
    SCOPED_TRACE(name);
    Files expected = kStart;
    std::vector<Vault::FileChange> batch;
    for (const Event& event : events) {
      std::string clean = event.path;
      while (clean.starts_with("./")) clean.erase(0, 2);
      while (clean.starts_with('/')) clean.erase(0, 1);
      if (event.text) {
        expected[clean] = *event.text;
        const bool note = clean.ends_with(".md");
        batch.push_back(
            {event.path, false, note ? std::make_shared<const ParsedNote>(parse_note(*event.text)) : nullptr});
      } else {
        std::erase_if(expected,
                      [&](const auto& entry) { return entry.first == clean || entry.first.starts_with(clean + "/"); });
        batch.push_back({event.path, true, nullptr});
      }
    }
    const auto changed = build(kStart)->with_changes(std::move(batch));
    ASSERT_NE(changed, nullptr);
    EXPECT_EQ(describe_vault(*changed), describe_vault(*build(expected)));
  }
}

TEST(VaultChanges, ParsesOnlyKeepTheTableAndNothingIsNull) {
  const auto start = build(kStart);
  const auto reparsed =
      start->with_changes({{"a.md", false, std::make_shared<const ParsedNote>(parse_note("# A\n## B"))}});
  ASSERT_NE(reparsed, nullptr);
  EXPECT_EQ(&reparsed->files(), &start->files());  // no table copy for a changed note
  EXPECT_EQ(reparsed->note(*reparsed->find_path("a.md"))->headings.size(), 2u);
  EXPECT_EQ(start->note(*start->find_path("a.md"))->headings.size(), 1u);  // the original is untouched
  EXPECT_EQ(start->with_changes({{"Nowhere.md", true, nullptr}, {"no/such/folder", true, nullptr}}), nullptr);
  EXPECT_EQ(start->with_changes({}), nullptr);
}

}  // namespace
}  // namespace slipbox
