#include "analysis/text/fuzzy_match.h"

#include <cstring>

#include "analysis/text/line_index.h"
#include "analysis/text/unicode.h"

namespace slipbox {
namespace {

char lower_ascii(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// Letters without a Unicode decomposition that people type as plain ASCII (`kjoper` for
// `Kjøper`); loose_key keeps them, so the matcher spells them out.
std::string_view ascii_spelling(char32_t code_point) {
  switch (code_point) {
    case U'ø':
      return "o";
    case U'æ':
      return "ae";
    case U'œ':
      return "oe";
    case U'đ':
    case U'ð':
      return "d";
    case U'ł':
      return "l";
    case U'ħ':
      return "h";
    case U'ı':
      return "i";
    case U'ŧ':
      return "t";
    case U'þ':
      return "th";
    default:
      return {};
  }
}

// `loose` with the letters ascii_spelling knows spelled out, appended to `out`.
void append_folded(std::string_view loose, std::string& out) {
  for (uint32_t i = 0; i < loose.size();) {
    char32_t code_point;
    const uint32_t length = decode_utf8(loose, i, code_point);
    const std::string_view ascii = ascii_spelling(code_point);
    if (!ascii.empty()) {
      out.append(ascii);
    } else {
      out.append(loose.substr(i, length));
    }
    i += length;
  }
}

// Every letter ascii_spelling knows starts with byte 0xC3, 0xC4 or 0xC5.
bool may_need_fold(std::string_view loose) {
  for (const int lead : {0xC3, 0xC4, 0xC5})
    if (std::memchr(loose.data(), lead, loose.size())) return true;
  return false;
}

}  // namespace

std::string fuzzy_key_of_loose(std::string_view loose) {
  std::string key;
  key.reserve(loose.size());
  append_folded(loose, key);
  for (char& c : key) c = lower_ascii(c);
  return key;
}

std::string fuzzy_key(std::string_view text) {
  if (is_ascii(text)) {
    std::string key(text);
    for (char& c : key) c = lower_ascii(c);
    return key;
  }
  return fuzzy_key_of_loose(loose_key(text));
}

bool is_fuzzy_word_break(char c) {
  return c == ' ' || c == '-' || c == '_' || c == '/' || c == '.' || c == '(' || c == '[' || c == '#' || c == '\'' ||
         c == '"';
}

// Compares byte by byte, folding ASCII case on the fly (so an ASCII text needs no key).
FuzzyRank fuzzy_rank_of_keys(std::string_view key, std::string_view query) {
  if (query.empty()) return FuzzyRank::Prefix;
  if (query.size() > key.size()) return FuzzyRank::None;
  // The subsequence test is the weakest and rejects most names in one linear pass.
  size_t k = 0;
  for (size_t at = 0; at < key.size() && k < query.size(); ++at)
    if (lower_ascii(key[at]) == query[k]) ++k;
  if (k != query.size()) return FuzzyRank::None;
  const auto equal_at = [&](size_t at) {
    for (size_t q = 0; q < query.size(); ++q)
      if (lower_ascii(key[at + q]) != query[q]) return false;
    return true;
  };
  if (equal_at(0)) return FuzzyRank::Prefix;
  for (size_t at = 1; at + query.size() <= key.size(); ++at)
    if (is_fuzzy_word_break(key[at - 1]) && equal_at(at)) return FuzzyRank::WordStart;
  return FuzzyRank::Subsequence;
}

uint32_t fuzzy_key_mask(std::string_view key) {
  uint32_t mask = 0;
  for (const char c : key) mask |= uint32_t{1} << (static_cast<unsigned char>(lower_ascii(c)) & 31);
  return mask;
}

FuzzyMatcher::FuzzyMatcher(std::string_view query_text)
    : query_(fuzzy_key(query_text)), query_mask_(fuzzy_key_mask(query_)) {}

FuzzyRank FuzzyMatcher::rank_key(std::string_view key, uint32_t mask) const {
  if (query_.empty()) return FuzzyRank::Prefix;
  if ((query_mask_ & ~mask) != 0) return FuzzyRank::None;
  return fuzzy_rank_of_keys(key, query_);
}

FuzzyRank FuzzyMatcher::rank_loose(std::string_view loose) {
  if (query_.empty()) return FuzzyRank::Prefix;
  // Most names don't match: reject them with memchr before any byte-by-byte work.
  if (plain_subsequence(loose)) return fuzzy_rank_of_keys(may_need_fold(loose) ? fold(loose) : loose, query_);
  if (!may_need_fold(loose) || !folded_subsequence(loose)) return FuzzyRank::None;
  return fuzzy_rank_of_keys(fold(loose), query_);
}

FuzzyRank FuzzyMatcher::rank(std::string_view text) {
  if (query_.empty()) return FuzzyRank::Prefix;
  if (is_ascii(text)) return fuzzy_rank_of_keys(text, query_);
  return fuzzy_rank_of_keys(fold(loose_key(text)), query_);
}

// Is the query a subsequence of `loose` as it is (already lower case)?
bool FuzzyMatcher::plain_subsequence(std::string_view loose) const {
  const char* at = loose.data();
  const char* const end = loose.data() + loose.size();
  for (const char c : query_) {
    const void* found = std::memchr(at, c, static_cast<size_t>(end - at));
    if (!found) return false;
    at = static_cast<const char*>(found) + 1;
  }
  return true;
}

// Is the query a subsequence of the folded `loose`? Folds two-byte letters on the fly.
bool FuzzyMatcher::folded_subsequence(std::string_view loose) const {
  size_t k = 0;
  for (uint32_t i = 0; i < loose.size() && k < query_.size();) {
    const auto byte = static_cast<unsigned char>(loose[i]);
    if (byte >= 0xC3 && byte <= 0xC5 && i + 1 < loose.size()) {
      char32_t code_point;
      const uint32_t length = decode_utf8(loose, i, code_point);
      const std::string_view ascii = ascii_spelling(code_point);
      if (!ascii.empty()) {
        for (size_t a = 0; a < ascii.size() && k < query_.size(); ++a)
          if (ascii[a] == query_[k]) ++k;
        i += length;
        continue;
      }
    }
    if (loose[i] == query_[k]) ++k;
    ++i;
  }
  return k == query_.size();
}

std::string_view FuzzyMatcher::fold(std::string_view loose) {
  scratch_.clear();
  append_folded(loose, scratch_);
  return scratch_;
}

}  // namespace slipbox
