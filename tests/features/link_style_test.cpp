// Writing new links in each style and format: linkpath_in_format, write_link, and
// VaultSettings (userIgnoreFilters, attachmentFolderPath).
#include <gtest/gtest.h>

#include "analysis/features/link_edit.h"
#include "analysis/vault/vault_settings.h"
#include "tests/support/fixture.h"

namespace slipbox {
namespace {

using testing::Fixture;

const char* const kVault = R"(
  //- /Home.md
  //- /Projects/Plan.md
  //- /Projects/Sub/Deep.md
  //- /Areas/Plan.md
  //- /Sub/My Note.md
  //- /a/Note.md
  //- /Note.md
  //- /img/Fig 1.png
  //- /🛠 Ressurser/Agile Metoder.md
)";

struct FormatCase {
  const char* source;
  const char* target;
  LinkFormat format;
  const char* expected;
};

TEST(LinkInFormat, EachFormatLeadsBackToTheTarget) {
  const Fixture f(kVault);
  const FormatCase cases[] = {
      // Shortest: the bare name when unique, else the path.
      {"Home.md", "Sub/My Note.md", LinkFormat::Shortest, "My Note"},
      {"Home.md", "Projects/Plan.md", LinkFormat::Shortest, "Projects/Plan"},
      {"Home.md", "img/Fig 1.png", LinkFormat::Shortest, "Fig 1.png"},
      {"Home.md", "🛠 Ressurser/Agile Metoder.md", LinkFormat::Shortest, "Agile Metoder"},
      // Absolute: always the vault path.
      {"Home.md", "Sub/My Note.md", LinkFormat::Absolute, "Sub/My Note"},
      {"Projects/Plan.md", "img/Fig 1.png", LinkFormat::Absolute, "img/Fig 1.png"},
      {"Home.md", "🛠 Ressurser/Agile Metoder.md", LinkFormat::Absolute, "🛠 Ressurser/Agile Metoder"},
      // Relative: from the source's folder.
      {"Projects/Plan.md", "Areas/Plan.md", LinkFormat::Relative, "../Areas/Plan"},
      {"Projects/Sub/Deep.md", "Projects/Plan.md", LinkFormat::Relative, "../Plan"},
      {"Projects/Plan.md", "Projects/Sub/Deep.md", LinkFormat::Relative, "Sub/Deep"},
      {"Home.md", "Sub/My Note.md", LinkFormat::Relative, "Sub/My Note"},
      {"Projects/Sub/Deep.md", "img/Fig 1.png", LinkFormat::Relative, "../../img/Fig 1.png"},
      {"Projects/Plan.md", "Projects/Plan.md", LinkFormat::Relative, "Plan"},
      // `Note` from `a/` leads to the root `Note.md` (an exact path wins), so `./` anchors it.
      {"a/Other.md", "a/Note.md", LinkFormat::Relative, "./Note"},
      {"a/Other.md", "Note.md", LinkFormat::Relative, "../Note"},
      // Outside the vault: from the root.
      {"", "Projects/Plan.md", LinkFormat::Relative, "Projects/Plan"},
  };
  for (const FormatCase& c : cases) {
    const FileId target = f.id(c.target);
    const std::string got = linkpath_in_format(f.vault(), c.source, target, c.format);
    EXPECT_EQ(got, c.expected) << c.source << " -> " << c.target << " format " << static_cast<int>(c.format);
    EXPECT_EQ(resolve_linkpath(f.vault(), c.source, got), target) << got;
  }
}

TEST(WriteLink, WikiAndMarkdownForms) {
  const Fixture f(kVault);
  const LinkStyle wiki{false, LinkFormat::Shortest};
  const LinkStyle markdown{true, LinkFormat::Shortest};
  const LinkStyle markdown_absolute{true, LinkFormat::Absolute};
  EXPECT_EQ(write_link(f.vault(), "Home.md", f.id("Sub/My Note.md"), wiki), "[[My Note]]");
  EXPECT_EQ(write_link(f.vault(), "Home.md", f.id("Sub/My Note.md"), wiki, "Intro", "shown"),
            "[[My Note#Intro|shown]]");
  EXPECT_EQ(write_link(f.vault(), "Home.md", f.id("img/Fig 1.png"), wiki, {}, {}, true), "![[Fig 1.png]]");
  EXPECT_EQ(write_link(f.vault(), "Home.md", f.id("Sub/My Note.md"), markdown), "[My Note](My%20Note.md)");
  EXPECT_EQ(write_link(f.vault(), "Home.md", f.id("Sub/My Note.md"), markdown_absolute), "[My Note](Sub/My%20Note.md)");
  EXPECT_EQ(write_link(f.vault(), "Home.md", f.id("Sub/My Note.md"), markdown_absolute, "Første del", "Alias"),
            "[Alias](Sub/My%20Note.md#Første%20del)");
  EXPECT_EQ(write_link(f.vault(), "Home.md", f.id("img/Fig 1.png"), markdown, {}, {}, true),
            "![Fig 1.png](Fig%201.png)");
  EXPECT_EQ(write_link(f.vault(), "Home.md", f.id("🛠 Ressurser/Agile Metoder.md"), markdown_absolute),
            "[Agile Metoder](🛠%20Ressurser/Agile%20Metoder.md)");
  EXPECT_EQ(write_link(f.vault(), "Home.md", f.id("Home.md"), markdown, {}, "a [b] c"), "[a \\[b\\] c](Home.md)");
}

TEST(VaultSettings, IgnoreFiltersArePrefixesOrRegularExpressions) {
  VaultSettings settings;
  settings.ignore_filters = {"Archive/", "Daily/2020", "/\\.excalidraw\\.md$/", "/[unclosed/", "", "/Templates/"};
  settings.compile_filters();
  const std::pair<const char*, bool> cases[] = {
      {"Archive/Old.md", true},
      {"Archive", false},  // the folder entry is `Archive/`: a prefix of its files only
      {"Archived.md", false},
      {"Daily/2020-01-01.md", true},
      {"Daily/2020/x.md", true},
      {"Daily/2021.md", false},
      {"Drawing.excalidraw.md", true},
      {"a/b/Drawing.excalidraw.md", true},
      {"Drawing.excalidraw.md.bak", false},
      {"x/Templates/y.md", true},  // `/Templates/` is a regex: "Templates" anywhere in the path
      {"Templates/y.md", true},
      {"Home.md", false},
  };
  for (const auto& [path, ignored] : cases) EXPECT_EQ(settings.is_ignored(path), ignored) << path;
}

TEST(VaultSettings, AttachmentFolderForEachForm) {
  const std::tuple<const char*, const char*, const char*> cases[] = {
      {"", "Projects/Plan.md", ""},
      {"/", "Projects/Plan.md", ""},
      {"./", "Projects/Plan.md", "Projects"},
      {"./", "Home.md", ""},
      {"./attachments", "Projects/Plan.md", "Projects/attachments"},
      {"./attachments/", "Home.md", "attachments"},
      {"Assets/img", "Projects/Plan.md", "Assets/img"},
      {"Assets/img/", "Home.md", "Assets/img"},
      {"🖼 Bilder", "Home.md", "🖼 Bilder"},
  };
  for (const auto& [setting, note, expected] : cases) {
    VaultSettings settings;
    settings.attachment_folder_path = setting;
    EXPECT_EQ(settings.attachment_folder_for(note), expected) << setting << " " << note;
  }
}

}  // namespace
}  // namespace slipbox
