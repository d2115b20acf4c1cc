#include "analysis/vault/index_cache.h"

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <system_error>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analysis/vault/vault.h"

namespace slipbox {

namespace fs = std::filesystem;

// The fields write_parsed_note writes. When one of these fails, a field was added or
// changed: write and read it below, and cover it in tests/vault/index_cache_test.cpp.
static_assert(sizeof(void*) != 8 || sizeof(Link) == 64, "Link changed: update write_parsed_note/read_parsed_note");
static_assert(sizeof(void*) != 8 || sizeof(Heading) == 48,
              "Heading changed: update write_parsed_note/read_parsed_note");
static_assert(sizeof(void*) != 8 || sizeof(BlockAnchor) == 40,
              "BlockAnchor changed: update write_parsed_note/read_parsed_note");
static_assert(sizeof(void*) != 8 || sizeof(Tag) == 32, "Tag changed: update write_parsed_note/read_parsed_note");
static_assert(sizeof(void*) != 8 || sizeof(ParsedNote) == 176,
              "ParsedNote changed: update write_parsed_note/read_parsed_note");

namespace {

// Bump when the layout of the file or of a record changes.
constexpr uint32_t kFormatVersion = 1;
constexpr char kMagic[8] = {'S', 'L', 'P', 'B', 'X', 'I', 'D', 'X'};
// Timestamps of some file systems are as coarse as two seconds, and the kernel stamps files
// from a clock that may lag the wall clock read here by a tick.
constexpr int64_t kRacyMarginNs = 3'000'000'000;

void put_u8(std::string& out, uint8_t value) { out.push_back(static_cast<char>(value)); }
void put_u32(std::string& out, uint32_t value) {
  char bytes[4];
  std::memcpy(bytes, &value, 4);
  out.append(bytes, 4);
}
void put_u64(std::string& out, uint64_t value) {
  char bytes[8];
  std::memcpy(bytes, &value, 8);
  out.append(bytes, 8);
}
void put_str(std::string& out, std::string_view text) {
  put_u32(out, static_cast<uint32_t>(text.size()));
  out.append(text);
}
void put_range(std::string& out, ByteRange range) {
  put_u32(out, range.begin);
  put_u32(out, range.end);
}
void put_stamp(std::string& out, const FileStamp& stamp) {
  put_u64(out, stamp.size);
  put_u64(out, static_cast<uint64_t>(stamp.mtime_ns));
  put_u64(out, static_cast<uint64_t>(stamp.ctime_ns));
  put_u64(out, stamp.inode);
  put_u64(out, static_cast<uint64_t>(stamp.recorded_ns));
}

// Bounded reads: any read past the end fails the whole record.
struct Reader {
  std::string_view in;
  bool ok = true;

