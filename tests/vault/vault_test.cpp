// The file table and its lookups, built from memory.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "analysis/text/unicode.h"
#include "analysis/vault/resolve.h"
#include "analysis/vault/vault.h"

namespace slipbox {
namespace {

std::shared_ptr<const Vault> vault_of(const std::vector<std::string>& paths) {
  std::vector<Vault::InMemoryFile> files;
  for (const std::string& path : paths) files.push_back({path, ""});
  return Vault::from_memory("/vault", std::move(files));
}

std::vector<std::string> paths_of(const Vault& vault, std::span<const FileId> ids) {
  std::vector<std::string> paths;
  for (const FileId id : ids) paths.push_back(vault.file(id).path);
  return paths;
}

TEST(VaultTable, FilesAreSortedAndDescribed) {
  const auto vault = vault_of({"zzzz/Note.md", "img/Fig 1.png", "Note.md", "a/b/Note.MD", "Cafe\xCC\x81.md",
                               "\xF0\x9F\x9B\xA0 Ressurser/Slipbox/Agile Metoder.md"});
  ASSERT_EQ(vault->file_count(), 6u);
  std::vector<std::string> paths;
  for (const VaultFile& file : vault->files()) paths.push_back(file.path);
  EXPECT_EQ(paths, (std::vector<std::string>{"Caf\xC3\xA9.md", "Note.md", "a/b/Note.MD", "img/Fig 1.png",
                                             "zzzz/Note.md", "\xF0\x9F\x9B\xA0 Ressurser/Slipbox/Agile Metoder.md"}));

  struct Row {
    std::string path, name, folder;
    bool is_note;
  };
  const std::vector<Row> rows = {
      {"Caf\xC3\xA9.md", "Caf\xC3\xA9", "", true},
      {"a/b/Note.MD", "Note", "a/b", true},
      {"img/Fig 1.png", "Fig 1.png", "img", false},
      {"\xF0\x9F\x9B\xA0 Ressurser/Slipbox/Agile Metoder.md", "Agile Metoder", "\xF0\x9F\x9B\xA0 Ressurser/Slipbox",
       true},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.path);
    const auto id = vault->find_path(row.path);
    ASSERT_TRUE(id);
    const VaultFile& file = vault->file(*id);
    EXPECT_EQ(file.name, row.name);
    EXPECT_EQ(file.folder, row.folder);
    EXPECT_EQ(file.is_note, row.is_note);
    EXPECT_EQ(file.name_loose, loose_key(row.name));
    EXPECT_EQ(vault->note(*id) != nullptr, row.is_note);  // attachments have no parse
  }
}

TEST(VaultTable, FindPathIsCaseAndNormalisationInsensitive) {
  const auto vault = vault_of({"Note.md", "note.md", "Sub/My Note.md", "Caf\xC3\xA9.md"});
  EXPECT_EQ(vault->file(*vault->find_path("Note.md")).path, "Note.md");
  EXPECT_EQ(vault->file(*vault->find_path("note.md")).path, "note.md");
  EXPECT_EQ(vault->file(*vault->find_path("NOTE.MD")).path, "Note.md");
  EXPECT_EQ(vault->file(*vault->find_path("sub/my note.md")).path, "Sub/My Note.md");
  EXPECT_EQ(vault->file(*vault->find_path("CAFE\xCC\x81.md")).path, "Caf\xC3\xA9.md");
  EXPECT_FALSE(vault->find_path("Sub/My Note"));  // the extension is part of the path
  EXPECT_FALSE(vault->find_path("My Note.md"));   // no suffix matching here
  EXPECT_FALSE(vault->find_path(""));
}

TEST(VaultTable, BasenameLookupAndSharedNames) {
  const auto vault =
      vault_of({"Note.md", "a/note.md", "b/NOTE.md", "Unique.md", "img/x.png", "other/x.png", "x.md", "Note.png"});
  EXPECT_EQ(paths_of(*vault, vault->files_with_basename("note.md")),
            (std::vector<std::string>{"Note.md", "a/note.md", "b/NOTE.md"}));
  EXPECT_EQ(paths_of(*vault, vault->files_with_basename("x.png")),
            (std::vector<std::string>{"img/x.png", "other/x.png"}));
  EXPECT_TRUE(vault->files_with_basename("Note.md").empty());  // the key must be folded
  EXPECT_TRUE(vault->files_with_basename("missing.md").empty());

  EXPECT_EQ(vault->notes_sharing_name(*vault->find_path("a/note.md")), 3u);
  EXPECT_EQ(vault->notes_sharing_name(*vault->find_path("Unique.md")), 1u);
  EXPECT_EQ(vault->notes_sharing_name(*vault->find_path("x.md")), 1u);  // x.png is no note
  EXPECT_EQ(vault->notes_sharing_name(*vault->find_path("img/x.png")), 2u);
  EXPECT_EQ(vault->notes_sharing_name(*vault->find_path("Note.png")), 1u);
}

TEST(VaultTable, DuplicatePathsKeepTheLastText) {
  const auto vault = Vault::from_memory("/vault", {{"A.md", "# One\n"}, {"./A.md", "# Two\n"}, {"/B.md", ""}});
  ASSERT_EQ(vault->file_count(), 2u);
  EXPECT_EQ(vault->file(1).path, "B.md");
  const ParsedNote* note = vault->note(0);
  ASSERT_NE(note, nullptr);
  ASSERT_EQ(note->headings.size(), 1u);
  EXPECT_EQ(note->headings[0].text, "Two");
}

TEST(VaultTable, WithNoteReplacesOneParseAndSharesTheRest) {
  std::vector<Vault::InMemoryFile> files;
  for (int i = 0; i < 3000; ++i) files.push_back({"n" + std::to_string(i) + ".md", "# H\n"});
  const auto before = Vault::from_memory("/vault", std::move(files));
  const FileId edited = 2500;
  auto replacement = std::make_shared<ParsedNote>();
  replacement->headings.emplace_back();
  replacement->headings.back().text = "New";
  const auto after = before->with_note(edited, replacement);

  EXPECT_EQ(after->note(edited), replacement.get());
  ASSERT_NE(before->note(edited), nullptr);
  EXPECT_EQ(before->note(edited)->headings[0].text, "H");  // the original is unchanged
  EXPECT_EQ(&after->files(), &before->files());            // one shared file table
  for (const FileId id : {FileId{0}, FileId{1023}, FileId{1024}, FileId{2499}, FileId{2501}, FileId{2999}})
    EXPECT_EQ(after->shared_note(id), before->shared_note(id)) << id;
  EXPECT_EQ(after->note(99999), nullptr);  // out of range: no crash
  const auto unchanged = before->with_note(99999, replacement);
  EXPECT_EQ(unchanged->file_count(), before->file_count());
}

TEST(VaultTable, NotesChangedSinceAnEarlierCopy) {
  std::vector<Vault::InMemoryFile> files;
  for (int i = 0; i < 3000; ++i) files.push_back({"n" + std::to_string(i) + ".md", "# H\n"});
  files.push_back({"picture.png", ""});
  const auto base = Vault::from_memory("/vault", std::move(files));
  EXPECT_TRUE(base->notes_changed_since(*base).empty());
  const auto note = std::make_shared<const ParsedNote>(parse_note("# Other\n"));
  // Two edits in one chunk, one in another; an edit back to the base's own parse is no change.
  auto edited = base->with_note(5, note)->with_note(1000, note)->with_note(2999, note);
  edited = edited->with_note(7, note)->with_note(7, base->shared_note(7));
  EXPECT_EQ(edited->notes_changed_since(*base), (std::vector<FileId>{5, 1000, 2999}));
  EXPECT_TRUE(base->notes_changed_since(*base->with_note(42, base->shared_note(42))).empty());
  // Another file table: every file is reported (nothing can be compared).
  const auto other = Vault::from_memory("/vault", {{"a.md", "x"}});
  EXPECT_EQ(other->notes_changed_since(*base).size(), 1u);
}

TEST(VaultTable, AbsolutePathUsesTheOnDiskSpelling) {
  const auto vault = Vault::from_memory("/vault/", {{"Cafe\xCC\x81.md", ""}, {"a/b.md", ""}});
  EXPECT_EQ(vault->absolute_path(*vault->find_path("Caf\xC3\xA9.md")), std::filesystem::path("/vault/Cafe\xCC\x81.md"));
  EXPECT_EQ(vault->absolute_path(*vault->find_path("a/b.md")), std::filesystem::path("/vault/a/b.md"));
}

TEST(VaultTable, RelativeRootBecomesAbsolute) {
  const auto vault = Vault::from_memory("some/../vault-dir/", {{"a.md", ""}});
  EXPECT_TRUE(vault->root().is_absolute());
  EXPECT_EQ(vault->root(), std::filesystem::current_path() / "vault-dir");
  EXPECT_EQ(vault->absolute_path(0), std::filesystem::current_path() / "vault-dir" / "a.md");
  EXPECT_EQ(vault->vault_path_of(std::filesystem::current_path() / "vault-dir" / "b.md"), "b.md");
}

TEST(VaultTable, VaultPathOf) {
  const auto vault = vault_of({"a/b.md"});
  struct Row {
    std::string absolute;
    std::optional<std::string> expected;
  };
  const std::vector<Row> rows = {
      {"/vault/a/b.md", "a/b.md"},      {"/vault/new note.md", "new note.md"},  // need not exist
      {"/vault/a/../c.md", "c.md"},     {"/vault/./a/./b.md", "a/b.md"},
      {"/vault//a//b.md", "a/b.md"},    {"/vault/Cafe\xCC\x81.md", "Caf\xC3\xA9.md"},
      {"/vault/../x.md", std::nullopt}, {"/vault2/x.md", std::nullopt},
      {"/vaul", std::nullopt},          {"/vault", std::nullopt},
      {"/vault/", std::nullopt},        {"/elsewhere/vault/x.md", std::nullopt},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.absolute);
    EXPECT_EQ(vault->vault_path_of(row.absolute), row.expected);
  }
}

