// The refactors (convert link, inline embed, extract to a new note) through annotated
// vaults: `$0` is the cursor, `⟦…⟧` a selection; each action is shown as the texts it leaves.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "analysis/features/convert_link.h"
#include "analysis/features/extract_note.h"
#include "analysis/features/inline_embed.h"
#include "analysis/vault/link_graph.h"
#include "tests/support/fixture.h"

namespace slipbox {
namespace {

using testing::Fixture;

ByteRange cursor_or_selection(const Fixture& f) {
  if (!f.cursor_file().annotated.ranges.empty()) return f.cursor_file().annotated.ranges.front();
  return ByteRange{f.cursor(), f.cursor()};
}

const Refactor* titled(const std::vector<Refactor>& all, std::string_view title) {
  for (const Refactor& r : all)
    if (r.title == title) return &r;
  return nullptr;
}

std::string titles(const std::vector<Refactor>& all) {
  std::string out;
  for (const Refactor& r : all) out += r.title + "\n";
  return out;
}

// Every file of the vault after the refactor: path → text.
std::map<std::string, std::string> applied(const Fixture& f, const Refactor& r) {
  std::map<std::string, std::string> out;
  for (const auto& file : f.files()) out[file.path] = file.text();
  out[f.cursor_file().path] = apply_changes(f.cursor_file().text(), r.changes);
  for (const FileEdits& edits : r.other_notes) {
    EXPECT_TRUE(edits.file.has_value());
    const std::string& path = f.vault().file(*edits.file).path;
    out[path] = apply_changes(out[path], edits.changes);
  }
  if (r.create_path) {
    EXPECT_FALSE(out.contains(*r.create_path)) << *r.create_path;
    out[*r.create_path] = r.create_text;
  }
  return out;
}

// ---- convert link ---------------------------------------------------------------------

std::string converted(const Fixture& f, std::string_view title, LinkStyle style = {}) {
  RefactorOptions options;
  options.style = style;
  const auto all = convert_link_actions(f.context(), cursor_or_selection(f), options);
  const Refactor* r = titled(all, title);
  if (!r) return "no action \"" + std::string(title) + "\" in:\n" + titles(all);
  EXPECT_EQ(r->kind, "refactor.rewrite");
  return apply_changes(f.cursor_file().text(), r->changes);
}

TEST(ConvertLink, WikiToMarkdownKeepsHeadingBlockDisplayAndEmbed) {
  EXPECT_EQ(converted(Fixture(R"(
    //- /Note.md
    See [[Agile Metoder#Scrum Teams|the teams$0]].
    //- /Ressurser/Agile Metoder.md
    # Scrum Teams
  )"),
                      "Convert to a Markdown link"),
            "See [the teams](Agile%20Metoder.md#Scrum%20Teams).\n");
  EXPECT_EQ(converted(Fixture(R"(
    //- /Note.md
    ![[Other#^ab12$0]] and [[#Local]] and [[Gone]]
    //- /Other.md
    text ^ab12
  )"),
                      "Convert to a Markdown link"),
            "![Other > ^ab12](Other.md#^ab12) and [[#Local]] and [[Gone]]\n");
  EXPECT_EQ(converted(Fixture(R"(
    //- /Note.md
    $0[[#Local]] and [[Gone]] and [[pic.png]]
    # Local
    //- /pic.png
  )"),
                      "Convert every wiki link in this note to a Markdown link"),
            "[Local](#Local) and [Gone](Gone.md) and [pic.png](pic.png)\n# Local\n");
}

TEST(ConvertLink, PathFollowsTheChosenFormat) {
  const Fixture f(R"(
    //- /Projects/Plan.md
    [[Mål$0]]
    //- /Areas/Mål.md
  )");
  EXPECT_EQ(converted(f, "Convert to a Markdown link"), "[Mål](Mål.md)\n");
  EXPECT_EQ(converted(f, "Convert to a Markdown link", LinkStyle{true, LinkFormat::Relative}),
            "[Mål](../Areas/Mål.md)\n");
  EXPECT_EQ(converted(f, "Convert to a Markdown link", LinkStyle{true, LinkFormat::Absolute}), "[Mål](Areas/Mål.md)\n");
  // A name two folders share is written with its path.
  EXPECT_EQ(converted(Fixture(R"(
    //- /Note.md
    [[a/Same$0]]
    //- /a/Same.md
    //- /b/Same.md
  )"),
                      "Convert to a Markdown link"),
            "[Same](a/Same.md)\n");
}

TEST(ConvertLink, MarkdownToWiki) {
  EXPECT_EQ(converted(Fixture(R"(
    //- /Note.md
    [the teams](Ressurser/Agile%20Metoder.md#Scrum%20Teams$0) and ![alt](pic.png) and [Other](Other.md#^ab12)
    //- /Ressurser/Agile Metoder.md
    # Scrum Teams
    //- /Other.md
    x ^ab12
    //- /pic.png
  )"),
                      "Convert every Markdown link in this note to a wiki link"),
            "[[Agile Metoder#Scrum Teams|the teams]] and ![[pic.png|alt]] and [[Other#^ab12]]\n");
  // External links stay; `\]` in the text is unescaped.
  EXPECT_EQ(converted(Fixture(R"(
    //- /Note.md
    [a \[b\]](Other.md$0) [web](https://example.com)
    //- /Other.md
  )"),
                      "Convert to a wiki link"),
            "[[Other|a [b]]] [web](https://example.com)\n");
}

TEST(ConvertLink, RoundTripResolvesToTheSamePlace) {
  const Fixture f(R"(
    //- /Note.md
    $0[[Mål#Del 2|to]] [[Other#^ab12]] [[Mål]]
    //- /Areas/Mål.md
    # Del 2
    //- /Other.md
    x ^ab12
  )");
  const std::string markdown = converted(f, "Convert every wiki link in this note to a Markdown link");
  EXPECT_EQ(markdown, "[to](Mål.md#Del%202) [Other > ^ab12](Other.md#^ab12) [Mål](Mål.md)\n");
  const Fixture back("//- /Note.md\n$0" + markdown + "//- /Areas/Mål.md\n# Del 2\n//- /Other.md\nx ^ab12\n");
  EXPECT_EQ(converted(back, "Convert every Markdown link in this note to a wiki link"),
            "[[Mål#Del 2|to]] [[Other#^ab12|Other > ^ab12]] [[Mål]]\n");
}

// ---- inline embed ---------------------------------------------------------------------

std::string inlined(const Fixture& f) {
  const auto all = inline_embed_actions(f.context(), cursor_or_selection(f), f.read_text());
  if (all.size() != 1) return "actions:\n" + titles(all);
  EXPECT_EQ(all[0].kind, "refactor.inline");
  return all[0].title + "\n" + apply_changes(f.cursor_file().text(), all[0].changes);
}

TEST(InlineEmbed, SectionBlockAndWholeNote) {
  const char* other =
      "//- /Other.md\n---\ntags: [x]\n---\nIntro.\n\n## Part\nPart text. ^keep\n\n### Sub\nSub text.\n\n"
      "## Next\nNext text.\n";
  EXPECT_EQ(inlined(Fixture(std::string("//- /Note.md\nBefore\n![[Other#Part$0]]\nAfter\n") + other)),
            "Inline the embedded section\nBefore\n## Part\nPart text. ^keep\n\n### Sub\nSub text.\nAfter\n");
  EXPECT_EQ(inlined(Fixture(std::string("//- /Note.md\n![[Other#^keep$0]]\n") + other)),
            "Inline the embedded block\nPart text.\n");
  EXPECT_EQ(
      inlined(Fixture(std::string("//- /Note.md\n$0![[Other]]\n") + other)),
      "Inline the embedded note\nIntro.\n\n## Part\nPart text. ^keep\n\n### Sub\nSub text.\n\n## Next\nNext text.\n");
}

TEST(InlineEmbed, NotOfferedForImagesLinksOrBrokenEmbeds) {
  EXPECT_EQ(inlined(Fixture(R"(
    //- /Note.md
    ![[pic.png$0]] [[Other#Part]]
    //- /pic.png
    //- /Other.md
  )")),
            "actions:\n");
  EXPECT_EQ(inlined(Fixture(R"(
    //- /Note.md
    [[Other#Part$0]]
    //- /Other.md
    ## Part
  )")),
            "actions:\n");
  EXPECT_EQ(inlined(Fixture(R"(
    //- /Note.md
    ![[Other#Missing$0]]
    //- /Other.md
    ## Part
  )")),
            "actions:\n");
}

// ---- extract to a new note -------------------------------------------------------------

std::vector<Refactor> extracted(const Fixture& f, const RefactorOptions& options = {}) {
  const auto graph = LinkGraph::build(f.shared_vault(), 1);
  return extract_note_actions(f.context(), cursor_or_selection(f), *graph, f.read_text(), options);
}

// Where each link of a vault lands, with the resolver: the heading's text or block id it
// names, else the file's path. Unresolved links count as "unresolved".
std::multiset<std::string> landings(const Vault& vault) {
  std::multiset<std::string> out;
  for (FileId id = 0; id < vault.file_count(); ++id) {
    const ParsedNote* parsed = vault.note(id);
    if (!parsed) continue;
    for (const Link& link : parsed->links) {
      const LinkTarget target = resolve_link(vault, SourceNote{vault.file(id).path, parsed}, link);
      if (target.status != LinkStatus::Resolved || !target.file)
        out.insert("unresolved");
      else if (target.block)
        out.insert("^" + std::string(target.block->id));
      else if (target.heading)
        out.insert("#" + std::string(target.heading->text));
      else
        out.insert(vault.file(*target.file).path);
    }
  }
  return out;
}

// Every link lands where it did (plus the link left in place of the moved text).
void expect_every_link_resolves(const Fixture& before, const std::map<std::string, std::string>& after,
                                const std::string& new_path) {
  std::vector<Vault::InMemoryFile> files;
  for (const auto& [path, text] : after) files.push_back(Vault::InMemoryFile{path, text});
  const auto vault = Vault::from_memory("/vault", std::move(files));
  std::multiset<std::string> expected = landings(before.vault());
  expected.insert(new_path);
  const std::multiset<std::string> actual = landings(*vault);
  EXPECT_EQ(std::vector<std::string>(actual.begin(), actual.end()),
            std::vector<std::string>(expected.begin(), expected.end()));
}

TEST(ExtractNote, SectionMovesAndEveryLinkFollows) {
  const Fixture f(R"(
    //- /Notes/Old.md
    # Old
    See [[#Scrum Teams]] and [[#Old]].

    ## Scrum Teams$0
    Teams are small. ^small

    Back to [[#Old]], on to [[#Roles]], [[Old#Roles|roles]] and [[Helper]].

    ### Roles
    Three roles.

    ## After
    The end.
    //- /Other.md
    [[Old#Scrum Teams]], [[Old#Roles]], [[Old#^small|small]], [x](Notes/Old.md#Roles), [[Old#After]], [[Old]]
    //- /Notes/Helper.md
    //- /Zz/Helper.md
  )");
  RefactorOptions options;
  options.new_note_folder = "Inbox";
  const auto all = extracted(f, options);
  ASSERT_EQ(all.size(), 2u) << titles(all);
  EXPECT_EQ(all[0].title, "Extract section to Inbox/Scrum Teams.md");
  EXPECT_EQ(all[1].title, "Extract section to Inbox/Scrum Teams.md and embed it");
  EXPECT_EQ(all[0].kind, "refactor.extract");
  const auto after = applied(f, all[0]);
  EXPECT_EQ(after.at("Notes/Old.md"),
            "# Old\nSee [[Scrum Teams#Scrum Teams]] and [[#Old]].\n\n[[Scrum Teams]]\n\n## After\nThe end.\n");
  EXPECT_EQ(after.at("Inbox/Scrum Teams.md"),
            "## Scrum Teams\nTeams are small. ^small\n\n"
            "Back to [[Old#Old]], on to [[#Roles]], [[Scrum Teams#Roles|roles]] and [[Notes/Helper]].\n\n"
            "### Roles\nThree roles.\n\n");
  EXPECT_EQ(after.at("Other.md"),
            "[[Scrum Teams#Scrum Teams]], [[Scrum Teams#Roles]], [[Scrum Teams#^small|small]], "
            "[x](Inbox/Scrum%20Teams.md#Roles), [[Old#After]], [[Old]]\n");
  expect_every_link_resolves(f, after, "Inbox/Scrum Teams.md");
  EXPECT_EQ(applied(f, all[1]).at("Notes/Old.md"),
            "# Old\nSee [[Scrum Teams#Scrum Teams]] and [[#Old]].\n\n![[Scrum Teams]]\n\n## After\nThe end.\n");
}

TEST(ExtractNote, SelectionNextToTheNoteAndAFreeName) {
  const Fixture f(R"(
    //- /Notes/Old.md
    # Old
    ⟦$0- A list item [[Other]]
    - another ^blk⟧
    Rest.
    //- /Notes/A list item Other.md
    //- /Other.md
    [[Old#^blk]]
  )");
  RefactorOptions options;
  options.new_note_next_to_source = true;
  const auto all = extracted(f, options);
  ASSERT_EQ(all.size(), 2u) << titles(all);
  EXPECT_EQ(all[0].title, "Extract selection to Notes/A list item Other 1.md");
  const auto after = applied(f, all[0]);
  EXPECT_EQ(after.at("Notes/Old.md"), "# Old\n[[A list item Other 1]]\nRest.\n");
  EXPECT_EQ(after.at("Notes/A list item Other 1.md"), "- A list item [[Other]]\n- another ^blk\n");
  EXPECT_EQ(after.at("Other.md"), "[[A list item Other 1#^blk]]\n");
  expect_every_link_resolves(f, after, "Notes/A list item Other 1.md");
}

TEST(ExtractNote, RelativeLinksInTheMovedTextStillLandFromTheNewFolder) {
  const Fixture f(R"(
    //- /Notes/Deep/Old.md
    # Old
    ## Moved$0
    [[../../Areas/Mål]], [[./Sibling]], [[../Up|up]], [x](../../Areas/M%C3%A5l.md), ![[./bilde.png]]
    //- /Areas/Mål.md
    //- /Notes/Deep/Sibling.md
    //- /Notes/Up.md
    //- /Notes/Deep/bilde.png
  )");
  RefactorOptions options;
  options.new_note_folder = "Inbox/Ny";
  const auto all = extracted(f, options);
  ASSERT_EQ(all.size(), 2u) << titles(all);
  const auto after = applied(f, all[0]);
  // `../../Areas/Mål` still lands from Inbox/Ny (as deep as Notes/Deep); the others are re-spelled.
  EXPECT_EQ(after.at("Inbox/Ny/Moved.md"),
            "## Moved\n[[../../Areas/Mål]], [[Notes/Deep/Sibling]], [[Notes/Up|up]], [x](../../Areas/M%C3%A5l.md), "
            "![[Notes/Deep/bilde.png]]\n");
  expect_every_link_resolves(f, after, "Inbox/Ny/Moved.md");
}

TEST(ExtractNote, NotOfferedOutsideAHeadingOrInFrontMatter) {
  EXPECT_TRUE(extracted(Fixture(R"(
    //- /Old.md
    # Old
    Some $0text.
  )"))
                  .empty());
  EXPECT_TRUE(extracted(Fixture(R"(
    //- /Old.md
    ---
    ⟦$0title: x⟧
    ---
    # Old
  )"))
                  .empty());
}

}  // namespace
}  // namespace slipbox