  bool take(size_t bytes, const char*& at) {
    if (!ok || in.size() < bytes) return ok = false;
    at = in.data();
    in.remove_prefix(bytes);
    return true;
  }
  uint8_t u8() {
    const char* at = nullptr;
    return take(1, at) ? static_cast<uint8_t>(*at) : 0;
  }
  uint32_t u32() {
    const char* at = nullptr;
    uint32_t value = 0;
    if (take(4, at)) std::memcpy(&value, at, 4);
    return value;
  }
  uint64_t u64() {
    const char* at = nullptr;
    uint64_t value = 0;
    if (take(8, at)) std::memcpy(&value, at, 8);
    return value;
  }
  std::string_view str() {
    const uint32_t bytes = u32();
    const char* at = nullptr;
    return take(bytes, at) ? std::string_view(at, bytes) : std::string_view();
  }
  ByteRange range() {
    ByteRange range;
    range.begin = u32();
    range.end = u32();
    if (range.begin > range.end) ok = false;
    return range;
  }
  // A count of items at least `min_item_bytes` each: more than the rest could hold is malformed.
  size_t count(size_t min_item_bytes) {
    const uint32_t value = u32();
    if (value > in.size() / min_item_bytes) ok = false;
    return ok ? value : 0;
  }
  FileStamp stamp() {
    FileStamp stamp;
    stamp.size = u64();
    stamp.mtime_ns = static_cast<int64_t>(u64());
    stamp.ctime_ns = static_cast<int64_t>(u64());
    stamp.inode = u64();
    stamp.recorded_ns = static_cast<int64_t>(u64());
    return stamp;
  }
};

// Link flags, one byte.
enum : uint8_t {
  kMarkdownSyntax = 1,
  kEmbed = 2,
  kInFrontMatter = 4,
  kInComment = 8,
  kExternal = 16,
  kHasSubpath = 32,
  kHasDisplay = 64,
};

// 64-bit checksum, four lanes so that it runs at memory speed. Each step is a bijection of
// the lane's state for a given word, and injective in the word: a change confined to one
// word always changes the result.
uint64_t checksum(std::string_view bytes) {
  constexpr uint64_t kMul = 0x9E3779B97F4A7C15ull;
  uint64_t lanes[4] = {0x243F6A8885A308D3ull, 0x13198A2E03707344ull, 0xA4093822299F31D0ull, 0x082EFA98EC4E6C89ull};
  const auto step = [](uint64_t state, uint64_t word) { return ((state << 29 | state >> 35) ^ word) * kMul; };
  size_t at = 0;
  for (; at + 32 <= bytes.size(); at += 32) {
    for (size_t lane = 0; lane < 4; ++lane) {
      uint64_t word;
      std::memcpy(&word, bytes.data() + at + lane * 8, 8);
      lanes[lane] = step(lanes[lane], word);
    }
  }
  uint64_t result = bytes.size();
  for (uint64_t lane : lanes) result = step(result, lane);
  for (; at < bytes.size(); ++at) result = step(result, static_cast<unsigned char>(bytes[at]));
  return step(result, 0);
}

// FNV-1a: the cache file's name, which must stay the same from one build to the next.
uint64_t stable_hash(std::string_view text) {
  uint64_t hash = 0xcbf29ce484222325ull;
  for (char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ull;
  }
  return hash;
}

std::string canonical_root(const fs::path& root) {
  std::error_code error;
  fs::path real = fs::weakly_canonical(root, error);
  if (error) real = root.lexically_normal();
  std::string text = real.string();
  while (text.size() > 1 && text.ends_with('/')) text.pop_back();
  return text;
}

FileStamp from_stat(const struct stat& info, int64_t recorded_ns) {
  FileStamp stamp;
  stamp.size = static_cast<uint64_t>(info.st_size);
  stamp.mtime_ns = static_cast<int64_t>(info.st_mtim.tv_sec) * 1'000'000'000 + info.st_mtim.tv_nsec;
  stamp.ctime_ns = static_cast<int64_t>(info.st_ctim.tv_sec) * 1'000'000'000 + info.st_ctim.tv_nsec;
  stamp.inode = static_cast<uint64_t>(info.st_ino);
  stamp.recorded_ns = recorded_ns;
  return stamp;
}

bool read_whole(const fs::path& file, std::string& bytes) {
  const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  struct stat info {};
  bool ok = ::fstat(fd, &info) == 0;
  if (ok) {
    bytes.resize(static_cast<size_t>(info.st_size));
    size_t got = 0;
    while (ok && got < bytes.size()) {
      const ssize_t n = ::read(fd, bytes.data() + got, bytes.size() - got);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        ok = n == 0;  // shorter than its size said: the checks below reject it
        bytes.resize(got);
        break;
      }
      got += static_cast<size_t>(n);
    }
  }
  ::close(fd);
  return ok;
}

bool write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

}  // namespace

int64_t wall_clock_ns() {
  timespec now{};
  ::clock_gettime(CLOCK_REALTIME, &now);
  return static_cast<int64_t>(now.tv_sec) * 1'000'000'000 + now.tv_nsec;
}

std::optional<FileStamp> stamp_file(const fs::path& path) {
  const int64_t recorded = wall_clock_ns();
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) return std::nullopt;
  return from_stat(info, recorded);
}

std::optional<FileStamp> stamp_descriptor(int fd, int64_t recorded_ns) {
  struct stat info {};
  if (::fstat(fd, &info) != 0) return std::nullopt;
  return from_stat(info, recorded_ns);
}

bool stamp_is_racy(const FileStamp& stamp) { return stamp.mtime_ns > stamp.recorded_ns - kRacyMarginNs; }

// ---- one parse -----------------------------------------------------------------------------

