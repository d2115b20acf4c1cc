#pragma once
#include <functional>
#include <mutex>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace slipbox::lsp {

// Where protocol messages go. The server talks to this interface only, so tests use an
// in-memory transport and the binary uses stdio.
//
// Threading: send() may be called from any thread at any time; each message is written
// whole (implementations serialise writers), so responses never interleave.
class Transport {
 public:
  virtual ~Transport() = default;
  virtual void send(const nlohmann::json& message) = 0;
};

// The LSP base protocol over two file descriptors (stdin/stdout in the binary).
class StdioTransport : public Transport {
 public:
  StdioTransport(int in_fd, int out_fd) : in_fd_(in_fd), out_fd_(out_fd) {}

  void send(const nlohmann::json& message) override;

  // Reads and frames messages until EOF, a read error, or `on_message` returns false.
  // Blocking: run it on the reader thread, which must do nothing else. Framing errors are
  // reported to `log` and reading goes on. Returns true when `on_message` stopped it.
  bool read_loop(const std::function<bool(std::string body)>& on_message,
                 const std::function<void(const std::string&)>& log);

 private:
  int in_fd_;
  int out_fd_;
  std::mutex write_mutex_;
  bool write_failed_ = false;
};

}  // namespace slipbox::lsp
