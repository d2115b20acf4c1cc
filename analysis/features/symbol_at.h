#pragma once
#include <optional>
#include <string>

#include "analysis/features/note_context.h"

namespace slipbox {

// What the cursor is on, for references and rename: a note, one of its headings or
// blocks, a tag, or a link to a note that does not exist.
enum class SymbolKind { None, Note, Heading, Block, Tag, MissingNote };

struct SymbolAt {
  SymbolKind kind = SymbolKind::None;
  // Note/Heading/Block: the note. nullopt with `is_current` for a note outside the vault.
  std::optional<FileId> file;
  bool is_current = false;             // the symbol lives in the note under the cursor
  const ParsedNote* parsed = nullptr;  // the note's parse: `heading` and `block` point into it
  const Heading* heading = nullptr;
  const BlockAnchor* block = nullptr;
  std::string tag;       // Tag: the name as written, without '#'
  std::string linkpath;  // MissingNote: the linkpath as written
  // What the cursor touches in the current note: the link, the part of the link's
  // target that names the symbol, the heading text, the block id (`^` excluded), the tag
  // (`#` excluded).
  ByteRange range;
  const Link* link = nullptr;  // the link under the cursor, if any
};

// `subpath_counts`: a cursor in a link's `#Heading`/`#^block` part means that heading or
// block (rename); otherwise any link means its note (references, as users expect).
SymbolAt symbol_at(const NoteContext& note, uint32_t cursor, bool subpath_counts);

// Tags compare ignoring case; `#a` covers `#a/b` (Obsidian's nested tags).
bool tag_covers(std::string_view wanted_folded, std::string_view tag_name);

}  // namespace slipbox
