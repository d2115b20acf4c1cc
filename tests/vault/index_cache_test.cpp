// The persistent index (index_cache.h): every field of a parse survives the round trip, a
// warm scan gives the vault a cold scan gives after the vault changed, and a damaged cache
// or one from another build is ignored.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "analysis/vault/index_cache.h"
#include "analysis/vault/vault.h"
#include "tests/support/describe_vault.h"

namespace slipbox {
namespace {

namespace fs = std::filesystem;

std::string range_text(ByteRange range) { return std::to_string(range.begin) + "-" + std::to_string(range.end); }

// Every field of a parse, in one line per item. Kept apart from index_cache.cpp on purpose:
// a field the cache forgets shows here as a difference.
std::string describe_note(const ParsedNote& note) {
  std::ostringstream out;
  out << "fm=" << range_text(note.front_matter) << " body=" << note.body_begin << " bytes=" << note.text_bytes
      << " hash=" << note.text_hash << "\n";
  for (std::string_view alias : note.aliases) out << "ALIAS " << alias << "\n";
  for (const Heading& heading : note.headings)
    out << "H" << int(heading.level) << " [" << heading.text << "] " << range_text(heading.range) << " "
        << range_text(heading.text_range) << " line " << heading.line << "\n";
  for (const Link& link : note.links) {
    out << (link.syntax == LinkSyntax::Wiki ? "WL" : "ML") << " embed=" << link.embed << " fm=" << link.in_front_matter
        << " comment=" << link.in_comment << " ext=" << link.external << " sub=" << link.has_subpath << " "
        << range_text(link.range) << " " << range_text(link.target_range) << " path=[" << link.path() << "] subpath=["
        << link.subpath() << "] block=[" << link.block_id()
        << "] display=" << (link.display() ? "[" + std::string(*link.display()) + "]" : std::string("none"))
        << " chain=";
    for (std::string_view heading : link.headings()) out << "[" << heading << "]";
    out << "\n";
  }
  for (const BlockAnchor& block : note.blocks)
    out << "BLK " << block.id << " " << range_text(block.id_range) << " " << range_text(block.block_range) << " line "
        << block.line << "\n";
  for (const Tag& tag : note.tags)
    out << "TAG " << tag.name << " " << range_text(tag.range) << " fm=" << tag.in_front_matter << "\n";
  return out.str();
}

// The vault's table and every note's every field.
std::string describe_everything(const Vault& vault) {
  std::string out = testing::describe_vault(vault);
  for (FileId id = 0; id < vault.file_count(); ++id) {
    const ParsedNote* note = vault.note(id);
    out += vault.file(id).path + ": " + (note ? describe_note(*note) : "no parse\n");
  }
  return out;
}

// One note with every kind of thing a parse holds, each flag on somewhere.
constexpr const char* kRichNote =
    "---\n"
    "aliases: [Rich, Riche Notiz]\n"
    "tags: [project/alpha, draft]\n"
    "related: \"[[Front Link]]\"\n"
    "---\n"
    "# Title one\n"
    "Setext heading\n"
    "==============\n"
    "See [[Other#Part A#Part B|shown text]] and ![[Picture.png]] and [[Target#^block-1]].\n"
    "A [markdown](Some%20Note.md#Section) link, an ![embed](img.png), a [site](https://example.com).\n"
    "%% a comment with [[Commented]] %%\n"
    "Inline #tag/sub and #other.\n"
    "A paragraph with an id ^para-id\n"
    "\n"
    "## Second ##\n"
    "[[#Local heading]]\n";

TEST(IndexCacheRecord, EveryFieldSurvivesTheRoundTrip) {
  const ParsedNote parsed = parse_note(kRichNote);
  const std::string expected = describe_note(parsed);
  // The fixture exercises every field (else the round trip proves little).
  for (const char* piece :
       {"ALIAS Riche Notiz", "H1 [Setext heading]", "H2 [Second]", "WL embed=1", "ML embed=1", "fm=1 comment=0",
        "comment=1", "ext=1", "sub=1", "chain=[Part A][Part B]", "block=[block-1]", "display=[shown text]",
        "display=none", "BLK para-id", "TAG draft", "fm=1\n", "TAG tag/sub", "fm=0\n"})
    EXPECT_NE(expected.find(piece), std::string::npos) << piece << "\n" << expected;

  std::string bytes;
  write_parsed_note(bytes, parsed);
  bytes += "next";
  std::string_view in = bytes;
  const std::optional<ParsedNote> read = read_parsed_note(in);
  ASSERT_TRUE(read);
  EXPECT_EQ(describe_note(*read), expected);
  EXPECT_EQ(in, "next");  // consumed exactly its record

  // With a pool, as a scan reads it.
  auto pool = std::make_shared<LinkpathPool>();
  std::string_view again = bytes;
  const std::optional<ParsedNote> pooled = read_parsed_note(again, pool);
  ASSERT_TRUE(pooled);
  EXPECT_EQ(describe_note(*pooled), expected);
  EXPECT_TRUE(pooled->links.front().path_is_shared());
}

TEST(IndexCacheRecord, TruncatedRecordIsRejected) {
  std::string bytes;
  write_parsed_note(bytes, parse_note(kRichNote));
  for (size_t cut : {size_t{0}, size_t{3}, bytes.size() / 2, bytes.size() - 1}) {
    std::string_view in(bytes.data(), cut);
    EXPECT_FALSE(read_parsed_note(in)) << cut;
  }
}

class IndexCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    base_ = fs::path(::testing::TempDir()) /
            (std::string("slipbox-index-cache-") + info->name() + "-" + std::to_string(::getpid()));
    fs::remove_all(base_);
    root_ = base_ / "vault";
    fs::create_directories(root_);
    cache_file_ = base_ / "cache" / "slipbox" / "vault.index";
  }
  void TearDown() override {
    std::error_code error;
    fs::remove_all(base_, error);
  }

