#pragma once
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "analysis/markdown/parsed_note.h"

namespace slipbox {

class Vault;

// The persistent index: every note's parse saved per vault in one file outside the vault
// ($XDG_CACHE_HOME/slipbox/, else ~/.cache/slipbox/), so that a restart reads and parses
// only the notes that changed since.
//
// A parse is reused only when the file looks exactly as it did when it was read (size,
// mtime, ctime and inode all equal) and it had not been modified for a while before that
// moment: a file written in the same timestamp tick as it was read can change again without
// its stamp changing (git's "racy" entries), so such an entry is read again.
//
// The file is a header (magic, format version, the identity of the binary that wrote it,
// the vault's real path, payload size and checksum) and the payload. Anything that does not
// match — another binary, a truncated or corrupted file — is discarded whole, never half
// trusted. It is written to a temporary file and renamed over the old one.

// How a file looked on disk when its text was read.
struct FileStamp {
  uint64_t size = 0;
  int64_t mtime_ns = 0;
  int64_t ctime_ns = 0;
  uint64_t inode = 0;
  // The wall clock just before the file was looked at. The entry is trusted only when the
  // file's times are safely older than this.
  int64_t recorded_ns = 0;

  // Same file, same size, same times (recorded_ns aside).
  bool same_file_as(const FileStamp& other) const {
    return size == other.size && mtime_ns == other.mtime_ns && ctime_ns == other.ctime_ns && inode == other.inode;
  }
};

// The stamp of the file at `path` now (recorded_ns = now, taken before the stat); nullopt
// when it cannot be stat'ed.
std::optional<FileStamp> stamp_file(const std::filesystem::path& path);
// Taken from an open descriptor (the one being read), recorded at `recorded_ns`.
std::optional<FileStamp> stamp_descriptor(int fd, int64_t recorded_ns);
int64_t wall_clock_ns();

// True when a file with this stamp may have changed in the same timestamp tick as it was
// recorded: then equal stamps do not prove equal contents.
bool stamp_is_racy(const FileStamp& stamp);

// The one place every field of a parse is written and read. A field added to ParsedNote,
// Link, Heading, BlockAnchor or Tag must be added here (the round-trip test compares every
// field; static_asserts on the structs' sizes in index_cache.cpp point here).
void write_parsed_note(std::string& out, const ParsedNote& note);
// Reads one parse written by write_parsed_note from the front of `in` and advances it;
// nullopt when the bytes are malformed. Link paths go to `pool` when given.
std::optional<ParsedNote> read_parsed_note(std::string_view& in, std::shared_ptr<LinkpathPool> pool = nullptr);

// What the cache file knows about the notes of one vault, as loaded.
class IndexCache {
 public:
  using Log = std::function<void(const std::string&)>;

  // The cache file for the vault at `root`: <cache home>/slipbox/<hash of the real path>.index.
  // Cache home: $XDG_CACHE_HOME when absolute, else $HOME/.cache. Empty when neither is set.
  static std::filesystem::path file_for(const std::filesystem::path& root);
  // Identifies the running binary (its file's size, times and inode): a cache written by
  // another build is discarded.
  static const std::string& build_identity();

  // The cache of the vault at `root` from `file`; null when there is none, or it is from
  // another binary or vault, truncated or corrupted (with a line to `log` saying why, except
  // when there is simply no file).
  static std::shared_ptr<const IndexCache> load(const std::filesystem::path& file, const std::filesystem::path& root,
                                                const Log& log, std::string_view identity = build_identity());

  // The parse cached for `vault_path` when `now` (the file's stamp just taken) shows the
  // file unchanged since and the entry is not racy; null otherwise (the caller reads it).
  std::shared_ptr<const ParsedNote> fresh_note(const std::string& vault_path, const FileStamp& now,
                                               std::shared_ptr<LinkpathPool> pool) const;
  size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    FileStamp stamp;
    std::string_view record;  // a write_parsed_note record inside bytes_
  };
  std::string bytes_;
  std::unordered_map<std::string_view, Entry> entries_;  // keys in bytes_
};

// The stamps of the parses a vault holds, kept by whoever writes the cache: which parse was
// read from which stamp. Thread-safe.
class StampLedger {
 public:
  void record(const std::string& vault_path, const FileStamp& stamp, const std::shared_ptr<const ParsedNote>& note);
  // The stamp `note` was read with, when it is the parse recorded for that path.
  std::optional<FileStamp> stamp_of(const std::string& vault_path, const std::shared_ptr<const ParsedNote>& note) const;
  // Forgets the parses no vault holds any more (deleted or re-read files).
  void drop_released();

 private:
  struct Stamped {
    FileStamp stamp;
    std::weak_ptr<const ParsedNote> note;
  };
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Stamped> by_path_;
};

// Writes the cache of `vault` to `file` (temporary file, then rename). A note whose parse is
// not in `ledger` (changed by a file event since the scan, or an open buffer) is read again:
// it is saved, and recorded in the ledger, only when the disk text is the one it was parsed
// from. Returns false with a log line when the file cannot be written.
bool write_index_cache(const std::filesystem::path& file, const Vault& vault, StampLedger& ledger,
                       const IndexCache::Log& log, std::string_view identity = IndexCache::build_identity());

}  // namespace slipbox
