#pragma once
// The real `slipbox` binary as a child process, for the end-to-end suites: our ends of its
// stdin and stdout, its stderr in a file a failure can show, and a deliberately simple
// reader of what it writes — exact "Content-Length: N\r\n\r\n" headers, then N bytes of
// JSON, independent of the server's own framer, so a framing bug cannot hide itself.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/e2e/exec_slipbox.h"

namespace slipbox::e2e {

namespace fs = std::filesystem;
using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

// A file:// URI as an editor sends it: '/' and the unreserved characters kept, every other
// byte of the UTF-8 path percent-encoded.
inline std::string file_uri(const fs::path& path) {
  std::string out = "file://";
  for (const unsigned char c : path.generic_string()) {
    if (std::isalnum(c) || c == '/' || c == '-' || c == '.' || c == '_' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      char buffer[4];
      std::snprintf(buffer, sizeof buffer, "%%%02X", c);
      out += buffer;
    }
  }
  return out;
}

inline std::string frame(std::string_view body) {
  return "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + std::string(body);
}

class ServerProcess {
 public:
  // Runs SLIPBOX_BINARY with `args` (e.g. {"lsp"}).
  explicit ServerProcess(std::vector<std::string> args) {
    static std::atomic<int> counter{0};
    stderr_path_ = fs::temp_directory_path() /
                   ("slipbox-e2e-stderr-" + std::to_string(getpid()) + "-" + std::to_string(counter++) + ".log");
    int in_pipe[2], out_pipe[2];
    if (pipe(in_pipe) != 0 || pipe(out_pipe) != 0) throw std::runtime_error("pipe failed");
    pid_ = fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
      dup2(in_pipe[0], STDIN_FILENO);
      dup2(out_pipe[1], STDOUT_FILENO);
      const int err = open(stderr_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      if (err >= 0) dup2(err, STDERR_FILENO);
      for (int fd : {in_pipe[0], in_pipe[1], out_pipe[0], out_pipe[1]}) close(fd);
      exec_slipbox(std::move(args));
    }
    close(in_pipe[0]);
    close(out_pipe[1]);
    to_server_ = in_pipe[1];
    from_server_ = out_pipe[0];
    signal(SIGPIPE, SIG_IGN);  // a server that died shows as a failed write, not a dead test
  }
  ~ServerProcess() {
    close_stdin();
    if (from_server_ >= 0) close(from_server_);
    if (!exit_code_) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    std::error_code ignored;
    fs::remove(stderr_path_, ignored);
  }
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  // Writes all of `bytes` before returning; a failed write fails the test.
  void write(std::string_view bytes) {
    join_writer();
    size_t written = 0;
    while (written < bytes.size()) {
      const ssize_t n = ::write(to_server_, bytes.data() + written, bytes.size() - written);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        ADD_FAILURE() << "writing to the server failed: " << std::strerror(errno) << "\nstderr:\n" << stderr_text();
        return;
      }
      written += static_cast<size_t>(n);
    }
  }
  // Writes `bytes` from a thread, in small pieces, so that neither side blocks on a full pipe
  // while the test reads the answers.
  void write_in_background(std::string bytes) {
    join_writer();
    writer_ = std::thread([fd = to_server_, bytes = std::move(bytes)] {
      size_t written = 0;
      while (written < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.data() + written, std::min<size_t>(bytes.size() - written, 4096));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return;
        written += static_cast<size_t>(n);
      }
    });
  }
  void close_stdin() {
    join_writer();
    if (to_server_ >= 0) close(to_server_);
    to_server_ = -1;
  }

  // The next message the server wrote, or nullopt at EOF or the deadline. Anything on stdout
  // that is not a well-formed message fails the test.
  std::optional<json> next_message(Clock::time_point deadline) {
    for (;;) {
      const size_t header_end = buffer_.find("\r\n\r\n");
      if (header_end != std::string::npos) {
        const std::string headers = buffer_.substr(0, header_end);
        std::smatch match;
        static const std::regex content_length(R"(^Content-Length: (\d+)$)");
        if (!std::regex_match(headers, match, content_length)) {
          ADD_FAILURE() << "bad header block on stdout: " << headers;
          buffer_.clear();
          return std::nullopt;
        }
        const size_t length = std::stoul(match[1]);
        if (buffer_.size() >= header_end + 4 + length) {
          const std::string body = buffer_.substr(header_end + 4, length);
          buffer_.erase(0, header_end + 4 + length);
          json parsed = json::parse(body, nullptr, false);
          if (parsed.is_discarded()) ADD_FAILURE() << "invalid JSON from the server: " << body;
          return parsed;
        }
      }
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
      if (left <= 0) return std::nullopt;
      pollfd fd{from_server_, POLLIN, 0};
      const int ready = poll(&fd, 1, static_cast<int>(left));
      if (ready < 0 && errno == EINTR) continue;
      if (ready <= 0) return std::nullopt;
      char chunk[65536];
      const ssize_t n = read(from_server_, chunk, sizeof chunk);
      if (n <= 0) return std::nullopt;  // EOF
      buffer_.append(chunk, static_cast<size_t>(n));
    }
  }
  // Bytes read from stdout that do not (yet) make a whole message.
  const std::string& unread_bytes() const { return buffer_; }

  // Waits for the process to end: its exit code (128 + signal when killed), or nullopt and a
  // failure when it does not end within `patience`.
  std::optional<int> wait_exit(std::chrono::seconds patience) {
    if (exit_code_) return exit_code_;
    const auto deadline = Clock::now() + patience;
    while (Clock::now() < deadline) {
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        return exit_code_;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ADD_FAILURE() << "the server did not exit within " << patience.count() << " s\nstderr:\n" << stderr_text();
    return std::nullopt;
  }

  // The end of what the server wrote to stderr (at most `max_bytes`).
  std::string stderr_text(size_t max_bytes = 16000) const {
    std::ifstream in(stderr_path_);
    std::stringstream out;
    out << in.rdbuf();
    std::string text = out.str();
    return text.size() > max_bytes ? "…" + text.substr(text.size() - max_bytes) : text;
  }

  // Peak resident memory (VmHWM) in kB while it runs, or 0 when /proc does not say.
  long peak_memory_kb() const {
    std::ifstream status("/proc/" + std::to_string(pid_) + "/status");
    std::string line;
    while (std::getline(status, line))
      if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
    return 0;
  }

  pid_t pid() const { return pid_; }

 private:
  void join_writer() {
    if (writer_.joinable()) writer_.join();
  }

  fs::path stderr_path_;
  pid_t pid_ = -1;
  int to_server_ = -1;
  int from_server_ = -1;
  std::string buffer_;
  std::thread writer_;
  std::optional<int> exit_code_;
};

}  // namespace slipbox::e2e
