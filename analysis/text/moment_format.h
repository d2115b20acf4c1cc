#pragma once
#include <string>
#include <string_view>

namespace slipbox {

// A local date and time of day, as the clock on the user's machine shows it (no time zone:
// daily notes and templates are named by the wall clock, as Obsidian names them).
struct LocalDateTime {
  int year = 1970;
  int month = 1;  // 1–12
  int day = 1;    // 1–31
  int hour = 0;
  int minute = 0;
  int second = 0;
  friend bool operator==(const LocalDateTime&, const LocalDateTime&) = default;
};

// Days since 1970-01-01 of the date part, and back (proleptic Gregorian calendar).
long days_since_epoch(const LocalDateTime& date);
LocalDateTime date_from_days(long days);
// The same time of day `days` later (earlier when negative).
LocalDateTime add_days(const LocalDateTime& date, long days);
// 0 = Sunday … 6 = Saturday.
int day_of_week(const LocalDateTime& date);
// A valid `YYYY-MM-DD` (exactly that shape), else false.
bool parse_iso_date(std::string_view text, LocalDateTime& out);

// Formats `when` with a moment.js format string, the subset Obsidian's date settings use:
// YYYY YY Q MMMM MMM MM M Do DDDD DDD DD D dddd ddd dd d E e HH H hh h mm m ss s A a
// GGGG GG WW W ww w X, and `[literal]` escapes, with English names. Anything else is copied
// as written, as moment does.
std::string format_moment(const LocalDateTime& when, std::string_view format);

}  // namespace slipbox
