#pragma once
// Eight bytes at a time: lets byte-by-byte scanners (line table, link scanner) step over
// plain text between the bytes they act on.
#include <cstdint>
#include <cstring>

namespace slipbox::byte_scan {

inline constexpr uint64_t every_byte(uint8_t byte) { return 0x0101010101010101ULL * byte; }

// Whether any of the eight bytes of `word` is zero (exact as a yes/no).
inline constexpr bool has_zero_byte(uint64_t word) { return ((word - every_byte(1)) & ~word & every_byte(0x80)) != 0; }

inline uint64_t load_word(const char* at) {
  uint64_t word;
  std::memcpy(&word, at, sizeof word);
  return word;
}

// True when none of the eight bytes at `at` is one of `Bytes`.
template <char... Bytes>
bool none_of(const char* at) {
  const uint64_t word = load_word(at);
  return (!has_zero_byte(word ^ every_byte(static_cast<uint8_t>(Bytes))) && ...);
}

// True when the eight bytes at `at` are ASCII and none is one of `Bytes`.
template <char... Bytes>
bool ascii_and_none_of(const char* at) {
  return (load_word(at) & every_byte(0x80)) == 0 && none_of<Bytes...>(at);
}

}  // namespace slipbox::byte_scan
