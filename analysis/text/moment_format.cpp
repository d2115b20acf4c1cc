#include "analysis/text/moment_format.h"

#include <array>
#include <cstdio>

namespace slipbox {
namespace {

constexpr std::array<const char*, 12> kMonths = {"January", "February", "March",     "April",   "May",      "June",
                                                 "July",    "August",   "September", "October", "November", "December"};
constexpr std::array<const char*, 7> kWeekdays = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                                  "Thursday", "Friday", "Saturday"};

bool is_leap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in_month(int year, int month) {
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap(year) ? 29 : kDays[static_cast<size_t>(month - 1)];
}

std::string padded(long value, int width) {
  std::string digits = std::to_string(value < 0 ? -value : value);
  while (static_cast<int>(digits.size()) < width) digits.insert(0, 1, '0');
  return value < 0 ? "-" + digits : digits;
}

std::string ordinal(int n) {
  const int tens = n % 100;
  const char* suffix = "th";
  if (tens < 11 || tens > 13) {
    if (n % 10 == 1)
      suffix = "st";
    else if (n % 10 == 2)
      suffix = "nd";
    else if (n % 10 == 3)
      suffix = "rd";
  }
  return std::to_string(n) + suffix;
}

int day_of_year(const LocalDateTime& date) {
  return static_cast<int>(days_since_epoch(date) - days_since_epoch(LocalDateTime{date.year, 1, 1})) + 1;
}

// ISO 8601 week: weeks start on Monday, week 1 holds the year's first Thursday.
struct IsoWeek {
  int year;
  int week;
};
IsoWeek iso_week(const LocalDateTime& date) {
  const int iso_weekday = (day_of_week(date) + 6) % 7;  // Monday 0
  const LocalDateTime thursday = add_days(date, 3 - iso_weekday);
  return IsoWeek{thursday.year, (day_of_year(thursday) - 1) / 7 + 1};
}

// Locale week (English: weeks start on Sunday, week 1 holds January 1st).
int locale_week(const LocalDateTime& date) {
  const LocalDateTime saturday = add_days(date, 6 - day_of_week(date));
  return (day_of_year(saturday) - 1) / 7 + 1;
}

int hour12(int hour) { return hour % 12 == 0 ? 12 : hour % 12; }

// The tokens, longest first where one is the start of another.
constexpr std::array<std::string_view, 37> kTokens = {"YYYY", "YY", "Q",  "MMMM", "MMM", "MM", "Mo", "M", "Do", "DDDD",
                                                      "DDD",  "DD", "D",  "dddd", "ddd", "dd", "do", "d", "E",  "e",
                                                      "GGGG", "GG", "WW", "W",    "ww",  "w",  "HH", "H", "hh", "h",
                                                      "mm",   "m",  "ss", "s",    "A",   "a",  "X"};

std::string expand(std::string_view token, const LocalDateTime& when) {
  const int weekday = day_of_week(when);
  if (token == "YYYY") return padded(when.year, 4);
  if (token == "YY") return padded(when.year % 100, 2);
  if (token == "Q") return std::to_string((when.month - 1) / 3 + 1);
  if (token == "MMMM") return kMonths[static_cast<size_t>(when.month - 1)];
  if (token == "MMM") return std::string(kMonths[static_cast<size_t>(when.month - 1)]).substr(0, 3);
  if (token == "MM") return padded(when.month, 2);
  if (token == "Mo") return ordinal(when.month);
  if (token == "M") return std::to_string(when.month);
  if (token == "Do") return ordinal(when.day);
  if (token == "DDDD") return padded(day_of_year(when), 3);
  if (token == "DDD") return std::to_string(day_of_year(when));
  if (token == "DD") return padded(when.day, 2);
  if (token == "D") return std::to_string(when.day);
  if (token == "dddd") return kWeekdays[static_cast<size_t>(weekday)];
  if (token == "ddd") return std::string(kWeekdays[static_cast<size_t>(weekday)]).substr(0, 3);
  if (token == "dd") return std::string(kWeekdays[static_cast<size_t>(weekday)]).substr(0, 2);
  if (token == "do") return ordinal(weekday);
  if (token == "d" || token == "e") return std::to_string(weekday);
  if (token == "E") return std::to_string(weekday == 0 ? 7 : weekday);
  if (token == "GGGG") return padded(iso_week(when).year, 4);
  if (token == "GG") return padded(iso_week(when).year % 100, 2);
  if (token == "WW") return padded(iso_week(when).week, 2);
  if (token == "W") return std::to_string(iso_week(when).week);
  if (token == "ww") return padded(locale_week(when), 2);
  if (token == "w") return std::to_string(locale_week(when));
  if (token == "HH") return padded(when.hour, 2);
  if (token == "H") return std::to_string(when.hour);
  if (token == "hh") return padded(hour12(when.hour), 2);
  if (token == "h") return std::to_string(hour12(when.hour));
  if (token == "mm") return padded(when.minute, 2);
  if (token == "m") return std::to_string(when.minute);
  if (token == "ss") return padded(when.second, 2);
  if (token == "s") return std::to_string(when.second);
  if (token == "A") return when.hour < 12 ? "AM" : "PM";
  if (token == "a") return when.hour < 12 ? "am" : "pm";
  if (token == "X")
    return std::to_string(days_since_epoch(when) * 86400L + when.hour * 3600L + when.minute * 60L + when.second);
  return std::string(token);
}

}  // namespace

