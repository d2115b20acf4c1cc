// The one fuzzy matcher (analysis/text/fuzzy_match.h): a table of candidate, query, rank.
#include "analysis/text/fuzzy_match.h"

#include <gtest/gtest.h>

#include "analysis/text/unicode.h"

namespace slipbox {
namespace {

struct Case {
  const char* candidate;
  const char* query;
  FuzzyRank rank;
};

constexpr FuzzyRank P = FuzzyRank::Prefix, W = FuzzyRank::WordStart, S = FuzzyRank::Subsequence, N = FuzzyRank::None;

const Case kCases[] = {
    {"Agile Metoder", "", P},               // an empty query matches everything
    {"Agile Metoder", "agile metoder", P},  // exact is a prefix
    {"Agile Metoder", "AGI", P},            // case
    {"Agile Metoder", "met", W},
    {"Agile Metoder", "amet", S},
    {"Agile Metoder", "metx", N},
    {"Agile Metoder", "agile metoder!", N},  // longer than the candidate
    {"Møte med selger", "mote", P},          // ø typed as o
    {"Møte med selger", "møte", P},
    {"Møte med selger", "MØTE", P},
    {"Kjøp bil", "kjop", P},
    {"Kjøp bil", "kjbl", S},
    {"Ærlig talt", "aerlig", P},        // æ typed as ae
    {"Café au lait", "cafe", P},        // accents
    {"Cafe\u0301 au lait", "café", P},  // NFD candidate, NFC query
    {"Ørsta/Hovedside", "hoved", W},    // after a folder
    {"notes-2024_draft", "draft", W},   // after _
    {"Plan (utkast)", "utkast", W},     // after (
    {"project#alpha", "alpha", W},      // after # (tags, headings)
    {"Łódź", "lodz", P},                // ł without decomposition, ó and ź with one
    {"東京 メモ", "メモ", W},           // no case, no accents: bytes
    {"abc", "cab", N},                  // order matters
};

TEST(FuzzyMatch, Table) {
  for (const Case& c : kCases) {
    FuzzyMatcher matcher(c.query);
    EXPECT_EQ(matcher.rank(c.candidate), c.rank) << '"' << c.candidate << "\" / \"" << c.query << '"';
    // The same rank from a loose key, from a precomputed key and from two keys.
    EXPECT_EQ(matcher.rank_loose(loose_key(c.candidate)), c.rank) << c.candidate << " / " << c.query << " (loose)";
    const std::string key = fuzzy_key(c.candidate);
    EXPECT_EQ(matcher.rank_key(key, fuzzy_key_mask(key)), c.rank) << c.candidate << " / " << c.query << " (key)";
    EXPECT_EQ(fuzzy_rank_of_keys(key, fuzzy_key(c.query)), c.rank) << c.candidate << " / " << c.query << " (keys)";
  }
}

TEST(FuzzyMatch, KeysFoldCaseAccentsAndLettersWithoutDecomposition) {
  EXPECT_EQ(fuzzy_key("Møte med Selger"), "mote med selger");
  EXPECT_EQ(fuzzy_key("Ærlig CAFÉ"), "aerlig cafe");
  EXPECT_EQ(fuzzy_key_of_loose(loose_key("Kjøp bil")), "kjop bil");
  EXPECT_EQ(fuzzy_key("Plain ASCII"), "plain ascii");
}

}  // namespace
}  // namespace slipbox
