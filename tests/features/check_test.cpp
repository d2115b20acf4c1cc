// check_vault over small annotated vaults: every `⟦…⟧` is one finding.
#include "analysis/features/check.h"

#include <gtest/gtest.h>

#include <mutex>

#include "tests/support/fixture.h"

namespace slipbox {
namespace {

using testing::Fixture;

std::string render(const CheckFinding& finding) {
  return finding.path + ":" + std::to_string(finding.start.line) + ":" + std::to_string(finding.start.column_utf16) +
         "-" + std::to_string(finding.end.line) + ":" + std::to_string(finding.end.column_utf16) + " " +
         std::string(diagnostic_code(finding.diagnostic.kind)) + " " + finding.diagnostic.message;
}

std::vector<std::string> check(const Fixture& f, const ReadText& read) {
  std::vector<std::string> out;
  for (const CheckFinding& finding : check_vault(f.vault(), read)) out.push_back(render(finding));
  return out;
}

TEST(Check, SortedByPathThenPositionWithUtf16Columns) {
  const Fixture f(R"(
    //- /b.md
    🛠 ⟦[[Nope]]⟧
    [[a]] ⟦[[a#Gone]]⟧
    //- /a.md
    ⟦![[gone.png]]⟧ %% [[commented]] %%
    //- /🛠 Ressurser/Agile Metoder.md
    ---
    up: "⟦[[Missing]]⟧"
    ---
    [[Agile Metoder#^blk]] ⟦[[b#^nope]]⟧
    ^blk
    //- /img/ok.png
  )");
  // Marked ranges, rendered the same way as the findings, in the expected order.
  std::vector<std::string> expected;
  const auto expect = [&](std::string_view path, size_t index, std::string_view rest) {
    expected.push_back(std::string(path) + ":" + f.render(path, f.range_in(path, index)) + " " + std::string(rest));
  };
  expect("a.md", 0, "unresolved-attachment No file named \"gone.png\"");
  expect("b.md", 0, "unresolved-link No note named \"Nope\"");
  expect("b.md", 1, "unresolved-heading No heading \"Gone\" in \"a\"");
  expect("🛠 Ressurser/Agile Metoder.md", 0, "unresolved-link No note named \"Missing\"");
  expect("🛠 Ressurser/Agile Metoder.md", 1, "unresolved-block No block \"^nope\" in \"b\"");
  EXPECT_EQ(check(f, f.read_text()), expected);
  EXPECT_EQ(expected[1], "b.md:0:3-0:11 unresolved-link No note named \"Nope\"");
}

TEST(Check, PositionsComeFromTheCurrentText) {
  const Fixture f(R"(
    //- /a.md
    [[Missing]] [[Gone]]
    //- /b.md
    fine
  )");
  const FileId a = f.id("a.md");
  // `a` changed since the vault was built: positions follow the text read, and a link
  // fixed since then is not reported.
  const ReadText read = [a](FileId id) -> std::optional<std::string> {
    if (id == a) return std::string("now\n  [[Gone]] [[b]]");
    return std::string("fine");
  };
  EXPECT_EQ(check(f, read), (std::vector<std::string>{"a.md:1:2-1:10 unresolved-link No note named \"Gone\""}));
  // Unreadable notes are skipped.
  const ReadText nothing = [](FileId) -> std::optional<std::string> { return std::nullopt; };
  EXPECT_TRUE(check(f, nothing).empty());
}

TEST(Check, OnlyNotesWithFindingsAreRead) {
  const Fixture f(R"(
    //- /a.md
    [[Missing]]
    //- /b.md
    [[a]]
    //- /c.md
    fine
  )");
  std::vector<FileId> reads;
  std::mutex mutex;
  const ReadText inner = f.read_text();
  const ReadText read = [&](FileId id) {
    std::lock_guard lock(mutex);
    reads.push_back(id);
    return inner(id);
  };
  EXPECT_EQ(check(f, read).size(), 1u);
  EXPECT_EQ(reads, (std::vector<FileId>{f.id("a.md")}));
}

TEST(Check, ManyNotesInParallel) {
  std::string vault;
  for (int i = 0; i < 300; ++i)
    vault += "//- /n" + std::to_string(1000 + i) + ".md\n[[n" + std::to_string(1000 + i + 1) + "]] [[x" +
             std::to_string(i) + "]]\n";
  const Fixture f(vault);
  const auto findings = check_vault(f.vault(), f.read_text());
  // Each note links to the next (the last one's target is missing) and to a missing x.
  ASSERT_EQ(findings.size(), 301u);
  for (size_t i = 1; i < findings.size(); ++i)
    EXPECT_TRUE(findings[i - 1].path < findings[i].path ||
                (findings[i - 1].path == findings[i].path &&
                 findings[i - 1].start.column_utf16 < findings[i].start.column_utf16));
  EXPECT_EQ(findings.back().path, "n1299.md");
  EXPECT_EQ(findings.back().diagnostic.message, "No note named \"x299\"");
}

TEST(Check, AmbiguousLinksWhenAskedAsTheServerHintsThem) {
  const Fixture f(R"(
    //- /Start.md
    See ⟦[[Ideer]]⟧, ⟦[[Ideer#Gamle]]⟧, [[Arkiv/Ideer]] and ⟦[[Borte]]⟧
    //- /Arkiv/Ideer.md
    # Gamle
    //- /Prosjekter/Ideer.md
  )");
  // By default only broken links (the analysis default; the CLI asks for them).
  ASSERT_EQ(check_vault(f.vault(), f.read_text()).size(), 1u);

  CheckOptions options;
  options.ambiguous_links = true;
  const auto findings = check_vault(f.vault(), f.read_text(), options);
  ASSERT_EQ(findings.size(), 3u);
  const std::string_view codes[] = {"ambiguous-link", "ambiguous-link", "unresolved-link"};
  // The same message as the server's hint (ambiguous_links.h), at the link's range, in order.
  const NoteContext start{f.vault(), "Start.md", f.file("Start.md").text(), *f.vault().note(f.id("Start.md"))};
  const auto hints = ambiguous_links(start);
  ASSERT_EQ(hints.size(), 2u);
  for (size_t i = 0; i < findings.size(); ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(findings[i].code(), codes[i]);
    EXPECT_EQ(findings[i].ambiguous, codes[i] == "ambiguous-link");
    EXPECT_EQ(f.render("Start.md", findings[i].diagnostic.range), f.render("Start.md", f.range_in("Start.md", i)));
    if (i < 2) {
      EXPECT_EQ(findings[i].diagnostic.message, hints[i].message);
    }
  }
  EXPECT_EQ(findings[0].diagnostic.target, "Ideer");
}

}  // namespace
}  // namespace slipbox
