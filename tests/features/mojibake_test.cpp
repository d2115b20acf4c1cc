// The code page tables and mojibake_repairs: damage text the way a wrong decoder does
// (UTF-8 bytes read through a code page), then check the repair gives the original back.
#include "analysis/features/mojibake.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace slipbox {
namespace {

// What a program that read UTF-8 as `page` and saved UTF-8 again would have written.
std::string damage(std::string_view utf8, CodePage page) {
  std::string out;
  for (const char byte : utf8) {
    const char32_t c = code_page_char(page, static_cast<unsigned char>(byte));
    if (c < 0x80)
      out += static_cast<char>(c);
    else if (c < 0x800) {
      out += static_cast<char>(0xC0 | (c >> 6));
      out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
      out += static_cast<char>(0xE0 | (c >> 12));
      out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (c & 0x3F));
    }
  }
  return out;
}

bool offers(std::string_view damaged, std::string_view original) {
  const auto repairs = mojibake_repairs(damaged);
  return std::find(repairs.begin(), repairs.end(), original) != repairs.end();
}

TEST(Mojibake, Tables) {
  struct Row {
    unsigned char byte;
    char32_t latin1, cp1252, cp1254;
  };
  const Row rows[] = {
      {0x41, U'A', U'A', U'A'}, {0x80, 0x80, U'€', U'€'}, {0x81, 0x81, 0x81, 0x81},  // undefined in both Windows pages
      {0x8A, 0x8A, U'Š', U'Š'}, {0x8E, 0x8E, U'Ž', 0x8E},                            // 1254 has no Ž
      {0x9B, 0x9B, U'›', U'›'}, {0x9E, 0x9E, U'ž', 0x9E}, {0x9F, 0x9F, U'Ÿ', U'Ÿ'}, {0xA0, 0xA0, 0xA0, 0xA0},
      {0xC3, U'Ã', U'Ã', U'Ã'}, {0xD0, U'Ð', U'Ð', U'Ğ'}, {0xDD, U'Ý', U'Ý', U'İ'}, {0xDE, U'Þ', U'Þ', U'Ş'},
      {0xF0, U'ð', U'ð', U'ğ'}, {0xFD, U'ý', U'ý', U'ı'}, {0xFE, U'þ', U'þ', U'ş'}, {0xFF, U'ÿ', U'ÿ', U'ÿ'},
  };
  for (const Row& row : rows) {
    EXPECT_EQ(code_page_char(CodePage::Latin1, row.byte), row.latin1) << int(row.byte);
    EXPECT_EQ(code_page_char(CodePage::Windows1252, row.byte), row.cp1252) << int(row.byte);
    EXPECT_EQ(code_page_char(CodePage::Windows1254, row.byte), row.cp1254) << int(row.byte);
  }
  // Every byte round-trips through each table.
  for (const CodePage page : {CodePage::Latin1, CodePage::Windows1252, CodePage::Windows1254})
    for (int byte = 0; byte < 256; ++byte)
      EXPECT_EQ(code_page_byte(page, code_page_char(page, static_cast<unsigned char>(byte))), byte);
  EXPECT_EQ(code_page_byte(CodePage::Windows1252, U'ğ'), -1);
  EXPECT_EQ(code_page_byte(CodePage::Windows1254, U'ð'), -1);
}

TEST(Mojibake, KnownExamples) {
  EXPECT_TRUE(offers("kjÃ¸per", "kjøper"));
  EXPECT_TRUE(offers("ğŸ›\u00A0 Ressurser/Slipbox/Agile Metoder", "🛠 Ressurser/Slipbox/Agile Metoder"));
  // The no-break space became a plain one, with or without the real space after it.
  EXPECT_TRUE(offers("ğŸ›  Ressurser/Slipbox", "🛠 Ressurser/Slipbox"));
  EXPECT_TRUE(offers("ğŸ› Ressurser/Slipbox", "🛠 Ressurser/Slipbox"));
  EXPECT_TRUE(mojibake_repairs("plain ascii").empty());
  EXPECT_TRUE(mojibake_repairs("kjøper 🛠").empty());  // correct text has nothing to repair
}

TEST(Mojibake, RoundTripThroughEachCodePage) {
  const char* const originals[] = {"kjøper",           "Ærlig café",     "🛠 Ressurser/Møter", "Straße – „Zitat“",
                                   "İstanbul şehir ğ", "日本語のノート", "naïve résumé ✓"};
  for (const CodePage page : {CodePage::Latin1, CodePage::Windows1252, CodePage::Windows1254}) {
    for (const char* original : originals) {
      const std::string damaged = damage(original, page);
      ASSERT_NE(damaged, original);
      EXPECT_TRUE(offers(damaged, original)) << original << " via page " << int(page) << " as " << damaged;
    }
  }
}

TEST(Mojibake, DamagedTwice) {
  const std::string twice = damage(damage("kjøper", CodePage::Windows1252), CodePage::Windows1252);
  EXPECT_TRUE(offers(twice, "kjøper")) << twice;
}

TEST(Mojibake, MixedWithCorrectText) { EXPECT_TRUE(offers("Møter/kjÃ¸per", "Møter/kjøper")); }

}  // namespace
}  // namespace slipbox
