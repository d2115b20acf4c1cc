#include "tests/support/inline_snapshot.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <sstream>

namespace slipbox::testing {
namespace {

// Skips blanks and comments from `at`; returns the position of the next token.
size_t skip_blanks(std::string_view source, size_t at) {
  while (at < source.size()) {
    if (source[at] == ' ' || source[at] == '\n' || source[at] == '\t' || source[at] == '\r') {
      ++at;
    } else if (source.substr(at, 2) == "//") {
      const size_t end = source.find('\n', at);
      at = end == std::string_view::npos ? source.size() : end;
    } else {
      break;
    }
  }
  return at;
}

// The end of the string literal that starts at `at` (an ordinary "…", a raw R"d(…)d", with
// an optional `s` suffix), or nullopt when no literal starts there.
std::optional<size_t> end_of_literal(std::string_view source, size_t at) {
  size_t end;
  if (source.substr(at, 2) == "R\"") {
    const size_t open = source.find('(', at);
    if (open == std::string_view::npos) return std::nullopt;
    const std::string closing = ")" + std::string(source.substr(at + 2, open - at - 2)) + "\"";
    const size_t close = source.find(closing, open);
    if (close == std::string_view::npos) return std::nullopt;
    end = close + closing.size();
  } else if (at < source.size() && source[at] == '"') {
    end = at + 1;
    while (end < source.size() && source[end] != '"') end += source[end] == '\\' ? 2 : 1;
    if (end >= source.size()) return std::nullopt;
    ++end;
  } else {
    return std::nullopt;
  }
  if (end < source.size() && source[end] == 's') ++end;
  return end;
}

// Skips a run of adjacent literals from `at`; nullopt when there is none.
std::optional<size_t> end_of_literals(std::string_view source, size_t at) {
  std::optional<size_t> end = end_of_literal(source, skip_blanks(source, at));
  if (!end) return std::nullopt;
  for (;;) {
    const auto next = end_of_literal(source, skip_blanks(source, *end));
    if (!next) return end;
    end = next;
  }
}

std::string literal_of(std::string_view line) {
  std::string out = "\"";
  for (const char c : line) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char escape[8];
          std::snprintf(escape, sizeof escape, "\\x%02X\"\"", static_cast<unsigned>(static_cast<unsigned char>(c)));
          out += escape;  // closed and reopened, so a following hex digit is not swallowed
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

}  // namespace

bool updating_snapshots() {
  const char* value = std::getenv("UPDATE_SNAPSHOTS");
  return value && std::string_view(value) == "1";
}

std::string as_string_literals(std::string_view text, std::string_view indent) {
  if (text.empty()) return "\"\"";
  std::string out;
  size_t start = 0;
  while (start < text.size()) {
    const size_t newline = text.find('\n', start);
    const size_t end = newline == std::string_view::npos ? text.size() : newline + 1;
    if (!out.empty()) out += "\n" + std::string(indent);
    out += literal_of(text.substr(start, end - start));
    start = end;
  }
  return out;
}

std::string update_inline_snapshot(const std::string& source_file, std::string_view case_type, std::string_view name,
                                   std::string_view actual) {
  // ctest runs each case in its own process, several at once: one rewrite at a time. The lock
  // is a file of its own: the source file is replaced (renamed over), its lock would go with it.
  const std::string lock_path = source_file + ".lock";
  const int lock = ::open(lock_path.c_str(), O_RDWR | O_CREAT, 0644);
  if (lock < 0 || ::flock(lock, LOCK_EX) != 0) {
    if (lock >= 0) ::close(lock);
    return "cannot lock " + lock_path;
  }
  struct Unlock {
    int fd;
    ~Unlock() { ::close(fd); }  // closing releases the lock
  } unlock{lock};

  std::stringstream read;
  read << std::ifstream(source_file, std::ios::binary).rdbuf();
  std::string source = read.str();
  const std::string head = std::string(case_type) + "{\"" + std::string(name) + "\"";
  const size_t found = source.find(head);
  if (found == std::string::npos) return "no " + head + " in " + source_file;
  if (source.find(head, found + 1) != std::string::npos) return head + " appears twice in " + source_file;
  size_t at = skip_blanks(source, found + head.size());
  if (at >= source.size() || source[at] != ',') return "no input after the name";
  const auto input_end = end_of_literals(source, at + 1);
  if (!input_end) return "the input is not a run of string literals: update it by hand";
  at = skip_blanks(source, *input_end);
  if (at >= source.size() || source[at] != ',') return "no expected text after the input";
  const size_t expected_begin = skip_blanks(source, at + 1);
  const auto expected_end = end_of_literals(source, expected_begin);
  if (!expected_end) return "the expected text is not a run of string literals: update it by hand";
  const size_t line_start = source.rfind('\n', expected_begin) + 1;
  const std::string indent(expected_begin - line_start, ' ');
  source.replace(expected_begin, *expected_end - expected_begin, as_string_literals(actual, indent));
  const std::string temporary = source_file + ".updating";
  std::ofstream(temporary, std::ios::binary) << source;
  if (std::rename(temporary.c_str(), source_file.c_str()) != 0) return "cannot write " + source_file;
  return "";
}

}  // namespace slipbox::testing