void write_parsed_note(std::string& out, const ParsedNote& note) {
  put_range(out, note.front_matter);
  put_u32(out, note.body_begin);
  put_u32(out, note.text_bytes);
  put_u64(out, note.text_hash);
  put_u32(out, static_cast<uint32_t>(note.aliases.size()));
  for (std::string_view alias : note.aliases) put_str(out, alias);
  put_u32(out, static_cast<uint32_t>(note.headings.size()));
  for (const Heading& heading : note.headings) {
    put_u8(out, heading.level);
    put_str(out, heading.text);
    put_range(out, heading.range);
    put_range(out, heading.text_range);
    put_u32(out, heading.line);
  }
  put_u32(out, static_cast<uint32_t>(note.links.size()));
  for (const Link& link : note.links) {
    const std::optional<std::string_view> display = link.display();
    uint8_t flags = 0;
    if (link.syntax == LinkSyntax::Markdown) flags |= kMarkdownSyntax;
    if (link.embed) flags |= kEmbed;
    if (link.in_front_matter) flags |= kInFrontMatter;
    if (link.in_comment) flags |= kInComment;
    if (link.external) flags |= kExternal;
    if (link.has_subpath) flags |= kHasSubpath;
    if (display) flags |= kHasDisplay;
    put_u8(out, flags);
    put_range(out, link.range);
    put_range(out, link.target_range);
    put_str(out, link.path());
    put_str(out, link.subpath());
    put_str(out, link.block_id());
    put_str(out, display.value_or(std::string_view()));
    const auto chain = link.headings();
    put_u32(out, static_cast<uint32_t>(chain.size()));
    for (std::string_view heading : chain) put_str(out, heading);
  }
  put_u32(out, static_cast<uint32_t>(note.blocks.size()));
  for (const BlockAnchor& block : note.blocks) {
    put_str(out, block.id);
    put_range(out, block.id_range);
    put_range(out, block.block_range);
    put_u32(out, block.line);
  }
  put_u32(out, static_cast<uint32_t>(note.tags.size()));
  for (const Tag& tag : note.tags) {
    put_str(out, tag.name);
    put_range(out, tag.range);
    put_u8(out, tag.in_front_matter ? 1 : 0);
  }
}

std::optional<ParsedNote> read_parsed_note(std::string_view& in, std::shared_ptr<LinkpathPool> pool) {
  Reader read{in};
  ParsedNote note;
  note.front_matter = read.range();
  note.body_begin = read.u32();
  note.text_bytes = read.u32();
  note.text_hash = read.u64();
  note.aliases.resize(read.count(4));
  for (std::string_view& alias : note.aliases) alias = read.str();
  note.headings.resize(read.count(25));
  for (Heading& heading : note.headings) {
    heading.level = read.u8();
    heading.text = read.str();
    heading.range = read.range();
    heading.text_range = read.range();
    heading.line = read.u32();
  }
  // The heading chains of all links, in one vector (LinkParts views into it, by index first).
  std::vector<LinkParts> links(read.count(37));
  std::vector<size_t> chain_counts(links.size());
  std::vector<std::string_view> chains;
  for (size_t i = 0; i < links.size() && read.ok; ++i) {
    LinkParts& link = links[i];
    const uint8_t flags = read.u8();
    link.syntax = flags & kMarkdownSyntax ? LinkSyntax::Markdown : LinkSyntax::Wiki;
    link.embed = flags & kEmbed;
    link.in_front_matter = flags & kInFrontMatter;
    link.in_comment = flags & kInComment;
    link.external = flags & kExternal;
    link.has_subpath = flags & kHasSubpath;
    link.range = read.range();
    link.target_range = read.range();
    link.path = read.str();
    link.subpath = read.str();
    link.block_id = read.str();
    const std::string_view display = read.str();
    if (flags & kHasDisplay) link.display = display;
    chain_counts[i] = read.count(4);
    for (size_t h = 0; h < chain_counts[i]; ++h) chains.push_back(read.str());
  }
  size_t chain_at = 0;
  for (size_t i = 0; i < links.size() && read.ok; ++i) {
    if (chain_counts[i] == 0) continue;
    links[i].headings.assign(chains.begin() + static_cast<ptrdiff_t>(chain_at),
                             chains.begin() + static_cast<ptrdiff_t>(chain_at + chain_counts[i]));
    chain_at += chain_counts[i];
  }
  note.blocks.resize(read.count(24));
  for (BlockAnchor& block : note.blocks) {
    block.id = read.str();
    block.id_range = read.range();
    block.block_range = read.range();
    block.line = read.u32();
  }
  note.tags.resize(read.count(13));
  for (Tag& tag : note.tags) {
    tag.name = read.str();
    tag.range = read.range();
    tag.in_front_matter = read.u8() != 0;
  }
  if (!read.ok) return std::nullopt;
  // Ranges beyond the text the note was parsed from: not a record this code wrote.
  const auto inside = [&](ByteRange range) { return range.end <= note.text_bytes; };
  bool ranges_ok = inside(note.front_matter) && note.body_begin <= note.text_bytes;
  for (const Heading& heading : note.headings) ranges_ok &= inside(heading.range) && inside(heading.text_range);
  for (const LinkParts& link : links) ranges_ok &= inside(link.range) && inside(link.target_range);
  for (const BlockAnchor& block : note.blocks) ranges_ok &= inside(block.id_range) && inside(block.block_range);
  for (const Tag& tag : note.tags) ranges_ok &= inside(tag.range);
  if (!ranges_ok) return std::nullopt;
  note.own_strings(links, {}, std::move(pool));
  in = read.in;
  return note;
}

