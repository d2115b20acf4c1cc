// Inlay hints through annotated vaults: each hint is shown in the note's text where the
// editor draws it, as `«label»`.
#include <gtest/gtest.h>

#include "analysis/features/inlay_hints.h"
#include "tests/support/fixture.h"

namespace slipbox {
namespace {

using testing::Fixture;

InlayHintOptions both() {
  InlayHintOptions options;
  options.embeds = true;
  options.ambiguous_links = true;
  return options;
}

// The first note's text ($0 marks it) with its hints drawn in, for links ending in `within`
// (the whole note by default).
std::string drawn(const Fixture& f, const InlayHintOptions& options = both(), std::optional<ByteRange> within = {}) {
  const std::string text = f.cursor_file().text();
  const auto hints = inlay_hints(f.context(), within.value_or(ByteRange{0, static_cast<uint32_t>(text.size())}),
                                 options, f.read_text());
  std::string out;
  uint32_t at = 0;
  for (const NoteInlayHint& hint : hints) {
    EXPECT_GE(hint.offset, at) << "hints come in document order";
    out.append(text, at, hint.offset - at);
    out += "«" + hint.label + "»";
    at = hint.offset;
  }
  return out + text.substr(at);
}

TEST(InlayHints, EmbedOfABlockOrHeadingShowsItsFirstLine) {
  const Fixture f(R"(
    //- /Note.md
    $0![[Other#^ab12]]
    ![[Other#Plan]]
    ![[Other]] and [[Other#Plan]] are left alone: the whole note, and a link that embeds nothing.
    ![[Other#Missing]] ![[Gone#Plan]]
    //- /Other.md
    > [!tip] Quoted
    > the block ^ab12

    ## Plan

    - first step
    - second
  )");
  EXPECT_EQ(drawn(f),
            "![[Other#^ab12]]«[!tip] Quoted»\n"
            "![[Other#Plan]]«first step»\n"
            "![[Other]] and [[Other#Plan]] are left alone: the whole note, and a link that embeds nothing.\n"
            "![[Other#Missing]] ![[Gone#Plan]]\n");
}

TEST(InlayHints, LongFirstLinesAreCutAtACharacterWithAnEllipsis) {
  const Fixture f(R"(
    //- /Note.md
    $0![[Other#^id]]
    //- /Other.md
    Blåbærsyltetøy på brødskiva hver morgen ^id
  )");
  InlayHintOptions options = both();
  options.max_label_chars = 10;
  EXPECT_EQ(drawn(f, options), "![[Other#^id]]«Blåbærsylt…»\n");
}

TEST(InlayHints, AnAmbiguousBareLinkShowsTheFolderItOpens) {
  const Fixture f(R"(
    //- /Work/Note.md
    $0[[Plan]] [[Home/Plan]] [[Unique]] [[Plan#Goal|the goal]] [[Gone]]
    //- /Home/Plan.md
    //- /Work/Plan.md
    //- /Archive/Old/Plan.md
    //- /Unique.md
  )");
  // Obsidian opens the one in the link's own folder; a link that names a folder says it already.
  EXPECT_EQ(drawn(f), "[[Plan]]«Work/» [[Home/Plan]] [[Unique]] [[Plan#Goal|the goal]]«Work/» [[Gone]]\n");
}

TEST(InlayHints, EachKindIsOffUnlessAskedForAndOnlyTheRangeIsAnswered) {
  const Fixture f(R"(
    //- /Work/Note.md
    $0![[Other#^id]] [[Plan]]
    //- /Other.md
    text ^id
    //- /Home/Plan.md
    //- /Work/Plan.md
  )");
  EXPECT_EQ(drawn(f, InlayHintOptions{}), "![[Other#^id]] [[Plan]]\n");
  InlayHintOptions embeds_only;
  embeds_only.embeds = true;
  EXPECT_EQ(drawn(f, embeds_only), "![[Other#^id]]«text» [[Plan]]\n");
  InlayHintOptions ambiguous_only;
  ambiguous_only.ambiguous_links = true;
  EXPECT_EQ(drawn(f, ambiguous_only), "![[Other#^id]] [[Plan]]«Work/»\n");
  EXPECT_EQ(drawn(f, both(), ByteRange{15, 23}), "![[Other#^id]] [[Plan]]«Work/»\n");
}

TEST(InlayHints, LinksInCommentsAreSkippedAndAnEmbedOfTheNoteItselfReadsItsBuffer) {
  const Fixture f(R"(
    //- /Note.md
    $0%% ![[Note#^x]] %% ![[#Local]]

    ## Local
    Here it is. ^x
  )");
  EXPECT_EQ(drawn(f), "%% ![[Note#^x]] %% ![[#Local]]«Here it is.»\n\n## Local\nHere it is. ^x\n");
}

}  // namespace
}  // namespace slipbox
