// `links.resolveAliases`: AliasIndex and resolve_link with it.
#include "analysis/vault/alias_index.h"

#include <gtest/gtest.h>

#include "analysis/vault/resolve.h"
#include "tests/support/fixture.h"

namespace slipbox {
namespace {

using testing::Fixture;

const char* const kVault = R"(
  //- /Home.md
  $0[[Doggo]] [[doggo]] [[Doggo#Walks]] [[Doggo#Missing]] [[Shared]] [[Kitty]] [[Nobody]] [x](Doggo) [[Real]]
  //- /Animals/Dog.md
  ---
  aliases: [Doggo, "  Good Boy  ", Real, Doggo]
  ---
  # Walks
  //- /Animals/Cat.md
  ---
  aliases: [Kitty, Shared]
  ---
  //- /Other/Cow.md
  ---
  aliases: [shared]
  ---
  //- /Real.md
  //- /Café.md
  ---
  aliases: [Kafé]
  ---
)";

struct Row {
  const char* link;  // the written link text in Home.md
  bool with_aliases;
  LinkStatus status;
  const char* file;  // "" when unresolved
};

TEST(AliasResolution, OnlyWhenAskedOnlyWikiLinksNeverShadowingFiles) {
  const Fixture f(kVault);
  const auto index = AliasIndex::build(f.shared_vault());
  const NoteContext context = f.context();
  const auto find = [&](std::string_view written) -> const Link* {
    for (const Link& link : context.parsed.links)
      if (f.file("Home.md").text().substr(link.range.begin, link.range.size()) == written) return &link;
    return nullptr;
  };
  const Row rows[] = {
      {"[[Doggo]]", false, LinkStatus::UnresolvedNote, ""},  // Obsidian's default
      {"[[Doggo]]", true, LinkStatus::Resolved, "Animals/Dog.md"},
      {"[[doggo]]", true, LinkStatus::Resolved, "Animals/Dog.md"},
      {"[[Doggo#Walks]]", true, LinkStatus::Resolved, "Animals/Dog.md"},
      {"[[Doggo#Missing]]", true, LinkStatus::UnresolvedHeading, "Animals/Dog.md"},
      {"[[Kitty]]", true, LinkStatus::Resolved, "Animals/Cat.md"},
      {"[[Shared]]", true, LinkStatus::UnresolvedNote, ""},  // two notes: ambiguous, unresolved
      {"[[Nobody]]", true, LinkStatus::UnresolvedNote, ""},
      {"[x](Doggo)", true, LinkStatus::UnresolvedNote, ""},  // Markdown links name files only
      {"[[Real]]", true, LinkStatus::Resolved, "Real.md"},   // a file always wins over an alias
  };
  for (const Row& row : rows) {
    const Link* link = find(row.link);
    ASSERT_NE(link, nullptr) << row.link;
    SourceNote source = context.source();
    source.aliases = row.with_aliases ? index.get() : nullptr;
    const LinkTarget target = resolve_link(f.vault(), source, *link);
    EXPECT_EQ(target.status, row.status) << row.link << (row.with_aliases ? " with aliases" : "");
    if (*row.file) {
      ASSERT_TRUE(target.file) << row.link;
      EXPECT_EQ(f.vault().file(*target.file).path, row.file) << row.link;
    } else {
      EXPECT_FALSE(target.file) << row.link;
    }
  }
}

TEST(AliasIndex, NamesCompareLikeFileNames) {
  const Fixture f(kVault);
  const auto index = AliasIndex::build(f.shared_vault());
  EXPECT_EQ(index->find("GOOD BOY"), f.id("Animals/Dog.md"));
  EXPECT_EQ(index->find(" good boy "), f.id("Animals/Dog.md"));
  EXPECT_EQ(index->find("Kafe\xCC\x81"), f.id("Café.md"));  // NFD query, NFC alias
  EXPECT_EQ(index->notes_with_alias("shared"), (std::vector<FileId>{f.id("Animals/Cat.md"), f.id("Other/Cow.md")}));
  EXPECT_EQ(index->notes_with_alias("Doggo"),
            std::vector<FileId>{f.id("Animals/Dog.md")});  // listed twice, counted once
  EXPECT_FALSE(index->find(""));
  EXPECT_FALSE(index->find("Dog"));  // the file name is not an alias
}

TEST(AliasIndex, UpdateRereadsOnlyChangedNotes) {
  const Fixture f(kVault);
  const auto base = AliasIndex::build(f.shared_vault());
  // Dog drops `Doggo` and takes `Pupper`; Cow drops `shared`, so `Shared` becomes unique.
  auto edited = f.shared_vault()->with_note(
      f.id("Animals/Dog.md"), std::make_shared<const ParsedNote>(parse_note("---\naliases: [Pupper]\n---\n")));
  edited = edited->with_note(f.id("Other/Cow.md"), std::make_shared<const ParsedNote>(parse_note("# Cow\n")));
  const auto updated = base->update(edited);
  EXPECT_EQ(&updated->vault(), edited.get());
  EXPECT_FALSE(updated->find("Doggo"));
  EXPECT_EQ(updated->find("Pupper"), f.id("Animals/Dog.md"));
  EXPECT_EQ(updated->find("Shared"), f.id("Animals/Cat.md"));
  EXPECT_EQ(updated->find("Kitty"), f.id("Animals/Cat.md"));
  // The base is immutable.
  EXPECT_EQ(base->find("Doggo"), f.id("Animals/Dog.md"));
  EXPECT_FALSE(base->find("Pupper"));

  // A different file table: a full build.
  const auto grown =
      edited->with_file("New.md", std::make_shared<const ParsedNote>(parse_note("---\naliases: [Fresh]\n---\n")));
  const auto rebuilt = updated->update(grown);
  ASSERT_TRUE(grown->find_path("New.md"));
  EXPECT_EQ(rebuilt->find("Fresh"), grown->find_path("New.md"));
  EXPECT_EQ(rebuilt->find("Pupper"), grown->find_path("Animals/Dog.md"));
}

TEST(AliasIndexCache, OnePerRootAndSnapshot) {
  const Fixture f(kVault);
  AliasIndexCache cache;
  const auto first = cache.get(f.shared_vault());
  EXPECT_EQ(cache.get(f.shared_vault()), first);  // same snapshot: the same index
  const auto edited = f.shared_vault()->with_note(
      f.id("Real.md"), std::make_shared<const ParsedNote>(parse_note("---\naliases: [Genuine]\n---\n")));
  const auto second = cache.get(edited);
  EXPECT_NE(second, first);
  EXPECT_EQ(second->find("Genuine"), f.id("Real.md"));
  EXPECT_EQ(cache.get(nullptr), nullptr);
}

}  // namespace
}  // namespace slipbox