  // Files older than any racy margin, all with the same mtime unless said otherwise.
  void write(const std::string& path, const std::string& text, bool old = true) {
    const fs::path file = root_ / path;
    fs::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << text;
    if (old) set_old_mtime(file);
  }
  void set_old_mtime(const fs::path& file, time_t later_by = 0) {
    const timespec times[2] = {{kOldSeconds + later_by, 0}, {kOldSeconds + later_by, 0}};
    ASSERT_EQ(::utimensat(AT_FDCWD, file.c_str(), times, 0), 0);
  }

  struct Scan {
    std::shared_ptr<const Vault> vault;
    size_t from_cache = 0;
  };
  Scan scan(std::shared_ptr<const IndexCache> cache, std::shared_ptr<StampLedger> ledger = nullptr) {
    ScanOptions options;
    options.threads = 2;
    options.cache = std::move(cache);
    options.ledger = std::move(ledger);
    Scan result;
    options.notes_from_cache = &result.from_cache;
    result.vault = Vault::scan(root_, options);
    return result;
  }
  // Scans (with the cache when there is one) and writes the cache.
  Scan scan_and_save() {
    auto ledger = std::make_shared<StampLedger>();
    Scan result = scan(load(), ledger);
    EXPECT_TRUE(write_index_cache(cache_file_, *result.vault, *ledger, log()));
    return result;
  }
  std::shared_ptr<const IndexCache> load(std::string_view identity = IndexCache::build_identity()) {
    return IndexCache::load(cache_file_, root_, log(), identity);
  }
  IndexCache::Log log() {
    return [this](const std::string& line) { logged_ += line + "\n"; };
  }

  static constexpr time_t kOldSeconds = 1'600'000'000;
  fs::path base_, root_, cache_file_;
  std::string logged_;
};

