#include "analysis/text/unicode.h"

#include <gtest/gtest.h>
#include <utf8proc.h>

#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

namespace slipbox {
namespace {

TEST(Unicode, SanitizeReplacesOnlyInvalidBytes) {
  EXPECT_EQ(sanitize_utf8("plain"), "plain");
  EXPECT_EQ(sanitize_utf8("caf\xC3\xA9"), "caf\xC3\xA9");
  EXPECT_EQ(sanitize_utf8("a\xFF"
                          "b"),
            "a\xEF\xBF\xBD"
            "b");
  EXPECT_EQ(sanitize_utf8("\xE6\x97"), "\xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST(Unicode, NfcComposes) {
  EXPECT_EQ(to_nfc("Cafe\xCC\x81"), "Caf\xC3\xA9");
  EXPECT_EQ(to_nfc("Caf\xC3\xA9"), "Caf\xC3\xA9");
  EXPECT_EQ(to_nfc("\xEF\xAC\x81"), "\xEF\xAC\x81") << "NFC, not NFKC: the fi ligature stays";
  EXPECT_EQ(to_nfc("bad\xFF"), "bad\xEF\xBF\xBD");
}

TEST(Unicode, FoldKeyIgnoresCaseAndNormalisation) {
  EXPECT_EQ(fold_key("Caf\xC3\xA9"), fold_key("CAFE\xCC\x81"));
  EXPECT_EQ(fold_key("LOG"), "log");
  EXPECT_EQ(fold_key("\xC3\x86rlig"), "\xC3\xA6rlig");  // Ærlig → ærlig
  EXPECT_EQ(fold_key("\xF0\x9F\x9B\xA0 Ressurser"), "\xF0\x9F\x9B\xA0 ressurser");
  EXPECT_NE(fold_key("Cafe"), fold_key("Caf\xC3\xA9")) << "accents are kept";
}

TEST(Unicode, LooseKeyStripsAccents) {
  EXPECT_EQ(loose_key("\xC3\x86rlig Caf\xC3\xA9"), "\xC3\xA6rlig cafe");
  EXPECT_EQ(loose_key("Agile Metoder"), "agile metoder");
}

TEST(Unicode, ComposesAcrossCodePoints) {
  // Marks and composition seconds join the code point before them; marks are reordered.
  const std::pair<const char*, const char*> nfc[] = {
      {"Cafe\u0301", "Caf\u00E9"},
      {"A\u030Ase", "\u00C5se"},
      {"\u1100\u1161", "\uAC00"},
      {"\uAC00\u11A8", "\uAC01"},
      {"\u304B\u3099", "\u304C"},
      {"\u00E9\u0316", "\u00E9\u0316"},
      {"e\u0316\u0301", "\u00E9\u0316"},
      {"\u00F8\u00E6\u00E5 \U0001F6E0 \u65E5\u672C", "\u00F8\u00E6\u00E5 \U0001F6E0 \u65E5\u672C"},
      {"\u212B", "\u00C5"},
      {"x\xFF\u00E9", "x\uFFFD\u00E9"},
  };
  for (const auto& [text, key] : nfc) {
    EXPECT_EQ(to_nfc(text), key) << text;
    EXPECT_EQ(to_nfc(text), to_nfc(text)) << "the memo answers as the first pass did";
  }
  const std::pair<const char*, const char*> folded[] = {
      {"\u00C5SE", "\u00E5se"}, {"A\u030ASE", "\u00E5se"},
      {"\u1E9E", "ss"},         {"\u00C6rlig M\u00D8TE", "\u00E6rlig m\u00F8te"},
      {"\u0130", "i\u0307"},
  };
  for (const auto& [text, key] : folded) {
    EXPECT_EQ(fold_key(text), key) << text;
    EXPECT_EQ(fold_key(text), fold_key(text));
  }
}

// to_nfc and fold_key compose code point by code point, and join a code point to the one
// before only when it can be the second of a composition (unicode.cpp: never_second). That
// rests on utf8proc's tables: every canonical pair there is, composed by the fast path and
// by utf8proc itself, must agree — so a utf8proc upgrade that adds a composition whose
// second the fast path treats as standalone fails here, not in a user's vault.
std::string utf8_of(char32_t code_point) {
  utf8proc_uint8_t encoded[4];
  const auto length = utf8proc_encode_char(static_cast<utf8proc_int32_t>(code_point), encoded);
  return std::string(reinterpret_cast<const char*>(encoded), static_cast<size_t>(length));
}

std::string utf8proc_mapped(const std::string& text, int options) {
  utf8proc_uint8_t* mapped = nullptr;
  const auto length =
      utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(text.data()), static_cast<utf8proc_ssize_t>(text.size()),
                   &mapped, static_cast<utf8proc_option_t>(options));
  std::string out = length >= 0 ? std::string(reinterpret_cast<const char*>(mapped), static_cast<size_t>(length)) : "";
  std::free(mapped);
  return out;
}

TEST(Unicode, FastPathAgreesWithUtf8procOnEveryCanonicalPair) {
  std::vector<std::pair<char32_t, char32_t>> pairs;  // (first, second) of each composition
  for (char32_t code_point = 0x80; code_point < 0x110000; ++code_point) {
    if (code_point >= 0xD800 && code_point <= 0xDFFF) continue;
    utf8proc_int32_t decomposed[4];
    int boundclass = UTF8PROC_BOUNDCLASS_START;
    const auto count = utf8proc_decompose_char(static_cast<utf8proc_int32_t>(code_point), decomposed, 4,
                                               static_cast<utf8proc_option_t>(UTF8PROC_DECOMPOSE), &boundclass);
    if (count == 2) pairs.emplace_back(static_cast<char32_t>(decomposed[0]), static_cast<char32_t>(decomposed[1]));
    if (count == 3) pairs.emplace_back(static_cast<char32_t>(decomposed[1]), static_cast<char32_t>(decomposed[2]));
  }
  // Hangul LV + T, composed algorithmically: one syllable with each trailing consonant.
  for (char32_t trailing = 0x11A8; trailing <= 0x11C2; ++trailing) pairs.emplace_back(0xAC00, trailing);
  ASSERT_GT(pairs.size(), 1000u) << "utf8proc lists the canonical decompositions";
  constexpr int kNfc = UTF8PROC_STABLE | UTF8PROC_COMPOSE;
  constexpr int kFold = UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD;
  size_t checked = 0;
  for (const auto& [first, second] : pairs) {
    // Alone, after an ASCII letter, and between two other characters: the fast path meets
    // each code point in every position.
    for (const std::string& text : {utf8_of(first) + utf8_of(second), "x" + utf8_of(first) + utf8_of(second) + "y",
                                    utf8_of(0xE9) + utf8_of(first) + utf8_of(second) + utf8_of(0x65E5)}) {
      ASSERT_EQ(to_nfc(text), utf8proc_mapped(text, kNfc))
          << std::hex << "U+" << static_cast<uint32_t>(first) << " U+" << static_cast<uint32_t>(second);
      ASSERT_EQ(fold_key(text), utf8proc_mapped(text, kFold))
          << std::hex << "U+" << static_cast<uint32_t>(first) << " U+" << static_cast<uint32_t>(second);
      ++checked;
    }
  }
  EXPECT_EQ(checked, pairs.size() * 3);
}

TEST(Unicode, LooseKeyTable) {
  // Compatibility forms, case folding that expands, marks in any order, invalid bytes.
  const std::pair<const char*, const char*> cases[] = {
      {"ガイド ｶﾞｲﾄﾞ", "カイト カイト"},
      {"ﬁle ẞtraße", "file sstrasse"},
      {"🛠 Ressurser/Møte", "🛠 ressurser/møte"},
      {"Ǆemal Ⅻ ①", "dzemal xii 1"},
      {"e\u0301\u0316x", "ex"},
      {"日本語のノート", "日本語のノート"},
      {"a\xFF\xC3"
       "b",
       "a\xEF\xBF\xBD\xEF\xBF\xBD"
       "b"},
  };
  for (const auto& [text, key] : cases) {
    EXPECT_EQ(loose_key(text), key) << text;
    EXPECT_EQ(loose_key(text), loose_key(text)) << "the memo answers as the first pass did";
  }
}

TEST(Unicode, PercentDecode) {
  EXPECT_EQ(percent_decode("My%20Note.md"), "My Note.md");
  EXPECT_EQ(percent_decode("%C3%A6"), "\xC3\xA6");
  EXPECT_EQ(percent_decode("100%"), "100%");
  EXPECT_EQ(percent_decode("%zz%2"), "%zz%2");
  EXPECT_EQ(percent_decode("a%2"), "a%2");
  EXPECT_EQ(percent_decode("%41"), "A");
  EXPECT_EQ(percent_decode("%2F%2f"), "//");
}

TEST(Unicode, PercentEncodeLinkKeepsNonAscii) {
  EXPECT_EQ(percent_encode_link("Sub/My Note.md"), "Sub/My%20Note.md");
  EXPECT_EQ(percent_encode_link("We!rd (name) [x] #1"), "We!rd%20%28name%29%20%5Bx%5D%20%231");
  EXPECT_EQ(percent_encode_link("\xC3\x86rlig%^<>"), "\xC3\x86rlig%25%5E%3C%3E");
  EXPECT_EQ(percent_decode(percent_encode_link("a b#c%d(e)")), "a b#c%d(e)");
}

TEST(Unicode, WordCharactersOfAnyScript) {
  for (const char32_t c : {U'a', U'Z', U'7', U'_', U'ø', U'Å', U'я', U'東', U'ก', U'\u0301', U'٣'})
    EXPECT_TRUE(is_word_character(c)) << static_cast<uint32_t>(c);
  for (const char32_t c : {U' ', U'-', U'\'', U'.', U'|', U'«', U'—', U'😀', U'\uFFFD'})
    EXPECT_FALSE(is_word_character(c)) << static_cast<uint32_t>(c);
  EXPECT_TRUE(is_combining_mark(U'\u030A'));
  EXPECT_FALSE(is_combining_mark(U'å'));
  EXPECT_FALSE(is_combining_mark(U'a'));
}

}  // namespace
}  // namespace slipbox
