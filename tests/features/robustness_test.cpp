// Every feature at every offset of awkward notes: no crash, ranges inside the text.
#include <gtest/gtest.h>

#include <random>

#include "analysis/features/check.h"
#include "analysis/features/completion.h"
#include "analysis/features/definition.h"
#include "analysis/features/diagnostics.h"
#include "analysis/features/hover.h"
#include "tests/support/fixture.h"

namespace slipbox {
namespace {

using testing::Fixture;

void exercise(const std::string& text) {
  const auto vault = Vault::from_memory(
      "/vault", {{"Note.md", text}, {"Plan.md", "# Mål\npara ^abc\n"}, {"a/Plan.md", ""}, {"img/Fig 1.png", ""}});
  const FileId id = *vault->find_path("Note.md");
  const ParsedNote parsed = parse_note(text);
  const NoteContext context{*vault, "Note.md", text, parsed};
  const ReadText read = [&](FileId file) -> std::optional<std::string> {
    if (file == id) return text;
    return std::string("# Mål\npara ^abc\n");
  };
  for (const Diagnostic& d : diagnose_note(context)) {
    EXPECT_LE(d.range.begin, d.range.end);
    EXPECT_LE(d.range.end, text.size());
  }
  for (uint32_t offset = 0; offset <= text.size() + 1; ++offset) {
    for (const CompletionItem& item : complete(context, offset, CompletionOptions{5}).items) {
      EXPECT_LE(item.replace_range.begin, item.replace_range.end) << text;
      EXPECT_LE(item.replace_range.end, text.size()) << text;
      EXPECT_LE(item.replace_range.begin, offset) << text;
    }
    (void)find_definition(context, offset);
    if (const auto h = hover(context, offset, read, HoverOptions{3})) {
      EXPECT_LE(h->range.end, text.size());
    }
  }
  (void)check_vault(*vault, read);
}

TEST(Robustness, AwkwardNotes) {
  const char* notes[] = {
      "",
      "[[",
      "![[",
      "]]",
      "[[]]",
      "[[#]]",
      "[[#^]]",
      "[[|]]",
      "[](",
      "[x](",
      "[x](#",
      "[x](%ZZ#%",
      "![[Fig 1.png|]]",
      "[[Plan#Mål#]]",
      "[[Plan#^]]",
      "---\naliases: [[[x]]]\n---\n[[",
      "---\nup: \"[[Pl",
      "\xff\xfe[[\xc3",
      "[[🛠\r\n[[x]]\r[[y",
      "%%[[a]]%%[[b",
      "`[[code`[[c",
  };
  for (const char* note : notes) exercise(note);
}

TEST(Robustness, RandomLinkSoup) {
  const char* pieces[] = {"[[", "]]", "![[",  "[",   "]",    "(",   ")",    "#",        "^",
                          "|",  "%%", "Plan", "Mål", "🛠", " ",   "\n",   "\r\n",     "---\n",
                          "`",  "\\", ".md",  "/",   "../",  "%20", "\xc3", "Fig 1.png"};
  std::mt19937 random(12345);
  for (int round = 0; round < 150; ++round) {
    std::string text;
    const int length = static_cast<int>(random() % 24);
    for (int i = 0; i < length; ++i) text += pieces[random() % std::size(pieces)];
    exercise(text);
  }
}

}  // namespace
}  // namespace slipbox
