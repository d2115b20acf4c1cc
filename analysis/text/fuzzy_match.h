#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace slipbox {

// The one fuzzy matcher of everything that filters names as the user types: completion of
// notes, aliases, attachments, headings, block ids, tags and planned notes, `[[##` vault-wide
// headings, and workspace/symbol. So a query finds the same names everywhere.
//
// Both sides are matched on their *fuzzy key*: case folded, accents stripped (loose_key:
// `Café` → `cafe`), and the letters that have no decomposition but that people type in ASCII
// spelled out (`ø` → `o`, `æ` → `ae`, `ł` → `l`): `mote` finds `Møte med selger`.
//
// One score, best first:
//   Prefix       the key starts with the query (an exact match is the shortest prefix match)
//   WordStart    the query starts at a word of the key (after a space, `-`, `_`, `/`, `.`,
//                `(`, `[`, `#`, a quote)
//   Subsequence  the query's bytes appear in the key in order (`kjbl` finds `Kjøp bil`)
// Callers order equal ranks themselves (shorter first, document order, most used, …).
enum class FuzzyRank : uint8_t { Prefix = 0, WordStart = 1, Subsequence = 2, None = 255 };

// The key `text` is matched on (see above). ASCII text is only lower-cased.
std::string fuzzy_key(std::string_view text);
// The same from a text that already is a loose_key (VaultFile::name_loose, planned notes).
std::string fuzzy_key_of_loose(std::string_view loose);

// Does a word start after `c` (in a key)?
bool is_fuzzy_word_break(char c);

// The rank of `key` (a fuzzy key) for `query` (a fuzzy key). An empty query is a prefix of
// everything. No allocation.
FuzzyRank fuzzy_rank_of_keys(std::string_view key, std::string_view query);

// Which byte values (mod 32) occur in a key: a query byte missing from a key rules it out
// before any matching (FuzzyMatcher::rank_key).
uint32_t fuzzy_key_mask(std::string_view key);

// Matches many candidates against one query. Reuses one scratch buffer, so ranking a
// candidate allocates nothing once the buffer has grown (ASCII candidates never touch it).
class FuzzyMatcher {
 public:
  explicit FuzzyMatcher(std::string_view query_text);
  // The query's fuzzy key.
  const std::string& query() const { return query_; }

  // Any text.
  FuzzyRank rank(std::string_view text);
  // A text that already is a loose_key: cheaper (rejects most with memchr first).
  FuzzyRank rank_loose(std::string_view loose);
  // A precomputed fuzzy key and its fuzzy_key_mask.
  FuzzyRank rank_key(std::string_view key, uint32_t mask) const;

 private:
  bool plain_subsequence(std::string_view loose) const;
  bool folded_subsequence(std::string_view loose) const;
  std::string_view fold(std::string_view loose);

  std::string query_;
  uint32_t query_mask_ = 0;
  std::string scratch_;
};

}  // namespace slipbox
