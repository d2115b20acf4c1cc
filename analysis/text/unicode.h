#pragma once
#include <string>
#include <string_view>

namespace slipbox {

// Unicode helpers backed by utf8proc (real normalisation and case-folding tables).
// Invalid UTF-8 never throws: invalid bytes become U+FFFD first.

// Replaces each invalid UTF-8 byte with U+FFFD.
std::string sanitize_utf8(std::string_view text);

// NFC, the form Obsidian compares names in.
std::string to_nfc(std::string_view text);

// The key two names are compared by: NFC + Unicode case folding.
// `fold_key("Café") == fold_key("CAFE\u0301")`.
std::string fold_key(std::string_view text);

// A looser key for fuzzy filtering: case-folded, accents stripped (NFKD + strip marks).
// `loose_key("Ærlig Café") == "ærlig cafe"`.
std::string loose_key(std::string_view text);

// ASCII-only case handling, for keys and extensions that are ASCII by definition
// (`Tags:`, `.MD`): A–Z lowered, every other byte kept.
// No byte of `text` is above 0x7F: the fast paths that need no Unicode table.
bool is_ascii(std::string_view text);
std::string ascii_lower(std::string_view text);
// True when `text` equals `lower` (already lower-case) ignoring ASCII case.
bool equals_ascii_lower(std::string_view text, std::string_view lower);
// Without leading and trailing spaces and tabs (what Obsidian trims around link parts).
std::string_view trim_blanks(std::string_view text);

// Letters, combining marks and digits of any script, and `_`: what words are made of
// (a name mentioned in prose starts and ends where a word does).
bool is_word_character(char32_t c);
// A combining mark (Unicode category M*): part of the character before it.
bool is_combining_mark(char32_t c);

// Percent-decodes %XX sequences; malformed escapes are kept literally.
std::string percent_decode(std::string_view text);

// Percent-encoding, one implementation for URIs, SARIF references and link destinations.
// The value of a hex digit (either case), or -1.
int hex_digit_value(char c);
// RFC 3986 unreserved: A–Z a–z 0–9 - . _ ~
bool is_uri_unreserved(unsigned char byte);
// `%XX` (upper-case hex) for `byte`, appended.
void append_percent_escape(std::string& out, unsigned char byte);
// `text` with every byte for which `encode(byte)` holds written as `%XX`.
std::string percent_encode(std::string_view text, bool (*encode)(unsigned char byte));
// A path as a URI path or relative reference: every byte but the unreserved ones and '/'
// encoded (spaces, `#`, emoji, æøå), so any URI reader gets the path back.
std::string percent_encode_uri_path(std::string_view path);

// Encodes what would break a Markdown link destination: space, '#', '%', '(', ')', '<', '>',
// '^', '[', ']', control characters. Non-ASCII is left as UTF-8, as Obsidian writes it.
std::string percent_encode_link(std::string_view text);

}  // namespace slipbox
