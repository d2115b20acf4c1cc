#include "analysis/vault/path_globs.h"

#include <gtest/gtest.h>

namespace slipbox {
namespace {

struct Case {
  std::vector<std::string> patterns;
  std::string path;
  bool is_folder;
  bool excluded;
};

class PathGlobsTest : public ::testing::TestWithParam<Case> {};

TEST_P(PathGlobsTest, Excludes) {
  const Case& c = GetParam();
  std::string joined;
  for (const auto& p : c.patterns) joined += p + " ";
  EXPECT_EQ(PathGlobs(c.patterns).excludes(c.path, c.is_folder), c.excluded)
      << "patterns: " << joined << " path: " << c.path;
}

const Case kCases[] = {
    // A folder name excludes the folder and everything below it, at any depth.
    {{"Templates"}, "Templates", true, true},
    {{"Templates"}, "Templates/Daily.md", false, true},
    {{"Templates"}, "Templates/sub/deep/x.png", false, true},
    {{"Templates"}, "Projects/Templates/x.md", false, true},
    {{"Templates"}, "Templates.md", false, false},
    {{"Templates"}, "MyTemplates/x.md", false, false},
    {{"Templates"}, "Notes/Templates and more.md", false, false},
    // Anchored at the root with a leading slash or an inner slash.
    {{"/Templates"}, "Templates/x.md", false, true},
    {{"/Templates"}, "Projects/Templates/x.md", false, false},
    {{"Daily/2023"}, "Daily/2023/01.md", false, true},
    {{"Daily/2023"}, "Old/Daily/2023/01.md", false, false},
    // `**`.
    {{"Archive/**"}, "Archive/a.md", false, true},
    {{"Archive/**"}, "Archive/deep/er/a.md", false, true},
    {{"Archive/**"}, "Archive.md", false, false},
    {{"Archive/**"}, "Other/Archive/a.md", false, false},
    {{"**/*.excalidraw.md"}, "Drawing.excalidraw.md", false, true},
    {{"**/*.excalidraw.md"}, "a/b/c/Drawing.excalidraw.md", false, true},
    {{"**/*.excalidraw.md"}, "a/b/Drawing.md", false, false},
    {{"a/**/z.md"}, "a/z.md", false, true},
    {{"a/**/z.md"}, "a/b/c/z.md", false, true},
    {{"a/**/z.md"}, "b/a/z.md", false, false},
    {{"**/cache/**"}, "x/cache/y.md", false, true},
    {{"**/cache/**"}, "cache/y.md", false, true},
    // `*` and `?` stay within a segment; `?` is one code point.
    {{"*.canvas"}, "Board.canvas", false, true},
    {{"*.canvas"}, "deep/Board.canvas", false, true},
    {{"*.canvas"}, "Board.canvas.md", false, false},
    {{"/*.md"}, "Top.md", false, true},
    {{"/*.md"}, "sub/Deep.md", false, false},
    {{"Note?.md"}, "Note1.md", false, true},
    {{"Note?.md"}, "Noteø.md", false, true},
    {{"Note?.md"}, "Note12.md", false, false},
    {{"a*b*c"}, "axxbyyc", false, true},
    {{"a*b*c"}, "axxbyy", false, false},
    {{"*"}, "anything/at/all.md", false, true},
    // Character classes and escapes.
    {{"Note[0-9].md"}, "Note7.md", false, true},
    {{"Note[0-9].md"}, "NoteX.md", false, false},
    {{"Note[!0-9].md"}, "NoteX.md", false, true},
    {{"Note[!0-9].md"}, "Note7.md", false, false},
    {{"\\*star.md"}, "*star.md", false, true},
    {{"\\*star.md"}, "xstar.md", false, false},
    {{"a[b"}, "a[b", false, true},
    // A trailing slash: folders only.
    {{"Drafts/"}, "Drafts", false, false},
    {{"Drafts/"}, "Drafts", true, true},
    {{"Drafts/"}, "Drafts/x.md", false, true},
    // Case and Unicode normalisation are ignored, emoji and non-ASCII names work.
    {{"archive"}, "ARCHIVE/x.md", false, true},
    {{"🛠 Ressurser/Slipbox"}, "🛠 Ressurser/Slipbox/Agile Metoder.md", false, true},
    {{"Cafe\xCC\x81"}, "Caf\xC3\xA9/x.md", false, true},
    {{"Møter"}, "møter/a.md", false, true},
    // Negation re-includes a file, but nothing inside an excluded folder.
    {{"*.md", "!Keep.md"}, "Keep.md", false, false},
    {{"*.md", "!Keep.md"}, "Other.md", false, true},
    {{"Archive", "!Archive/Keep.md"}, "Archive/Keep.md", false, true},
    {{"Archive/*", "!Archive/Keep.md"}, "Archive/Keep.md", false, false},
    {{"!Keep.md", "*.md"}, "Keep.md", false, true},
    // Blank lines, comments and empty patterns exclude nothing.
    {{"", "  ", "# comment", "/", "!"}, "x.md", false, false},
    {{}, "x.md", false, false},
    // Leading `./` and doubled slashes in the path.
    {{"./Templates"}, "Templates/x.md", false, true},
    {{"Templates"}, "Templates//x.md", false, true},
};

INSTANTIATE_TEST_SUITE_P(Table, PathGlobsTest, ::testing::ValuesIn(kCases));

TEST(PathGlobs, EmptyWhenOnlyCommentsOrBlanks) {
  EXPECT_TRUE(PathGlobs({"", "# x"}).empty());
  EXPECT_FALSE(PathGlobs({"x"}).empty());
}

TEST(PathGlobs, HostileInputNeverCrashes) {
  const std::vector<std::string> patterns = {
      "[", "[!", "[]", "\\", "**/**/**/**", "*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*x", "\xff\xfe", "[z-a]", "a/**/"};
  const PathGlobs globs(patterns);
  for (const std::string& path :
       std::vector<std::string>{"", "/", "//", "a", "\xff/\xfe", std::string(300, 'a'), std::string(200, '/')}) {
    (void)globs.excludes(path, false);
    (void)globs.excludes(path, true);
  }
  // Many stars against a long name that fails at the end: no exponential time.
  EXPECT_FALSE(PathGlobs({"*a*a*a*a*a*a*a*a*a*b"}).excludes(std::string(200, 'a')));
}

}  // namespace
}  // namespace slipbox
