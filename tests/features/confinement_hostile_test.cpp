// Links that try to leave the vault: reported as `link-outside-vault`, never resolved, and no
// feature asks for a file outside the vault (ReadText sees vault FileIds only).
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "analysis/features/code_actions.h"
#include "analysis/features/completion.h"
#include "analysis/features/definition.h"
#include "analysis/features/diagnostics.h"
#include "analysis/features/document_links.h"
#include "analysis/features/hover.h"
#include "analysis/features/rename.h"
#include "analysis/features/symbol_at.h"
#include "analysis/vault/resolve.h"

namespace slipbox {
namespace {

// The vault sits at /vault; the current note is two folders deep so that one or two `..`
// stay inside and three leave.
std::shared_ptr<const Vault> hostile_vault(const std::string& text) {
  return Vault::from_memory("/vault", {{"a/b/Current.md", text},
                                       {"Note.md", "# Top\n"},
                                       {"etc/passwd.md", "# in-vault passwd\n"},
                                       {"a/Sibling.md", "# S\n"}});
}

struct Case {
  const char* link;
  bool leaves;  // expected: reported as leaving the vault
};

const Case kCases[] = {
    // Relative paths: allowed while they stay inside.
    {"[[../Sibling]]", false},
    {"[[../../Note]]", false},
    {"[[../../../etc/passwd]]", true},
    {"[[../../../../../../etc/passwd]]", true},
    {"[[./../../../x]]", true},
    {"[[..]]", false},
    {"[x](../../../.ssh/id_rsa)", true},
    {"[x](../../../../.ssh/id_rsa)", true},
    {"[x](../Sibling.md)", false},
    // Encodings and separators.
    {"[x](..%2F..%2F..%2Fetc%2Fpasswd)", true},
    {"[x](%2E%2E/%2E%2E/%2E%2E/etc/passwd)", true},
    {"[[..%2F..%2F..%2Fsecret]]", true},
    {"[[..\\..\\..\\secret]]", true},
    {"[[a/../../x]]", true},
    // Absolute paths: vault-root paths that exist resolve; anything else leaves.
    {"[[/etc/passwd]]", false},  // the vault has etc/passwd.md
    {"[[/etc/shadow]]", true},
    {"[x](/etc/shadow)", true},
    {"[x](/root/.ssh/id_rsa)", true},
    {"[[C:\\Windows\\win.ini]]", true},
    {"[x](C:/Windows/win.ini)", true},
    {"[[//server/share/x]]", true},
    // file: URIs: outside the root leaves; inside is an ordinary external link.
    {"[x](file:///etc/passwd)", true},
    {"[x](file://localhost/etc/passwd)", true},
    {"[x](file://evil.example/share/x)", true},
    {"[x](file:///vault/../etc/passwd)", true},
    {"[x](file:///vault/Note.md)", false},
    {"[[file:///etc/passwd]]", true},
    {"[x](FILE:///etc/passwd)", true},
    // Not paths at all.
    {"[x](https://example.com/../../etc/passwd)", false},
    {"[[Missing note]]", false},
};

TEST(Confinement, HostileLinksAreReportedAsLeavingTheVault) {
  for (const Case& c : kCases) {
    SCOPED_TRACE(c.link);
    const std::string text = std::string("see ") + c.link + " end\n";
    const auto vault = hostile_vault(text);
    const ParsedNote parsed = parse_note(text);
    ASSERT_EQ(parsed.links.size(), 1u);
    const NoteContext context{*vault, "a/b/Current.md", text, parsed};
    const LinkTarget target = resolve_link(*vault, context.source(), parsed.links[0]);
    EXPECT_EQ(target.outside_vault, c.leaves);
    if (c.leaves) {
      EXPECT_FALSE(target.file.has_value());
      EXPECT_NE(target.status, LinkStatus::Resolved);
    }
    size_t outside = 0;
    for (const Diagnostic& d : diagnose_note(context))
      if (d.kind == DiagnosticKind::LinkOutsideVault) {
        ++outside;
        EXPECT_EQ(diagnostic_code(d.kind), "link-outside-vault");
        EXPECT_NE(d.message.find("leaves the vault"), std::string::npos) << d.message;
        EXPECT_EQ(d.range, parsed.links[0].range);
      }
    EXPECT_EQ(outside, c.leaves ? 1u : 0u);
  }
}

TEST(Confinement, NoFeatureFollowsALinkOutTheVault) {
  for (const Case& c : kCases) {
    if (!c.leaves) continue;
    SCOPED_TRACE(c.link);
    const std::string text = std::string("see ") + c.link + " end\n";
    const auto vault = hostile_vault(text);
    const ParsedNote parsed = parse_note(text);
    const NoteContext context{*vault, "a/b/Current.md", text, parsed};
    int reads = 0;
    const ReadText read = [&](FileId id) -> std::optional<std::string> {
      ++reads;
      EXPECT_LT(id, vault->file_count());
      return std::string("# vault text\n");
    };
    const Link& link = parsed.links[0];
    for (uint32_t offset = link.range.begin; offset <= link.range.end; ++offset) {
      EXPECT_FALSE(find_definition(context, offset).has_value());
      if (const auto shown = hover(context, offset, read, HoverOptions{}); shown && !link.external) {
        EXPECT_NE(shown->markdown.find("leaves the vault"), std::string::npos) << shown->markdown;
        EXPECT_EQ(shown->markdown.find("Did you mean"), std::string::npos) << shown->markdown;
      }
      const SymbolAt symbol = symbol_at(context, offset, true);
      EXPECT_NE(symbol.kind, SymbolKind::MissingNote) << "references/rename/create must not target it";
      for (const CompletionItem& item : complete(context, offset, CompletionOptions{}).items) {
        if (item.file) {
          EXPECT_LT(*item.file, vault->file_count());
        }
      }
    }
    EXPECT_EQ(reads, 0);
    for (const DocumentLinkTarget& target : document_links(context)) {
      EXPECT_FALSE(target.file.has_value()) << "a leaving link opens nothing";
      EXPECT_TRUE(target.external.empty()) << target.external;
    }
  }
}

TEST(Confinement, LinkpathLeavesVaultCountsFromTheSourceFolder) {
  EXPECT_FALSE(linkpath_leaves_vault("a/b/N.md", "../../x"));
  EXPECT_TRUE(linkpath_leaves_vault("a/b/N.md", "../../../x"));
  EXPECT_TRUE(linkpath_leaves_vault("N.md", "../x"));
  EXPECT_TRUE(linkpath_leaves_vault("", "../x"));  // a note outside every folder
  EXPECT_FALSE(linkpath_leaves_vault("N.md", "x/../y"));
  EXPECT_TRUE(linkpath_leaves_vault("N.md", "x/../../y"));
  EXPECT_FALSE(linkpath_leaves_vault("N.md", "Plain name"));
  EXPECT_FALSE(linkpath_leaves_vault("N.md", ""));
  EXPECT_TRUE(linkpath_leaves_vault("N.md", "%2e%2e%2fx"));
  EXPECT_TRUE(linkpath_leaves_vault("N.md", "C:/x"));
  EXPECT_TRUE(linkpath_leaves_vault("N.md", "c:\\x"));
  EXPECT_FALSE(linkpath_leaves_vault("N.md", "C:Notes"));  // a note name (docs/link-resolution.md §1.9)
  EXPECT_FALSE(linkpath_leaves_vault("N.md", "Re: meeting"));
}

TEST(Confinement, FileUriInsideOrOutsideTheRoot) {
  EXPECT_FALSE(file_uri_leaves_vault("/vault", "file:///vault/a/N.md"));
  EXPECT_FALSE(file_uri_leaves_vault("/vault", "file:///vault"));
  EXPECT_TRUE(file_uri_leaves_vault("/vault", "file:///vault-other/N.md"));
  EXPECT_TRUE(file_uri_leaves_vault("/vault", "file:///vault/%2E%2E/etc/passwd"));
  EXPECT_TRUE(file_uri_leaves_vault("/vault", "file:relative/path"));
  EXPECT_FALSE(file_uri_leaves_vault("/vault", "https://example.com/"));
}

// "Create note" never proposes a file that would be written outside the vault: not above the
// root, not through a symlinked folder the scan did not follow (to a parent of the vault;
// any, when symlinks are not followed), not in a new-note folder that climbs out. A folder
// symlinked from outside and followed (docs/link-resolution.md §6) is the vault's: notes go there.
TEST(Confinement, CreateNoteStaysInTheVaultOnDisk) {
  namespace fs = std::filesystem;
  const fs::path base = fs::temp_directory_path() / ("slipbox-confine-create-" + std::to_string(::getpid()));
  fs::remove_all(base);
  fs::create_directories(base / "vault" / "real");
  fs::create_directories(base / "outside");
  fs::create_directory_symlink(base / "outside", base / "vault" / "out");
  fs::create_directory_symlink(base / "vault" / "real", base / "vault" / "in");
  fs::create_directory_symlink(base, base / "vault" / "up");
  const std::string text = "[[out/New]] [[in/New]] [[real/New]] [[up/New]] [[../../Up]] [[Bare]]\n";
  std::ofstream(base / "vault" / "Note.md") << text;
  const auto vault = Vault::scan(base / "vault", ScanOptions{});
  const ParsedNote parsed = parse_note(text);
  const NoteContext context{*vault, "Note.md", text, parsed};
  auto created_in = [&](const NoteContext& note, const CodeActionOptions& options) {
    std::vector<std::string> paths;
    for (const QuickFix& fix : quick_fixes(note, ByteRange{0, static_cast<uint32_t>(text.size())}, options))
      if (fix.create_path) paths.push_back(*fix.create_path);
    return paths;
  };
  auto created = [&](const CodeActionOptions& options) { return created_in(context, options); };
  EXPECT_EQ(created({}), (std::vector<std::string>{"out/New.md", "in/New.md", "real/New.md", "Bare.md"}));
  CodeActionOptions climbing;
  climbing.new_note_folder = "../outside";
  EXPECT_EQ(created(climbing), (std::vector<std::string>{"out/New.md", "in/New.md", "real/New.md"}));
  CodeActionOptions through_link;
  through_link.new_note_folder = "up";
  EXPECT_EQ(created(through_link), (std::vector<std::string>{"out/New.md", "in/New.md", "real/New.md"}));
  EXPECT_FALSE(vault->leads_outside_on_disk("out/New.md"));
  EXPECT_TRUE(vault->leads_outside_on_disk("up/New.md"));
  EXPECT_TRUE(vault->leads_outside_on_disk("../x.md"));
  EXPECT_TRUE(vault->leads_outside_on_disk("real/../../x.md"));
  EXPECT_FALSE(vault->leads_outside_on_disk("in/New.md"));
  EXPECT_FALSE(vault->leads_outside_on_disk("new/folder/New.md"));

  ScanOptions not_following;
  not_following.follow_symlinks = false;
  const auto unlinked = Vault::scan(base / "vault", not_following);
  EXPECT_EQ(created_in(NoteContext{*unlinked, "Note.md", text, parsed}, {}),
            (std::vector<std::string>{"real/New.md", "Bare.md"}));

  // Renaming the note through the symlink to a parent would move it out: refused.
  std::ofstream(base / "vault" / "Other.md") << "[[Note]]\n";
  const auto rescanned = Vault::scan(base / "vault", ScanOptions{});
  const auto graph = LinkGraph::build(rescanned, 1);
  const std::string other = "[[Note]]\n";
  const ParsedNote other_parsed = parse_note(other);
  const NoteContext other_context{*rescanned, "Other.md", other, other_parsed};
  const ReadText read = [](FileId) -> std::optional<std::string> { return std::string(); };
  const RenameResult out = rename_symbol(other_context, 3, "up/Moved", *graph, read);
  EXPECT_NE(out.error, "") << "moves: " << out.moves.size();
  EXPECT_TRUE(out.moves.empty());
  const RenameResult in = rename_symbol(other_context, 3, "out/Moved", *graph, read);
  EXPECT_EQ(in.error, "");
  ASSERT_EQ(in.moves.size(), 1u);
  fs::remove_all(base);
}

}  // namespace
}  // namespace slipbox
