#include "lsp/framing.h"

#include <algorithm>

namespace slipbox::lsp {
namespace {

constexpr std::string_view kContentLength = "content-length";

char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return ascii_lower(x) == ascii_lower(y); });
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// Parses a decimal length without overflow; nullopt for anything but digits.
std::optional<uint64_t> parse_length(std::string_view text) {
  if (text.empty() || text.size() > 19) return std::nullopt;  // 19 digits always fit in uint64
  uint64_t value = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + static_cast<uint64_t>(c - '0');
  }
  return value;
}

// Case-insensitive search for "content-length:" in `haystack`.
size_t find_content_length(std::string_view haystack) {
  constexpr std::string_view needle = "content-length:";
  if (haystack.size() < needle.size()) return std::string_view::npos;
  for (size_t i = 0; i + needle.size() <= haystack.size(); ++i)
    if (iequals(haystack.substr(i, needle.size()), needle)) return i;
  return std::string_view::npos;
}

}  // namespace

void MessageFramer::feed(std::string_view bytes) {
  compact();
  buffer_.append(bytes);
}

void MessageFramer::compact() {
  if (consumed_ == 0) return;
  buffer_.erase(0, consumed_);
  consumed_ = 0;
}

std::optional<MessageFramer::Event> MessageFramer::fail(std::string message) {
  state_ = State::Resync;
  return Event{Event::Kind::Error, std::move(message)};
}

std::optional<MessageFramer::Event> MessageFramer::next() {
  for (;;) {
    const std::string_view pending = std::string_view(buffer_).substr(consumed_);
    switch (state_) {
      case State::Resync: {
        const size_t at = find_content_length(pending);
        if (at == std::string_view::npos) {
          // Keep a tail that may be the start of a split "Content-Length:".
          const size_t keep = std::min(pending.size(), size_t{14});
          consumed_ += pending.size() - keep;
          compact();
          return std::nullopt;
        }
        consumed_ += at;
        state_ = State::Headers;
        continue;
      }
      case State::Headers:
        return parse_headers();
      case State::Body: {
        if (pending.size() < body_bytes_) return std::nullopt;
        Event event{Event::Kind::Message, std::string(pending.substr(0, body_bytes_))};
        consumed_ += body_bytes_;
        state_ = State::Headers;
        return event;
      }
    }
  }
}

std::optional<MessageFramer::Event> MessageFramer::parse_headers() {
  // Blank lines between messages are harmless; skip them quietly.
  while (consumed_ < buffer_.size() && (buffer_[consumed_] == '\r' || buffer_[consumed_] == '\n')) ++consumed_;
  const std::string_view pending = std::string_view(buffer_).substr(consumed_);

  // The header block ends at the first empty line ("\r\n\r\n", leniently "\n\n").
  size_t end = std::string_view::npos, separator = 0;
  for (size_t i = 0; i < pending.size(); ++i) {
    if (pending[i] != '\n') continue;
    if (i + 1 < pending.size() && pending[i + 1] == '\n') {
      end = i;
      separator = 2;
      break;
    }
    if (i + 2 < pending.size() && pending[i + 1] == '\r' && pending[i + 2] == '\n') {
      end = i;
      separator = 3;
      break;
    }
  }
  if (end == std::string_view::npos) {
    if (pending.size() > kMaxHeaderBytes) {
      consumed_ += pending.size();
      return fail("header block longer than " + std::to_string(kMaxHeaderBytes) + " bytes; resynchronising");
    }
    return std::nullopt;
  }
  const std::string_view block = pending.substr(0, end);
  const size_t block_begin = consumed_;

  std::optional<uint64_t> length;
  std::string problem;
  // Where to look for the next message when this header block is refused: after its last
  // Content-Length line, or (when it had none, e.g. raw JSON) one byte in.
  size_t resume = 1;
  for (size_t start = 0; start <= block.size();) {
    size_t stop = block.find('\n', start);
    if (stop == std::string_view::npos) stop = block.size();
    const std::string_view line = trim(block.substr(start, stop - start));
    start = stop + 1;
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;                        // not a header: ignored, as clangd does
    if (!iequals(trim(line.substr(0, colon)), kContentLength)) continue;  // Content-Type and others
    resume = std::min(start, block.size());
    const std::string_view value = trim(line.substr(colon + 1));
    const std::optional<uint64_t> parsed = parse_length(value);
    if (!parsed) {
      if (problem.empty()) problem = "invalid Content-Length '" + std::string(value.substr(0, 40)) + "'";
    } else if (length && *length != *parsed) {
      if (problem.empty()) problem = "conflicting Content-Length headers";
    } else {
      length = parsed;
    }
  }
  if (!length && problem.empty()) problem = "message without Content-Length";
  if (length && problem.empty() && *length > max_body_bytes_)
    problem =
        "refusing a message of " + std::to_string(*length) + " bytes (limit " + std::to_string(max_body_bytes_) + ")";
  if (!problem.empty()) {
    consumed_ = block_begin + resume;
    return fail(problem + "; resynchronising");
  }
  consumed_ += end + separator;
  body_bytes_ = static_cast<size_t>(*length);
  state_ = State::Body;
  return next();
}

std::string frame_message(std::string_view body) {
  std::string out = "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n";
  out.append(body);
  return out;
}

}  // namespace slipbox::lsp
