// The docs/link-resolution.md §3 examples once more, from note text through parse_note to
// resolve_link: one row per link as a user writes it.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "analysis/vault/resolve.h"
#include "analysis/vault/vault.h"

namespace slipbox {
namespace {

struct Row {
  std::string source;   // vault path of the note the text is in
  std::string text;     // the source's (unsaved) text, with at most one link
  LinkStatus status;    // ignored when `no_link`
  std::string file;     // resolved vault path, "" for none
  std::string heading;  // expected heading text, "" for none
  bool no_link;         // the text contains no link at all
};

Row link(std::string source, std::string text, LinkStatus status, std::string file, std::string heading = "") {
  return Row{std::move(source), std::move(text), status, std::move(file), std::move(heading), false};
}
Row not_a_link(std::string source, std::string text) {
  return Row{std::move(source), std::move(text), LinkStatus::UnresolvedNote, "", "", true};
}

TEST(LinksEndToEnd, SpecExamples) {
  const auto vault = Vault::from_memory("/vault", {
                                                      {"Note.md", "# Intro\n\n## Details\n\ntext ^blk\n"},
                                                      {"zzzz/Note.md", "# Z\n"},
                                                      {"a/b/Note.md", ""},
                                                      {"Projects/Plan.md", "# Plan\n\n## Minecraft: The Video Game\n"},
                                                      {"img/Fig 1.png", ""},
                                                      {"docs/Document.pdf", ""},
                                                      {"Log.md", ""},
                                                      {"Cafe\xCC\x81.md", ""},
                                                      {"Sub/My Note.md", "# Some Heading\n"},
                                                      {"Dog.md", "---\naliases: [Doggo]\n---\n"},
                                                      {"x.md", "# Intro\n"},
                                                      {"a/x.md", ""},
                                                      {"a/b/x.md", ""},
                                                  });
  const std::vector<Row> rows = {
      link("a/b/x.md", "[[Note]]", LinkStatus::Resolved, "Note.md"),
      link("a/b/x.md", "[[Note.md]]", LinkStatus::Resolved, "Note.md"),
      link("a/b/x.md", "[[note]]", LinkStatus::Resolved, "Note.md"),
      link("x.md", "[[b/Note]]", LinkStatus::Resolved, "a/b/Note.md"),
      link("x.md", "[[Projects/Plan]]", LinkStatus::Resolved, "Projects/Plan.md"),
      link("a/x.md", "[[../Log]]", LinkStatus::Resolved, "Log.md"),
      link("x.md", "[[Fig 1.png]]", LinkStatus::Resolved, "img/Fig 1.png"),
      link("x.md", "![[Fig 1.png|200]]", LinkStatus::Resolved, "img/Fig 1.png"),
      link("x.md", "[[Fig 1]]", LinkStatus::UnresolvedNote, ""),
      link("x.md", "[[LOG]]", LinkStatus::Resolved, "Log.md"),
      link("x.md", "[[Caf\xC3\xA9]]", LinkStatus::Resolved, "Caf\xC3\xA9.md"),
      link("x.md", "[y](My%20Note.md)", LinkStatus::Resolved, "Sub/My Note.md"),
      link("Sub/My Note.md", "[y](Sub/My%20Note.md)", LinkStatus::Resolved, "Sub/My Note.md"),
      link("x.md", "[y](Sub/My%20Note.md#Some%20Heading)", LinkStatus::Resolved, "Sub/My Note.md", "Some Heading"),
      not_a_link("x.md", "[y](My Note.md)"),
      link("x.md", "[[Doggo]]", LinkStatus::UnresolvedNote, ""),
      link("x.md", "# Intro\n\n[[#Intro]]", LinkStatus::Resolved, "x.md", "Intro"),
      link("x.md", "[[#Intro]]", LinkStatus::UnresolvedHeading, "x.md"),  // the buffer wins over the disk's `# Intro`
      link("x.md", "[[#Nope]]", LinkStatus::UnresolvedHeading, "x.md"),
      link("x.md", "[[Note#Intro#Details]]", LinkStatus::Resolved, "Note.md", "Details"),
      link("x.md", "[[Note#details]]", LinkStatus::Resolved, "Note.md", "Details"),
      link("x.md", "[[Note#Missing]]", LinkStatus::UnresolvedHeading, "Note.md"),
      link("x.md", "[[Note#^blk]]", LinkStatus::Resolved, "Note.md"),
      link("x.md", "[[Note#^nope]]", LinkStatus::UnresolvedBlock, "Note.md"),
      link("x.md", "[[Plan#Minecraft The Video Game]]", LinkStatus::Resolved, "Projects/Plan.md",
           "Minecraft: The Video Game"),
      link("x.md", "[[Plan#Minecraft: The Video Game|M]]", LinkStatus::Resolved, "Projects/Plan.md",
           "Minecraft: The Video Game"),
      link("x.md", "![[Document.pdf#page=3]]", LinkStatus::Resolved, "docs/Document.pdf"),
      link("x.md", "![[Missing.jpg]]", LinkStatus::UnresolvedAttachment, ""),
      link("x.md", "[[My%20Note]]", LinkStatus::UnresolvedNote, ""),
      link("x.md", "[[ Note ]]", LinkStatus::Resolved, "Note.md"),
      link("x.md", "[l](../x.md)", LinkStatus::UnresolvedNote, ""),  // above the root
      link("a/x.md", "[l](../Log.md)", LinkStatus::Resolved, "Log.md"),
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.source + ": " + row.text);
    const ParsedNote parsed = parse_note(row.text);
    if (row.no_link) {
      EXPECT_TRUE(parsed.links.empty());
      continue;
    }
    ASSERT_EQ(parsed.links.size(), 1u);
    const LinkTarget target = resolve_link(*vault, SourceNote{row.source, &parsed}, parsed.links[0]);
    EXPECT_EQ(target.status, row.status);
    EXPECT_EQ(target.file ? vault->file(*target.file).path : "", row.file);
    EXPECT_EQ(target.heading ? target.heading->text : "", row.heading);
  }
}

}  // namespace
}  // namespace slipbox
