// URI <-> path, the only place they meet.
#include "lsp/uri.h"

#include <gtest/gtest.h>

namespace slipbox::lsp {
namespace {

struct UriCase {
  const char* uri;
  std::optional<std::string> path;
};

TEST(Uri, PathFromUri) {
  const UriCase cases[] = {
      {"file:///home/u/%F0%9F%9B%A0%20Ressurser/Slipbox/Agile%20Metoder.md",
       "/home/u/🛠 Ressurser/Slipbox/Agile Metoder.md"},
      {"file:///tmp/Kj%C3%B8pe%20hus%20%E2%80%93%20sjekkliste.md", "/tmp/Kjøpe hus – sjekkliste.md"},
      {"file:///tmp/Kjøpe hus.md", "/tmp/Kjøpe hus.md"},      // unencoded UTF-8 is accepted as is
      {"file:///tmp/%e6%97%a5%e6%9c%ac.md", "/tmp/日本.md"},  // lower-case hex
      {"FILE:///tmp/a.md", "/tmp/a.md"},
      {"file://localhost/tmp/a.md", "/tmp/a.md"},
      {"file:///tmp/100%25%20done.md", "/tmp/100% done.md"},
      {"file:///tmp/bad%zzescape%2", "/tmp/bad%zzescape%2"},  // malformed escapes stay literal
      {"file:///tmp/a.md#L10", "/tmp/a.md"},
      {"file:///tmp/a%23b.md", "/tmp/a#b.md"},
      {"file://server/share/a.md", std::nullopt},
      {"file:relative.md", std::nullopt},
      {"file:///tmp/nul%00byte.md", std::nullopt},
      {"untitled:Untitled-1", std::nullopt},
      {"https://example.com/a.md", std::nullopt},
      {"", std::nullopt},
  };
  for (const UriCase& c : cases) {
    const auto path = path_from_uri(c.uri);
    if (!c.path) {
      EXPECT_FALSE(path) << c.uri << " → " << (path ? path->string() : "");
    } else {
      ASSERT_TRUE(path) << c.uri;
      EXPECT_EQ(path->string(), *c.path) << c.uri;
    }
  }
}

TEST(Uri, UriFromPathEncodesLikeVsCode) {
  EXPECT_EQ(uri_from_path("/tmp/🛠 Ressurser/a#b.md"), "file:///tmp/%F0%9F%9B%A0%20Ressurser/a%23b.md");
  EXPECT_EQ(uri_from_path("/tmp/Ærlig (kopi) 100%.md"), "file:///tmp/%C3%86rlig%20%28kopi%29%20100%25.md");
  EXPECT_EQ(uri_from_path("/a-b_c.d~e/f"), "file:///a-b_c.d~e/f");
}

TEST(Uri, RoundTrips) {
  const char* paths[] = {"/home/u/🛠 Ressurser/Slipbox/Agile Metoder.md", "/tmp/Kjøpe hus – sjekkliste.md",
                         "/tmp/日本語の基本.md", "/tmp/a b/c%d#e?f.md", "/tmp/[[weird]]^.md"};
  for (const char* path : paths) {
    const auto back = path_from_uri(uri_from_path(path));
    ASSERT_TRUE(back) << path;
    EXPECT_EQ(back->string(), path);
  }
}

}  // namespace
}  // namespace slipbox::lsp
