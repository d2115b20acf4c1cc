#include "analysis/features/closest_names.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <tuple>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "analysis/text/line_index.h"
#include "analysis/text/unicode.h"

namespace slipbox {
namespace {

void to_code_points(std::string_view text, std::u32string& out) {
  out.clear();
  for (uint32_t i = 0; i < text.size();) {
    char32_t code_point;
    i += decode_utf8(text, i, code_point);
    out.push_back(code_point);
  }
}

size_t edit_distance_u32(const std::u32string& a, const std::u32string& b, std::vector<size_t>& row) {
  row.resize(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// The same distance when it is at most `limit`; otherwise some value above `limit` (the row
// minimum never decreases, so the table stops as soon as every cell is past the limit).
size_t edit_distance_within(const std::u32string& a, const std::u32string& b, size_t limit, std::vector<size_t>& row) {
  row.resize(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    size_t smallest = row[0];
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
      smallest = std::min(smallest, row[j]);
    }
    if (smallest > limit) return limit + 1;
  }
  return row[b.size()];
}

// Levenshtein distance, bit-parallel (Myers/Hyyrö, blocked) when the shorter side has at
// most 256 code points: 64 cells of a column per machine word instead of one at a time.
class BitParallel {
 public:
  static constexpr size_t kBlocks = 4;

  size_t distance(const std::u32string& a, const std::u32string& b, size_t limit, std::vector<size_t>& row) {
    const std::u32string& pattern = a.size() <= b.size() ? a : b;
    const std::u32string& text = a.size() <= b.size() ? b : a;
    if (pattern.empty()) return text.size();
    if (pattern.size() > 64 * kBlocks) return edit_distance_within(a, b, limit, row);
    for (const uint16_t at : used_) slots_[at] = Slot{};  // clear only what the last name set
    used_.clear();
    for (size_t k = 0; k < pattern.size(); ++k) slot(pattern[k]).mask[k / 64] |= uint64_t{1} << (k % 64);
    const size_t blocks = (pattern.size() + 63) / 64;
    // Bits above the pattern's last row only ever flow upwards (shifts, carries): ignore them.
    const uint64_t last_high = uint64_t{1} << ((pattern.size() - 1) % 64);
    std::array<uint64_t, kBlocks> vp, vn;
    vp.fill(~uint64_t{0});
    vn.fill(0);
    size_t score = pattern.size();
    size_t remaining = text.size();
    for (const char32_t c : text) {
      const Slot* found = find(c);
      int carry = 1;  // the top row of the table counts up: D[0][j] = j
      for (size_t block = 0; block < blocks; ++block) {
        uint64_t eq = found ? found->mask[block] : 0;
        const uint64_t xv = eq | vn[block];
        if (carry < 0) eq |= 1;
        const uint64_t xh = (((eq & vp[block]) + vp[block]) ^ vp[block]) | eq;
        uint64_t hp = vn[block] | ~(xh | vp[block]);
        uint64_t hn = vp[block] & xh;
        const uint64_t high = block + 1 == blocks ? last_high : uint64_t{1} << 63;
        const int out = (hp & high) ? 1 : (hn & high) ? -1 : 0;
        hp <<= 1;
        hn <<= 1;
        if (carry < 0)
          hn |= 1;
        else if (carry > 0)
          hp |= 1;
        vp[block] = hn | ~(xv | hp);
        vn[block] = hp & xv;
        carry = out;
      }
      if (carry > 0)
        ++score;
      else if (carry < 0)
        --score;
      // Each text code point left can lower the last row by one at most: past the limit for good.
      if (--remaining < score && score - remaining > limit) return limit + 1;
    }
    return score;
  }

 private:
  struct Slot {
    char32_t code_point = 0;
    bool used = false;
    std::array<uint64_t, kBlocks> mask{};
  };
  static size_t hash(char32_t c) { return (c * 0x9E3779B1u) >> 23; }  // 0..511
  Slot& slot(char32_t c) {
    for (size_t at = hash(c);; at = (at + 1) & 511) {
      Slot& s = slots_[at];
      if (!s.used) {
        s.used = true;
        s.code_point = c;
        used_.push_back(static_cast<uint16_t>(at));
        return s;
      }
      if (s.code_point == c) return s;
    }
  }
  const Slot* find(char32_t c) const {
    for (size_t at = hash(c);; at = (at + 1) & 511) {
      const Slot& s = slots_[at];
      if (!s.used) return nullptr;
      if (s.code_point == c) return &s;
    }
  }
  std::array<Slot, 512> slots_{};  // at most 256 distinct code points: never full
  std::vector<uint16_t> used_;
};

// Code points counted in 64 buckets. An edit changes at most one count up and one down, so
// the larger of the surplus and the shortage between two histograms bounds the distance
// from below (sharing a bucket only hides differences, never invents them).
struct Histogram {
  std::array<uint32_t, 64> counts{};
  void fill(const std::u32string& text) {
    counts.fill(0);
    for (const char32_t c : text) ++counts[(c * 0x9E3779B1u) >> 26];
  }
  size_t lower_bound(const Histogram& other) const {
    size_t surplus = 0, shortage = 0;
    for (size_t k = 0; k < counts.size(); ++k) {
      if (counts[k] > other.counts[k])
        surplus += counts[k] - other.counts[k];
      else
        shortage += other.counts[k] - counts[k];
    }
    return std::max(surplus, shortage);
  }
};

struct Scored {
  size_t distance;
  size_t length;
  std::string_view name;
  size_t index;
  bool operator<(const Scored& other) const {
    return std::tie(distance, length, name, index) < std::tie(other.distance, other.length, other.name, other.index);
  }
};

// Keeps the `count` best of a stream of candidates.
class TopK {
 public:
  explicit TopK(size_t count) : count_(count) {}
  void offer(const Scored& scored) {
    if (count_ == 0) return;
    if (best_.size() < count_) {
      best_.push_back(scored);
      std::push_heap(best_.begin(), best_.end());
    } else if (scored < best_.front()) {
      std::pop_heap(best_.begin(), best_.end());
      best_.back() = scored;
      std::push_heap(best_.begin(), best_.end());
    }
  }
  // A candidate whose distance is certainly at least `lower_bound` cannot get in.
  bool hopeless(size_t lower_bound) const {
    return count_ == 0 || (best_.size() == count_ && lower_bound > best_.front().distance);
  }
  // Distances above this cannot get in.
  size_t limit() const { return best_.size() == count_ && count_ > 0 ? best_.front().distance : SIZE_MAX - 1; }

  std::vector<Scored> sorted() {
    std::sort(best_.begin(), best_.end());
    return best_;
  }

 private:
  size_t count_;
  std::vector<Scored> best_;  // max-heap: the worst kept candidate on top
};

}  // namespace

size_t edit_distance(std::string_view a, std::string_view b) {
  std::u32string left, right;
  std::vector<size_t> row;
  to_code_points(a, left);
  to_code_points(b, right);
  return edit_distance_u32(left, right, row);
}

std::vector<size_t> closest_strings(const std::vector<std::string>& names, std::string_view wanted, size_t count) {
  std::u32string target, candidate;
  std::vector<size_t> row;
  to_code_points(loose_key(wanted), target);
  TopK top(count);
  for (size_t i = 0; i < names.size(); ++i) {
    to_code_points(loose_key(names[i]), candidate);
    top.offer(Scored{edit_distance_u32(target, candidate, row), candidate.size(), names[i], i});
  }
  std::vector<size_t> result;
  for (const Scored& scored : top.sorted()) result.push_back(scored.index);
  return result;
}

// Names scored in full at most, lowest lower bound first. Below that many candidates (every
// small vault) the answer is exact; in a big vault a long name unlike any other (a typical
// broken link's) stops there with the best of the likeliest names instead of scoring them all.
constexpr size_t kMaxScored = 2048;

class ClosestNamesIndex {
 public:
  std::shared_ptr<const Vault> base;
  // Per file: its loose key's length in code points. The code points themselves are decoded
  // from VaultFile::name_loose for the few names scored: a UTF-32 copy of every name cost
  // more memory than the rest of the index.
  std::vector<uint32_t> lengths;
  std::vector<std::array<uint8_t, 64>> counts;  // per file: Histogram buckets, clipped at 255
  std::vector<uint32_t> totals;                 // per file: the sum of its clipped counts
};

namespace {
std::array<uint8_t, 64> clipped(const Histogram& histogram) {
  std::array<uint8_t, 64> out;
  for (size_t k = 0; k < out.size(); ++k) out[k] = static_cast<uint8_t>(std::min<uint32_t>(histogram.counts[k], 255));
  return out;
}
uint32_t total_of(const std::array<uint8_t, 64>& counts) {
  uint32_t total = 0;
  for (const uint8_t c : counts) total += c;
  return total;
}
// Clipping both sides keeps the bound a lower bound: |min(a,255) - min(b,255)| <= |a - b|.
// max(surplus, shortage) is (sum |a - b| + |total(a) - total(b)|) / 2, since surplus +
// shortage is the first sum and surplus - shortage the difference of the totals; the sum of
// absolute byte differences is four SSE2 instructions (this runs once per file per hover).
size_t clipped_lower_bound(const std::array<uint8_t, 64>& a, uint32_t a_total, const std::array<uint8_t, 64>& b,
                           uint32_t b_total) {
  uint32_t differences = 0;
#if defined(__SSE2__)
  __m128i sum = _mm_setzero_si128();
  for (size_t k = 0; k < a.size(); k += 16) {
    const __m128i left = _mm_loadu_si128(reinterpret_cast<const __m128i*>(a.data() + k));
    const __m128i right = _mm_loadu_si128(reinterpret_cast<const __m128i*>(b.data() + k));
    sum = _mm_add_epi64(sum, _mm_sad_epu8(left, right));
  }
  differences = static_cast<uint32_t>(_mm_cvtsi128_si32(sum) + _mm_extract_epi16(sum, 4));
#else
  for (size_t k = 0; k < a.size(); ++k) differences += a[k] > b[k] ? a[k] - b[k] : b[k] - a[k];
#endif
  const uint32_t total_gap = a_total > b_total ? a_total - b_total : b_total - a_total;
  return (differences + total_gap) / 2;
}
}  // namespace

std::shared_ptr<const ClosestNamesIndex> build_closest_names_index(std::shared_ptr<const Vault> vault) {
  if (!vault) return nullptr;
  auto index = std::make_shared<ClosestNamesIndex>();
  const auto& files = vault->files();
  index->lengths.reserve(files.size());
  index->counts.reserve(files.size());
  index->totals.reserve(files.size());
  std::u32string name;
  Histogram histogram;
  for (const VaultFile& file : files) {
    to_code_points(file.name_loose, name);
    index->lengths.push_back(static_cast<uint32_t>(std::min<size_t>(name.size(), UINT32_MAX)));
    histogram.fill(name);
    index->counts.push_back(clipped(histogram));
    index->totals.push_back(total_of(index->counts.back()));
  }
  index->base = std::move(vault);
  return index;
}

bool closest_names_index_fits(const ClosestNamesIndex& index, const Vault& vault) {
  return index.base && &index.base->files() == &vault.files();
}

std::vector<FileId> closest_files(const Vault& vault, std::string_view wanted, size_t count, bool attachments,
                                  const ClosestNamesIndex* index) {
  if (!index || !closest_names_index_fits(*index, vault)) return closest_files(vault, wanted, count, attachments);
  if (count == 0) return {};
  std::u32string target, candidate;
  std::vector<size_t> row;
  to_code_points(loose_key(wanted), target);
  Histogram target_histogram;
  target_histogram.fill(target);
  const std::array<uint8_t, 64> target_counts = clipped(target_histogram);
  const uint32_t target_total = total_of(target_counts);
  const auto& files = vault.files();
  // Lower bounds for every name from the arrays, then names in order of their bound (a
  // counting sort: bounds are small), stopping once none can get in — as closest_files does.
  std::vector<uint32_t> bound(files.size(), UINT32_MAX);
  uint32_t max_bound = 0;
  for (size_t i = 0; i < files.size(); ++i) {
    if (files[i].is_note == attachments) continue;
    const size_t length = index->lengths[i];
    const size_t gap = length > target.size() ? length - target.size() : target.size() - length;
    const size_t lower = std::min<size_t>(
        std::max(gap, clipped_lower_bound(target_counts, target_total, index->counts[i], index->totals[i])),
        UINT32_MAX - 1);
    bound[i] = static_cast<uint32_t>(lower);
    max_bound = std::max(max_bound, bound[i]);
  }
  std::vector<uint32_t> first(static_cast<size_t>(max_bound) + 2, 0);
  for (const uint32_t b : bound)
    if (b != UINT32_MAX) ++first[b + 1];
  for (size_t b = 1; b < first.size(); ++b) first[b] += first[b - 1];
  std::vector<uint32_t> order(first.back());
  {
    std::vector<uint32_t> next(first.begin(), first.end() - 1);
    for (size_t i = 0; i < files.size(); ++i)
      if (bound[i] != UINT32_MAX) order[next[bound[i]]++] = static_cast<uint32_t>(i);
  }
  TopK top(count);
  BitParallel bit_parallel;
  size_t scored = 0;
  for (const uint32_t i : order) {
    if (top.hopeless(bound[i]) || ++scored > kMaxScored) break;  // ascending bounds: none later can get in
    to_code_points(files[i].name_loose, candidate);
    top.offer(Scored{bit_parallel.distance(target, candidate, top.limit(), row), candidate.size(), files[i].name, i});
  }
  std::vector<FileId> result;
  for (const Scored& kept : top.sorted()) result.push_back(static_cast<FileId>(kept.index));
  return result;
}

std::vector<FileId> closest_files(const Vault& vault, std::string_view wanted, size_t count, bool attachments) {
  std::u32string target, candidate;
  std::vector<size_t> row;
  to_code_points(loose_key(wanted), target);
  Histogram target_counts, candidate_counts;
  target_counts.fill(target);
  TopK top(count);
  if (count == 0) return {};
  const auto& files = vault.files();
  // Cheap lower bounds first (length, code point counts) for every name; then the full table
  // in order of the bound, so the worst kept distance drops fast and the rest is cut off.
  // The top-k is a total order, so the visiting order does not change the answer.
  std::vector<std::pair<uint32_t, uint32_t>> bounds;  // (lower bound, file index)
  BitParallel bit_parallel;
  for (size_t i = 0; i < files.size(); ++i) {
    if (files[i].is_note == attachments) continue;
    to_code_points(files[i].name_loose, candidate);
    const size_t gap =
        candidate.size() > target.size() ? candidate.size() - target.size() : target.size() - candidate.size();
    candidate_counts.fill(candidate);
    const size_t lower = std::max(gap, target_counts.lower_bound(candidate_counts));
    bounds.emplace_back(static_cast<uint32_t>(std::min<size_t>(lower, UINT32_MAX)), static_cast<uint32_t>(i));
  }
  std::sort(bounds.begin(), bounds.end());
  size_t scored = 0;
  for (const auto& [lower, i] : bounds) {
    if (top.hopeless(lower) || ++scored > kMaxScored) break;  // sorted: no later name can get in either
    to_code_points(files[i].name_loose, candidate);
    // Bit-parallel up to 256 code points; the plain table beyond stops once past the worst kept.
    top.offer(Scored{bit_parallel.distance(target, candidate, top.limit(), row), candidate.size(), files[i].name, i});
  }
  std::vector<FileId> result;
  for (const Scored& kept : top.sorted()) result.push_back(static_cast<FileId>(kept.index));
  return result;
}

}  // namespace slipbox
