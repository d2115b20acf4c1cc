// Linkpath → file, per docs/link-resolution.md §2 and its §3 examples table.
// Every case is one row {source, link, expected}; an empty `expected` means unresolved.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "analysis/vault/resolve.h"
#include "analysis/vault/vault.h"

namespace slipbox {
namespace {

const char* const kNfdCafe = "Cafe\xCC\x81.md";  // "Cafe" + U+0301, as macOS/Linux may store it
const char* const kNfcCafe = "Caf\xC3\xA9";      // "Café" as typed

std::shared_ptr<const Vault> vault_of(const std::vector<std::string>& paths) {
  std::vector<Vault::InMemoryFile> files;
  for (const std::string& path : paths) files.push_back({path, ""});
  return Vault::from_memory("/vault", std::move(files));
}

struct Row {
  std::string source;    // vault path of the linking note ("" = outside the vault)
  std::string link;      // the linkpath as the parser hands it over
  std::string expected;  // vault path, or "" for unresolved
};

std::ostream& operator<<(std::ostream& out, const Row& row) {
  return out << "from '" << row.source << "' link '" << row.link << "' → '" << row.expected << "'";
}

void check_rows(const Vault& vault, const std::vector<Row>& rows) {
  for (const Row& row : rows) {
    SCOPED_TRACE(::testing::Message() << row);
    const auto id = resolve_linkpath(vault, row.source, row.link);
    if (row.expected.empty()) {
      EXPECT_FALSE(id.has_value()) << "resolved to " << vault.file(*id).path;
    } else {
      ASSERT_TRUE(id.has_value());
      EXPECT_EQ(vault.file(*id).path, row.expected);
    }
  }
}

// docs/link-resolution.md §3: Note.md, zzzz/Note.md, a/b/Note.md, Projects/Plan.md, img/Fig 1.png,
// Log.md, Café.md (NFD on disk), Sub/My Note.md.
std::vector<std::string> spec_vault_paths(bool with_root_note) {
  std::vector<std::string> paths = {"zzzz/Note.md", "a/b/Note.md", "Projects/Plan.md", "img/Fig 1.png",
                                    "Log.md",       kNfdCafe,      "Sub/My Note.md"};
  if (with_root_note) paths.push_back("Note.md");
  return paths;
}

const std::vector<std::string> kAnySource = {"x.md", "a/x.md", "a/b/x.md", "zzzz/deep/x.md", "Sub/x.md", ""};

TEST(ResolveLinkpath, SpecExamplesTable) {
  const auto vault = vault_of(spec_vault_paths(true));
  std::vector<Row> rows = {
      {"a/b/x.md", "Note", "Note.md"},       // exact path (2.2.2)
      {"a/b/x.md", "Note.md", "Note.md"},    // .md optional
      {"a/b/x.md", "note", "Note.md"},       // case-insensitive
      {"a/x.md", "../Log", "Log.md"},        // relative (2.2.1)
      {"", "My Note.md", "Sub/My Note.md"},  // md link `[y](My%20Note.md)` after decoding, from root
      {"x.md", "My Note.md", "Sub/My Note.md"},
      {"x.md", "Sub/My Note.md", "Sub/My Note.md"},      // `[x](Sub/My%20Note.md)` from the root…
      {"Sub/x.md", "Sub/My Note.md", "Sub/My Note.md"},  // …and from Sub/
      {"x.md", "https://x.org", ""},                     // `[[https://x.org]]` is an unresolved note name
  };
  for (const std::string& source : kAnySource) {
    rows.push_back({source, "b/Note", "a/b/Note.md"});              // suffix match (2.2.3)
    rows.push_back({source, "Projects/Plan", "Projects/Plan.md"});  // folder path from root
    rows.push_back({source, "Fig 1.png", "img/Fig 1.png"});         // attachment, extension required
    rows.push_back({source, "Fig 1", ""});                          // no note named `Fig 1`
    rows.push_back({source, "LOG", "Log.md"});                      // case-insensitive
    rows.push_back({source, "log", "Log.md"});
    rows.push_back({source, kNfcCafe, "Caf\xC3\xA9.md"});        // NFC link, NFD file
    rows.push_back({source, "Cafe\xCC\x81", "Caf\xC3\xA9.md"});  // NFD link too
    rows.push_back({source, "CAF\xC3\x89", "Caf\xC3\xA9.md"});   // case-folded non-ASCII
    rows.push_back({source, "Note", "Note.md"});                 // exact root path from everywhere
  }
  check_rows(*vault, rows);
}

TEST(ResolveLinkpath, SpecExamplesWithoutRootNote) {
  const auto vault = vault_of(spec_vault_paths(false));
  check_rows(*vault, {
                         {"zzzz/x.md", "Note", "zzzz/Note.md"},      // own folder (2.2.4)
                         {"x.md", "Note", "a/b/Note.md"},            // shortest string (2.2.5)
                         {"zzzz/deep/x.md", "Note", "a/b/Note.md"},  // ancestors don't count
                         {"a/x.md", "Note", "a/b/Note.md"},          // a/ is an ancestor of a/b/Note.md only
                         {"a/b/x.md", "Note", "a/b/Note.md"},        // own folder again
                     });
}

TEST(ResolveLinkpath, NfdFileIsListedAsNfc) {
  const auto vault = vault_of(spec_vault_paths(true));
  const auto id = vault->find_path("Caf\xC3\xA9.md");
  ASSERT_TRUE(id.has_value());
  EXPECT_EQ(vault->file(*id).name, kNfcCafe);
  EXPECT_EQ(vault->find_path(kNfdCafe), id);
}

TEST(ResolveLinkpath, ExactVaultPathWinsOverOwnFolderSuffix) {
  // docs/link-resolution.md §2.2.2: `[[b/Note]]` → `b/Note.md` over `a/b/Note.md` when the source
  // is in a/b/.
  const auto vault = vault_of({"b/Note.md", "a/b/Note.md", "Note.md", "a/b/c/Note.md"});
  check_rows(*vault, {
                         {"a/b/x.md", "b/Note", "b/Note.md"},
                         {"a/b/c/x.md", "Note", "Note.md"},
                         {"a/b/x.md", "a/b/Note", "a/b/Note.md"},
                         {"x.md", "c/Note", "a/b/c/Note.md"},
                     });
}

TEST(ResolveLinkpath, OwnFolderThenShortestThenLexicographic) {
  const auto vault =
      vault_of({"zzzz/Note.md", "b/Note.md", "a/b/Note.md", "aa/Tie.md", "bb/Tie.md", "ab/Uni.md", "\xC3\xA9/Uni.md"});
  check_rows(*vault, {
                         {"zzzz/src.md", "Note", "zzzz/Note.md"},  // own folder beats shorter b/Note.md
                         {"zzzz/deep/src.md", "Note", "b/Note.md"},
                         {"x.md", "Note", "b/Note.md"},  // not file-tree order
                         {"a/x.md", "Note", "b/Note.md"},
                         {"x.md", "Tie", "aa/Tie.md"},  // equal length: lexicographic
                         {"cc/x.md", "Tie", "aa/Tie.md"},
                         {"bb/x.md", "Tie", "bb/Tie.md"},  // own folder first
                         // `é/Uni.md` is 8 code points but 9 bytes; `ab/Uni.md` is 9 of each.
                         {"x.md", "Uni", "\xC3\xA9/Uni.md"},
                     });
  EXPECT_EQ(linkpath_candidates(*vault, "x.md", "Tie").size(), 2u);
}

TEST(ResolveLinkpath, ShortestIsPathStringNotSegmentCount) {
  // a/b/Note.md (11 chars) beats zzzz/Note.md (12): not fewest segments.
  const auto vault = vault_of({"zzzz/Note.md", "a/b/Note.md"});
  check_rows(*vault, {{"x.md", "Note", "a/b/Note.md"}, {"q/x.md", "Note", "a/b/Note.md"}});
}

TEST(ResolveLinkpath, CandidatesBestFirst) {
  const auto vault = vault_of({"Note.md", "zzzz/Note.md", "a/b/Note.md", "Other.md"});
  const auto candidates = linkpath_candidates(*vault, "zzzz/x.md", "Note");
  std::vector<std::string> paths;
  for (const FileId id : candidates) paths.push_back(vault->file(id).path);
  EXPECT_EQ(paths, (std::vector<std::string>{"Note.md", "zzzz/Note.md", "a/b/Note.md"}));
  EXPECT_TRUE(linkpath_candidates(*vault, "x.md", "Nothing").empty());
  EXPECT_EQ(linkpath_candidates(*vault, "x.md", "Other").size(), 1u);
}

// A bare name in several folders is ambiguous whichever rule picks the file.
TEST(ResolveLinkpath, AmbiguousWhenTheNameIsInSeveralFolders) {
  const auto vault = vault_of({"aa/Tie.md", "bb/Tie.md", "Note.md", "zzzz/Note.md", "a/b/Long.md", "zzzz/Long.md",
                               "c/Case.md", "c/case.md", "Solo.md", "x/Sub/Deep.md", "y/Sub/Deep.md"});
  struct Row {
    std::string source, link;
    bool ambiguous;
  };
  const std::vector<Row> rows = {
      {"x.md", "Tie", true},                                      // equal length, neither in the source's folder
      {"aa/x.md", "Tie", true},                                   // own folder picks, another folder has it too
      {"x.md", "Note", false},                                    // the link spells Note.md's whole path
      {"x.md", "zzzz/Note", false},  {"x.md", "Long", true},      // length picks
      {"x.md", "a/b/Long", false},   {"x.md", "Sub/Deep", true},  // a path suffix in two folders
      {"x.md", "x/Sub/Deep", false}, {"x.md", "./Tie", false},    // relative: one path
      {"x.md", "Case", false},  // one folder: exact case tells c/Case.md from c/case.md…
      {"x.md", "CASE", true},   // …but not when neither is spelled so
      {"x.md", "Solo", false},       {"x.md", "Missing", false},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.link);
    EXPECT_EQ(linkpath_is_ambiguous(*vault, row.source, row.link), row.ambiguous);
  }
}

TEST(ResolveLinkpath, SuffixMatchIsSegmentAligned) {
  const auto vault = vault_of({"ab/Note.md", "xNote.md", "deep/a/b/Note.md"});
  check_rows(*vault, {
                         {"x.md", "b/Note", "deep/a/b/Note.md"},  // not ab/Note.md
                         {"x.md", "ote", ""},
                         {"x.md", "Note", "ab/Note.md"},  // basename equals, shortest
                         {"x.md", "a/b/Note", "deep/a/b/Note.md"},
                         {"x.md", "eep/a/b/Note", ""},
                     });
}

TEST(ResolveLinkpath, RelativeForms) {
  const auto vault = vault_of({"Log.md", "a/y.md", "a/b/Note.md", "a/Note.md", "top.md", "a/b/c/deep.md"});
  check_rows(*vault, {
                         {"a/x.md", "../Log", "Log.md"},
                         {"a/x.md", "./y", "a/y.md"},
                         {"a/b/x.md", "../Note", "a/Note.md"},
                         {"a/b/x.md", "./Note", "a/b/Note.md"},
                         {"a/b/x.md", "../../top", "top.md"},
                         {"a/b/x.md", "./c/deep", "a/b/c/deep.md"},
                         {"a/b/x.md", "../b/./c/../Note", "a/b/Note.md"},
                         {"a/x.md", "../../Log", ""},  // above the vault root: never outside the vault
                         {"x.md", "../Log", ""},
                         {"a/b/x.md", "../top", ""},  // relative paths are anchored: no suffix search
                         {"a/x.md", "./Log", ""},
                         {"a/x.md", "../Log.md", "Log.md"},  // md link `[l](../Log.md)`
                         {"a/x.md", "../LOG", "Log.md"},
                     });
}

TEST(ResolveLinkpath, LeadingSlashIsVaultRoot) {
  const auto vault = vault_of({"Note.md", "a/b/Note.md", "folder/note.md"});
  check_rows(*vault, {
                         {"a/b/x.md", "/Note", "Note.md"},
                         {"x.md", "/a/b/Note", "a/b/Note.md"},
                         {"x.md", "/b/Note", ""},  // anchored at the root: no suffix match
                         {"x.md", "/folder/note", "folder/note.md"},
                         {"x.md", "folder/note", "folder/note.md"},  // docs/link-resolution.md §6 `[[folder/note]]`
                     });
}

TEST(ResolveLinkpath, CandidateRuleForExtensions) {
  // docs/link-resolution.md §2.1.3: the name as written when a file has that extension, else
  // name + `.md`.
  const auto vault = vault_of(
      {"img/image.png", "image.png.md", "Fig 1.png", "doc.pdf", "Ext.md", "Upper.MD", "My.Note.md", "data.csv"});
  check_rows(*vault, {
                         {"x.md", "image.png", "img/image.png"},
                         {"x.md", "image.png.md", "image.png.md"},  // a note called `image.png`
                         {"x.md", "Fig 1", ""},
                         {"x.md", "Fig 1.png", "Fig 1.png"},
                         {"x.md", "doc.pdf", "doc.pdf"},
                         {"x.md", "doc", ""},
                         {"x.md", "Ext.MD", "Ext.md"},
                         {"x.md", "ext.md", "Ext.md"},
                         {"x.md", "Ext", "Ext.md"},
                         {"x.md", "Upper", "Upper.MD"},
                         {"x.md", "My.Note", "My.Note.md"},  // an "extension" no file has: append .md
                         {"x.md", "data.csv", "data.csv"},   // any file type resolves by its full name
                     });
  const auto id = vault->find_path("Upper.MD");
  ASSERT_TRUE(id);
  EXPECT_TRUE(vault->file(*id).is_note);
  EXPECT_EQ(vault->file(*id).name, "Upper");
}

TEST(ResolveLinkpath, AttachmentFallsBackToNoteWhenNoFileHasTheExtension) {
  const auto vault = vault_of({"image.png.md"});
  check_rows(*vault, {{"x.md", "image.png", "image.png.md"}, {"x.md", "image", ""}});
}

TEST(ResolveLinkpath, DoubleMdExtension) {
  // docs/link-resolution.md §6 `note.md.md`: exact file name first, then strip one `.md`.
  const auto both = vault_of({"note.md", "note.md.md"});
  check_rows(*both, {
                        {"x.md", "note", "note.md"},
                        {"x.md", "note.md", "note.md"},
                        {"x.md", "note.md.md", "note.md.md"},
                    });
  const auto only_double = vault_of({"note.md.md"});
  check_rows(*only_double, {
                               {"x.md", "note.md", "note.md.md"},
                               {"x.md", "note.md.md", "note.md.md"},
                               {"x.md", "note", ""},
                           });
}

TEST(ResolveLinkpath, ExactCasePreferredWhenFilesDifferOnlyInCase) {
  // Possible on Linux: two files whose names differ only in case.
  const auto vault = vault_of({"Note.md", "note.md", "dir/Plan.md", "DIR/plan.md"});
  check_rows(*vault, {
                         {"x.md", "note", "note.md"},
                         {"x.md", "Note", "Note.md"},
                         {"x.md", "NOTE", "Note.md"},  // neither spelled so: lexicographic (uppercase first)
                         {"x.md", "dir/Plan", "dir/Plan.md"},
                         {"x.md", "DIR/plan", "DIR/plan.md"},
                         {"x.md", "Plan", "dir/Plan.md"},
                         {"x.md", "plan", "DIR/plan.md"},
                         {"x.md", "note.md", "note.md"},
                     });
}

TEST(ResolveLinkpath, SpacesAreTrimmedAndKeptInside) {
  const auto vault = vault_of({"Note.md", "Sp ace.md"});
  check_rows(*vault, {
                         {"x.md", "  Note  ", "Note.md"},
                         {"x.md", "\tNote", "Note.md"},
                         {"x.md", "Sp ace", "Sp ace.md"},
                         {"x.md", "Sp  ace", ""},
                         {"x.md", "", ""},
                         {"x.md", "   ", ""},
                     });
}

TEST(ResolveLinkpath, AliasesAndTitlesAreNotUsed) {
  std::vector<Vault::InMemoryFile> files = {
      {"Dog.md", "---\naliases: [Doggo]\n---\n# Puppy\n"},
      {"AL1.md", "---\naliases: [AL]\n---\n"},
      {"AL2.md", "---\naliases:\n  - AL\n---\n"},
  };
  const auto vault = Vault::from_memory("/vault", std::move(files));
  check_rows(*vault, {
                         {"x.md", "Doggo", ""},
                         {"x.md", "doggo", ""},
                         {"x.md", "AL", ""},
                         {"x.md", "al", ""},
                         {"x.md", "Puppy", ""},  // the first H1 is not a title
                         {"x.md", "Dog", "Dog.md"},
                     });
}

TEST(ResolveLinkpath, PercentEscapesInWikilinksAreLiteral) {
  // docs/link-resolution.md §6: `[[My%20Note]]` is not decoded (the parser decodes Markdown
  // links only).
  const auto vault = vault_of({"Sub/My Note.md", "100%.md"});
  check_rows(*vault, {
                         {"x.md", "My%20Note", ""},
                         {"x.md", "My Note", "Sub/My Note.md"},
                         {"x.md", "100%", "100%.md"},
                     });
}

TEST(ResolveLinkpath, NonAsciiAndEmojiFolders) {
  const auto vault = vault_of({"\xF0\x9F\x9B\xA0 Ressurser/Slipbox/Agile Metoder.md", "Norsk/\xC3\x86rlig talt.md",
                               "\xE6\x97\xA5\xE6\x9C\xAC/\xE6\x97\xA5\xE8\xA8\x98.md"});
  check_rows(*vault, {
                         {"x.md", "Agile Metoder", "\xF0\x9F\x9B\xA0 Ressurser/Slipbox/Agile Metoder.md"},
                         {"x.md", "Slipbox/Agile Metoder", "\xF0\x9F\x9B\xA0 Ressurser/Slipbox/Agile Metoder.md"},
                         {"x.md", "\xF0\x9F\x9B\xA0 Ressurser/Slipbox/agile metoder",
                          "\xF0\x9F\x9B\xA0 Ressurser/Slipbox/Agile Metoder.md"},
                         {"x.md", "\xC3\xA6rlig talt", "Norsk/\xC3\x86rlig talt.md"},  // æ folds Æ
                         {"x.md", "\xE6\x97\xA5\xE8\xA8\x98", "\xE6\x97\xA5\xE6\x9C\xAC/\xE6\x97\xA5\xE8\xA8\x98.md"},
                     });
}

TEST(ResolveLinkpath, SourceOutsideTheVaultHasNoOwnFolder) {
  const auto vault = vault_of({"zzzzz/Note.md", "b/Note.md"});
  check_rows(*vault, {{"", "Note", "b/Note.md"}, {"zzzzz/x.md", "Note", "zzzzz/Note.md"}});
}

TEST(ResolveLinkpath, BareNameLookupScalesWithCandidatesNotVault) {
  // 100,000 files, a handful named alike: the lookup goes through the basename map.
  std::vector<Vault::InMemoryFile> files;
  files.reserve(100'000);
  for (int i = 0; i < 100'000; ++i)
    files.push_back({"f" + std::to_string(i % 100) + "/n" + std::to_string(i) + ".png", ""});
  files.push_back({"deep/er/Target.md", ""});
  files.push_back({"x/Target.md", ""});
  const auto vault = Vault::from_memory("/vault", std::move(files));
  EXPECT_EQ(vault->files_with_basename("target.md").size(), 2u);
  check_rows(*vault, {{"q.md", "Target", "x/Target.md"}, {"q.md", "n77.png", "f77/n77.png"}});
}

}  // namespace
}  // namespace slipbox
