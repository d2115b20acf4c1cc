#pragma once
#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string_view>
#include <vector>

namespace slipbox {

// Link paths shared by the notes of one scan, each distinct path stored once.
//
// Notes link to the same notes over and over: a vault has many more links than distinct
// link paths, and a path was most of what a parse kept (bench/RESULTS.md, "Link paths
// interned"). The scan's parse workers intern into one pool at
// once; the scan then freezes it, which frees the lookup tables: from then on the pool is
// read-only and readable from any thread without a lock. Notes parsed later (edits, file
// events) keep their own copies. The notes that use a pool share its ownership.
class LinkpathPool {
 public:
  // A path is found by a 32-bit offset: the chunk (high bits) and the byte in it (low bits).
  static constexpr unsigned kOffsetBits = 18;
  static constexpr size_t kChunkBytes = size_t{1} << kOffsetBits;  // 256 KiB
  static constexpr size_t kMaxChunks = size_t{1} << (32 - kOffsetBits);

  LinkpathPool();
  ~LinkpathPool();
  LinkpathPool(const LinkpathPool&) = delete;
  LinkpathPool& operator=(const LinkpathPool&) = delete;

  // Where `path` is, added when new; nullopt when it is not pooled (empty, longer than a
  // chunk, the pool full or frozen): the caller keeps its own copy. Thread-safe until freeze().
  std::optional<uint32_t> intern(std::string_view path);

  std::string_view view(uint32_t at, uint32_t bytes) const {
    return {chunks_[at >> kOffsetBits].get() + (at & (kChunkBytes - 1)), bytes};
  }

  // No additions from now on: drops the lookup tables (the strings stay). Call it when no
  // intern() runs, e.g. after the scan's workers have joined.
  void freeze();

  // Bytes of distinct paths stored (for benchmarks and tests), once frozen.
  size_t stored_bytes() const;

 private:
  struct Slot {
    uint32_t at = 0;
    uint32_t bytes = 0;  // 0: empty slot
  };
  struct Shard {
    std::mutex mutex;
    std::vector<Slot> slots;  // open addressing, a power of two
    size_t used = 0;
    uint32_t chunk = 0;               // the chunk this shard fills
    size_t chunk_fill = kChunkBytes;  // bytes used in it (full: take a new chunk first)
    size_t stored = 0;
  };
  static constexpr size_t kShards = 16;  // by hash: parse workers rarely wait on each other

  std::optional<uint32_t> store(Shard& shard, std::string_view path);
  void grow(Shard& shard);

  std::array<Shard, kShards> shards_;
  std::unique_ptr<std::unique_ptr<char[]>[]> chunks_;  // kMaxChunks slots, filled in order
  std::atomic<uint32_t> chunks_taken_{0};
  std::atomic<bool> frozen_{false};
};

}  // namespace slipbox
