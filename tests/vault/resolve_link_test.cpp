#include <deque>
// Whole links: file, then heading or block (docs/link-resolution.md §2, §4, §6). Links are
// built by hand so these tests do not depend on the parser; target outlines are injected
// with Vault::with_note.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "analysis/vault/file_kinds.h"
#include "analysis/vault/resolve.h"
#include "analysis/vault/vault.h"

namespace slipbox {
namespace {

// A Link views its strings; these tests build links by hand, so keep the text for the run.
std::string_view kept(std::string text) {
  static std::deque<std::string> storage;
  return storage.emplace_back(std::move(text));
}

// A Link's strings live in its note: each hand-made link gets a note kept for the run.
Link wiki(std::string path, std::vector<std::string> headings = {}, std::string block = {}) {
  static std::deque<ParsedNote> notes;
  LinkParts link;
  link.syntax = LinkSyntax::Wiki;
  link.path = kept(std::move(path));
  for (std::string& heading : headings) link.headings.push_back(kept(std::move(heading)));
  link.block_id = kept(std::move(block));
  link.has_subpath = !link.headings.empty() || !link.block_id.empty();
  ParsedNote& note = notes.emplace_back();
  note.own_strings(std::span<const LinkParts>(&link, 1));
  return note.links[0];
}

std::shared_ptr<ParsedNote> note_with(std::vector<std::pair<int, std::string>> headings,
                                      std::vector<std::string> blocks = {}) {
  auto note = std::make_shared<ParsedNote>();
  uint32_t line = 0;
  for (auto& [level, text] : headings) {
    Heading heading;
    heading.level = static_cast<uint8_t>(level);
    heading.text = text;
    heading.line = line++;
    note->headings.push_back(heading);
  }
  for (auto& id : blocks) {
    BlockAnchor block;
    block.id = id;
    block.line = line++;
    note->blocks.push_back(block);
  }
  note->own_strings();
  return note;
}

class ResolveLinkTest : public ::testing::Test {
 protected:
  void SetUp() override {
    vault_ = Vault::from_memory("/vault", {{"Note.md", ""},
                                           {"x.md", ""},
                                           {"img/Fig 1.png", ""},
                                           {"docs/Document.pdf", ""},
                                           {"Big.md", ""},
                                           {"Dog.md", ""}});
    vault_ = vault_->with_note(
        id("Note.md"),
        note_with({{1, "Intro"}, {2, "wifi 2.4 vs 5.0"}, {1, "Second"}, {2, "Intro"}}, {"abc", "Block-1"}));
    vault_ = vault_->with_note(id("x.md"), note_with({{1, "On disk"}}));
    vault_ = vault_->with_note(id("Big.md"), nullptr);  // too big to parse: indexed by name only
  }
  FileId id(const std::string& path) const { return *vault_->find_path(path); }
  std::string path_of(const LinkTarget& target) const {
    return target.file ? vault_->file(*target.file).path : std::string("<none>");
  }

