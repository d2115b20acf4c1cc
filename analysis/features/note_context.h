#pragma once
#include <string_view>

#include "analysis/markdown/parsed_note.h"
#include "analysis/vault/resolve.h"
#include "analysis/vault/vault.h"

namespace slipbox {

// Everything a feature needs to answer a question about one note: the vault it belongs
// to, and the note's current text and parse (an unsaved buffer wins over the disk).
struct NoteContext {
  const Vault& vault;
  std::string_view vault_path;  // "" when the note is outside the vault
  std::string_view text;
  const ParsedNote& parsed;
  // `links.resolveAliases`: the vault's alias index, else null (aliases resolve nothing).
  const AliasIndex* aliases = nullptr;
  // A whole-vault pass (check) shares linkpath answers across notes; else null.
  LinkpathCache* linkpaths = nullptr;

  SourceNote source() const { return SourceNote{std::string(vault_path), &parsed, aliases, linkpaths}; }
};

// The link whose range touches the byte offset, or null.
const Link* link_at(const ParsedNote& note, uint32_t offset);

}  // namespace slipbox
