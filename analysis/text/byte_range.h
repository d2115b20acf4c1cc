#pragma once
#include <cstdint>

namespace slipbox {

// A half-open range [begin, end) of byte offsets into a note's UTF-8 text.
// Everything inside analysis/ speaks bytes; UTF-16 appears only at the protocol edge.
struct ByteRange {
  uint32_t begin = 0;
  uint32_t end = 0;

  bool empty() const { return begin == end; }
  uint32_t size() const { return end - begin; }
  // Inclusive of the end so that a cursor just after `]]` still counts as "on the link".
  bool touches(uint32_t offset) const { return begin <= offset && offset <= end; }
  bool contains(uint32_t offset) const { return begin <= offset && offset < end; }
  friend bool operator==(const ByteRange&, const ByteRange&) = default;
};

}  // namespace slipbox