// ---- the cache file ------------------------------------------------------------------------

fs::path IndexCache::file_for(const fs::path& root) {
  fs::path home;
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg == '/') {
    home = xdg;
  } else if (const char* user_home = std::getenv("HOME"); user_home && *user_home == '/') {
    home = fs::path(user_home) / ".cache";
  } else {
    return {};
  }
  char name[32];
  std::snprintf(name, sizeof name, "%016llx.index", static_cast<unsigned long long>(stable_hash(canonical_root(root))));
  return home / "slipbox" / name;
}

const std::string& IndexCache::build_identity() {
  static const std::string identity = [] {
    std::string text = "format " + std::to_string(kFormatVersion);
    struct stat info {};
    if (::stat("/proc/self/exe", &info) == 0) {
      const FileStamp exe = from_stat(info, 0);
      text += " exe " + std::to_string(exe.size) + " " + std::to_string(exe.mtime_ns) + " " + std::to_string(exe.inode);
    }
    return text;
  }();
  return identity;
}

std::shared_ptr<const IndexCache> IndexCache::load(const fs::path& file, const fs::path& root, const Log& log,
                                                   std::string_view identity) {
  const auto discard = [&](const std::string& why) -> std::shared_ptr<const IndexCache> {
    if (log) log("index cache " + file.string() + " " + why + ": ignored, notes are read again");
    return nullptr;
  };
  auto cache = std::make_shared<IndexCache>();
  std::error_code error;
  if (!fs::exists(file, error)) return nullptr;
  if (!read_whole(file, cache->bytes_)) return discard("cannot be read");
  Reader header{cache->bytes_};
  const char* magic = nullptr;
  if (!header.take(sizeof kMagic, magic) || std::memcmp(magic, kMagic, sizeof kMagic) != 0)
    return discard("is not a Slipbox index cache");
  if (header.u32() != kFormatVersion) return discard("has another format version");
  if (header.str() != identity) return discard("was written by another build of Slipbox");
  if (header.str() != canonical_root(root)) return discard("belongs to another vault");
  const uint64_t payload_bytes = header.u64();
  const uint64_t sum = header.u64();
  if (!header.ok || payload_bytes != header.in.size()) return discard("is truncated or damaged");
  if (checksum(header.in) != sum) return discard("is corrupted (checksum)");

  Reader payload{header.in};
  const size_t count = payload.count(48);
  cache->entries_.reserve(count);
  for (size_t i = 0; i < count && payload.ok; ++i) {
    const std::string_view path = payload.str();
    Entry entry;
    entry.stamp = payload.stamp();
    entry.record = payload.str();
    if (payload.ok) cache->entries_.emplace(path, entry);
  }
  if (!payload.ok || !payload.in.empty()) return discard("is malformed");
  return cache;
}