TEST(ShortestLinkText, BareNameWhenUniqueElseFullPath) {
  const auto vault =
      vault_of({"Note.md", "zzzz/Note.md", "a/b/note.md", "Projects/Plan.md", "img/Fig 1.png", "other/Fig 1.png",
                "img/Logo.svg", "x.png", "x.png.md", "Caf\xC3\xA9.md", "dup.md.md", "dup.md", "Upper.MD"});
  struct Row {
    std::string path, expected;
  };
  const std::vector<Row> rows = {
      {"Projects/Plan.md", "Plan"},
      {"Note.md", "Note"},  // full path of a root note is its name
      {"zzzz/Note.md", "zzzz/Note"},
      {"a/b/note.md", "a/b/note"},  // shares the name ignoring case
      {"img/Fig 1.png", "img/Fig 1.png"},
      {"img/Logo.svg", "Logo.svg"},
      {"x.png", "x.png"},
      {"x.png.md", "x.png.md"},  // `[[x.png]]` would open the image
      {"Caf\xC3\xA9.md", "Caf\xC3\xA9"},
      {"dup.md", "dup"},
      {"dup.md.md", "dup.md.md"},
      {"Upper.MD", "Upper"},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.path);
    const FileId id = *vault->find_path(row.path);
    const std::string text = shortest_link_text(*vault, id);
    EXPECT_EQ(text, row.expected);
    // Whatever we write must lead back to the file, from anywhere.
    for (const char* source : {"x.md", "zzzz/x.md", "a/b/x.md", "img/x.md"})
      EXPECT_EQ(resolve_linkpath(*vault, source, text), id) << "from " << source;
  }
}

}  // namespace
}  // namespace slipbox

