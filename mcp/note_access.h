#pragma once
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "analysis/markdown/parsed_note.h"
#include "analysis/text/line_index.h"
#include "mcp/vault_host.h"

namespace slipbox::mcp {

// How the tools name and read the files of the served vaults. One vault: paths are
// vault-relative ("Projects/Plan.md"); several: prefixed with the vault folder's name
// ("work/Projects/Plan.md"). A file may also be given as an absolute path or a file:// URI.
class Notes {
 public:
  explicit Notes(std::vector<VaultView> views) : views_(std::move(views)) {}
  const std::vector<VaultView>& views() const { return views_; }

  struct At {
    const VaultView* view = nullptr;
    FileId id = 0;
    const Vault& vault() const { return *view->vault; }
  };
  // The file `spec` names (see find_file_argument for the spellings accepted within a vault).
  // Throws ToolError with the closest names when there is none.
  At locate(std::string_view spec, bool notes_only = true) const;
  // The vault a path (or "") for a new file belongs to, and the path within it.
  std::pair<const VaultView*, std::string> vault_for_new(std::string_view spec) const;
  std::string shown(const VaultView& view, std::string_view vault_path) const;
  std::string shown(const At& at) const { return shown(*at.view, at.vault().file(at.id).path); }

  // The file's current text on disk; throws ToolError when it cannot be read or lies outside
  // the vault on disk.
  static std::string read(const At& at);
  // The parse of `text`: the index's when it was made from this very text, else a new one.
  static std::shared_ptr<const ParsedNote> parse(const At& at, std::string_view text);

 private:
  const VaultView* view_named(std::string_view first_segment) const;
  std::vector<VaultView> views_;
};

// The `---` front matter of a note as JSON (mappings, lists, strings, numbers, booleans,
// null); an empty object when there is none, {"_error": …} when the YAML is broken.
nlohmann::json front_matter_json(std::string_view text);

// The part of a note a section names: "Heading", "Parent#Child" (a heading chain, a leading
// '#' allowed) or "^block-id". nullopt for the whole note.
struct Section {
  ByteRange range;
  const Heading* heading = nullptr;
  const BlockAnchor* block = nullptr;
};
// Throws ToolError (with the existing headings or block ids) when it is not in the note.
Section find_section(const ParsedNote& parsed, std::string_view text, std::string_view section);

}  // namespace slipbox::mcp
