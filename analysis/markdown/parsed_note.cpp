#include "analysis/markdown/parsed_note.h"

#include <algorithm>
#include <cstring>
#include <functional>
#include <new>

namespace slipbox {
namespace {

// Calls fn(view) for every string_view the note holds outside its links.
template <typename Fn>
void for_each_view(ParsedNote& note, Fn&& fn) {
  for (Heading& heading : note.headings) fn(heading.text);
  for (BlockAnchor& block : note.blocks) fn(block.id);
  for (Tag& tag : note.tags) fn(tag.name);
  for (std::string_view& alias : note.aliases) fn(alias);
}

bool lies_in(std::string_view view, std::string_view area) {
  const auto begin = reinterpret_cast<uintptr_t>(area.data());
  const auto at = reinterpret_cast<uintptr_t>(view.data());
  return !area.empty() && at >= begin && at + view.size() <= begin + area.size();
}

// A link's strings, wherever they are.
struct LinkStrings {
  std::string_view path;
  std::string_view subpath;
  std::string_view block_id;
  std::optional<std::string_view> display;
  std::span<const std::string_view> headings;
};

LinkStrings strings_of(const LinkParts& parts) {
  return {parts.path, parts.subpath, parts.block_id, parts.display, parts.headings};
}
LinkStrings strings_of(const Link& link) {
  return {link.path(), link.subpath(), link.block_id(), link.display(), link.headings()};
}

size_t chain_length(const LinkStrings& strings) { return std::min<size_t>(strings.headings.size(), UINT16_MAX); }

}  // namespace

// Lays the strings out in a buffer. Run once without a buffer to measure, then with it: both
// runs place the same bytes at the same offsets.
class StringLayout {
 public:
  StringLayout(char* buffer, size_t chain_views, std::string_view contiguous, const LinkpathPool* pool)
      : buffer_(buffer), at_(Link::kHeaderBytes + chain_views * sizeof(std::string_view)), contiguous_(contiguous) {
    // NOLINTNEXTLINE(bugprone-sizeof-expression): the pointer is the payload
    if (buffer_) std::memcpy(buffer_, &pool, sizeof pool);
  }

  // Where an existing link's path is in the pool, if it is there.
  static std::optional<uint32_t> pooled_path_of(const Link& link) {
    if (!link.path_pooled_) return std::nullopt;
    return link.path_.at;
  }

  size_t bytes() const { return at_; }

  // Copies `view` and returns where it now is (empty views become null views).
  std::string_view place(std::string_view view) {
    if (view.empty()) return {};
    const uint32_t at = copy(view);
    return buffer_ ? std::string_view(buffer_ + at, view.size()) : std::string_view();
  }

  // Copies a link's strings and fills the link's offsets. The pieces of one link usually
  // lie next to each other in the text (`Note#Heading|shown`), and the chain and block id
  // inside the subpath: those bytes are copied once. A path at `pooled_path` in the pool is
  // not copied.
  void place_link(const LinkStrings& strings, std::optional<uint32_t> pooled_path, Link& link) {
    regions_count_ = 0;
    const std::string_view display = strings.display.value_or(std::string_view());
    const std::string_view pieces[] = {pooled_path ? std::string_view() : strings.path, strings.subpath, display};
    uintptr_t low = UINTPTR_MAX, high = 0;
    size_t sum = 0;
    for (std::string_view piece : pieces) {
      if (piece.empty()) continue;
      if (!lies_in(piece, contiguous_)) continue;
      low = std::min(low, reinterpret_cast<uintptr_t>(piece.data()));
      high = std::max(high, reinterpret_cast<uintptr_t>(piece.data()) + piece.size());
      sum += piece.size();
    }
    if (sum > 0 && high - low <= sum + 8)
      // NOLINTNEXTLINE(performance-no-int-to-ptr): back from the address range measured above
      region(std::string_view(reinterpret_cast<const char*>(low), high - low));
    link.path_pooled_ = pooled_path.has_value();
    link.path_ =
        pooled_path ? Link::Piece{*pooled_path, static_cast<uint32_t>(strings.path.size())} : piece(strings.path);
    link.subpath_ = piece(strings.subpath);
    link.display_ = piece(display);
    link.has_display_ = strings.display.has_value();
    link.block_id_ = piece(strings.block_id);
    const size_t chain = chain_length(strings);
    link.headings_at_ = static_cast<uint32_t>(chain_views_used_);
    link.headings_count_ = static_cast<uint16_t>(chain);
    for (size_t i = 0; i < chain; ++i) {
      const Link::Piece where = piece(strings.headings[i]);
      if (buffer_) {
        new (buffer_ + Link::kHeaderBytes + (chain_views_used_ + i) * sizeof(std::string_view))
            std::string_view(where.bytes == 0 ? std::string_view() : std::string_view(buffer_ + where.at, where.bytes));
      }
    }
    chain_views_used_ += chain;
    if (chain == 0) link.headings_at_ = 0;
    link.strings_ = buffer_;
  }

