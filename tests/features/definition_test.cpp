// find_definition and link_at through annotated vaults: `$0` is the cursor; `⟦…⟧` in the
// target file marks the heading or block the definition must point at.
#include "analysis/features/definition.h"

#include <gtest/gtest.h>

#include "tests/support/fixture.h"

namespace slipbox {
namespace {

using testing::Fixture;

// `path line range` of the definition, or "none".
std::string definition(const Fixture& f) {
  const auto target = find_definition(f.context(), f.cursor());
  if (!target) return "none";
  const std::string& path = f.vault().file(target->file).path;
  std::string out = path + " line " + std::to_string(target->line);
  if (!target->range.empty()) out += " " + f.render(path, target->range);
  if (target->is_self) out += " self";
  return out;
}

std::string expected_range(const Fixture& f, std::string_view path) { return f.render(path, f.range_in(path)); }

TEST(Definition, WholeNote) {
  const Fixture f(R"(
    //- /Note.md
    See [[Pl$0an]]
    //- /Projects/Plan.md
    # Plan
  )");
  EXPECT_EQ(definition(f), "Projects/Plan.md line 0");
}

TEST(Definition, HeadingLine) {
  const Fixture f(R"(
    //- /Note.md
    See [[Plan#Mål$0]]
    //- /Projects/Plan.md
    # Plan
    Intro text.
    ⟦## Mål⟧
    More.
  )");
  EXPECT_EQ(definition(f), "Projects/Plan.md line 2 " + expected_range(f, "Projects/Plan.md"));
}

TEST(Definition, HeadingChainAndNormalisedText) {
  const Fixture f(R"(
    //- /Note.md
    See [[Plan#Del 2#Minecraft The Video Game$0]]
    //- /Plan.md
    # Del 1
    ## Minecraft: The Video Game
    # Del 2
    ⟦## Minecraft: The Video Game⟧
  )");
  EXPECT_EQ(definition(f), "Plan.md line 3 " + expected_range(f, "Plan.md"));
}

TEST(Definition, BlockLine) {
  const Fixture f(R"(
    //- /Note.md
    [[Plan#^ab$0c]]
    //- /Plan.md
    # Plan

    A paragraph. ^abc
  )");
  const auto target = find_definition(f.context(), f.cursor());
  ASSERT_TRUE(target.has_value());
  EXPECT_EQ(target->file, f.id("Plan.md"));
  EXPECT_EQ(target->line, 2u);
  EXPECT_EQ(testing::render_position(f.file("Plan.md").text(), target->range.begin), "2:0");
}

TEST(Definition, AttachmentStartOfFile) {
  const Fixture f(R"(
    //- /Note.md
    ![[Fig 1.png|200$0]]
    //- /img/Fig 1.png
  )");
  EXPECT_EQ(definition(f), "img/Fig 1.png line 0");
}

TEST(Definition, SelfHeading) {
  const Fixture f(R"(
    //- /Note.md
    # Intro
    See [[#Deta$0ils]]
    ⟦## Details⟧
  )");
  EXPECT_EQ(definition(f), "Note.md line 2 " + expected_range(f, "Note.md") + " self");
}

TEST(Definition, RelativePath) {
  const Fixture f(R"(
    //- /a/x.md
    [[../Lo$0g]]
    //- /Log.md
    //- /a/Log.md
  )");
  EXPECT_EQ(definition(f), "Log.md line 0");
}

TEST(Definition, OwnFolderWins) {
  const Fixture f(R"(
    //- /zzzz/x.md
    [[No$0te]]
    //- /a/b/Note.md
    //- /zzzz/Note.md
  )");
  EXPECT_EQ(definition(f), "zzzz/Note.md line 0");
}

TEST(Definition, MarkdownLinkWithFragment) {
  const Fixture f(R"(
    //- /Note.md
    [x](My%20No$0te.md#Første%20del)
    //- /Sub/My Note.md
    Intro
    ⟦# Første del⟧
  )");
  EXPECT_EQ(definition(f), "Sub/My Note.md line 1 " + expected_range(f, "Sub/My Note.md"));
}

TEST(Definition, MissingHeadingStillGoesToTheNote) {
  const Fixture f(R"(
    //- /Note.md
    [[Plan#Nowhere$0]]
    //- /Plan.md
  )");
  EXPECT_EQ(definition(f), "Plan.md line 0");
}

TEST(Definition, NothingForBrokenExternalOrNoLink) {
  const char* cases[] = {
      "[[Missing$0]]",
      "![[gone.png$0]]",
      "[site](https://exa$0mple.com)",
      "plain $0 text [[Plan]]",
  };
  for (const char* text : cases) {
    const Fixture f(std::string("//- /Note.md\n") + text + "\n//- /Plan.md\n");
    EXPECT_EQ(definition(f), "none") << text;
  }
}

TEST(LinkAt, TouchesBothEndsAndPrefersTheLinkThatStarts) {
  const Fixture f("⟦[[A]]⟧⟦[[B]]⟧ x$0\n//- /A.md\n//- /B.md\n");
  const ParsedNote& parsed = f.context().parsed;
  ASSERT_EQ(parsed.links.size(), 2u);
  const ByteRange a = f.range(0), b = f.range(1);
  EXPECT_EQ(link_at(parsed, a.begin), &parsed.links[0]);
  EXPECT_EQ(link_at(parsed, a.begin + 3), &parsed.links[0]);
  EXPECT_EQ(link_at(parsed, b.begin), &parsed.links[1]);  // also the end of A
  EXPECT_EQ(link_at(parsed, b.end), &parsed.links[1]);    // just after `]]`
  EXPECT_EQ(link_at(parsed, f.cursor()), nullptr);
}

}  // namespace
}  // namespace slipbox