TEST_F(IndexCacheTest, WarmScanEqualsColdScanAfterTheVaultChanged) {
  write("Home.md", "# Home\n[[Edited]] [[Same size]] [[Moved]] [[Gone]] [[Copy]] [[Kept]]\n");
  write("Edited.md", "# Edited\nfirst version\n");
  write("Same size.md", "# Same\nversion A\n");
  write("Moved.md", "# Moved\n[[Home]]\n");
  write("Gone.md", "# Gone\n");
  write("Kept.md", kRichNote);
  write("Overwritten.md", "# Over\nAAAAAAAA\n");
  write("sub/Deep.md", "# Deep\n#tag\n");
  write("picture.png", "not a note");
  const Scan first = scan_and_save();
  EXPECT_EQ(first.from_cache, 0u);
  EXPECT_EQ(load()->size(), 8u);

  write("Edited.md", "# Edited\nthe second, longer version with [[Home]]\n");
  // Same size, same inode, an mtime as old as before but another one.
  write("Same size.md", "# Same\nversion B\n");
  set_old_mtime(root_ / "Same size.md", 60);
  fs::rename(root_ / "Moved.md", root_ / "sub/Moved here.md");
  fs::remove(root_ / "Gone.md");
  write("New.md", "# New\n[[Kept]]\n");
  // An mtime-preserving copy to a new name, and over an existing note of the same size.
  ASSERT_EQ(
      std::system(("cp -p '" + (root_ / "Kept.md").string() + "' '" + (root_ / "Copy.md").string() + "'").c_str()), 0);
  write("Source.md", "# Over\nBBBBBBBB\n");
  set_old_mtime(root_ / "Source.md", 7);
  ASSERT_EQ(
      std::system(
          ("cp -p '" + (root_ / "Source.md").string() + "' '" + (root_ / "Overwritten.md").string() + "'").c_str()),
      0);

  const auto cache = load();
  ASSERT_TRUE(cache) << logged_;
  const Scan warm = scan(cache);
  const Scan cold = scan(nullptr);
  EXPECT_EQ(describe_everything(*warm.vault), describe_everything(*cold.vault));
  // Home, Kept and sub/Deep are unchanged; everything else was read again.
  EXPECT_EQ(warm.from_cache, 3u);
  const auto edited = warm.vault->find_path("Same size.md");
  ASSERT_TRUE(edited);
  EXPECT_EQ(warm.vault->note(*edited)->text_hash, hash_text("# Same\nversion B\n"));
  const auto over = warm.vault->find_path("Overwritten.md");
  ASSERT_TRUE(over);
  EXPECT_EQ(warm.vault->note(*over)->text_hash, hash_text("# Over\nBBBBBBBB\n"));
}

TEST_F(IndexCacheTest, UnchangedVaultComesWholeFromTheCache) {
  for (int i = 0; i < 20; ++i) write("n" + std::to_string(i) + ".md", "# N" + std::to_string(i) + "\n[[n0]] #t\n");
  scan_and_save();
  const Scan warm = scan_and_save();
  EXPECT_EQ(warm.from_cache, 20u);
  EXPECT_EQ(describe_everything(*warm.vault), describe_everything(*scan(nullptr).vault));
  EXPECT_EQ(logged_, "");
}

TEST_F(IndexCacheTest, FilesTouchedJustBeforeTheyWereRecordedAreReadAgain) {
  // Written now: the same tick as the scan that records them could see another write
  // without any change of stamp, so their entries are not trusted.
  write("Fresh.md", "# Fresh\n", /*old=*/false);
  write("Old.md", "# Old\n");
  scan_and_save();
  const Scan warm = scan(load());
  EXPECT_EQ(warm.from_cache, 1u);
  EXPECT_TRUE(stamp_is_racy(*stamp_file(root_ / "Fresh.md")));
  EXPECT_FALSE(stamp_is_racy(*stamp_file(root_ / "Old.md")));
}

