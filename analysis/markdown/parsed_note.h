#pragma once
#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/markdown/linkpath_pool.h"
#include "analysis/text/byte_range.h"

namespace slipbox {

// What one note says, in byte offsets into its text. Parsing never fails: any input
// (binary, invalid UTF-8, unbalanced syntax) gives a ParsedNote, possibly empty.
//
// Every piece of text (link paths, heading texts, tag names, …) is a string_view into one
// buffer owned by the ParsedNote: a vault keeps 100,000 parses, and one std::string per
// field cost more than the notes' text. So a view is valid as long as its ParsedNote; copy
// it into a std::string to keep it longer.

enum class LinkSyntax : uint8_t {
  Wiki,      // [[target#sub|display]] or ![[...]]
  Markdown,  // [display](target#fragment) or ![alt](...)
};

// A link as the parser finds it: views into the text being parsed (or the parse's
// scratch strings). ParsedNote::own_strings turns these into compact Links.
struct LinkParts {
  LinkSyntax syntax = LinkSyntax::Wiki;
  bool embed = false;
  bool in_front_matter = false;
  bool in_comment = false;
  bool external = false;
  bool has_subpath = false;
  std::string_view path;
  std::vector<std::string_view> headings;
  std::string_view block_id;
  std::string_view subpath;
  std::optional<std::string_view> display;
  ByteRange range;
  ByteRange target_range;
};

// One link of a note. 64 bytes: a 100,000-note vault holds over a million links, and the
// 16-byte string_views, vector and optional this once held made it 128. The strings are
// 32-bit offsets into the owning ParsedNote's buffer, read through the accessors; the path
// may instead be in the LinkpathPool the buffer's header names (notes of a scan).
struct Link {
  ByteRange range;  // the whole link, `!` and brackets included
  // `path#subpath` as written, inside the brackets/parentheses: wiki targets trimmed of
  // blanks and without `\|`; Markdown destinations without `<>` and without the title.
  ByteRange target_range;
  // The linkpath: wiki links as written (trimmed, `\|` unescaped); Markdown links
  // percent-decoded. Empty for a link to the same note (`[[#Heading]]`).
  std::string_view path() const {
    if (path_pooled_) {
      const LinkpathPool* pool;
      // NOLINTNEXTLINE(bugprone-sizeof-expression): the pointer is the payload
      std::memcpy(&pool, strings_, sizeof pool);
      return pool->view(path_.at, path_.bytes);
    }
    return view(path_);
  }
  // True when path() lies in a LinkpathPool: every note of that pool has this text at this
  // very address, so within a pass the address names the text (LinkpathCache uses it).
  bool path_is_shared() const { return path_pooled_; }
  // Heading chain after the first '#' (`[[N#A#B]]` → {"A","B"}); empty when none or a block.
  std::span<const std::string_view> headings() const {
    if (headings_count_ == 0) return {};
    return {reinterpret_cast<const std::string_view*>(strings_ + kHeaderBytes) + headings_at_, headings_count_};
  }
  // Block id after `#^` (without the caret); empty when none.
  std::string_view block_id() const { return view(block_id_); }
  // Raw subpath text after the first '#' (without it), as written; empty when none.
  std::string_view subpath() const { return view(subpath_); }
  // Text after the first '|' (wiki) or between the brackets (Markdown), raw and untrimmed.
  std::optional<std::string_view> display() const {
    if (!has_display_) return std::nullopt;
    return view(display_);
  }

 private:
  friend class StringLayout;  // parsed_note.cpp: lays a note's strings out
  struct Piece {
    uint32_t at = 0;  // bytes from strings_
    uint32_t bytes = 0;
  };
  std::string_view view(Piece piece) const {
    return piece.bytes == 0 ? std::string_view() : std::string_view(strings_ + piece.at, piece.bytes);
  }

  // The owning note's buffer: a header (the LinkpathPool, or null), heading-chain views
  // (aligned), then the bytes.
  // NOLINTNEXTLINE(bugprone-sizeof-expression): a pointer is stored
  static constexpr size_t kHeaderBytes = sizeof(const LinkpathPool*);
  const char* strings_ = nullptr;
  Piece path_;
  Piece subpath_;
  Piece block_id_;
  Piece display_;
  uint32_t headings_at_ = 0;     // index of the first chain element in the buffer's views
  uint16_t headings_count_ = 0;  // chains longer than 65,535 headings are cut there

