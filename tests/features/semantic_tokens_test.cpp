// semantic_tokens through annotated vaults.
#include <gtest/gtest.h>

#include "analysis/features/semantic_tokens.h"
#include "tests/support/fixture.h"

namespace slipbox {
namespace {

using testing::Fixture;

// `type[+modifier…] "text"` per token, one per line.
std::string render(const Fixture& f, const std::vector<SemanticToken>& tokens) {
  std::string out;
  const std::string& text = f.cursor_file().text();
  for (const SemanticToken& token : tokens) {
    out += kTokenTypeNames[static_cast<int>(token.type)];
    for (int bit = 0; bit < 2; ++bit)
      if (token.modifiers & (1 << bit)) out += std::string("+") + kTokenModifierNames[bit];
    out += " \"" + text.substr(token.range.begin, token.range.size()) + "\"\n";
  }
  return out;
}

const char* const kVault = R"(
  //- /Plan.md
  ---
  aliases: [P]
  tags: [prosjekt]
  status: aktiv
  ---
  # Plan$0
  See [[Agile]] and [[Agile#Scrum|scrum]], [[Agile#Nope]] and [[Borte]].
  ![[Agile#^abc]] [x](Agile.md#Scrum) [y](https://example.com) #idé/ny
  Paragraph with id ^mitt-id

  %% hidden [[Borte]] text
  more %%
  Footnote[^1] and [^mangler].
  `[[not a link]]` and `#notatag`

  [^1]: The note.
  //- /Agile.md
  # Agile
  ## Scrum
  Para ^abc
)";

TEST(SemanticTokens, EveryKindInDocumentOrderWithoutOverlaps) {
  const Fixture f(kVault);
  EXPECT_EQ(render(f, semantic_tokens(f.context())),
            "property \"aliases\"\n"
            "property \"tags\"\n"
            "tag \"prosjekt\"\n"
            "property \"status\"\n"
            "wikiLink \"[[Agile]]\"\n"
            "wikiLink \"[[Agile\"\n"
            "linkHeading \"#Scrum\"\n"
            "wikiLink \"|scrum]]\"\n"
            "wikiLink+unresolved \"[[Agile\"\n"
            "linkHeading+unresolved \"#Nope\"\n"
            "wikiLink+unresolved \"]]\"\n"
            "wikiLink+unresolved \"[[Borte]]\"\n"
            "embed \"![[Agile\"\n"
            "linkBlock \"#^abc\"\n"
            "embed \"]]\"\n"
            "markdownLink \"[x](Agile.md\"\n"
            "linkHeading \"#Scrum\"\n"
            "markdownLink \")\"\n"
            "markdownLink \"[y](https://example.com)\"\n"
            "tag \"#idé/ny\"\n"
            "blockId+declaration \"^mitt-id\"\n"
            "comment \"%% hidden \"\n"
            "wikiLink \"[[Borte]]\"\n"
            "comment \" text\nmore %%\"\n"
            "footnote \"[^1]\"\n"
            "footnote \"[^mangler]\"\n"
            "footnote+declaration \"[^1]\"\n");
}

TEST(SemanticTokens, RangeKeepsTheTokensThatOverlapIt) {
  const Fixture f(kVault);
  const std::string& text = f.cursor_file().text();
  const auto begin = static_cast<uint32_t>(text.find("[[Borte]]."));
  const auto tokens = semantic_tokens(f.context(), ByteRange{begin + 3, static_cast<uint32_t>(text.find("#idé"))});
  EXPECT_EQ(render(f, tokens),
            "wikiLink+unresolved \"[[Borte]]\"\n"
            "embed \"![[Agile\"\n"
            "linkBlock \"#^abc\"\n"
            "embed \"]]\"\n"
            "markdownLink \"[x](Agile.md\"\n"
            "linkHeading \"#Scrum\"\n"
            "markdownLink \")\"\n"
            "markdownLink \"[y](https://example.com)\"\n");
}

}  // namespace
}  // namespace slipbox