TEST_F(IndexCacheTest, DamagedCachesAreIgnoredAndRebuilt) {
  write("A.md", "# A\n[[B]]\n");
  write("B.md", "# B\n");
  scan_and_save();
  std::string good;
  {
    std::ifstream in(cache_file_, std::ios::binary);
    good.assign(std::istreambuf_iterator<char>(in), {});
  }
  ASSERT_GT(good.size(), 100u);
  const auto put = [&](const std::string& bytes) {
    std::ofstream(cache_file_, std::ios::binary | std::ios::trunc) << bytes;
  };

  struct Damage {
    std::string name;
    std::string bytes;
    std::string logged;
  };
  std::string flipped = good;
  flipped[flipped.size() - 20] ^= 0x01;
  std::string other_version = good;
  other_version[8] ^= 0x7f;  // the format version follows the magic
  const std::vector<Damage> damages = {
      {"truncated", good.substr(0, good.size() / 2), "truncated"},
      {"cut by one byte", good.substr(0, good.size() - 1), "truncated"},
      {"one byte flipped", flipped, "corrupted"},
      {"another format version", other_version, "another format version"},
      {"garbage", "hello", "not a Slipbox index cache"},
      {"empty", "", "not a Slipbox index cache"},
  };
  for (const Damage& damage : damages) {
    put(damage.bytes);
    logged_.clear();
    EXPECT_FALSE(load()) << damage.name;
    EXPECT_NE(logged_.find(damage.logged), std::string::npos) << damage.name << ": " << logged_;
    // The scan reads everything and the cache written after it is whole again.
    const Scan rebuilt = scan_and_save();
    EXPECT_EQ(rebuilt.from_cache, 0u) << damage.name;
    EXPECT_EQ(describe_everything(*rebuilt.vault), describe_everything(*scan(nullptr).vault)) << damage.name;
    EXPECT_EQ(scan(load()).from_cache, 2u) << damage.name;
  }

  put(good);
  logged_.clear();
  EXPECT_FALSE(load("another build"));
  EXPECT_NE(logged_.find("another build"), std::string::npos) << logged_;
  EXPECT_TRUE(load());
  // Another vault's cache under this name is not this vault's.
  EXPECT_FALSE(IndexCache::load(cache_file_, base_, log()));
}

TEST_F(IndexCacheTest, NotesChangedAfterTheScanAreSavedOnlyWhenTheDiskHoldsTheirText) {
  write("A.md", "# A\n");
  write("B.md", "# B\n");
  write("C.md", "# C\n");
  auto ledger = std::make_shared<StampLedger>();
  const Scan first = scan(nullptr, ledger);
  // B re-read after a file event (its parse is not the one recorded), C edited in a buffer
  // that was never saved.
  write("B.md", "# B changed\n");
  auto vault = first.vault->with_changes(
      {Vault::FileChange{"B.md", false, std::make_shared<const ParsedNote>(parse_note("# B changed\n"))}});
  vault = vault->with_note(*vault->find_path("C.md"), std::make_shared<const ParsedNote>(parse_note("# C unsaved\n")));
  ASSERT_TRUE(write_index_cache(cache_file_, *vault, *ledger, log()));
  const auto cache = load();
  ASSERT_TRUE(cache);
  EXPECT_EQ(cache->size(), 2u);  // A and B; C is read again next time
  const Scan warm = scan(cache);
  EXPECT_EQ(warm.from_cache, 2u);
  EXPECT_EQ(describe_everything(*warm.vault), describe_everything(*scan(nullptr).vault));
}

TEST(IndexCacheFile, OnePerVaultUnderTheCacheHome) {
  const char* saved = std::getenv("XDG_CACHE_HOME");
  const std::string saved_value = saved ? saved : "";
  const char* saved_home = std::getenv("HOME");
  const std::string saved_home_value = saved_home ? saved_home : "";
  ::setenv("XDG_CACHE_HOME", "/somewhere/cache", 1);
  const fs::path a = IndexCache::file_for("/vaults/a");
  EXPECT_EQ(a.parent_path(), fs::path("/somewhere/cache/slipbox"));
  EXPECT_EQ(a, IndexCache::file_for("/vaults/a/"));
  EXPECT_NE(a, IndexCache::file_for("/vaults/b"));
  // A relative XDG_CACHE_HOME is ignored, as the spec says.
  ::setenv("XDG_CACHE_HOME", "relative", 1);
  ::setenv("HOME", "/home/someone", 1);
  EXPECT_EQ(IndexCache::file_for("/vaults/a").parent_path(), fs::path("/home/someone/.cache/slipbox"));
  if (saved)
    ::setenv("XDG_CACHE_HOME", saved_value.c_str(), 1);
  else
    ::unsetenv("XDG_CACHE_HOME");
  if (saved_home) ::setenv("HOME", saved_home_value.c_str(), 1);
}

}  // namespace
}  // namespace slipbox