 public:
  // Last, so that they fill the final two bytes.
  LinkSyntax syntax = LinkSyntax::Wiki;
  bool embed : 1 = false;            // `![[…]]` or `![…](…)`
  bool in_front_matter : 1 = false;  // a property value such as `related: "[[Note]]"`
  bool in_comment : 1 = false;       // inside Obsidian `%% … %%`: indexed, never reported broken
  bool external : 1 = false;         // has a URI scheme (`https:`, `mailto:`, …): not a vault link
  bool has_subpath : 1 = false;      // a '#' follows the path

 private:
  bool has_display_ : 1 = false;
  bool path_pooled_ : 1 = false;  // path_ is an offset into the pool, not into strings_
};

struct Heading {
  uint8_t level = 1;      // 1–6
  std::string_view text;  // raw text after the #'s, trailing #'s and spaces removed
                          // (Setext: the raw paragraph, line breaks included)
  ByteRange range;        // from the first '#' (ATX) or the text (Setext) to the end of the
                          // heading line (Setext: of the underline), without the line break
  ByteRange text_range;   // where `text` sits in the note
  uint32_t line = 0;      // zero-based line of the heading (first line for Setext)
};

struct BlockAnchor {
  std::string_view id;    // without the caret
  ByteRange id_range;     // `^id`
  ByteRange block_range;  // the paragraph, list item or block the id labels
  uint32_t line = 0;      // zero-based line where the labelled block starts
};

struct Tag {
  std::string_view name;  // without '#', as written (`project/alpha`)
  // `#project/alpha` in text; in front matter the name as written in the YAML (without
  // '#' or quotes), or an empty range after `tags:` when it cannot be found.
  ByteRange range;
  bool in_front_matter = false;
};

struct ParsedNote {
  // The `---` … `---` block at the very start, delimiters included; empty when none.
  ByteRange front_matter;
  std::vector<std::string_view> aliases;  // front matter `aliases:` (list or scalar)
  std::vector<Heading> headings;          // document order
  std::vector<Link> links;                // document order (front matter first)
  std::vector<BlockAnchor> blocks;        // document order
  std::vector<Tag> tags;                  // front matter `tags:` and inline #tags
  // Where the body starts (after front matter); hover previews begin here.
  uint32_t body_begin = 0;
  // The parsed text's size and hash: tells whether a text read later is the same one, so
  // its parse (and the byte offsets above) can be reused instead of parsing again.
  uint32_t text_bytes = 0;
  uint64_t text_hash = 0;
  bool parsed_from(std::string_view text) const;

  ParsedNote() = default;
  ParsedNote(ParsedNote&&) noexcept = default;  // the buffer moves with its views
  ParsedNote& operator=(ParsedNote&&) noexcept = default;
  ParsedNote(const ParsedNote& other);  // copies the buffer and points the views into the copy
  ParsedNote& operator=(const ParsedNote& other);

  // Copies every string the note views (its links' too) into one new buffer owned by the
  // note, and appends `new_links` as compact Links (parse_note calls it; tests that build a
  // note by hand may too). Views that lie in `source_text`, the text parsed, may share bytes.
  // With a pool, new links' paths go into the pool when it takes them.
  void own_strings(std::span<const LinkParts> new_links = {}, std::string_view source_text = {},
                   std::shared_ptr<LinkpathPool> pool = nullptr);

 private:
  std::unique_ptr<char[]> strings_;
  size_t strings_bytes_ = 0;
  std::shared_ptr<LinkpathPool> pool_;  // the pool the links' pooled paths are in
};

// With a pool (a scan's), the links' paths are interned there instead of copied.
ParsedNote parse_note(std::string_view text, const std::shared_ptr<LinkpathPool>& pool = nullptr);
// The Obsidian `%% … %%` comments of `text` read as a note body (no front matter), in order,
// delimiters included; an unclosed one runs to the end. `%%` in code, math or HTML opens
// none. Hover previews leave them out.
std::vector<ByteRange> find_comments(std::string_view text);
// The hash ParsedNote::text_hash holds.
uint64_t hash_text(std::string_view text);

}  // namespace slipbox
