// Quick fixes that pick a path write it in links.format / newLinkFormat; qualifying keeps the path.
#include <gtest/gtest.h>

#include "analysis/features/code_actions.h"
#include "tests/support/fixture.h"

namespace slipbox {
namespace {

using testing::Fixture;

// "title => note text after the fix", for the fixes titled "Change to …".
std::vector<std::string> changes(const Fixture& f, LinkFormat format) {
  CodeActionOptions options;
  options.link_format = format;
  std::vector<std::string> out;
  for (const QuickFix& fix : quick_fixes(f.context(), ByteRange{f.cursor(), f.cursor()}, options))
    if (fix.title.starts_with("Change to ")) out.push_back(apply_changes(f.cursor_file().text(), fix.changes));
  return out;
}

TEST(QuickFixFormat, ChangeToFollowsTheFormat) {
  const Fixture f(R"(
    //- /Projects/Home.md
    See [[Agile Metodr$0]] and [x](Agile%20Metodr.md).
    //- /🛠 Ressurser/Agile Metoder.md
  )");
  const auto shortest = changes(f, LinkFormat::Shortest);
  ASSERT_FALSE(shortest.empty());
  EXPECT_EQ(shortest[0], "See [[Agile Metoder]] and [x](Agile%20Metodr.md).\n");
  const auto absolute = changes(f, LinkFormat::Absolute);
  ASSERT_FALSE(absolute.empty());
  EXPECT_EQ(absolute[0], "See [[🛠 Ressurser/Agile Metoder]] and [x](Agile%20Metodr.md).\n");
  const auto relative = changes(f, LinkFormat::Relative);
  ASSERT_FALSE(relative.empty());
  EXPECT_EQ(relative[0], "See [[../🛠 Ressurser/Agile Metoder]] and [x](Agile%20Metodr.md).\n");
}

TEST(QuickFixFormat, MarkdownLinksKeepTheirFormAndGetTheFormat) {
  const Fixture f(R"(
    //- /Projects/Home.md
    See [x](Agile%20Metodr.md$0).
    //- /🛠 Ressurser/Agile Metoder.md
  )");
  const auto relative = changes(f, LinkFormat::Relative);
  ASSERT_FALSE(relative.empty());
  EXPECT_EQ(relative[0], "See [x](../🛠%20Ressurser/Agile%20Metoder.md).\n");
}

TEST(QuickFixFormat, QualifyingKeepsThePathInEveryFormat) {
  const Fixture f(R"(
    //- /Home.md
    [[Plan$0]]
    //- /aa/Plan.md
    //- /bb/Plan.md
  )");
  for (const LinkFormat format : {LinkFormat::Shortest, LinkFormat::Relative, LinkFormat::Absolute}) {
    CodeActionOptions options;
    options.link_format = format;
    std::vector<std::string> titles;
    for (const QuickFix& fix : quick_fixes(f.context(), ByteRange{f.cursor(), f.cursor()}, options))
      titles.push_back(fix.title);
    EXPECT_EQ(titles, (std::vector<std::string>{"Qualify as [[aa/Plan]]", "Qualify as [[bb/Plan]]"}));
  }
}

}  // namespace
}  // namespace slipbox
