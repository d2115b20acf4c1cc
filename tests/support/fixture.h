#pragma once
// Data-driven test fixtures: a whole vault written as one annotated string.
//
//   //- /Projects/Plan.md
//   # Plan
//   See [[Mål$0]] and ⟦[[Agile]]⟧
//   //- /🛠 Ressurser/Slipbox/Agile Metoder.md
//   ---
//   aliases: [Agile]
//   ---
//   # Agile Metoder
//
// Syntax
//   `//- /path`   starts a file; the path is vault-relative (the leading '/' is dropped).
//                 Text before the first header, or a fixture without any header, is the
//                 file `/Note.md`.
//   `$0`          the cursor (at most one in the whole fixture).
//   `⟦` … `⟧`     an expected range (U+27E6 / U+27E7). Ranges may nest; they are numbered
//                 in the order of their opening marker, per file. These brackets cannot be
//                 confused with wiki link (`[[`, `]]`), Markdown or YAML syntax.
// Markers are removed before the vault is built: every offset refers to the clean text.
//
// The common indentation of the non-blank lines is removed and one leading newline is
// dropped, so fixtures can be indented raw string literals.

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/features/note_context.h"
#include "analysis/text/byte_range.h"
#include "analysis/vault/vault.h"

namespace slipbox::testing {

// One text with its markers taken out.
struct AnnotatedText {
  std::string text;                // without markers
  std::optional<uint32_t> cursor;  // byte offset of `$0`
  std::vector<ByteRange> ranges;   // `⟦…⟧`, in order of their opening marker
};

// Strips `$0` and `⟦ ⟧` from one text (no `//-` headers, no dedent).
AnnotatedText parse_annotated(std::string_view annotated);

struct FixtureFile {
  std::string path;  // vault-relative, no leading '/'
  AnnotatedText annotated;
  const std::string& text() const { return annotated.text; }
};

class Fixture {
 public:
  // Parses the annotated vault and builds it with Vault::from_memory at root "/vault".
  explicit Fixture(std::string_view annotated_vault);

  const Vault& vault() const { return *vault_; }
  std::shared_ptr<const Vault> shared_vault() const { return vault_; }
  const std::vector<FixtureFile>& files() const { return files_; }

  // The file with the cursor (fails the test and returns the first file when there is none).
  const FixtureFile& cursor_file() const;
  uint32_t cursor() const;
  const FixtureFile& file(std::string_view path) const;
  FileId id(std::string_view path) const;
  // The single expected range of the cursor file (or of `path`), `index`-th when several.
  ByteRange range(size_t index = 0) const;
  ByteRange range_in(std::string_view path, size_t index = 0) const;

  // The cursor file as the features see it (text and the vault's parse of it).
  NoteContext context() const;
  // The fixture's texts (what an editor or the disk would return); nullopt for unknown ids.
  ReadText read_text() const;

  // `line:col-line:col` (zero-based lines, UTF-16 columns, as LSP counts) in the given file.
  std::string render(std::string_view path, ByteRange range) const;
  // The same, in the cursor file.
  std::string render(ByteRange range) const;

 private:
  std::vector<FixtureFile> files_;
  std::shared_ptr<const Vault> vault_;
};

// Removes the common indentation and one leading newline (see the header comment).
std::string dedent(std::string_view text);

// `line:col-line:col` of a byte range in `text` (zero-based lines, UTF-16 columns).
std::string render_range(std::string_view text, ByteRange range);
// `line:col` of a byte offset.
std::string render_position(std::string_view text, uint32_t offset);

}  // namespace slipbox::testing
