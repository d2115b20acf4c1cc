// Rename through annotated vaults. Every rename is verified by applying the returned
// edits and moves to the fixture and rebuilding the vault: every link must resolve to
// the same file, heading and block as before (moved files followed), so the number of
// resolved links is unchanged; and only the expected texts changed.
#include "analysis/features/rename.h"

#include <gtest/gtest.h>

#include <map>

#include "tests/support/fixture.h"

namespace slipbox {
namespace {

using testing::Fixture;

using Texts = std::map<std::string, std::string>;  // vault path → text

Texts texts_of(const Fixture& f) {
  Texts out;
  for (const auto& file : f.files()) out[file.path] = file.text();
  return out;
}

// Applies a rename to the fixture's texts; the current note outside the vault has no path.
Texts apply(const Fixture& f, const RenameResult& result) {
  Texts texts = texts_of(f);
  for (const FileEdits& edits : result.edits) {
    EXPECT_TRUE(edits.file.has_value());
    if (!edits.file) continue;
    std::string& text = texts[f.vault().file(*edits.file).path];
    text = apply_changes(text, edits.changes);
  }
  for (const FileMove& move : result.moves) {
    const std::string old_path = f.vault().file(move.file).path;
    EXPECT_FALSE(texts.contains(move.new_path)) << move.new_path;
    texts[move.new_path] = texts[old_path];
    texts.erase(old_path);
  }
  return texts;
}

std::shared_ptr<const Vault> build(const Texts& texts) {
  std::vector<Vault::InMemoryFile> files;
  for (const auto& [path, text] : texts) files.push_back({path, text});
  return Vault::from_memory("/vault", std::move(files));
}

// Where every link of the vault leads: "source#index -> target heading-index/block" per
// resolved link, with paths mapped through `moved` (old → new).
std::vector<std::string> resolutions(const Vault& vault, const std::map<std::string, std::string>& moved) {
  const auto map = [&](const std::string& path) {
    const auto it = moved.find(path);
    return it == moved.end() ? path : it->second;
  };
  std::vector<std::string> out;
  for (FileId id = 0; id < vault.file_count(); ++id) {
    const ParsedNote* parsed = vault.note(id);
    if (!parsed) continue;
    const SourceNote source{vault.file(id).path, parsed};
    for (size_t i = 0; i < parsed->links.size(); ++i) {
      const LinkTarget target = resolve_link(vault, source, parsed->links[i]);
      if (target.status != LinkStatus::Resolved || !target.file) continue;
      std::string line =
          map(vault.file(id).path) + "#" + std::to_string(i) + " -> " + map(vault.file(*target.file).path);
      const ParsedNote* target_note = target.is_self ? parsed : vault.note(*target.file);
      if (target.heading) line += " h" + std::to_string(target.heading - target_note->headings.data());
      if (target.block) line += " ^" + std::string(target.block->id);
      out.push_back(line);
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

struct Outcome {
  Texts after;
  RenameResult result;
};

// Renames at the cursor, checks the invariant and returns the new texts.
Outcome rename_at(const Fixture& f, std::string_view new_name) {
  const auto graph = LinkGraph::build(f.shared_vault(), 1);
  RenameResult result = rename_symbol(f.context(), f.cursor(), new_name, *graph, f.read_text());
  EXPECT_TRUE(result.error.empty()) << result.error;
  Texts after = apply(f, result);
  std::map<std::string, std::string> moved;
  for (const FileMove& move : result.moves) moved[f.vault().file(move.file).path] = move.new_path;
  const auto before_links = resolutions(f.vault(), moved);
  const auto after_links = resolutions(*build(after), {});
  EXPECT_EQ(before_links, after_links);
  return Outcome{std::move(after), std::move(result)};
}

TEST(RenameNote, EveryLinkFormIsRewrittenKeepingItsParts) {
  const Fixture f(R"(
    //- /🛠 Ressurser/Slipbox/Agile Metoder.md
    ---
    aliases: [Smidig]
    ---
    # Agile Metoder$0
    ## Scrum
    Tekst. ^blokk
    Self: [[#Scrum]] [[Agile Metoder#Scrum]]
    //- /Plan.md
    ---
    related: "[[Agile Metoder]]"
    ---
    [[Agile Metoder]] [[agile metoder|Smidig]] ![[Agile Metoder#Scrum]] [[Agile Metoder#^blokk|x]]
    [[Slipbox/Agile Metoder]] [a](🛠%20Ressurser/Slipbox/Agile%20Metoder.md#Scrum) [b](Agile%20Metoder)
    %% [[Agile Metoder]] %% [[Agile Metoder.md]] [[Agile]]
    //- /Agile.md
  )");
  const auto [after, result] = rename_at(f, "Smidige metoder");
  ASSERT_EQ(result.moves.size(), 1u);
  EXPECT_EQ(result.moves[0].new_path, "🛠 Ressurser/Slipbox/Smidige metoder.md");
  EXPECT_EQ(after.at("Plan.md"),
            "---\nrelated: \"[[Smidige metoder]]\"\n---\n"
            "[[Smidige metoder]] [[Smidige metoder|Smidig]] ![[Smidige metoder#Scrum]] [[Smidige metoder#^blokk|x]]\n"
            "[[🛠 Ressurser/Slipbox/Smidige metoder]] [a](🛠%20Ressurser/Slipbox/Smidige%20metoder.md#Scrum) "
            "[b](Smidige%20metoder)\n"
            "%% [[Smidige metoder]] %% [[Smidige metoder.md]] [[Agile]]\n");
  EXPECT_EQ(after.at("🛠 Ressurser/Slipbox/Smidige metoder.md"),
            "---\naliases: [Smidig]\n---\n# Agile Metoder\n## Scrum\nTekst. ^blokk\n"
            "Self: [[#Scrum]] [[Smidige metoder#Scrum]]\n");
  EXPECT_EQ(after.at("Agile.md"), "");
}

TEST(RenameNote, FromALinkAndToANameAnotherNoteHas) {
  // Renaming Plan to "Møte" would send `[[Møte]]` (meant for the longer "Arkivet 2020/Møte")
  // to the renamed note (shortest path wins): those links get qualified.
  const Fixture f(R"(
    //- /Note.md
    [[Pl$0an]] and [[Møte]]
    //- /Projects/Plan.md
    //- /Arkivet 2020/Møte.md
    //- /x.md
    [[Møte|the meeting]] [[Plan]]
  )");
  const auto [after, result] = rename_at(f, "Møte");
  ASSERT_EQ(result.moves.size(), 1u);
  EXPECT_EQ(result.moves[0].new_path, "Projects/Møte.md");
  EXPECT_EQ(after.at("Note.md"), "[[Projects/Møte]] and [[Arkivet 2020/Møte]]\n");
  EXPECT_EQ(after.at("x.md"), "[[Arkivet 2020/Møte|the meeting]] [[Projects/Møte]]\n");
}

TEST(RenameNote, MovingANoteKeepsItsOwnLinks) {
  // `[[Idé]]` from a/ means a/Idé.md (own folder); after moving to b/ it must stay qualified.
  const Fixture f(R"(
    //- /a/Note.md
    Text$0 [[Idé]] [[Top]]
    //- /a/Idé.md
    //- /b/Idé.md
    //- /Top.md
    [[a/Note]]
  )");
  const auto [after, result] = rename_at(f, "b/Note");
  EXPECT_EQ(after.at("b/Note.md"), "Text [[a/Idé]] [[Top]]\n");
  EXPECT_EQ(after.at("Top.md"), "[[b/Note]]\n");
}

TEST(RenameNote, RefusesAnExistingNameAndBadCharacters) {
  const Fixture f(R"(
    //- /Note.md
    [[Plan$0]]
    //- /Plan.md
    //- /Other.md
  )");
  const auto graph = LinkGraph::build(f.shared_vault(), 1);
  EXPECT_FALSE(rename_symbol(f.context(), f.cursor(), "Other", *graph, f.read_text()).error.empty());
  EXPECT_FALSE(rename_symbol(f.context(), f.cursor(), "a|b", *graph, f.read_text()).error.empty());
  EXPECT_FALSE(rename_symbol(f.context(), f.cursor(), "  ", *graph, f.read_text()).error.empty());
  // A case-only rename is allowed.
  EXPECT_TRUE(rename_symbol(f.context(), f.cursor(), "plan", *graph, f.read_text()).error.empty());
}

TEST(RenameHeading, LinksChainsAndFragments) {
  const Fixture f(R"(
    //- /Plan.md
    # Plan
    ## Del 2
    ### Mål$0
    [[#Mål]] [[#Del 2#Mål]]
    ## Del 3
    ### Mål
    //- /x.md
    [[Plan#Mål|goal]] [[Plan#Del 2#Mål]] [[Plan#Del 3#Mål]] [t](Plan.md#M%C3%A5l) [[Plan#Del 2]]
  )");
  const auto [after, result] = rename_at(f, "Mål og mening");
  EXPECT_EQ(after.at("Plan.md"),
            "# Plan\n## Del 2\n### Mål og mening\n[[#Mål og mening]] [[#Del 2#Mål og mening]]\n## Del 3\n### Mål\n");
  EXPECT_EQ(
      after.at("x.md"),
      "[[Plan#Mål og mening|goal]] [[Plan#Del 2#Mål og mening]] [[Plan#Del 3#Mål]] [t](Plan.md#Mål%20og%20mening) "
      "[[Plan#Del 2]]\n");
}

TEST(RenameHeading, ParentOfAChainFromALink) {
  const Fixture f(R"(
    //- /x.md
    [[Plan#Del 2$0]] [[Plan#Del 2#Mål]] [[Plan#Mål]]
    //- /Plan.md
    ## Del 2
    ### Mål
  )");
  const auto [after, result] = rename_at(f, "Del: to");
  EXPECT_EQ(after.at("Plan.md"), "## Del: to\n### Mål\n");
  EXPECT_EQ(after.at("x.md"), "[[Plan#Del to]] [[Plan#Del to#Mål]] [[Plan#Mål]]\n");
}

TEST(RenameTag, NestedAndFrontMatter) {
  const Fixture f(R"(
    //- /Note.md
    ---
    tags: [prosjekt, prosjekt/alfa, annet]
    ---
    #prosjekt$0 #Prosjekt/beta #prosjekter #annet/prosjekt
    //- /x.md
    ---
    tags:
      - prosjekt
    ---
    Tekst #PROSJEKT
  )");
  const auto [after, result] = rename_at(f, "#arbeid");
  EXPECT_EQ(after.at("Note.md"),
            "---\ntags: [arbeid, arbeid/alfa, annet]\n---\n#arbeid #arbeid/beta #prosjekter #annet/prosjekt\n");
  EXPECT_EQ(after.at("x.md"), "---\ntags:\n  - arbeid\n---\nTekst #arbeid\n");
}

TEST(RenameFiles, AFolderMoveKeepsEveryLink) {
  const Fixture f(R"(
    //- /Projects/Plan.md
    [[Budget]] [[Projects/Budget]] [b](Budget.md)
    //- /Projects/Budget.md
    //- /Budget.md
    //- /Index.md
    [[Projects/Plan]] [[Plan]] [p](Projects/Plan.md) [[Projects/Budget#x]]
  )");
  const auto graph = LinkGraph::build(f.shared_vault(), 1);
  const std::vector<FileMove> moves = {{f.id("Projects/Plan.md"), "Archive/2024/Plan.md"},
                                       {f.id("Projects/Budget.md"), "Archive/2024/Budget.md"}};
  const RenameResult result = rename_files(*graph, moves, f.read_text());
  ASSERT_TRUE(result.error.empty()) << result.error;
  const Texts after = apply(f, result);
  std::map<std::string, std::string> moved{{"Projects/Plan.md", "Archive/2024/Plan.md"},
                                           {"Projects/Budget.md", "Archive/2024/Budget.md"}};
  EXPECT_EQ(resolutions(f.vault(), moved), resolutions(*build(after), {}));
  EXPECT_EQ(after.at("Index.md"),
            "[[Archive/2024/Plan]] [[Plan]] [p](Archive/2024/Plan.md) [[Archive/2024/Budget#x]]\n");
  // Own folder still wins for the bare `[[Budget]]` after the move; the path form is rewritten.
  EXPECT_EQ(after.at("Archive/2024/Plan.md"), "[[Budget]] [[Archive/2024/Budget]] [b](Budget.md)\n");
}

TEST(PrepareRename, WhatCanBeRenamed) {
  struct Row {
    const char* text;
    const char* placeholder;  // "" = not renameable
  };
  const Row rows[] = {
      {"[[Pl$0an#Mål]]", "Plan"}, {"[[Plan#M$0ål]]", "Mål"}, {"## Hea$0ding", "Heading"}, {"#ta$0g", "tag"},
      {"[[Nowhere$0]]", ""},      {"Block ^ab$0c", ""},      {"plain te$0xt", "Note"},
  };
  for (const Row& row : rows) {
    const Fixture f(std::string("//- /Note.md\n") + row.text + "\n//- /Plan.md\n## Mål\n");
    const auto prepared = prepare_rename(f.context(), f.cursor());
    if (!*row.placeholder) {
      EXPECT_FALSE(prepared.has_value()) << row.text;
      continue;
    }
    ASSERT_TRUE(prepared.has_value()) << row.text;
    EXPECT_EQ(prepared->placeholder, row.placeholder) << row.text;
  }
}

}  // namespace
}  // namespace slipbox
