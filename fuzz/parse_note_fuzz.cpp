// libFuzzer target: see fuzz/entries.h (parse_note_entry) and fuzz/README.md.
#include <cstddef>
#include <cstdint>

#include "fuzz/entries.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  slipbox::fuzz::parse_note_entry(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
