#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

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

struct Link {
  LinkSyntax syntax = LinkSyntax::Wiki;
  bool embed = false;            // `![[…]]` or `![…](…)`
  bool in_front_matter = false;  // a property value such as `related: "[[Note]]"`
  bool in_comment = false;       // inside Obsidian `%% … %%`: indexed, never reported broken
  bool external = false;         // has a URI scheme (`https:`, `mailto:`, …): not a vault link

  // The linkpath: wiki links as written (trimmed, `\|` unescaped); Markdown links
  // percent-decoded. Empty for a link to the same note (`[[#Heading]]`).
  std::string_view path;
  // Heading chain after the first '#' (`[[N#A#B]]` → {"A","B"}); empty when none or a block.
  std::vector<std::string_view> headings;
  // Block id after `#^` (without the caret); empty when none.
  std::string_view block_id;
  // Raw subpath text after the first '#' (without it), as written; empty when none.
  std::string_view subpath;
  bool has_subpath = false;
  // Text after the first '|' (wiki) or between the brackets (Markdown), raw and untrimmed.
  std::optional<std::string_view> display;

  ByteRange range;         // the whole link, `!` and brackets included
  // `path#subpath` as written, inside the brackets/parentheses: wiki targets trimmed of
  // blanks and without `\|`; Markdown destinations without `<>` and without the title.
  ByteRange target_range;
};

struct Heading {
  uint8_t level = 1;    // 1–6
  std::string_view text;  // raw text after the #'s, trailing #'s and spaces removed
                        // (Setext: the raw paragraph, line breaks included)
  ByteRange range;      // from the first '#' (ATX) or the text (Setext) to the end of the
                        // heading line (Setext: of the underline), without the line break
  ByteRange text_range; // where `text` sits in the note
  uint32_t line = 0;    // zero-based line of the heading (first line for Setext)
};

struct BlockAnchor {
  std::string_view id;   // without the caret
  ByteRange id_range;    // `^id`
  ByteRange block_range; // the paragraph, list item or block the id labels
  uint32_t line = 0;     // zero-based line where the labelled block starts
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
  std::vector<Heading> headings;     // document order
  std::vector<Link> links;           // document order (front matter first)
  std::vector<BlockAnchor> blocks;   // document order
  std::vector<Tag> tags;             // front matter `tags:` and inline #tags
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

  // Copies every view that does not point into this note's buffer yet into one new buffer
  // owned by the note (parse_note calls it; tests that build a note by hand may too).
  void own_strings();

 private:
  std::unique_ptr<char[]> strings_;
  size_t strings_bytes_ = 0;
};

ParsedNote parse_note(std::string_view text);
// The hash ParsedNote::text_hash holds.
uint64_t hash_text(std::string_view text);

}  // namespace slipbox
