#include "analysis/text/unicode.h"

#include <utf8proc.h>

#include <array>
#include <cstdlib>
#include <memory>
#include <unordered_map>

#include "analysis/text/line_index.h"

namespace slipbox {

bool is_ascii(std::string_view text) {
  for (const char c : text)
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  return true;
}

namespace {

std::string map_with(std::string_view text, int options) {
  std::string valid = sanitize_utf8(text);  // not const: returned (moved) when mapping fails
  utf8proc_uint8_t* mapped = nullptr;
  const utf8proc_ssize_t length =
      utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(valid.data()), static_cast<utf8proc_ssize_t>(valid.size()),
                   &mapped, static_cast<utf8proc_option_t>(options));
  if (length < 0) return valid;  // cannot happen on valid UTF-8; keep the text rather than lose it
  std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> owner(mapped, &std::free);
  return std::string(reinterpret_cast<const char*>(mapped), static_cast<size_t>(length));
}

}  // namespace

std::string sanitize_utf8(std::string_view text) {
  if (is_ascii(text)) return std::string(text);
  std::string out;
  out.reserve(text.size());
  for (uint32_t i = 0; i < text.size();) {
    char32_t code_point;
    const uint32_t length = decode_utf8(text, i, code_point);
    if (code_point == 0xFFFD && length == 1) {
      out += "\xEF\xBF\xBD";
    } else {
      out.append(text.substr(i, length));
    }
    i += length;
  }
  return out;
}

namespace {

constexpr int kNfcOptions = UTF8PROC_STABLE | UTF8PROC_COMPOSE;
constexpr int kFoldOptions = UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD;

// A code point's NFC (or fold) key on its own, and whether it may be concatenated with its
// neighbours' keys. Composition only crosses code points when the decomposed text of the
// next one starts with a combining mark or a composition second (Hangul vowel, some Indic
// vowel signs); reordering only within runs of marks. So a code point whose decomposition
// starts with a starter that is never a second gives the same key alone as in any text.
struct ComposedPiece {
  std::string key;
  bool separable = false;
};

// Starters that are never the second of a canonical composition (every such second below
// U+0900 is a combining mark; the ranges above hold none).
bool never_second(char32_t c) {
  return c < 0x900 || (c >= 0x1100 && c <= 0x1112) || (c >= 0x2000 && c <= 0x2BFF) || (c >= 0x3000 && c <= 0x3098) ||
         (c >= 0x309B && c <= 0x30FF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
         (c >= 0xFE00 && c <= 0xFE0F) || (c >= 0x1F000 && c <= 0x1FAFF);
}

const ComposedPiece& composed_piece(char32_t code_point, int options,
                                    std::unordered_map<char32_t, ComposedPiece>& memo) {
  auto [it, inserted] = memo.try_emplace(code_point);
  if (!inserted) return it->second;
  utf8proc_uint8_t encoded[4];
  const utf8proc_ssize_t length = utf8proc_encode_char(static_cast<utf8proc_int32_t>(code_point), encoded);
  it->second.key =
      map_with(std::string_view(reinterpret_cast<const char*>(encoded), static_cast<size_t>(length)), options);
  utf8proc_int32_t decomposed[32];
  int boundclass = UTF8PROC_BOUNDCLASS_START;
  const utf8proc_ssize_t count = utf8proc_decompose_char(static_cast<utf8proc_int32_t>(code_point), decomposed, 32,
                                                         static_cast<utf8proc_option_t>(options), &boundclass);
  if (count > 0 && count <= 32) {
    const auto first = static_cast<char32_t>(decomposed[0]);
    it->second.separable = utf8proc_get_property(decomposed[0])->combining_class == 0 && never_second(first);
  }
  return it->second;
}

std::string compose_by_pieces(std::string_view text, int options, bool fold_ascii) {
  thread_local std::unordered_map<char32_t, ComposedPiece> nfc_memo, fold_memo;
  // Two-byte code points (Latin, Greek, Cyrillic, …) skip the hash: map nodes never move.
  thread_local std::array<const ComposedPiece*, 0x800> nfc_near{}, fold_near{};
  const bool fold = (options & UTF8PROC_CASEFOLD) != 0;
  auto& memo = fold ? fold_memo : nfc_memo;
  auto& near = fold ? fold_near : nfc_near;
  std::string out;
  out.reserve(text.size());
  for (uint32_t i = 0; i < text.size();) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte < 0x80) {
      out += static_cast<char>(fold_ascii && byte >= 'A' && byte <= 'Z' ? byte - 'A' + 'a' : byte);
      ++i;
      continue;
    }
    char32_t code_point;
    i += decode_utf8(text, i, code_point);  // an invalid byte decodes as U+FFFD, as sanitize_utf8 makes it
    const ComposedPiece* cached = code_point < near.size() ? near[code_point] : nullptr;
    if (!cached) {
      cached = &composed_piece(code_point, options, memo);
      if (code_point < near.size()) near[code_point] = cached;
    }
    const ComposedPiece& piece = *cached;
    if (!piece.separable) return map_with(text, options);
    out += piece.key;
  }
  return out;
}

}  // namespace

