// ResolveMemo: remembered resolutions of one note's links must always be what resolve_link and
// linkpath_is_ambiguous say now — after the target, the note itself or the file set changed.
#include "analysis/vault/resolve_memo.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>

namespace slipbox {
namespace {

std::string describe(const Vault& vault, const LinkTarget& target) {
  std::string out = std::to_string(static_cast<int>(target.status));
  out += target.file ? " " + vault.file(*target.file).path : " -";
  if (target.outside_vault) out += " outside";
  if (target.is_self) out += " self";
  if (target.heading) out += " #" + std::string(target.heading->text);
  if (target.block) out += " ^" + std::string(target.block->id);
  return out;
}

// Every link of `source`, through the memo (twice: the second pass reads what the first kept)
// and directly; returns the direct answers, one line per link.
std::vector<std::string> expect_same(ResolveMemo& memo, const std::shared_ptr<const Vault>& vault,
                                     const std::string& source_path, const ParsedNote& source) {
  std::vector<std::string> direct;
  memo.rebase(vault, source_path);
  const SourceNote note{source_path, &source};
  for (int pass = 0; pass < 2; ++pass) {
    for (const Link& link : source.links) {
      const std::string expected = describe(*vault, resolve_link(*vault, note, link));
      EXPECT_EQ(describe(*vault, memo.resolve(*vault, note, link)), expected)
          << std::string(link.path()) << " pass " << pass;
      if (pass == 0) direct.push_back(std::string(link.path()) + "#" + std::string(link.subpath()) + " → " + expected);
      if (link.path().empty()) continue;
      EXPECT_EQ(memo.is_ambiguous(*vault, source_path, link.path()),
                linkpath_is_ambiguous(*vault, source_path, link.path()))
          << std::string(link.path());
    }
  }
  return direct;
}

bool contains(const std::vector<std::string>& lines, const std::string& line) {
  return std::find(lines.begin(), lines.end(), line) != lines.end();
}

constexpr const char* kSource =
    "# Own\n"
    "[[Target#Intro]] [[Target#Missing]] [[Target#^blk]] [[Missing note]] [[Dup]]\n"
    "[[Source#Own]] [[#Own]] [[pic.png]] [[nope.png]] ![[Target]] [[../../../etc/passwd]]\n";

TEST(ResolveMemo, FollowsTargetSourceAndFileChanges) {
  const auto vault = Vault::from_memory("/v", {{"src/Source.md", kSource},
                                               {"Target.md", "# Intro\npara ^blk\n"},
                                               {"a/Dup.md", "a"},
                                               {"b/Dup.md", "b"},
                                               {"pic.png", ""}});
  const ParsedNote source = parse_note(kSource);
  ResolveMemo memo;

  auto lines = expect_same(memo, vault, "src/Source.md", source);
  EXPECT_GT(memo.size(), 0u);
  EXPECT_TRUE(contains(lines, "Target#Intro → 0 Target.md #Intro")) << ::testing::PrintToString(lines);

  // The target is edited (an open buffer): its heading is gone, the memo must notice.
  const FileId target = *vault->find_path("Target.md");
  const auto edited = vault->with_note(target, std::make_shared<const ParsedNote>(parse_note("# Other\n")));
  lines = expect_same(memo, edited, "src/Source.md", source);
  EXPECT_TRUE(contains(lines, "Target#Intro → 4 Target.md")) << ::testing::PrintToString(lines);

  // The note itself is edited: links into it read its current parse.
  const std::string renamed_heading = std::string(kSource).replace(2, 3, "Mine");
  const ParsedNote source2 = parse_note(renamed_heading);
  lines = expect_same(memo, edited, "src/Source.md", source2);
  EXPECT_TRUE(contains(lines, "#Own → 4 src/Source.md self")) << ::testing::PrintToString(lines);
  EXPECT_TRUE(contains(lines, "Source#Own → 4 src/Source.md")) << ::testing::PrintToString(lines);

  // A note is created: the broken link resolves (another file table).
  const auto grown = edited->with_file("Missing note.md", std::make_shared<const ParsedNote>(parse_note("x")));
  lines = expect_same(memo, grown, "src/Source.md", source2);
  EXPECT_TRUE(contains(lines, "Missing note# → 0 Missing note.md")) << ::testing::PrintToString(lines);

  // The same links seen from another note (another folder, another self).
  expect_same(memo, grown, "b/Other.md", source2);
  expect_same(memo, grown, "src/Source.md", source2);
}

TEST(ResolveMemo, AVaultOtherThanTheRebasedOneIsNeverAnsweredFromMemory) {
  const auto vault = Vault::from_memory("/v", {{"Source.md", "[[Note]]"}, {"Note.md", "x"}});
  const auto other = Vault::from_memory("/v", {{"Source.md", "[[Note]]"}});
  const ParsedNote source = parse_note("[[Note]]");
  ResolveMemo memo;
  memo.rebase(vault, "Source.md");
  const SourceNote note{"Source.md", &source};
  EXPECT_EQ(memo.resolve(*vault, note, source.links[0]).status, LinkStatus::Resolved);
  EXPECT_EQ(memo.resolve(*other, note, source.links[0]).status, LinkStatus::UnresolvedNote);
  EXPECT_EQ(memo.resolve(*vault, SourceNote{"Elsewhere.md", &source}, source.links[0]).status, LinkStatus::Resolved);
}

}  // namespace
}  // namespace slipbox
