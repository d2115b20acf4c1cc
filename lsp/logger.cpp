#include "lsp/logger.h"

#include <cstdio>

namespace slipbox::lsp {

namespace {
const char* level_name(Logger::Level level) {
  switch (level) {
    case Logger::Level::Error:
      return "E";
    case Logger::Level::Warning:
      return "W";
    case Logger::Level::Info:
      return "I";
    case Logger::Level::Log:
      return "D";
  }
  return "?";
}
}  // namespace

void Logger::log(Level level, std::string_view message) {
  Sink sink;
  {
    std::lock_guard lock(mutex_);
    if (to_stderr_) {
      std::fprintf(stderr, "[slipbox %s] %.*s\n", level_name(level), static_cast<int>(message.size()), message.data());
      std::fflush(stderr);
    }
    sink = client_sink_;
  }
  // Outside the lock: the sink sends through the transport, which has its own lock.
  if (sink) sink(level, std::string(message));
}

void Logger::set_client_sink(Sink sink) {
  std::lock_guard lock(mutex_);
  client_sink_ = std::move(sink);
}

}  // namespace slipbox::lsp
