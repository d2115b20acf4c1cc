#include "analysis/markdown/linkpath_pool.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "analysis/markdown/parsed_note.h"

namespace slipbox {
namespace {

TEST(LinkpathPool, StoresEachDistinctPathOnce) {
  LinkpathPool pool;
  const std::string_view long_path = "🛠 Ressurser/Agile Metoder";
  const auto a = pool.intern(long_path);
  const auto b = pool.intern("Agile Metoder");
  const auto again = pool.intern(std::string("🛠 Ressurser/") + "Agile Metoder");
  ASSERT_TRUE(a && b && again);
  EXPECT_EQ(*a, *again);
  EXPECT_NE(*a, *b);
  EXPECT_EQ(pool.view(*a, static_cast<uint32_t>(long_path.size())), long_path);
  EXPECT_EQ(pool.view(*b, 13), "Agile Metoder");
  EXPECT_FALSE(pool.intern(""));  // nothing to share
  pool.freeze();
  EXPECT_EQ(pool.stored_bytes(), long_path.size() + 13u);
  EXPECT_FALSE(pool.intern("New after freezing"));  // frozen: the caller keeps its own copy
  EXPECT_FALSE(pool.intern("Agile Metoder"));
  EXPECT_EQ(pool.view(*b, 13), "Agile Metoder");  // what is stored stays
}

// Many paths fill many chunks and grow every lookup table; a path longer than a chunk is not
// pooled; each path must come back byte for byte, from any thread.
TEST(LinkpathPool, ThreadsInterningAtOnceAgree) {
  LinkpathPool pool;
  constexpr int kPaths = 40'000;
  const auto path_of = [](int i) {
    return "Mappe " + std::to_string(i % 97) + "/Notat nummer " + std::to_string(i) + std::string(i % 300, 'x');
  };
  std::vector<std::vector<uint32_t>> found(4, std::vector<uint32_t>(kPaths));
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int k = 0; k < kPaths; ++k) {
        const int i = t % 2 == 0 ? k : kPaths - 1 - k;  // two threads in each direction
        found[t][i] = pool.intern(path_of(i)).value_or(UINT32_MAX);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  pool.freeze();
  size_t bytes = 0;
  for (int i = 0; i < kPaths; ++i) {
    const std::string path = path_of(i);
    bytes += path.size();
    ASSERT_NE(found[0][i], UINT32_MAX);
    for (int t = 1; t < 4; ++t) ASSERT_EQ(found[t][i], found[0][i]) << path;
    ASSERT_EQ(pool.view(found[0][i], static_cast<uint32_t>(path.size())), path);
  }
  EXPECT_EQ(pool.stored_bytes(), bytes);
  EXPECT_GT(bytes, 4 * LinkpathPool::kChunkBytes);  // the test spans several chunks

  LinkpathPool other;
  EXPECT_FALSE(other.intern(std::string(LinkpathPool::kChunkBytes + 1, 'y')));
}

// Notes parsed with one pool share their paths' bytes, read the same as notes that own them,
// and keep them through copies after the originals are gone.
TEST(LinkpathPool, NotesShareTheirPathsAndReadAsWithout) {
  const std::string first =
      "[[🛠 Ressurser/Agile Metoder#Del A|vist]] [lenke](Mappe/My%20Note.md#^blokk) [[#Lokal]]\n";
  const std::string second = "Se [[🛠 Ressurser/Agile Metoder]] og ![[Mappe/My Note.md]].\n";
  auto pool = std::make_shared<LinkpathPool>();
  auto a = std::make_unique<ParsedNote>(parse_note(first, pool));
  const ParsedNote b = parse_note(second, pool);
  pool->freeze();
  const ParsedNote own_a = parse_note(first);

  ASSERT_EQ(a->links.size(), 3u);
  ASSERT_EQ(b.links.size(), 2u);
  EXPECT_EQ(a->links[0].path().data(), b.links[0].path().data());  // one copy of the bytes
  EXPECT_EQ(a->links[1].path().data(), b.links[1].path().data());  // decoded, then shared
  for (size_t i = 0; i < own_a.links.size(); ++i) {
    EXPECT_EQ(a->links[i].path(), own_a.links[i].path());
    EXPECT_EQ(a->links[i].subpath(), own_a.links[i].subpath());
    EXPECT_EQ(a->links[i].block_id(), own_a.links[i].block_id());
    EXPECT_EQ(a->links[i].display(), own_a.links[i].display());
    ASSERT_EQ(a->links[i].headings().size(), own_a.links[i].headings().size());
    for (size_t h = 0; h < own_a.links[i].headings().size(); ++h)
      EXPECT_EQ(a->links[i].headings()[h], own_a.links[i].headings()[h]);
  }
  EXPECT_EQ(a->links[2].path(), "");

  ParsedNote copy = *a;
  pool.reset();  // the notes keep the pool alive
  a.reset();
  copy.own_strings();  // again, from its own buffer
  ASSERT_EQ(copy.links.size(), 3u);
  EXPECT_EQ(copy.links[0].path(), "🛠 Ressurser/Agile Metoder");
  EXPECT_EQ(copy.links[0].display().value_or(""), "vist");
  EXPECT_EQ(copy.links[1].path(), "Mappe/My Note.md");
  EXPECT_EQ(copy.links[1].block_id(), "blokk");
  EXPECT_EQ(copy.links[0].path().data(), b.links[0].path().data());
}

}  // namespace
}  // namespace slipbox