long days_since_epoch(const LocalDateTime& date) {
  // Howard Hinnant's days_from_civil.
  const long year = date.year - (date.month <= 2 ? 1 : 0);
  const long era = (year >= 0 ? year : year - 399) / 400;
  const long year_of_era = year - era * 400;
  const long day_of_year_from_march = (153L * (date.month + (date.month > 2 ? -3 : 9)) + 2) / 5 + date.day - 1;
  const long day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year_from_march;
  return era * 146097 + day_of_era - 719468;
}

LocalDateTime date_from_days(long days) {
  days += 719468;
  const long era = (days >= 0 ? days : days - 146096) / 146097;
  const long day_of_era = days - era * 146097;
  const long year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const long day_of_year_from_march = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const long month_from_march = (5 * day_of_year_from_march + 2) / 153;
  LocalDateTime out;
  out.day = static_cast<int>(day_of_year_from_march - (153 * month_from_march + 2) / 5 + 1);
  out.month = static_cast<int>(month_from_march < 10 ? month_from_march + 3 : month_from_march - 9);
  out.year = static_cast<int>(year_of_era + era * 400 + (out.month <= 2 ? 1 : 0));
  return out;
}

LocalDateTime add_days(const LocalDateTime& date, long days) {
  LocalDateTime out = date_from_days(days_since_epoch(date) + days);
  out.hour = date.hour;
  out.minute = date.minute;
  out.second = date.second;
  return out;
}

int day_of_week(const LocalDateTime& date) {
  const long days = days_since_epoch(date);
  return static_cast<int>(((days + 4) % 7 + 7) % 7);  // 1970-01-01 was a Thursday
}

bool parse_iso_date(std::string_view text, LocalDateTime& out) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  int values[3] = {0, 0, 0};
  const std::array<std::pair<size_t, size_t>, 3> fields = {{{0, 4}, {5, 2}, {8, 2}}};
  for (size_t i = 0; i < 3; ++i) {
    for (size_t k = 0; k < fields[i].second; ++k) {
      const char c = text[fields[i].first + k];
      if (c < '0' || c > '9') return false;
      values[i] = values[i] * 10 + (c - '0');
    }
  }
  if (values[1] < 1 || values[1] > 12 || values[2] < 1 || values[2] > days_in_month(values[0], values[1])) return false;
  out = LocalDateTime{values[0], values[1], values[2]};
  return true;
}

std::string format_moment(const LocalDateTime& when, std::string_view format) {
  std::string out;
  size_t at = 0;
  while (at < format.size()) {
    if (format[at] == '[') {
      const size_t close = format.find(']', at + 1);
      if (close != std::string_view::npos) {
        out.append(format.substr(at + 1, close - at - 1));
        at = close + 1;
        continue;
      }
    }
    bool matched = false;
    for (const std::string_view token : kTokens) {
      if (format.substr(at, token.size()) == token) {
        out += expand(token, when);
        at += token.size();
        matched = true;
        break;
      }
    }
    if (!matched) out += format[at++];
  }
  return out;
}

}  // namespace slipbox
