#pragma once
#include <functional>
#include <mutex>
#include <string>
#include <string_view>

namespace slipbox::lsp {

// Logs go to stderr (stdout carries only protocol) and, once the client is initialized,
// to the client as window/logMessage. Thread-safe.
class Logger {
 public:
  // LSP MessageType values.
  enum class Level { Error = 1, Warning = 2, Info = 3, Log = 4 };
  using Sink = std::function<void(Level, const std::string&)>;

  explicit Logger(bool to_stderr = true) : to_stderr_(to_stderr) {}

  void log(Level level, std::string_view message);
  void error(std::string_view message) { log(Level::Error, message); }
  void warning(std::string_view message) { log(Level::Warning, message); }
  void info(std::string_view message) { log(Level::Info, message); }

  void set_client_sink(Sink sink);

 private:
  std::mutex mutex_;
  bool to_stderr_;
  Sink client_sink_;
};

}  // namespace slipbox::lsp
