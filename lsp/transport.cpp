#include "lsp/transport.h"

#include <unistd.h>
#include <cerrno>
#include <cstring>

#include "lsp/framing.h"

namespace slipbox::lsp {

void StdioTransport::send(const nlohmann::json& message) {
  // Invalid UTF-8 in a string is replaced rather than thrown: a reply must always go out.
  const std::string framed = frame_message(message.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  std::lock_guard lock(write_mutex_);
  if (write_failed_) return;  // the client is gone; nothing more can reach it
  size_t written = 0;
  while (written < framed.size()) {
    const ssize_t n = ::write(out_fd_, framed.data() + written, framed.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      write_failed_ = true;
      return;
    }
    written += static_cast<size_t>(n);
  }
}

bool StdioTransport::read_loop(const std::function<bool(std::string body)>& on_message,
                               const std::function<void(const std::string&)>& log) {
  MessageFramer framer;
  char chunk[64 * 1024];
  for (;;) {
    const ssize_t n = ::read(in_fd_, chunk, sizeof chunk);
    if (n < 0) {
      if (errno == EINTR) continue;
      log(std::string("reading stdin failed: ") + std::strerror(errno));
      return false;
    }
    if (n == 0) {
      if (framer.buffered_bytes() > 0)
        log("stdin closed in the middle of a message (" + std::to_string(framer.buffered_bytes()) + " bytes dropped)");
      return false;
    }
    framer.feed(std::string_view(chunk, static_cast<size_t>(n)));
    while (auto event = framer.next()) {
      if (event->kind == MessageFramer::Event::Kind::Error) {
        log("framing: " + event->text);
        continue;
      }
      if (!on_message(std::move(event->text))) return true;
    }
  }
}

}  // namespace slipbox::lsp
