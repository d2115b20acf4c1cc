#include "analysis/features/closest_names.h"

#include <gtest/gtest.h>

namespace slipbox {
namespace {

TEST(EditDistance, CountsCodePoints) {
  struct Case {
    const char* a;
    const char* b;
    size_t distance;
  };
  const Case cases[] = {
      {"", "", 0},        {"abc", "", 3},       {"kitten", "sitting", 3}, {"kjøper", "kjoper", 1},
      {"日本語", "日本", 1}, {"🛠 a", "a", 2},     {"plan", "plan", 0},     {"flaw", "lawn", 2},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(edit_distance(c.a, c.b), c.distance) << c.a << " / " << c.b;
    EXPECT_EQ(edit_distance(c.b, c.a), c.distance) << c.b << " / " << c.a;
  }
}

TEST(ClosestStrings, LooseAndStable) {
  const std::vector<std::string> names = {"Zebra", "Café", "Cafeteria", "CAFE!", "cafe"};
  // "cafe" (0), "Café" (0, loose), then "CAFE!" (1); ties: shorter, then alphabetical.
  EXPECT_EQ(closest_strings(names, "Cafe", 3), (std::vector<size_t>{1, 4, 3}));
  EXPECT_TRUE(closest_strings(names, "x", 0).empty());
  EXPECT_EQ(closest_strings({}, "x", 3).size(), 0u);
}

}  // namespace
}  // namespace slipbox