namespace slipbox {
namespace {

TEST(VaultTable, WithFileAddsAndWithoutFileRemoves) {
  std::vector<Vault::InMemoryFile> files;
  for (int i = 0; i < 2100; ++i) files.push_back({"n" + std::to_string(i) + ".md", "# H" + std::to_string(i) + "\n"});
  files.push_back({"b/Note.md", "# B\n"});
  const auto before = Vault::from_memory("/vault", std::move(files));

  auto created = std::make_shared<ParsedNote>();
  created->headings.emplace_back();
  created->headings.back().text = "Created";
  // "a/Note.md" sorts before everything else: every FileId shifts.
  const auto added = before->with_file("a/Note.md", created);
  ASSERT_EQ(added->file_count(), before->file_count() + 1);
  EXPECT_EQ(added->file(0).path, "a/Note.md");
  EXPECT_EQ(added->note(0), created.get());
  EXPECT_EQ(added->files_with_basename("note.md").size(), 2u);
  EXPECT_EQ(added->notes_sharing_name(0), 2u);
  EXPECT_EQ(resolve_linkpath(*added, "a/x.md", "Note"), FileId{0});  // own folder
  for (FileId id = 0; id < before->file_count(); ++id) {             // every other parse moved with its file
    const auto moved = added->find_path(before->file(id).path);
    ASSERT_TRUE(moved);
    ASSERT_EQ(added->shared_note(*moved), before->shared_note(id)) << before->file(id).path;
  }
  EXPECT_EQ(before->file_count(), 2101u);  // the original is unchanged
  EXPECT_FALSE(before->find_path("a/Note.md"));

  // An existing path only swaps the parse; an attachment never gets one.
  const auto replaced = added->with_file("a/Note.md", nullptr);
  EXPECT_EQ(replaced->file_count(), added->file_count());
  EXPECT_EQ(replaced->note(0), nullptr);
  const auto image = added->with_file("img/x.png", created);
  EXPECT_EQ(image->note(*image->find_path("img/x.png")), nullptr);
  EXPECT_EQ(resolve_linkpath(*image, "", "x.png"), image->find_path("img/x.png"));

  const auto removed = added->without_file("b/Note.md");
  EXPECT_EQ(removed->file_count(), added->file_count() - 1);
  EXPECT_FALSE(removed->find_path("b/Note.md"));
  EXPECT_EQ(resolve_linkpath(*removed, "b/x.md", "Note"), removed->find_path("a/Note.md"));
  EXPECT_EQ(removed->note(*removed->find_path("n2099.md"))->headings[0].text, "H2099");
  EXPECT_EQ(added->without_file("B/note.md")->file_count(), added->file_count());  // exact path only
  EXPECT_EQ(added->without_file("")->file_count(), added->file_count());
}

}  // namespace
}  // namespace slipbox
