// libFuzzer target: see fuzz/entries.h (framing_entry) and fuzz/README.md.
#include <cstddef>
#include <cstdint>

#include "fuzz/entries.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  slipbox::fuzz::framing_entry(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
