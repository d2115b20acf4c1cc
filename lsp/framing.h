#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace slipbox::lsp {

// The LSP base protocol over a byte stream, as a pure class: feed bytes in, take whole
// message bodies out. No I/O, so every framing case is testable without pipes.
//
//   Content-Length: 52\r\n
//   Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n
//   \r\n
//   {"jsonrpc":"2.0", ...}
//
// Header names are case-insensitive and may come in any order; headers other than
// Content-Length are ignored. Hostile input never allocates more than `max_body_bytes`
// (+ a small header allowance): an oversized, malformed or missing Content-Length is
// reported as an error and the framer resynchronises on the next "Content-Length:".
class MessageFramer {
 public:
  static constexpr size_t kDefaultMaxBodyBytes = size_t{64} << 20;  // 64 MiB
  static constexpr size_t kMaxHeaderBytes = 16 << 10;

  struct Event {
    enum class Kind { Message, Error };
    Kind kind = Kind::Message;
    std::string text;  // the body for a Message, a log line for an Error
  };

  explicit MessageFramer(size_t max_body_bytes = kDefaultMaxBodyBytes) : max_body_bytes_(max_body_bytes) {}

  void feed(std::string_view bytes);
  // The next message or framing error, or nullopt when more bytes are needed.
  std::optional<Event> next();
  // Bytes held back waiting for the rest of a message (for tests and EOF reporting).
  size_t buffered_bytes() const { return buffer_.size() - consumed_; }

 private:
  enum class State { Headers, Body, Resync };
  std::optional<Event> parse_headers();
  std::optional<Event> fail(std::string message);
  void compact();

  size_t max_body_bytes_;
  std::string buffer_;
  size_t consumed_ = 0;  // bytes at the front of buffer_ already handled
  State state_ = State::Headers;
  size_t body_bytes_ = 0;
};

// Frames one body for writing.
std::string frame_message(std::string_view body);

}  // namespace slipbox::lsp
