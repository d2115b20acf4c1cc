#include "analysis/markdown/parsed_note.h"

#include <cstring>
#include <functional>

namespace slipbox {
namespace {

// Calls fn(view) for every string_view the note holds.
template <typename Fn>
void for_each_view(ParsedNote& note, Fn&& fn) {
  for (Link& link : note.links) {
    fn(link.path);
    for (std::string_view& heading : link.headings) fn(heading);
    fn(link.block_id);
    fn(link.subpath);
    if (link.display) fn(*link.display);
  }
  for (Heading& heading : note.headings) fn(heading.text);
  for (BlockAnchor& block : note.blocks) fn(block.id);
  for (Tag& tag : note.tags) fn(tag.name);
  for (std::string_view& alias : note.aliases) fn(alias);
}

}  // namespace

uint64_t hash_text(std::string_view text) { return std::hash<std::string_view>{}(text); }

bool ParsedNote::parsed_from(std::string_view text) const {
  return text.size() == text_bytes && hash_text(text) == text_hash;
}

void ParsedNote::own_strings() {
  size_t total = 0;
  for_each_view(*this, [&](std::string_view& view) { total += view.size(); });
  auto buffer = std::make_unique<char[]>(total == 0 ? 1 : total);
  size_t at = 0;
  for_each_view(*this, [&](std::string_view& view) {
    if (view.empty()) {
      view = {};
      return;
    }
    std::memcpy(buffer.get() + at, view.data(), view.size());
    view = std::string_view(buffer.get() + at, view.size());
    at += view.size();
  });
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
      text_hash(other.text_hash) {
  own_strings();  // the copied views still point into `other`, which is alive here
}

ParsedNote& ParsedNote::operator=(const ParsedNote& other) {
  if (this != &other) *this = ParsedNote(other);
  return *this;
}

}  // namespace slipbox
