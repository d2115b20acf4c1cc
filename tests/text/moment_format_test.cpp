#include "analysis/text/moment_format.h"

#include <gtest/gtest.h>

namespace slipbox {
namespace {

// Monday 7 December 2026, 14:05:09.
constexpr LocalDateTime kMonday{2026, 12, 7, 14, 5, 9};

TEST(MomentFormat, ObsidianDefaults) {
  EXPECT_EQ(format_moment(kMonday, "YYYY-MM-DD"), "2026-12-07");
  EXPECT_EQ(format_moment(kMonday, "HH:mm"), "14:05");
}

TEST(MomentFormat, EveryToken) {
  EXPECT_EQ(format_moment(kMonday, "YY Q M MM MMM MMMM Mo"), "26 4 12 12 Dec December 12th");
  EXPECT_EQ(format_moment(kMonday, "D DD Do DDD DDDD"), "7 07 7th 341 341");
  EXPECT_EQ(format_moment(kMonday, "d dd ddd dddd E e"), "1 Mo Mon Monday 1 1");
  EXPECT_EQ(format_moment(kMonday, "H HH h hh m mm s ss A a"), "14 14 2 02 5 05 9 09 PM pm");
  EXPECT_EQ(format_moment(kMonday, "W WW GGGG w ww"), "50 50 2026 50 50");
  EXPECT_EQ(format_moment(LocalDateTime{2026, 12, 6}, "E e dddd"), "7 0 Sunday");
  EXPECT_EQ(format_moment(LocalDateTime{2026, 1, 1, 0, 0, 0}, "h:mm A"), "12:00 AM");
  EXPECT_EQ(format_moment(LocalDateTime{1970, 1, 2}, "X"), "86400");
}

TEST(MomentFormat, Ordinals) {
  EXPECT_EQ(format_moment(LocalDateTime{2026, 1, 1}, "Do"), "1st");
  EXPECT_EQ(format_moment(LocalDateTime{2026, 1, 2}, "Do"), "2nd");
  EXPECT_EQ(format_moment(LocalDateTime{2026, 1, 3}, "Do"), "3rd");
  EXPECT_EQ(format_moment(LocalDateTime{2026, 1, 11}, "Do"), "11th");
  EXPECT_EQ(format_moment(LocalDateTime{2026, 1, 12}, "Do"), "12th");
  EXPECT_EQ(format_moment(LocalDateTime{2026, 1, 22}, "Do"), "22nd");
}

TEST(MomentFormat, IsoWeeksAcrossYearEnds) {
  // Sunday 3 January 2021 is in week 53 of 2020; Monday 30 December 2024 in week 1 of 2025.
  EXPECT_EQ(format_moment(LocalDateTime{2021, 1, 3}, "GGGG-[W]WW"), "2020-W53");
  EXPECT_EQ(format_moment(LocalDateTime{2024, 12, 30}, "GGGG-[W]WW-E"), "2025-W01-1");
}

TEST(MomentFormat, LiteralsAndFolders) {
  EXPECT_EQ(format_moment(kMonday, "[Week] W [of] YYYY"), "Week 50 of 2026");
  EXPECT_EQ(format_moment(kMonday, "YYYY/MM-MMMM/YYYY-MM-DD-dddd"), "2026/12-December/2026-12-07-Monday");
  EXPECT_EQ(format_moment(kMonday, "Kl. HH, DD.MM."), "Kl. 14, 07.12.") << "letters that are no token stay";
  // As moment: an unclosed bracket is text, and letters that are tokens are tokens.
  EXPECT_EQ(format_moment(kMonday, "[unclosed"), "[unclo911");
  EXPECT_EQ(format_moment(kMonday, "Journal"), "Journpml");
}

TEST(MomentFormat, DayArithmetic) {
  EXPECT_EQ(add_days(LocalDateTime{2026, 12, 31, 8}, 1), (LocalDateTime{2027, 1, 1, 8}));
  EXPECT_EQ(add_days(LocalDateTime{2024, 3, 1}, -1), (LocalDateTime{2024, 2, 29}));
  EXPECT_EQ(add_days(LocalDateTime{1969, 12, 31}, 1), (LocalDateTime{1970, 1, 1}));
  EXPECT_EQ(days_since_epoch(LocalDateTime{2026, 12, 7}), 20794);
  EXPECT_EQ(day_of_week(LocalDateTime{1969, 12, 28}), 0);
  EXPECT_EQ(day_of_week(kMonday), 1);
}

TEST(MomentFormat, ParsesIsoDates) {
  LocalDateTime date;
  ASSERT_TRUE(parse_iso_date("2024-02-29", date));
  EXPECT_EQ(date, (LocalDateTime{2024, 2, 29}));
  EXPECT_FALSE(parse_iso_date("2023-02-29", date));
  EXPECT_FALSE(parse_iso_date("2026-13-01", date));
  EXPECT_FALSE(parse_iso_date("2026-1-01", date));
  EXPECT_FALSE(parse_iso_date("2026-12-0x", date));
}

}  // namespace
}  // namespace slipbox