std::shared_ptr<const ParsedNote> IndexCache::fresh_note(const std::string& vault_path, const FileStamp& now,
                                                         std::shared_ptr<LinkpathPool> pool) const {
  const auto found = entries_.find(vault_path);
  if (found == entries_.end()) return nullptr;
  const Entry& entry = found->second;
  if (!entry.stamp.same_file_as(now) || stamp_is_racy(entry.stamp)) return nullptr;
  std::string_view record = entry.record;
  std::optional<ParsedNote> note = read_parsed_note(record, std::move(pool));
  if (!note || !record.empty() || note->text_bytes != now.size) return nullptr;
  return std::make_shared<const ParsedNote>(std::move(*note));
}

void StampLedger::record(const std::string& vault_path, const FileStamp& stamp,
                         const std::shared_ptr<const ParsedNote>& note) {
  std::lock_guard lock(mutex_);
  by_path_[vault_path] = Stamped{stamp, note};
}

std::optional<FileStamp> StampLedger::stamp_of(const std::string& vault_path,
                                               const std::shared_ptr<const ParsedNote>& note) const {
  std::lock_guard lock(mutex_);
  const auto found = by_path_.find(vault_path);
  if (found == by_path_.end() || found->second.note.lock() != note) return std::nullopt;
  return found->second.stamp;
}

void StampLedger::drop_released() {
  std::lock_guard lock(mutex_);
  std::erase_if(by_path_, [](const auto& entry) { return entry.second.note.expired(); });
}

bool write_index_cache(const fs::path& file, const Vault& vault, StampLedger& ledger, const IndexCache::Log& log,
                       std::string_view identity) {
  std::string payload;
  uint32_t count = 0;
  put_u32(payload, 0);  // the count, filled in below
  for (FileId id = 0; id < vault.file_count(); ++id) {
    const std::shared_ptr<const ParsedNote> note = vault.shared_note(id);
    if (!note) continue;
    const std::string& path = vault.file(id).path;
    std::optional<FileStamp> stamp = ledger.stamp_of(path, note);
    if (!stamp) {
      // Parsed after a file event or from an open buffer: saved only when the disk holds
      // the very text it was parsed from (the stamp is taken before reading, so a write
      // in between shows next time as a changed stamp).
      const fs::path disk = vault.absolute_path(id);
      stamp = stamp_file(disk);
      if (!stamp) continue;
      const std::optional<std::string> text = read_file_text(disk);
      if (!text || !note->parsed_from(*text)) continue;
      ledger.record(path, *stamp, note);
    }
    put_str(payload, path);
    put_stamp(payload, *stamp);
    const size_t length_at = payload.size();
    put_u32(payload, 0);
    write_parsed_note(payload, *note);
    const auto record_bytes = static_cast<uint32_t>(payload.size() - length_at - 4);
    std::memcpy(payload.data() + length_at, &record_bytes, 4);
    ++count;
  }
  std::memcpy(payload.data(), &count, 4);
  ledger.drop_released();

  std::string header(kMagic, sizeof kMagic);
  put_u32(header, kFormatVersion);
  put_str(header, identity);
  put_str(header, canonical_root(vault.root()));
  put_u64(header, payload.size());
  put_u64(header, checksum(payload));

  const auto fail = [&](const std::string& what) {
    if (log) log("cannot write the index cache " + file.string() + ": " + what);
    return false;
  };
  std::error_code error;
  const fs::path folder = file.parent_path();
  if (!fs::is_directory(folder, error)) {
    fs::create_directories(folder.parent_path(), error);
    // Only the user reads it: it holds the notes' headings, links and tags.
    if (::mkdir(folder.c_str(), 0700) != 0 && errno != EEXIST) return fail(std::strerror(errno));
  }
  static std::atomic<uint64_t> writes{0};
  const fs::path temporary = file.string() + ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(++writes);
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return fail(std::strerror(errno));
  const bool written = write_all(fd, header) && write_all(fd, payload);
  const int saved_errno = errno;
  if (::close(fd) != 0 || !written) {
    ::unlink(temporary.c_str());
    return fail(std::strerror(written ? errno : saved_errno));
  }
  if (::rename(temporary.c_str(), file.c_str()) != 0) {
    const int rename_errno = errno;
    ::unlink(temporary.c_str());
    return fail(std::strerror(rename_errno));
  }
  return true;
}

}  // namespace slipbox
