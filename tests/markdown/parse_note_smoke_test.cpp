#include <gtest/gtest.h>

#include "tests/markdown/note_snapshot.h"

namespace slipbox {
namespace {

using testing::snapshot;

TEST(ParseNoteSmoke, FrontMatterHeadingsAndWikiLinks) {
  const std::string text =
      "---\n"
      "aliases: [Other]\n"
      "tags: [a, b]\n"
      "---\n"
      "# Title\n"
      "See [[Note#Sec|shown]] and ![[Pic.png]].\n";
  EXPECT_EQ(snapshot(text),
            "FM 0:0-3:3 body=38\n"
            "ALIAS Other\n"
            "WL [[Note#Sec|shown]] path=\"Note\" sub=\"Sec\" h=[Sec] |=\"shown\" t=\"Note#Sec\" 5:4-5:22\n"
            "WL ![[Pic.png]] path=\"Pic.png\" t=\"Pic.png\" 5:27-5:39\n"
            "H1 \"Title\" 4:0-4:7 text=4:2-4:7\n"
            "TAG a 2:7-2:8 fm\n"
            "TAG b 2:10-2:11 fm\n");
}

}  // namespace
}  // namespace slipbox