 private:
  uint32_t copy(std::string_view view) {
    const auto at = static_cast<uint32_t>(at_);
    if (buffer_) std::memcpy(buffer_ + at_, view.data(), view.size());
    at_ += view.size();
    return at;
  }

  // Copies a run of source bytes that later pieces of the same link may point into.
  Link::Piece region(std::string_view source) {
    const uint32_t at = copy(source);
    if (regions_count_ < kMaxRegions) regions_[regions_count_++] = {source, at};
    return {at, static_cast<uint32_t>(source.size())};
  }

  Link::Piece piece(std::string_view view) {
    if (view.empty()) return {};
    for (size_t i = 0; i < regions_count_; ++i) {
      if (lies_in(view, regions_[i].source)) {
        const auto offset = static_cast<uint32_t>(view.data() - regions_[i].source.data());
        return {regions_[i].at + offset, static_cast<uint32_t>(view.size())};
      }
    }
    return region(view);
  }

  struct Region {
    std::string_view source;
    uint32_t at = 0;
  };
  static constexpr size_t kMaxRegions = 4;

  char* buffer_;
  size_t at_;
  std::string_view contiguous_;
  size_t chain_views_used_ = 0;
  Region regions_[kMaxRegions];
  size_t regions_count_ = 0;
};

static_assert(sizeof(Link) == 64, "a vault holds millions of links: keep Link at 64 bytes");

uint64_t hash_text(std::string_view text) { return std::hash<std::string_view>{}(text); }

bool ParsedNote::parsed_from(std::string_view text) const {
  return text.size() == text_bytes && hash_text(text) == text_hash;
}

void ParsedNote::own_strings(std::span<const LinkParts> new_links, std::string_view source_text,
                             std::shared_ptr<LinkpathPool> pool) {
  // Pooled paths of existing links are in pool_ (one pool per note: the header names one).
  if (!pool_) pool_ = std::move(pool);
  // Views already in this note's buffer may share bytes like those in the parsed text.
  const std::string_view contiguous =
      !source_text.empty() ? source_text : std::string_view(strings_.get(), strings_ ? strings_bytes_ : 0);
  size_t chain_views = 0;
  for (const Link& link : links) chain_views += chain_length(strings_of(link));
  for (const LinkParts& parts : new_links) chain_views += chain_length(strings_of(parts));
  std::vector<std::optional<uint32_t>> pooled_paths(pool_ ? new_links.size() : 0);
  for (size_t i = 0; i < pooled_paths.size(); ++i) pooled_paths[i] = pool_->intern(new_links[i].path);
  const auto pooled_path = [&](size_t new_link) {
    return new_link < pooled_paths.size() ? pooled_paths[new_link] : std::nullopt;
  };

  // Measure: the links first (their offsets only land in copies), then the other views.
  StringLayout measure(nullptr, chain_views, contiguous, nullptr);
  for (const Link& link : links) {
    Link scratch = link;
    measure.place_link(strings_of(link), StringLayout::pooled_path_of(link), scratch);
  }
  for (size_t i = 0; i < new_links.size(); ++i) {
    Link scratch;
    measure.place_link(strings_of(new_links[i]), pooled_path(i), scratch);
  }
  for_each_view(*this, [&](std::string_view& view) { measure.place(view); });

  const size_t total = measure.bytes();
  auto buffer = std::make_unique<char[]>(total);
  StringLayout write(buffer.get(), chain_views, contiguous, pool_.get());
  // Existing links are rewritten in place: each reads its strings (old buffer, still alive)
  // before its offsets change.
  for (Link& link : links) {
    const LinkStrings strings = strings_of(link);
    write.place_link(strings, StringLayout::pooled_path_of(link), link);
  }
  links.reserve(links.size() + new_links.size());
  for (size_t i = 0; i < new_links.size(); ++i) {
    const LinkParts& parts = new_links[i];
    Link link;
    link.syntax = parts.syntax;
    link.embed = parts.embed;
    link.in_front_matter = parts.in_front_matter;
    link.in_comment = parts.in_comment;
    link.external = parts.external;
    link.has_subpath = parts.has_subpath;
    link.range = parts.range;
    link.target_range = parts.target_range;
    write.place_link(strings_of(parts), pooled_path(i), link);
    links.push_back(link);
  }
  for_each_view(*this, [&](std::string_view& view) { view = write.place(view); });
  strings_ = std::move(buffer);
  strings_bytes_ = total;
}

ParsedNote::ParsedNote(const ParsedNote& other)
    : front_matter(other.front_matter),
      aliases(other.aliases),
      headings(other.headings),
      links(other.links),
      blocks(other.blocks),
      tags(other.tags),
      body_begin(other.body_begin),
      text_bytes(other.text_bytes),
      text_hash(other.text_hash),
      pool_(other.pool_) {
  // The copied views still point into `other`, which is alive here.
  own_strings({}, std::string_view(other.strings_.get(), other.strings_ ? other.strings_bytes_ : 0));
}

ParsedNote& ParsedNote::operator=(const ParsedNote& other) {
  if (this != &other) *this = ParsedNote(other);
  return *this;
}

}  // namespace slipbox
