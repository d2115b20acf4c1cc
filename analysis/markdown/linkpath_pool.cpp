#include "analysis/markdown/linkpath_pool.h"

#include <cstring>
#include <functional>

namespace slipbox {
namespace {
constexpr size_t kFirstSlots = 1024;

size_t hash_of(std::string_view path) { return std::hash<std::string_view>{}(path); }
}  // namespace

LinkpathPool::LinkpathPool() : chunks_(std::make_unique<std::unique_ptr<char[]>[]>(kMaxChunks)) {}
LinkpathPool::~LinkpathPool() = default;

std::optional<uint32_t> LinkpathPool::intern(std::string_view path) {
  if (path.empty() || path.size() > kChunkBytes || frozen_.load(std::memory_order_relaxed)) return std::nullopt;
  const size_t hash = hash_of(path);
  Shard& shard = shards_[hash >> (sizeof(size_t) * 8 - 4)];
  std::lock_guard lock(shard.mutex);
  if (frozen_.load(std::memory_order_relaxed)) return std::nullopt;
  if (shard.slots.empty()) shard.slots.resize(kFirstSlots);
  const size_t mask = shard.slots.size() - 1;
  for (size_t i = hash & mask;; i = (i + 1) & mask) {
    const Slot slot = shard.slots[i];
    if (slot.bytes == 0) break;
    if (slot.bytes == path.size() && std::memcmp(view(slot.at, slot.bytes).data(), path.data(), path.size()) == 0)
      return slot.at;
  }
  return store(shard, path);
}

std::optional<uint32_t> LinkpathPool::store(Shard& shard, std::string_view path) {
  if (shard.chunk_fill + path.size() > kChunkBytes) {
    const uint32_t chunk = chunks_taken_.fetch_add(1, std::memory_order_relaxed);
    if (chunk >= kMaxChunks) return std::nullopt;  // 4 GiB of distinct paths: the rest stay in their notes
    // Not zeroed: pages never written are never touched, so a shard's unused tail costs nothing.
    chunks_[chunk].reset(new char[kChunkBytes]);
    shard.chunk = chunk;
    shard.chunk_fill = 0;
  }
  const auto at = static_cast<uint32_t>((size_t{shard.chunk} << kOffsetBits) | shard.chunk_fill);
  std::memcpy(chunks_[shard.chunk].get() + shard.chunk_fill, path.data(), path.size());
  shard.chunk_fill += path.size();
  shard.stored += path.size();
  if ((shard.used + 1) * 4 > shard.slots.size() * 3) grow(shard);
  const size_t mask = shard.slots.size() - 1;
  size_t i = hash_of(path) & mask;
  while (shard.slots[i].bytes != 0) i = (i + 1) & mask;
  shard.slots[i] = Slot{at, static_cast<uint32_t>(path.size())};
  ++shard.used;
  return at;
}

void LinkpathPool::grow(Shard& shard) {
  std::vector<Slot> slots(shard.slots.size() * 2);
  const size_t mask = slots.size() - 1;
  for (const Slot& slot : shard.slots) {
    if (slot.bytes == 0) continue;
    size_t i = hash_of(view(slot.at, slot.bytes)) & mask;
    while (slots[i].bytes != 0) i = (i + 1) & mask;
    slots[i] = slot;
  }
  shard.slots = std::move(slots);
}

void LinkpathPool::freeze() {
  frozen_.store(true);
  for (Shard& shard : shards_) {
    std::lock_guard lock(shard.mutex);
    std::vector<Slot>().swap(shard.slots);
    shard.used = 0;
  }
}

size_t LinkpathPool::stored_bytes() const {
  size_t total = 0;
  for (const Shard& shard : shards_) total += shard.stored;
  return total;
}

}  // namespace slipbox