std::string to_nfc(std::string_view text) {
  if (is_ascii(text)) return std::string(text);
  return compose_by_pieces(text, kNfcOptions, false);
}

std::string fold_key(std::string_view text) {
  if (is_ascii(text)) return ascii_lower(text);  // the common case, without a table walk
  return compose_by_pieces(text, kFoldOptions, true);
}

namespace {

constexpr int kLooseOptions =
    UTF8PROC_STABLE | UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK;

// Without composition, utf8proc maps each code point on its own and then only reorders
// combining marks. So the loose key is the concatenation of per-code-point keys, as long as
// no kept code point has a combining class (then the whole text goes through utf8proc).
// Completion calls loose_key on aliases per request: this memo avoids a utf8proc pass and
// a malloc per name.
struct LoosePiece {
  std::string key;
  bool reorders = false;  // its key holds a code point with a combining class
};

const LoosePiece& loose_piece(char32_t code_point) {
  thread_local std::unordered_map<char32_t, LoosePiece> memo;
  auto [it, inserted] = memo.try_emplace(code_point);
  if (inserted) {
    utf8proc_uint8_t encoded[4];
    const utf8proc_ssize_t length = utf8proc_encode_char(static_cast<utf8proc_int32_t>(code_point), encoded);
    it->second.key =
        map_with(std::string_view(reinterpret_cast<const char*>(encoded), static_cast<size_t>(length)), kLooseOptions);
    const std::string& key = it->second.key;
    for (uint32_t i = 0; i < key.size();) {
      char32_t mapped;
      i += decode_utf8(key, i, mapped);
      if (utf8proc_get_property(static_cast<utf8proc_int32_t>(mapped))->combining_class != 0)
        it->second.reorders = true;
    }
  }
  return it->second;
}

}  // namespace

std::string loose_key(std::string_view text) {
  if (is_ascii(text)) return ascii_lower(text);
  std::string out;
  out.reserve(text.size());
  for (uint32_t i = 0; i < text.size();) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte < 0x80) {
      out += static_cast<char>(byte >= 'A' && byte <= 'Z' ? byte - 'A' + 'a' : byte);
      ++i;
      continue;
    }
    char32_t code_point;
    i += decode_utf8(text, i, code_point);  // an invalid byte decodes as U+FFFD, as sanitize_utf8 makes it
    const LoosePiece& piece = loose_piece(code_point);
    if (piece.reorders) return map_with(text, kLooseOptions);
    out += piece.key;
  }
  return out;
}

std::string ascii_lower(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

bool equals_ascii_lower(std::string_view text, std::string_view lower) {
  if (text.size() != lower.size()) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != lower[i]) return false;
  }
  return true;
}

std::string_view trim_blanks(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

bool is_combining_mark(char32_t c) {
  if (c < 0x300) return false;
  switch (utf8proc_category(static_cast<utf8proc_int32_t>(c))) {
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
      return true;
    default:
      return false;
  }
}

bool is_word_character(char32_t c) {
  if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  if (c == 0xFFFD) return false;
  switch (utf8proc_category(static_cast<utf8proc_int32_t>(c))) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
      return true;
    default:
      return false;
  }
}

std::string percent_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      const int high = hex_digit_value(text[i + 1]);
      const int low = hex_digit_value(text[i + 2]);
      if (high >= 0 && low >= 0) {
        out += static_cast<char>(high * 16 + low);
        i += 2;
        continue;
      }
    }
    out += text[i];
  }
  return out;
}

int hex_digit_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool is_uri_unreserved(unsigned char byte) {
  return (byte >= 'A' && byte <= 'Z') || (byte >= 'a' && byte <= 'z') || (byte >= '0' && byte <= '9') || byte == '-' ||
         byte == '.' || byte == '_' || byte == '~';
}

void append_percent_escape(std::string& out, unsigned char byte) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  out += '%';
  out += kHex[byte >> 4];
  out += kHex[byte & 0xF];
}

std::string percent_encode(std::string_view text, bool (*encode)(unsigned char byte)) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (encode(byte)) {
      append_percent_escape(out, byte);
    } else {
      out += c;
    }
  }
  return out;
}

std::string percent_encode_uri_path(std::string_view path) {
  return percent_encode(path, [](unsigned char byte) { return !is_uri_unreserved(byte) && byte != '/'; });
}

std::string percent_encode_link(std::string_view text) {
  return percent_encode(text, [](unsigned char byte) {
    return byte < 0x20 || byte == 0x7F || byte == ' ' || byte == '#' || byte == '%' || byte == '(' || byte == ')' ||
           byte == '<' || byte == '>' || byte == '^' || byte == '[' || byte == ']';
  });
}

}  // namespace slipbox
