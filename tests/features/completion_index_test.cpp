// The completion index (per file table) and the early cut of candidates that cannot make the
// list: complete() must answer exactly as scanning every name and alias would.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "analysis/features/completion.h"

namespace slipbox {
namespace {

struct Probe {
  std::string text;
  ParsedNote parsed;
  std::string vault_path = "probe/Probe.md";
  // `opening` is the link up to the query: `[[`, `![[` or `[text](`.
  explicit Probe(std::string query, std::string opening = "[[")
      : text("Probe line\n" + std::move(opening) + std::move(query)), parsed(parse_note(text)) {}
  CompletionResult run(const Vault& vault, size_t max_items, const CompletionIndex* index) const {
    const NoteContext context{vault, vault_path, text, parsed};
    CompletionOptions options;
    options.max_items = max_items;
    options.index = index;
    return complete(context, static_cast<uint32_t>(text.size()), options);
  }
};

std::vector<std::string> rendered(const CompletionResult& result) {
  std::vector<std::string> out;
  for (const CompletionItem& item : result.items)
    out.push_back(item.label + " -> " + item.insert_text + " (" + item.detail + ") " + item.sort_text);
  return out;
}

// A vault of random names from syllables (accents, ø/æ, Japanese, spaces, word breaks), a fifth
// of the notes with aliases, some attachments, some names in two folders.
std::shared_ptr<const Vault> random_vault(uint64_t seed) {
  uint64_t state = seed;
  const auto next = [&] {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<uint32_t>(state >> 33);
  };
  const std::vector<std::string> syllables = {"pla", "n",  "Kjø", "per", " ", "-",    "Ål", "ka", "fé",  "日本",
                                              "te",  "no", "æra", "ABC", "x", "møte", "(",  "rs", "Plan"};
  const auto random_name = [&] {
    std::string name;
    const uint32_t parts = 1 + next() % 5;
    for (uint32_t p = 0; p < parts; ++p) name += syllables[next() % syllables.size()];
    return name;
  };
  std::vector<Vault::InMemoryFile> files;
  for (int i = 0; i < 600; ++i) {
    const std::string name = random_name();
    std::string text = "body";
    if (i % 5 == 0) text = "---\naliases: [" + random_name() + ", " + random_name() + "]\n---\nbody";
    files.push_back({"d" + std::to_string(i % 37) + "/" + name + ".md", text});
    if (i % 7 == 0) files.push_back({"img/" + name + ".png", ""});
    if (i % 11 == 0) files.push_back({"e" + std::to_string(i % 5) + "/" + name + ".md", "body"});
  }
  return Vault::from_memory("/v", files);
}

TEST(CompletionIndex, SameAnswersAsScanningEveryNameAndTheCutIsExact) {
  const auto vault = random_vault(7);
  const auto index = build_completion_index(vault);
  ASSERT_TRUE(completion_index_fits(*index, *vault));
  const std::vector<std::string> queries = {"",     "p",    "pl", "pla", "plan", "kjo", "kjø", "KJØ",
                                            "mote", "møte", "ae", "era", "日",   "本",  "x",   "abc",
                                            "n p",  "-",    "(",  "zzz", "d3/",  "fe",  "é"};
  for (const std::string& query : queries) {
    const Probe probe(query);
    const CompletionResult all = probe.run(*vault, 100000, nullptr);
    EXPECT_FALSE(all.is_incomplete) << query;
    for (const size_t max_items : {size_t{1}, size_t{3}, size_t{10}, size_t{100}, size_t{100000}}) {
      const CompletionResult plain = probe.run(*vault, max_items, nullptr);
      const CompletionResult indexed = probe.run(*vault, max_items, index.get());
      EXPECT_EQ(rendered(indexed), rendered(plain)) << query << " max " << max_items;
      EXPECT_EQ(indexed.is_incomplete, plain.is_incomplete) << query << " max " << max_items;
      // A capped list is the head of the full list, and says so exactly when it left some out.
      std::vector<std::string> head = rendered(all);
      if (head.size() > max_items) head.resize(max_items);
      EXPECT_EQ(rendered(plain), head) << query << " max " << max_items;
      EXPECT_EQ(plain.is_incomplete, all.items.size() > max_items) << query << " max " << max_items;
    }
  }
}

// The same check in embeds and `[text](` links, from a note of the vault itself (which goes
// last among equals) and in a vault where some notes' aliases were edited since the index.
TEST(CompletionIndex, SameAnswersInEverySiteFromANoteOfTheVaultWithEditedAliases) {
  const auto vault = random_vault(11);
  const auto index = build_completion_index(vault);
  std::shared_ptr<const Vault> edited = vault;
  size_t edits = 0;
  for (FileId id = 0; id < vault->file_count() && edits < 40; id += 13) {
    if (!vault->file(id).is_note) continue;
    // Aliases added, changed and removed: "Plan" matches many queries below.
    const std::string text =
        edits % 3 == 2 ? "no aliases" : "---\naliases: [Plan " + std::to_string(edits) + ", kjøper x]\n---\n";
    edited = edited->with_note(id, std::make_shared<const ParsedNote>(parse_note(text)));
    ++edits;
  }
  ASSERT_TRUE(completion_index_fits(*index, *edited));
  ASSERT_FALSE(edited->notes_changed_since(*vault).empty());
  FileId self = 0;
  while (!vault->file(self).is_note) ++self;
  const std::vector<std::string> queries = {"",   "p", "pla", "plan", "kjo", "møte", "ae",
                                            "本", "x", "n p", "-",    "zzz", "per"};
  for (const std::string opening : {"[[", "![[", "[text]("}) {
    for (const std::string& query : queries) {
      for (const bool from_vault_note : {false, true}) {
        Probe probe(query, opening);
        if (from_vault_note) probe.vault_path = vault->file(self).path;
        for (const Vault* v : {vault.get(), edited.get()}) {
          const CompletionResult all = probe.run(*v, 100000, nullptr);
          for (const size_t max_items : {size_t{1}, size_t{2}, size_t{10}, size_t{100}, size_t{100000}}) {
            const std::string where = opening + query + " max " + std::to_string(max_items) +
                                      (from_vault_note ? " from a vault note" : "") +
                                      (v == edited.get() ? " edited" : "");
            const CompletionResult plain = probe.run(*v, max_items, nullptr);
            const CompletionResult indexed = probe.run(*v, max_items, index.get());
            EXPECT_EQ(rendered(indexed), rendered(plain)) << where;
            EXPECT_EQ(indexed.is_incomplete, plain.is_incomplete) << where;
            EXPECT_EQ(indexed.is_incomplete, all.items.size() > max_items) << where;
          }
        }
      }
    }
  }
}

TEST(CompletionIndex, AnEditedNotesAliasesComeFromItsCurrentParse) {
  const auto vault = Vault::from_memory("/v", {{"A.md", "---\naliases: [Old name]\n---\n"}, {"B.md", "b"}});
  const auto index = build_completion_index(vault);
  const FileId a = *vault->find_path("A.md");
  const auto edited =
      vault->with_note(a, std::make_shared<const ParsedNote>(parse_note("---\naliases: [Quokka]\n---\n")));
  ASSERT_TRUE(completion_index_fits(*index, *edited));
  const auto labels = [&](const Vault& v, std::string query) {
    std::vector<std::string> out;
    for (const CompletionItem& item : Probe(std::move(query)).run(v, 100, index.get()).items) out.push_back(item.label);
    return out;
  };
  EXPECT_EQ(labels(*edited, "quok"), std::vector<std::string>{"Quokka"});
  EXPECT_TRUE(labels(*edited, "old n").empty());
  EXPECT_EQ(labels(*vault, "old n"), std::vector<std::string>{"Old name"});
}

TEST(CompletionIndex, AnIndexOfOtherFilesIsIgnored) {
  const auto vault = Vault::from_memory("/v", {{"Alpha.md", "a"}});
  const auto index = build_completion_index(vault);
  const auto grown = vault->with_file("Alpine.md", std::make_shared<const ParsedNote>(parse_note("x")));
  EXPECT_FALSE(completion_index_fits(*index, *grown));
  std::vector<std::string> labels;
  for (const CompletionItem& item : Probe("alp").run(*grown, 100, index.get()).items) labels.push_back(item.label);
  EXPECT_EQ(labels, (std::vector<std::string>{"Alpha", "Alpine"}));
}

}  // namespace
}  // namespace slipbox
