#pragma once
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "analysis/markdown/parsed_note.h"

namespace slipbox {

using FileId = uint32_t;

// One file of the vault. Every file is a possible link target; `.md` files are notes.
struct VaultFile {
  std::string path;       // vault-relative, '/'-separated, NFC: "🛠 Ressurser/Slipbox/Agile Metoder.md"
  bool is_note = false;   // extension `.md`, any case
  std::string name;       // notes: basename without `.md`; attachments: basename with extension
  std::string folder;     // "" at the vault root, else "a/b" (no trailing '/')
  std::string name_loose; // loose_key(name), precomputed for fuzzy filtering
};

struct ScanOptions {
  size_t max_files = 500'000;              // stop listing beyond this many files
  uint64_t max_note_bytes = 10ull << 20;   // bigger notes are indexed by name only
  unsigned threads = 0;                    // 0: one per core
  std::function<void(const std::string&)> log;  // skipped files, unreadable folders, …
};

// An immutable picture of one vault: its files, name lookups and every note's parse.
// Shared between threads through shared_ptr<const Vault>; never changed after build.
class Vault {
 public:
  const std::filesystem::path& root() const { return root_; }
  size_t file_count() const { return files_.size(); }
  const VaultFile& file(FileId id) const { return files_[id]; }
  const std::vector<VaultFile>& files() const { return files_; }

  // The note's parse; null for attachments and notes that could not be read.
  const ParsedNote* note(FileId id) const { return notes_[id].get(); }
  std::shared_ptr<const ParsedNote> shared_note(FileId id) const { return notes_[id]; }

  // Exact vault path (compared by fold_key), with extension: "a/b/Note.md".
  std::optional<FileId> find_path(std::string_view vault_path) const;
  // Every file whose basename (with extension) has this fold_key, e.g. fold_key("note.md").
  std::span<const FileId> files_with_basename(std::string_view folded_basename) const;
  // How many notes share this note's name (ignoring case): > 1 means the name is ambiguous.
  size_t notes_sharing_name(FileId id) const;

  std::filesystem::path absolute_path(FileId id) const;
  // The vault path of an absolute path inside the vault, or nullopt when outside it.
  std::optional<std::string> vault_path_of(const std::filesystem::path& absolute) const;

  // A copy with one note's parse replaced (an edited open buffer). Shares everything else.
  std::shared_ptr<const Vault> with_note(FileId id, std::shared_ptr<const ParsedNote> note) const;

  // Builders: scan a folder from disk, or make a vault from in-memory notes (tests, fixtures).
  static std::shared_ptr<const Vault> scan(const std::filesystem::path& root, const ScanOptions& options);
  struct InMemoryFile {
    std::string path;  // vault-relative
    std::string text;  // parsed when the path is a note
  };
  static std::shared_ptr<const Vault> from_memory(std::filesystem::path root, std::vector<InMemoryFile> files);

 private:
  void build_lookups();

  std::filesystem::path root_;
  std::vector<VaultFile> files_;
  std::vector<std::shared_ptr<const ParsedNote>> notes_;
  std::unordered_map<std::string, FileId> by_folded_path_;
  std::unordered_map<std::string, std::vector<FileId>> by_folded_basename_;
};

// Reads a vault file's current text (the open buffer when there is one, else the disk).
using ReadText = std::function<std::optional<std::string>(FileId)>;
// Reads from disk; nullopt when the file cannot be read.
std::optional<std::string> read_file_text(const std::filesystem::path& path);

}  // namespace slipbox