  std::shared_ptr<const Vault> vault_;
};

struct Row {
  Row(std::string source, Link link, LinkStatus status, std::string file, int heading_line = -1, std::string block = {})
      : source(std::move(source)),
        link(std::move(link)),
        status(status),
        file(std::move(file)),
        heading_line(heading_line),
        block(std::move(block)) {}
  std::string source;
  Link link;
  LinkStatus status;
  std::string file;   // "<none>" when unresolved
  int heading_line;   // into the target's outline; -1 for none
  std::string block;  // expected block id
};

TEST_F(ResolveLinkTest, Table) {
  Link external = wiki("https://x.org");
  external.external = true;
  Link pdf_page = wiki("Document.pdf", {"page=3"});
  pdf_page.embed = true;
  Link md_link = wiki("Note.md", {"Second", "Intro"});
  md_link.syntax = LinkSyntax::Markdown;

  const std::vector<Row> rows = {
      {"x.md", wiki("Note"), LinkStatus::Resolved, "Note.md"},
      {"x.md", wiki("Note", {"Intro"}), LinkStatus::Resolved, "Note.md", 0},
      {"x.md", wiki("Note", {"intro"}), LinkStatus::Resolved, "Note.md", 0},
      {"x.md", wiki("Note", {"Second", "Intro"}), LinkStatus::Resolved, "Note.md", 3},
      {"x.md", wiki("Note", {"wifi 2 4 vs 5 0"}), LinkStatus::Resolved, "Note.md", 1},
      {"x.md", wiki("Note", {"Nope"}), LinkStatus::UnresolvedHeading, "Note.md"},
      {"x.md", wiki("Note", {}, "abc"), LinkStatus::Resolved, "Note.md", -1, "abc"},
      {"x.md", wiki("Note", {}, "block-1"), LinkStatus::Resolved, "Note.md", -1, "Block-1"},
      {"x.md", wiki("Note", {}, "zzz"), LinkStatus::UnresolvedBlock, "Note.md"},
      {"x.md", wiki("Nothing"), LinkStatus::UnresolvedNote, "<none>"},
      {"x.md", wiki("Nothing", {"Intro"}), LinkStatus::UnresolvedNote, "<none>"},
      {"x.md", wiki("Fig 1"), LinkStatus::UnresolvedNote, "<none>"},  // no `.md` note named `Fig 1`
      {"x.md", wiki("Fig 1.png"), LinkStatus::Resolved, "img/Fig 1.png"},
      {"x.md", wiki("Fig 1.png", {"anything"}), LinkStatus::Resolved, "img/Fig 1.png"},  // `#…` on images ignored
      {"x.md", pdf_page, LinkStatus::Resolved, "docs/Document.pdf"},
      {"x.md", wiki("Document.pdf", {"height=400"}), LinkStatus::Resolved, "docs/Document.pdf"},
      {"x.md", wiki("Missing.png"), LinkStatus::UnresolvedAttachment, "<none>"},
      {"x.md", wiki("Missing.PDF"), LinkStatus::UnresolvedAttachment, "<none>"},
      {"x.md", wiki("Board.canvas"), LinkStatus::UnresolvedAttachment, "<none>"},
      {"x.md", wiki("Missing.md"), LinkStatus::UnresolvedNote, "<none>"},
      {"x.md", wiki("v1.2 notes"), LinkStatus::UnresolvedNote, "<none>"},     // `.2 notes` is no attachment type
      {"x.md", wiki("https://x.org"), LinkStatus::UnresolvedNote, "<none>"},  // not flagged external: a note name
      {"x.md", external, LinkStatus::External, "<none>"},
      {"x.md", wiki("Big", {"Anything"}), LinkStatus::Resolved, "Big.md"},  // no parse: nothing to check
      {"x.md", wiki("Doggo"), LinkStatus::UnresolvedNote, "<none>"},
      {"x.md", md_link, LinkStatus::Resolved, "Note.md", 3},
      {"x.md", wiki("  Note  ", {"Intro"}), LinkStatus::Resolved, "Note.md", 0},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(std::string(row.link.path()) +
                 (row.link.headings().empty() ? "" : "#" + std::string(row.link.headings().back())) +
                 (row.link.block_id().empty() ? "" : "#^" + std::string(row.link.block_id())));
    const SourceNote source{row.source, vault_->note(id(row.source))};
    const LinkTarget target = resolve_link(*vault_, source, row.link);
    EXPECT_EQ(target.status, row.status);
    EXPECT_EQ(path_of(target), row.file);
    EXPECT_FALSE(target.is_self);
    if (row.heading_line >= 0) {
      ASSERT_NE(target.heading, nullptr);
      EXPECT_EQ(target.heading->line, static_cast<uint32_t>(row.heading_line));
    } else {
      EXPECT_EQ(target.heading, nullptr);
    }
    if (!row.block.empty()) {
      ASSERT_NE(target.block, nullptr);
      EXPECT_EQ(target.block->id, row.block);
    } else {
      EXPECT_EQ(target.block, nullptr);
    }
  }
}

TEST_F(ResolveLinkTest, SelfLinkUsesTheSourceBuffer) {
  // `[[#Intro]]` in x.md: the unsaved buffer has `# Intro`, the vault's copy does not.
  const auto buffer = note_with({{1, "Intro"}}, {"here"});
  const SourceNote source{"x.md", buffer.get()};

  LinkTarget target = resolve_link(*vault_, source, wiki("", {"Intro"}));
  EXPECT_TRUE(target.is_self);
  EXPECT_EQ(target.status, LinkStatus::Resolved);
  EXPECT_EQ(path_of(target), "x.md");
  EXPECT_EQ(target.heading, &buffer->headings[0]);

  target = resolve_link(*vault_, source, wiki("", {"On disk"}));
  EXPECT_EQ(target.status, LinkStatus::UnresolvedHeading);

  target = resolve_link(*vault_, source, wiki("", {}, "here"));
  EXPECT_EQ(target.status, LinkStatus::Resolved);
  EXPECT_EQ(target.block, &buffer->blocks[0]);

  // Naming the source note explicitly reads the same buffer.
  target = resolve_link(*vault_, source, wiki("x", {"Intro"}));
  EXPECT_FALSE(target.is_self);
  EXPECT_EQ(target.status, LinkStatus::Resolved);
  EXPECT_EQ(target.heading, &buffer->headings[0]);
}

TEST_F(ResolveLinkTest, SelfLinkWithoutParseFallsBackToTheVault) {
  const SourceNote source{"x.md", nullptr};
  const LinkTarget target = resolve_link(*vault_, source, wiki("", {"On disk"}));
  EXPECT_TRUE(target.is_self);
  EXPECT_EQ(target.status, LinkStatus::Resolved);
  ASSERT_NE(target.heading, nullptr);
  EXPECT_EQ(target.heading->text, "On disk");
}

TEST_F(ResolveLinkTest, SelfLinkOutsideTheVault) {
  const auto buffer = note_with({{2, "Intro"}});
  const SourceNote source{"", buffer.get()};
  LinkTarget target = resolve_link(*vault_, source, wiki("", {"intro"}));
  EXPECT_TRUE(target.is_self);
  EXPECT_FALSE(target.file.has_value());
  EXPECT_EQ(target.status, LinkStatus::Resolved);
  EXPECT_EQ(target.heading, &buffer->headings[0]);
  target = resolve_link(*vault_, source, wiki("", {"Outro"}));
  EXPECT_EQ(target.status, LinkStatus::UnresolvedHeading);
  // A bare name from outside the vault still resolves vault-wide.
  EXPECT_EQ(path_of(resolve_link(*vault_, source, wiki("Note"))), "Note.md");
}

TEST_F(ResolveLinkTest, ParsedTargetFromText) {
  // Integration with parse_note: headings and block ids come from the note's text.
  const auto vault = Vault::from_memory(
      "/vault", {{"Target.md", "# Top\n\n## Sub: part\n\nA paragraph ^para-1\n\n# Other\n\n## Sub: part\n"},
                 {"src.md", "[[Target#Other#Sub part]]"}});
  const SourceNote source{"src.md", vault->note(*vault->find_path("src.md"))};
  LinkTarget target = resolve_link(*vault, source, wiki("Target", {"Other", "Sub part"}));
  EXPECT_EQ(target.status, LinkStatus::Resolved);
  ASSERT_NE(target.heading, nullptr);
  EXPECT_EQ(target.heading->text, "Sub: part");
  EXPECT_EQ(target.heading->line, 8u);
  target = resolve_link(*vault, source, wiki("Target", {}, "para-1"));
  EXPECT_EQ(target.status, LinkStatus::Resolved);
  ASSERT_NE(target.block, nullptr);
  EXPECT_EQ(target.block->line, 4u);
}

TEST(FileKinds, Extensions) {
  EXPECT_EQ(file_extension("a/b/Fig 1.png"), ".png");
  EXPECT_EQ(file_extension("a.b/Note"), "");
  EXPECT_EQ(file_extension(".hidden"), "");
  EXPECT_EQ(file_extension("x."), "");
  EXPECT_EQ(file_extension("note.md.md"), ".md");
  for (const char* ext :
       {".base", ".canvas", ".avif", ".bmp",  ".gif", ".jpeg", ".jpg", ".png", ".svg", ".webp", ".flac", ".m4a",
        ".mp3",  ".ogg",    ".wav",  ".webm", ".3gp", ".mkv",  ".mov", ".mp4", ".ogv", ".pdf",  "PNG",   "pdf"}) {
    EXPECT_TRUE(is_attachment_extension(ext)) << ext;
  }
  for (const char* ext : {".md", ".MD", ".txt", ".csv", "", ".2 notes", ".pngx"}) {
    EXPECT_FALSE(is_attachment_extension(ext)) << ext;
  }
  EXPECT_TRUE(is_image_extension(".JPG"));
  EXPECT_TRUE(is_image_extension("svg"));
  EXPECT_FALSE(is_image_extension(".pdf"));
  EXPECT_FALSE(is_image_extension(".mp4"));
  EXPECT_TRUE(is_note_extension(".Md"));
  EXPECT_FALSE(is_note_extension(".markdown"));
}

}  // namespace
}  // namespace slipbox
