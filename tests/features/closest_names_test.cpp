#include "analysis/features/closest_names.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <tuple>

#include "analysis/text/line_index.h"
#include "analysis/text/unicode.h"

namespace slipbox {
namespace {

TEST(EditDistance, CountsCodePoints) {
  struct Case {
    const char* a;
    const char* b;
    size_t distance;
  };
  const Case cases[] = {
      {"", "", 0},           {"abc", "", 3},     {"kitten", "sitting", 3}, {"kjøper", "kjoper", 1},
      {"日本語", "日本", 1}, {"🛠 a", "a", 2}, {"plan", "plan", 0},      {"flaw", "lawn", 2},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(edit_distance(c.a, c.b), c.distance) << c.a << " / " << c.b;
    EXPECT_EQ(edit_distance(c.b, c.a), c.distance) << c.b << " / " << c.a;
  }
}

TEST(ClosestStrings, LooseAndStable) {
  const std::vector<std::string> names = {"Zebra", "Café", "Cafeteria", "CAFE!", "cafe"};
  // "cafe" (0), "Café" (0, loose), then "CAFE!" (1); ties: shorter, then alphabetical.
  EXPECT_EQ(closest_strings(names, "Cafe", 3), (std::vector<size_t>{1, 4, 3}));
  EXPECT_TRUE(closest_strings(names, "x", 0).empty());
  EXPECT_EQ(closest_strings({}, "x", 3).size(), 0u);
}

// closest_files prunes candidates by cheap lower bounds and stops the table early: it must pick
// exactly what scoring every file in full picks, ties included.
void expect_same_as_scoring_every_file(const std::vector<std::string>& syllables, uint32_t max_parts) {
  uint64_t state = 42;
  const auto next = [&] {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<uint32_t>(state >> 33);
  };
  const auto random_name = [&] {
    std::string name;
    const uint32_t parts = 1 + next() % max_parts;
    for (uint32_t p = 0; p < parts; ++p) name += syllables[next() % syllables.size()];
    return name;
  };
  std::vector<Vault::InMemoryFile> files;
  for (int i = 0; i < 400; ++i) {
    const std::string name = random_name();
    files.push_back({"d" + std::to_string(i) + "/" + name + ".md", "x"});
    if (i % 5 == 0) files.push_back({"img/" + name + ".png", ""});
  }
  const auto vault = Vault::from_memory("/v", files);
  const auto index = build_closest_names_index(vault);
  const auto edited = vault->with_note(0, vault->shared_note(1));
  EXPECT_TRUE(closest_names_index_fits(*index, *edited));
  const auto code_points = [](std::string_view text) {
    size_t count = 0;
    for (uint32_t i = 0; i < text.size();) {
      char32_t c;
      i += decode_utf8(text, i, c);
      ++count;
    }
    return count;
  };
  for (int round = 0; round < 60; ++round) {
    const std::string wanted =
        round % 3 == 0 ? vault->file(static_cast<FileId>(next() % vault->file_count())).name : random_name();
    const bool attachments = round % 4 == 3;
    const size_t count = round % 5 == 4 ? 100000 : round % 5;  // all: every distance shows in the order
    std::vector<std::tuple<size_t, size_t, std::string_view, FileId>> all;
    for (FileId id = 0; id < vault->file_count(); ++id) {
      const VaultFile& file = vault->file(id);
      if (file.is_note == attachments) continue;
      all.emplace_back(edit_distance(loose_key(wanted), file.name_loose), code_points(file.name_loose), file.name, id);
    }
    std::sort(all.begin(), all.end());
    std::vector<FileId> expected;
    for (size_t k = 0; k < std::min(count, all.size()); ++k) expected.push_back(std::get<3>(all[k]));
    EXPECT_EQ(closest_files(*vault, wanted, count, attachments), expected) << wanted << " count " << count;
    // The per-table index (hover) picks the same, ties included.
    EXPECT_EQ(closest_files(*vault, wanted, count, attachments, index.get()), expected) << wanted << " count " << count;
    // Another copy of the same files (an edited note) still fits it.
    EXPECT_EQ(closest_files(*edited, wanted, count, attachments, index.get()), expected)
        << wanted << " count " << count;
  }
}

TEST(ClosestFiles, SameAsScoringEveryFile) {
  expect_same_as_scoring_every_file({"ka", "fé", "mø", "te", "no", "tat", "日", "本", "Kj", "ø", "per", " ", "Å", "rs",
                                     "plan", "x", " agile metoder og kunnskap i praksis for team "},
                                    6);
}

// Names over 64 and over 128 code points: the distance spans several machine words.
TEST(ClosestFiles, SameAsScoringEveryFileForLongNames) {
  expect_same_as_scoring_every_file({"kunnskap og læring ", "møte i styret ", "notes tools to because ",
                                     "日本語のノート ", "practice the habits ", "x", "Å"},
                                    14);
}

// An index of other files is not used: the answer comes from the vault asked about.
TEST(ClosestFiles, IndexOfOtherFilesIsIgnored) {
  const auto old_vault = Vault::from_memory("/v", {{"Alpha.md", "x"}, {"Beta.md", "x"}});
  const auto index = build_closest_names_index(old_vault);
  const auto vault = old_vault->with_file("Alphabet.md", nullptr);
  EXPECT_FALSE(closest_names_index_fits(*index, *vault));
  const std::vector<FileId> expected = closest_files(*vault, "Alphabe", 1);
  ASSERT_EQ(expected.size(), 1u);
  EXPECT_EQ(vault->file(expected[0]).name, "Alphabet");
  EXPECT_EQ(closest_files(*vault, "Alphabe", 1, false, index.get()), expected);
}

}  // namespace
}  // namespace slipbox
