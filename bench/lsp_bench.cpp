// slipbox-bench-lsp: starts the real `slipbox lsp` over stdio and measures it as an editor
// would feel it — time to a usable index, request latencies, didChange → diagnostics, peak
// memory — then times `slipbox check` on the same vault. POSIX only (fork/exec, poll, /proc).
//
// Every wait is bounded: a server that does not answer is reported, never waited on forever.
#include <fcntl.h>
#include <md4c.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace fs = std::filesystem;
using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

namespace {

double ms_since(Clock::time_point start, Clock::time_point end = Clock::now()) {
  return std::chrono::duration<double, std::milli>(end - start).count();
}

Clock::time_point after_seconds(double seconds) {
  return Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
}

// ---- text positions ------------------------------------------------------------------

// UTF-16 code units in a UTF-8 string (4-byte sequences are surrogate pairs).
uint32_t utf16_length(std::string_view s) {
  uint32_t n = 0;
  for (unsigned char c : s) {
    if ((c & 0xC0) == 0x80) continue;  // continuation byte
    n += c >= 0xF0 ? 2 : 1;
  }
  return n;
}

struct Position {
  uint32_t line = 0;
  uint32_t character_utf16 = 0;
};

// The LSP position of byte `offset` in `text`.
Position position_at(std::string_view text, size_t offset) {
  Position p;
  size_t line_start = 0;
  for (size_t i = 0; i < offset && i < text.size(); ++i)
    if (text[i] == '\n') {
      ++p.line;
      line_start = i + 1;
    }
  p.character_utf16 = utf16_length(text.substr(line_start, offset - line_start));
  return p;
}

json to_json(Position p) { return {{"line", p.line}, {"character", p.character_utf16}}; }

// ---- URIs ----------------------------------------------------------------------------

std::string file_uri(const fs::path& absolute) {
  static const char* hex = "0123456789ABCDEF";
  std::string out = "file://";
  for (unsigned char c : absolute.generic_string()) {
    if (std::isalnum(c) || c == '/' || c == '-' || c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

std::optional<fs::path> path_from_uri(std::string_view uri) {
  if (!uri.starts_with("file://")) return std::nullopt;
  uri.remove_prefix(7);
  std::string out;
  for (size_t i = 0; i < uri.size(); ++i) {
    if (uri[i] == '%' && i + 2 < uri.size() && std::isxdigit(static_cast<unsigned char>(uri[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(uri[i + 2]))) {
      out += static_cast<char>(std::stoi(std::string(uri.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += uri[i];
    }
  }
  return fs::path(out);
}

// ---- statistics ----------------------------------------------------------------------

struct Samples {
  std::vector<double> ms;
  std::string failure;  // why the measure stopped early, if it did
  std::string note;     // what the answers looked like

  double percentile(double p) const {
    if (ms.empty()) return NAN;
    std::vector<double> sorted = ms;
    std::sort(sorted.begin(), sorted.end());
    size_t rank = static_cast<size_t>(std::ceil(p * static_cast<double>(sorted.size())));  // nearest rank
    return sorted[std::clamp<size_t>(rank, 1, sorted.size()) - 1];
  }
  double max() const { return ms.empty() ? NAN : *std::max_element(ms.begin(), ms.end()); }
};

// ---- the server process and the protocol ---------------------------------------------

class ServerError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct ProgressEvent {
  std::string token;
  std::string kind;
  std::string text;
  double at_ms;
};

struct Published {
  std::string uri;
  std::optional<int64_t> version;
  size_t diagnostics;
  Clock::time_point at;
};

class LspServer {
 public:
  LspServer(const std::string& binary, const std::string& log_path, Clock::time_point spawn_time)
      : spawn_time_(spawn_time) {
    int in_pipe[2], out_pipe[2];
    if (pipe2(in_pipe, O_CLOEXEC) != 0 || pipe2(out_pipe, O_CLOEXEC) != 0)
      throw ServerError(std::string("pipe: ") + std::strerror(errno));
    int log_fd = open(log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    pid_ = fork();
    if (pid_ < 0) throw ServerError(std::string("fork: ") + std::strerror(errno));
    if (pid_ == 0) {
      dup2(in_pipe[0], 0);
      dup2(out_pipe[1], 1);
      if (log_fd >= 0) dup2(log_fd, 2);
      execl(binary.c_str(), binary.c_str(), "lsp", static_cast<char*>(nullptr));
      std::fprintf(stderr, "slipbox-bench-lsp: cannot run %s: %s\n", binary.c_str(), std::strerror(errno));
      _exit(127);
    }
    if (log_fd >= 0) close(log_fd);
    close(in_pipe[0]);
    close(out_pipe[1]);
    to_server_ = in_pipe[1];
    from_server_ = out_pipe[0];
    fcntl(to_server_, F_SETFL, fcntl(to_server_, F_GETFL) | O_NONBLOCK);
    fcntl(from_server_, F_SETFL, fcntl(from_server_, F_GETFL) | O_NONBLOCK);
  }

  ~LspServer() {
    if (to_server_ >= 0) close(to_server_);
    if (from_server_ >= 0) close(from_server_);
    if (!reaped_) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
  }

  pid_t pid() const { return pid_; }
  bool alive() const { return !closed_; }

  // Sends a request; returns its id. The answer is collected by wait_response.
  int64_t send_request(const std::string& method, json params) {
    int64_t id = next_id_++;
    json message = {{"jsonrpc", "2.0"}, {"id", id}, {"method", method}};
    if (!params.is_null()) message["params"] = std::move(params);  // `shutdown` has none
    queue(message);
    return id;
  }
  void notify(const std::string& method, json params) {
    json message = {{"jsonrpc", "2.0"}, {"method", method}};
    if (!params.is_null()) message["params"] = std::move(params);  // `exit` has none
    queue(message);
  }

  // Waits for the response to `id`; nullopt on timeout. Throws if the server is gone.
  std::optional<json> wait_response(int64_t id, Clock::time_point deadline) {
    for (;;) {
      if (auto it = responses_.find(id); it != responses_.end()) {
        json r = std::move(it->second);
        responses_.erase(it);
        return r;
      }
      if (Clock::now() >= deadline) return std::nullopt;
      pump(deadline);
    }
  }

  // A request and its latency, measured from the first byte written to the parsed answer.
  struct Answer {
    std::optional<json> response;  // nullopt: timed out
    double ms = 0;
  };
  Answer call(const std::string& method, json params, double timeout_s) {
    auto start = Clock::now();
    int64_t id = send_request(method, std::move(params));
    auto response = wait_response(
        id, start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(timeout_s)));
    return {std::move(response), ms_since(start)};
  }

  // Reads and writes until `deadline`, handling whatever arrives.
  void pump_until(Clock::time_point deadline) {
    while (Clock::now() < deadline) pump(deadline);
  }
  // Pumps until nothing has arrived for `quiet_ms` (or `limit` passes).
  void settle(double quiet_ms, Clock::time_point limit) {
    while (Clock::now() < limit) {
      size_t before = messages_received_;
      pump_until(std::min(limit, Clock::now() + std::chrono::microseconds(static_cast<int64_t>(quiet_ms * 1000))));
      if (messages_received_ == before) return;
    }
  }

  const std::vector<ProgressEvent>& progress() const { return progress_; }
  std::vector<Published>& published() { return published_; }
  void watch_diagnostics_for(const std::string& uri) { watched_uris_.insert(uri); }
  size_t other_publishes() const { return other_publishes_; }
  // workspace/diagnostic/refresh and workspace/codeLens/refresh requests received so far.
  size_t refreshes_received() const { return refreshes_received_; }
  const std::vector<std::string>& shown_messages() const { return shown_messages_; }

  // Closes our end of stdin and waits for the process; SIGKILL after `timeout_s`.
  int wait_exit(double timeout_s) {
    if (to_server_ >= 0) {
      flush(after_seconds(1));
      close(to_server_);
      to_server_ = -1;
    }
    auto deadline = after_seconds(timeout_s);
    int status = 0;
    while (Clock::now() < deadline) {
      // Reading stdout to its end reaps the process (exit_description): then it has exited,
      // and waitpid would only say ECHILD until the deadline.
      if (reaped_) return exit_status_;
      pid_t r = waitpid(pid_, &status, WNOHANG);
      if (r == pid_) {
        reaped_ = true;
        exit_status_ = status;
        return status;
      }
      // Keep draining stdout so a chatty server cannot block on a full pipe while exiting.
      bool drained = false;
      if (from_server_ >= 0 && !closed_) {
        try {
          pump(Clock::now() + std::chrono::milliseconds(10));
          drained = true;
        } catch (const ServerError&) {  // stdout closing is what we are waiting for
        }
      }
      if (!drained) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    if (reaped_) return exit_status_;
    kill(pid_, SIGKILL);
    waitpid(pid_, &status, 0);
    reaped_ = true;
    exit_status_ = status;
    throw ServerError("the server did not exit within " + std::to_string(static_cast<int>(timeout_s)) +
                      " s of `exit`; killed it");
  }

  std::string exit_description() {
    if (!reaped_) {
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        reaped_ = true;
        exit_status_ = status;
      } else {
        return "still running";
      }
    }
    if (WIFEXITED(exit_status_)) return "exited with status " + std::to_string(WEXITSTATUS(exit_status_));
    if (WIFSIGNALED(exit_status_)) return std::string("killed by signal ") + strsignal(WTERMSIG(exit_status_));
    return "ended";
  }

 private:
  void queue(const json& message) {
    std::string body = message.dump();
    trace("→", body);
    outgoing_ += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n";
    outgoing_ += body;
    flush(after_seconds(30));
  }

  // Writes everything queued, reading meanwhile so neither side blocks on a full pipe.
  void flush(Clock::time_point deadline) {
    while (!outgoing_.empty()) {
      if (Clock::now() >= deadline) throw ServerError("the server stopped reading its stdin (write timed out)");
      pump(deadline);
    }
  }

  void pump(Clock::time_point deadline) {
    if (closed_) throw ServerError("the server closed its stdout (" + exit_description() + ")");
    pollfd fds[2] = {{from_server_, POLLIN, 0}, {to_server_, static_cast<short>(outgoing_.empty() ? 0 : POLLOUT), 0}};
    nfds_t count = to_server_ >= 0 ? 2 : 1;
    auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    int timeout = static_cast<int>(std::clamp<int64_t>(wait, 0, 100));
    int ready = poll(fds, count, timeout);
    if (ready < 0) {
      if (errno == EINTR) return;
      throw ServerError(std::string("poll: ") + std::strerror(errno));
    }
    if (count == 2 && (fds[1].revents & (POLLOUT | POLLERR))) {
      ssize_t n = write(to_server_, outgoing_.data(), outgoing_.size());
      if (n > 0) {
        outgoing_.erase(0, static_cast<size_t>(n));
      } else if (n < 0 && errno != EAGAIN && errno != EINTR) {
        closed_ = true;
        throw ServerError("the server closed its stdin (" + exit_description() + ")");
      }
    }
    if (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) {
      char buffer[1 << 16];
      for (;;) {
        ssize_t n = read(from_server_, buffer, sizeof buffer);
        if (n > 0) {
          incoming_.append(buffer, static_cast<size_t>(n));
          continue;
        }
        if (n == 0)
          closed_ = true;
        else if (errno != EAGAIN && errno != EINTR)
          closed_ = true;
        break;
      }
      parse_incoming();
      if (closed_) throw ServerError("the server closed its stdout (" + exit_description() + ")");
    }
  }

  void parse_incoming() {
    for (;;) {
      size_t header_end = incoming_.find("\r\n\r\n");
      if (header_end == std::string::npos) return;
      size_t length = 0;
      bool have_length = false;
      std::istringstream headers(incoming_.substr(0, header_end));
      std::string line;
      while (std::getline(headers, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        std::string lower = line;
        std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
        if (lower.rfind("content-length:", 0) == 0) {
          length = std::strtoull(line.c_str() + 15, nullptr, 10);
          have_length = true;
        }
      }
      if (!have_length || length > (1u << 30))
        throw ServerError("malformed header from the server: " + incoming_.substr(0, header_end));
      if (incoming_.size() < header_end + 4 + length) return;
      std::string body = incoming_.substr(header_end + 4, length);
      trace("←", body);
      incoming_.erase(0, header_end + 4 + length);
      json message;
      try {
        message = json::parse(body);
      } catch (const std::exception& e) {
        throw ServerError(std::string("the server sent invalid JSON: ") + e.what());
      }
      ++messages_received_;
      handle(std::move(message));
    }
  }

  void handle(json message) {
    auto now = Clock::now();
    bool has_id = message.contains("id") && !message["id"].is_null();
    if (!message.contains("method")) {
      if (has_id && message["id"].is_number_integer()) {
        int64_t id = message["id"].get<int64_t>();  // before the move: json's operator= takes by value
        responses_[id] = std::move(message);
      }
      return;
    }
    const std::string method = message["method"].get<std::string>();
    const json& params = message.contains("params") ? message["params"] : json();
    if (has_id) {
      // A request from the server: answer as a cooperative editor would.
      if (method.ends_with("/refresh")) ++refreshes_received_;
      json result = nullptr;
      if (method == "workspace/configuration" && params.contains("items") && params["items"].is_array())
        result = json::array_t(params["items"].size(), nullptr);
      else if (method == "workspace/workspaceFolders")
        result = nullptr;
      json reply = {{"jsonrpc", "2.0"}, {"id", message["id"]}, {"result", result}};
      std::string body = reply.dump();
      trace("→", body);
      outgoing_ += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
      return;
    }
    if (method == "$/progress" && params.is_object()) {
      const json& value = params.value("value", json::object());
      ProgressEvent event;
      event.token = params.contains("token") ? params["token"].dump() : "";
      event.kind = value.is_object() ? value.value("kind", "") : "";
      if (value.is_object()) event.text = value.value("title", value.value("message", ""));
      event.at_ms = ms_since(spawn_time_, now);
      progress_.push_back(std::move(event));
    } else if (method == "textDocument/publishDiagnostics" && params.is_object()) {
      std::string uri = params.value("uri", "");
      if (!watched_uris_.count(uri)) {
        ++other_publishes_;
        return;
      }
      Published p{uri, std::nullopt, 0, now};
      if (params.contains("version") && params["version"].is_number_integer())
        p.version = params["version"].get<int64_t>();
      if (params.contains("diagnostics") && params["diagnostics"].is_array())
        p.diagnostics = params["diagnostics"].size();
      published_.push_back(std::move(p));
    } else if (method == "window/showMessage" && params.is_object()) {
      shown_messages_.push_back(params.value("message", ""));
    }
  }

  void trace(const char* direction, const std::string& body) {
    if (!trace_) return;
    std::fprintf(trace_, "%10.3f ms %s %s\n", ms_since(spawn_time_), direction, body.c_str());
    std::fflush(trace_);  // readable while the run goes on, complete if it is killed
  }

 public:
  std::FILE* trace_ = nullptr;  // every message, when --trace is given

 private:
  Clock::time_point spawn_time_;
  pid_t pid_ = -1;
  int to_server_ = -1;
  int from_server_ = -1;
  bool closed_ = false;
  bool reaped_ = false;
  int exit_status_ = 0;
  int64_t next_id_ = 1;
  std::string outgoing_;
  std::string incoming_;
  size_t messages_received_ = 0;
  std::map<int64_t, json> responses_;
  std::vector<ProgressEvent> progress_;
  std::vector<Published> published_;
  std::set<std::string> watched_uris_;
  size_t other_publishes_ = 0;
  size_t refreshes_received_ = 0;
  std::vector<std::string> shown_messages_;
};

// ---- reading the vault ---------------------------------------------------------------

struct VaultFiles {
  fs::path root;                          // absolute
  std::vector<std::string> notes;         // vault-relative, '/', sorted
  std::string largest;                    // the note with the most bytes
  std::optional<size_t> expected_broken;  // from the generator's marker, if present
  std::string hub_note;                   // vault-relative, from the marker: the note many notes link to
};

VaultFiles scan_vault(const fs::path& root) {
  VaultFiles v;
  v.root = root;
  uintmax_t largest_size = 0;
  for (auto it = fs::recursive_directory_iterator(root, fs::directory_options::skip_permission_denied);
       it != fs::recursive_directory_iterator(); ++it) {
    std::string name = it->path().filename().string();
    if (!name.empty() && name[0] == '.') {
      if (it->is_directory()) it.disable_recursion_pending();
      continue;
    }
    if (!it->is_regular_file() || it->path().extension() != ".md") continue;
    std::string rel = it->path().lexically_relative(root).generic_string();
    v.notes.push_back(rel);
    if (it->file_size() > largest_size) {
      largest_size = it->file_size();
      v.largest = rel;
    }
  }
  std::sort(v.notes.begin(), v.notes.end());
  std::ifstream marker(root / ".slipbox-bench-vault");
  if (marker) {
    try {
      json m = json::parse(marker);
      if (m.contains("expected_broken_links")) v.expected_broken = m["expected_broken_links"].get<size_t>();
      if (m.contains("hub_note")) v.hub_note = m["hub_note"].get<std::string>();
    } catch (const std::exception&) {
    }
  }
  return v;
}

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + p.string());
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// ---- the limit: md4c alone -----------------------------------------------------------

// Every note of the vault read and parsed by md4c with callbacks that do nothing, on
// `threads` threads: what no index that parses each note with md4c can beat.
struct Md4cOnly {
  double read_and_parse_ms = 0;  // open, read and parse each note (the index's own path)
  double parse_ms = 0;           // the parses alone, texts already in memory
  size_t bytes = 0;
};

int md4c_ignore_block(MD_BLOCKTYPE, void*, void*) { return 0; }
int md4c_ignore_span(MD_SPANTYPE, void*, void*) { return 0; }
int md4c_ignore_text(MD_TEXTTYPE, const MD_CHAR*, MD_SIZE, void*) { return 0; }

void md4c_parse(const std::string& text) {
  MD_PARSER parser{};
  // The flags slipbox's own parse uses (analysis/markdown/structure.cpp).
  parser.flags = MD_FLAG_TABLES | MD_FLAG_STRIKETHROUGH | MD_FLAG_TASKLISTS | MD_FLAG_LATEXMATHSPANS;
  parser.enter_block = md4c_ignore_block;
  parser.leave_block = md4c_ignore_block;
  parser.enter_span = md4c_ignore_span;
  parser.leave_span = md4c_ignore_span;
  parser.text = md4c_ignore_text;
  md_parse(text.data(), static_cast<MD_SIZE>(text.size()), &parser, nullptr);
}

template <typename Work>
void on_threads(size_t count, unsigned threads, Work&& work) {
  std::atomic<size_t> next{0};
  auto run = [&] {
    for (size_t i = next++; i < count; i = next++) work(i);
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(run);
  run();
  for (auto& t : pool) t.join();
}

Md4cOnly measure_md4c_only(const fs::path& root, const std::vector<std::string>& notes, unsigned threads) {
  Md4cOnly result;
  std::vector<std::string> texts(notes.size());
  auto start = Clock::now();
  on_threads(notes.size(), threads, [&](size_t i) {
    texts[i] = read_file(root / fs::path(notes[i]));
    md4c_parse(texts[i]);
  });
  result.read_and_parse_ms = ms_since(start);
  for (const auto& t : texts) result.bytes += t.size();
  start = Clock::now();
  on_threads(texts.size(), threads, [&](size_t i) { md4c_parse(texts[i]); });
  result.parse_ms = ms_since(start);
  return result;
}

// Wikilink targets written in a note (outside code fences), e.g. "Folder/Name#Heading".
std::vector<std::string> wikilinks_in(const std::string& text) {
  std::vector<std::string> out;
  bool in_fence = false;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.rfind("```", 0) == 0) {
      in_fence = !in_fence;
      continue;
    }
    if (in_fence || line.find('`') != std::string::npos || line.find("%%") != std::string::npos) continue;
    for (size_t at = line.find("[["); at != std::string::npos; at = line.find("[[", at + 2)) {
      size_t end = line.find("]]", at + 2);
      if (end == std::string::npos) break;
      if (at > 0 && line[at - 1] == '!') continue;  // embeds: fine to skip
      out.push_back(line.substr(at + 2, end - at - 2));
    }
  }
  return out;
}

// The first `n` code points of `s`.
std::string first_code_points(std::string_view s, size_t n) {
  size_t i = 0;
  while (i < s.size() && n > 0) {
    ++i;
    while (i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) ++i;
    --n;
  }
  return std::string(s.substr(0, i));
}

std::string stem_of(const std::string& rel) {
  std::string name = rel.substr(rel.rfind('/') == std::string::npos ? 0 : rel.rfind('/') + 1);
  return name.substr(0, name.size() - 3);
}

// ---- the benchmark -------------------------------------------------------------------

struct Options {
  std::string server;
  fs::path vault;
  size_t iterations = 200;
  double request_timeout_s = 10;
  double index_timeout_s = 300;
  double check_timeout_s = 600;
  size_t check_runs = 3;
  size_t index_runs = 3;
  double exit_timeout_s = 5;  // cold starts; the median spawn → index complete is reported
  // Idle before reading peak memory, so that what the server builds in the background after
  // indexing (the link graph: seconds at 100,000 notes, at low priority) is counted.
  double settle_s = 5;
  std::string big_note;  // vault-relative; default: the largest note
  std::string server_log = "/tmp/slipbox-bench-server.log";
  std::string trace;  // protocol transcript
  bool skip_check = false;
  bool skip_lsp = false;
  bool skip_navigation = false;
  bool skip_md4c = false;
};

struct Probe {
  std::string uri;
  std::string text;
  std::vector<Position> index_probes;          // links to notes spread over the sorted order
  std::vector<fs::path> index_targets;         // where each must resolve
  std::vector<Position> link_positions;        // inside existing links
  std::vector<Position> completion_positions;  // right after `[[` + 3 code points
};

// The probe document: the first note's own text plus a section the driver controls.
Probe make_probe(const VaultFiles& vault, const std::string& exclude) {
  std::vector<std::string> notes;
  for (const auto& n : vault.notes)
    if (n != exclude) notes.push_back(n);
  if (notes.size() < 2) throw std::runtime_error("the vault has fewer than two notes");

  Probe probe;
  const std::string& host = notes.front();
  probe.uri = file_uri(vault.root / fs::path(host));
  probe.text = read_file(vault.root / fs::path(host));
  if (!probe.text.empty() && probe.text.back() != '\n') probe.text += '\n';
  probe.text += "\n## Slipbox bench probe\n\n";

  // Index probes: the last note of each quarter of the sorted order (where a sorted,
  // chunked indexer would reach last), written as exact vault paths.
  size_t n = notes.size();
  std::set<size_t> picks;
  for (size_t quarter = 1; quarter <= 4; ++quarter) picks.insert(std::max<size_t>(1, quarter * n / 4) - 1);
  for (size_t i : picks) {
    const std::string& target = notes[i];
    probe.text += "Index probe: [[";
    probe.index_probes.push_back(position_at(probe.text, probe.text.size()));
    probe.text += target.substr(0, target.size() - 3) + "]]\n\n";
    probe.index_targets.push_back(vault.root / fs::path(target));
  }

  // Links as the vault writes them, sampled evenly from notes across the vault.
  std::vector<std::string> links;
  size_t step = std::max<size_t>(1, n / 64);
  for (size_t i = 0; i < n && links.size() < 100; i += step) {
    for (auto& l : wikilinks_in(read_file(vault.root / fs::path(notes[i])))) {
      links.push_back(l);
      if (links.size() % 2 == 0) break;  // two per note at most
    }
  }
  for (const auto& l : links) {
    probe.text += "- [[";
    probe.link_positions.push_back(position_at(probe.text, probe.text.size()));
    probe.text += l + "]]\n";
  }
  probe.text += "\n";

  // Completion prefixes: the first three code points of note names across the vault.
  std::set<std::string> prefixes;
  for (size_t i = 0; i < n && prefixes.size() < 100; i += std::max<size_t>(1, n / 150)) {
    std::string prefix = first_code_points(stem_of(notes[i]), 3);
    if (utf16_length(prefix) < 3 || prefix.find_first_of("[]|#^") != std::string::npos) continue;
    if (!prefixes.insert(prefix).second) continue;
    probe.text += "Skriver [[" + prefix;
    probe.completion_positions.push_back(position_at(probe.text, probe.text.size()));
    probe.text += "\n\n";
  }
  return probe;
}

// `pull_refresh`: declares pull diagnostics with workspace/diagnostic/refresh (as VS Code does),
// which makes the server pull-only; the main session is pushed to, to time didChange.
json client_capabilities(bool pull_refresh = false) {
  return {
      {"general", {{"positionEncodings", {"utf-16"}}}},
      {"window", {{"workDoneProgress", true}, {"showMessage", json::object()}}},
      {"workspace",
       {{"workspaceFolders", true},
        {"configuration", true},
        {"didChangeConfiguration", {{"dynamicRegistration", true}}},
        {"didChangeWatchedFiles", {{"dynamicRegistration", true}, {"relativePatternSupport", true}}},
        {"workspaceEdit", {{"documentChanges", true}, {"resourceOperations", {"create", "rename", "delete"}}}},
        {"symbol", {{"dynamicRegistration", false}}},
        {"diagnostics", {{"refreshSupport", pull_refresh}}},
        {"codeLens", {{"refreshSupport", pull_refresh}}}}},
      {"textDocument",
       {{"synchronization", {{"dynamicRegistration", false}, {"didSave", true}}},
        {"completion",
         {{"completionItem", {{"snippetSupport", false}, {"labelDetailsSupport", true}}}, {"contextSupport", true}}},
        {"hover", {{"contentFormat", {"markdown", "plaintext"}}}},
        {"definition", {{"linkSupport", true}}},
        {"references", {{"dynamicRegistration", false}}},
        {"rename", {{"prepareSupport", true}}},
        {"publishDiagnostics", {{"versionSupport", true}, {"relatedInformation", true}}},
        {"diagnostic", {{"dynamicRegistration", false}}}}},
  };
}

// The file a definition answer points at (Location, Location[] or LocationLink[]).
std::optional<fs::path> definition_target(const json& result) {
  const json* first = &result;
  if (result.is_array()) {
    if (result.empty()) return std::nullopt;
    first = &result[0];
  }
  if (!first->is_object()) return std::nullopt;
  if (first->contains("targetUri")) return path_from_uri((*first)["targetUri"].get<std::string>());
  if (first->contains("uri")) return path_from_uri((*first)["uri"].get<std::string>());
  return std::nullopt;
}

bool same_file(const fs::path& a, const fs::path& b) {
  if (a == b) return true;
  std::error_code ec;
  return fs::weakly_canonical(a, ec) == fs::weakly_canonical(b, ec);
}

std::string error_text(const json& response) {
  const json& e = response["error"];
  return "error " + std::to_string(e.value("code", 0)) + ": " + e.value("message", std::string());
}

json text_position(const std::string& uri, Position p) {
  return {{"textDocument", {{"uri", uri}}}, {"position", to_json(p)}};
}

struct Report {
  std::vector<std::pair<std::string, std::string>> rows;  // measure, result
  std::vector<std::string> notes;
  // md4c alone on two threads, read + parse: the index and check rows say how far above it they are.
  std::optional<double> md4c_two_threads_ms;
  void row(std::string measure, std::string result) { rows.emplace_back(std::move(measure), std::move(result)); }
  std::string times_md4c(double ms) const {
    if (!md4c_two_threads_ms || *md4c_two_threads_ms <= 0) return "";
    char b[64];
    std::snprintf(b, sizeof b, "; %.2f× md4c only", ms / *md4c_two_threads_ms);
    return b;
  }
};

std::string fmt_ms(double ms) {
  if (std::isnan(ms)) return "—";
  char b[32];
  std::snprintf(b, sizeof b, ms < 10 ? "%.2f ms" : ms < 1000 ? "%.1f ms" : "%.0f ms", ms);
  return b;
}
std::string fmt_latency(const Samples& s) {
  if (s.ms.empty()) return s.failure.empty() ? "not measured" : "FAILED: " + s.failure;
  std::string out = fmt_ms(s.percentile(0.5)) + " / " + fmt_ms(s.percentile(0.99)) + " / " + fmt_ms(s.max()) +
                    "  (n=" + std::to_string(s.ms.size()) + ")";
  if (!s.failure.empty()) out += "  then FAILED: " + s.failure;
  return out;
}

// Reads "VmHWM:  123456 kB" style fields from /proc/PID/status.
std::optional<long> proc_status_kb(pid_t pid, const std::string& field) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind(field + ":", 0) == 0) return std::strtol(line.c_str() + field.size() + 1, nullptr, 10);
  return std::nullopt;
}
// utime + stime of a process (all its threads) from /proc/PID/stat, in ms.
std::optional<double> proc_cpu_ms(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  size_t close_paren = stat.rfind(')');  // the command name may hold spaces
  if (close_paren == std::string::npos) return std::nullopt;
  std::istringstream fields(stat.substr(close_paren + 2));
  std::string field;
  double ticks = 0;
  for (int i = 3; i <= 15 && fields >> field; ++i)
    if (i == 14 || i == 15) ticks += std::stod(field);
  return ticks * 1000.0 / static_cast<double>(sysconf(_SC_CLK_TCK));
}

// The 1-minute load average: other work on the machine inflates every latency.
std::string load_average() {
  std::ifstream in("/proc/loadavg");
  std::string one;
  in >> one;
  return one.empty() ? "unknown" : one;
}

std::string fmt_kb(std::optional<long> kb) {
  if (!kb) return "unknown";
  char b[32];
  std::snprintf(b, sizeof b, "%.1f MB", static_cast<double>(*kb) / 1024.0);
  return b;
}

// Completion, definition or hover: `iterations` requests cycling over `positions`.
template <typename Inspect>
Samples measure_requests(LspServer& server, const Options& o, const std::string& method, const std::string& uri,
                         const std::vector<Position>& positions, json extra, Inspect inspect) {
  Samples s;
  if (positions.empty()) {
    s.failure = "no positions to ask about";
    return s;
  }
  for (size_t i = 0; i < o.iterations; ++i) {
    json params = text_position(uri, positions[i % positions.size()]);
    for (auto& [k, v] : extra.items()) params[k] = v;
    auto answer = server.call(method, params, o.request_timeout_s);
    if (!answer.response) {
      s.failure = "no answer within " + std::to_string(static_cast<int>(o.request_timeout_s)) + " s";
      break;
    }
    if (answer.response->contains("error")) {
      s.failure = error_text(*answer.response);
      break;
    }
    s.ms.push_back(answer.ms);
    inspect((*answer.response)["result"]);
  }
  return s;
}

// ---- navigation ---------------------------------------------------------------------------

// What the navigation measures ask about, found from a sample of the vault's own links.
struct NavigationTargets {
  std::string note;                 // vault-relative: the most linked note of the sample
  size_t sampled_links = 0;         // links to it in the sample
  std::string text;                 // its text
  std::optional<Position> title;    // on its `# ` title, if it has one
  std::optional<Position> heading;  // on a heading other notes link to (the most linked in the sample)
  std::string heading_text;
  std::string heading_note;          // vault-relative: the note with that heading
  size_t heading_links = 0;          // links to it in the sample
  std::vector<std::string> planned;  // linkpaths no note answers to (a sample)
};

std::string ascii_lower(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

// The linkpath of a wikilink body ("Folder/Name#Heading|alias" → "Folder/Name").
std::string linkpath_of(const std::string& link) {
  std::string path = link.substr(0, link.find_first_of("#|"));
  while (!path.empty() && path.back() == ' ') path.pop_back();
  while (!path.empty() && path.front() == ' ') path.erase(0, 1);
  return path;
}

NavigationTargets find_navigation_targets(const VaultFiles& vault, const std::string& exclude) {
  NavigationTargets t;
  std::map<std::string, std::vector<std::string>> by_stem;  // lower-cased stem → notes
  for (const auto& n : vault.notes) by_stem[ascii_lower(stem_of(n))].push_back(n);
  std::map<std::string, size_t> uses;                                  // stem → links in the sample
  std::map<std::pair<std::string, std::string>, size_t> heading_uses;  // (stem, heading) → links
  std::set<std::string> planned;
  const size_t step = std::max<size_t>(1, vault.notes.size() / 3000);
  for (size_t i = 0; i < vault.notes.size(); i += step) {
    if (vault.notes[i] == exclude) continue;
    for (const auto& link : wikilinks_in(read_file(vault.root / fs::path(vault.notes[i])))) {
      const std::string path = linkpath_of(link);
      if (path.empty()) continue;
      const std::string stem = ascii_lower(path.substr(path.rfind('/') == std::string::npos ? 0 : path.rfind('/') + 1));
      const auto found = by_stem.find(stem);
      if (found != by_stem.end()) {
        if (found->second.size() == 1) {
          ++uses[stem];
          const size_t hash = link.find('#');
          if (hash != std::string::npos && link.compare(hash, 2, "#^") != 0) {
            std::string heading = link.substr(hash + 1, link.find_first_of("#|", hash + 1) - hash - 1);
            if (!heading.empty()) ++heading_uses[{stem, heading}];
          }
        }
        continue;
      }
      const std::string ext = stem.size() > 4 ? stem.substr(stem.size() - 4) : "";
      if (ext == ".png" || ext == ".jpg" || ext == ".svg" || ext == ".pdf" || ext == "jpeg") continue;
      if (planned.size() < 100 && utf16_length(path) >= 3) planned.insert(path);
    }
  }
  t.planned.assign(planned.begin(), planned.end());
  for (const auto& [stem, count] : uses) {
    if (count <= t.sampled_links) continue;
    t.sampled_links = count;
    t.note = by_stem[stem].front();
  }
  if (t.note.empty()) return t;
  t.text = read_file(vault.root / fs::path(t.note));
  // The first line of `text` outside front matter and code for which `match` holds.
  const auto find_line = [](const std::string& text, auto match) -> std::optional<uint32_t> {
    std::istringstream lines(text);
    std::string line;
    bool in_front_matter = false, in_fence = false;
    for (uint32_t n = 0; std::getline(lines, line); ++n) {
      if (n == 0 && line == "---") {
        in_front_matter = true;
        continue;
      }
      if (in_front_matter) {
        if (line == "---") in_front_matter = false;
        continue;
      }
      if (line.rfind("```", 0) == 0) in_fence = !in_fence;
      if (!in_fence && match(line)) return n;
    }
    return std::nullopt;
  };
  if (auto n = find_line(t.text, [](const std::string& l) { return l.rfind("# ", 0) == 0; })) t.title = Position{*n, 2};
  // The heading: the most linked (note, heading) of the sample whose heading line is found
  // (links drop characters such as ':' that the heading keeps).
  std::vector<std::pair<size_t, std::pair<std::string, std::string>>> headings;
  for (const auto& [key, count] : heading_uses) headings.push_back({count, key});
  std::sort(headings.begin(), headings.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  const auto without_colons = [](std::string text) {
    text.erase(std::remove(text.begin(), text.end(), ':'), text.end());
    return text;
  };
  for (size_t i = 0; i < headings.size() && i < 20 && !t.heading; ++i) {
    const auto& [stem, heading] = headings[i].second;
    const std::string note = by_stem[stem].front();
    const std::string text = read_file(vault.root / fs::path(note));
    const auto n = find_line(text, [&](const std::string& l) {
      const size_t start = l.find_first_not_of('#');
      return start > 0 && start != std::string::npos && l[start] == ' ' &&
             without_colons(l.substr(start + 1)) == without_colons(heading);
    });
    if (!n) continue;
    t.heading = Position{*n, 3};
    t.heading_text = heading;
    t.heading_note = note;
    t.heading_links = headings[i].first;
  }
  return t;
}

// CPU time the server spent over a measure, per request.
std::string cpu_per_request(std::optional<double> before, std::optional<double> after, size_t requests) {
  if (!before || !after || requests == 0) return "";
  return "; server CPU " + fmt_ms((*after - *before) / static_cast<double>(requests)) + " per request";
}

// Large answers, on the generator's hub note (`--hub-backlinks`): references to it, to its
// tag, a rename of it and workspace/willRenameFiles moving it, each with as many results
// as notes link to it.
template <typename CountEdits>
void run_large_answers(const Options& o, const VaultFiles& vault, LspServer& server, Report& report,
                       CountEdits count_edits) {
  const fs::path hub_file = vault.root / fs::path(vault.hub_note);
  const std::string text = read_file(hub_file);
  const size_t tag_at = text.find("#knutepunkt");
  if (tag_at == std::string::npos) {
    report.notes.push_back("large answers: no #knutepunkt in " + vault.hub_note + "; not measured");
    return;
  }
  const std::string uri = file_uri(hub_file);
  server.notify("textDocument/didOpen",
                {{"textDocument", {{"uri", uri}, {"languageId", "markdown"}, {"version", 1}, {"text", text}}}});
  const json no_declaration = {{"context", {{"includeDeclaration", false}}}};
  auto timed = [&](const std::string& name, const std::string& method, Position at, json extra, auto inspect) {
    const auto cpu = proc_cpu_ms(server.pid());
    Samples s = measure_requests(server, o, method, uri, {at}, std::move(extra), inspect);
    report.row(name + ", p50 / p99 / max", fmt_latency(s));
    return cpu_per_request(cpu, proc_cpu_ms(server.pid()), s.ms.size());
  };
  size_t count = 0;
  std::string cpu = timed("large: references to the hub note", "textDocument/references", Position{0, 2},
                          no_declaration, [&](const json& r) { count = r.is_array() ? r.size() : 0; });
  report.notes.push_back("large references: " + vault.hub_note + ", " + std::to_string(count) +
                         " locations per answer" + cpu);
  cpu = timed("large: references to the tag #knutepunkt", "textDocument/references", position_at(text, tag_at + 2),
              no_declaration, [&](const json& r) { count = r.is_array() ? r.size() : 0; });
  report.notes.push_back("large tag references: " + std::to_string(count) + " locations per answer" + cpu);
  size_t files = 0, edits = 0;
  cpu = timed("large: rename the hub note (edit computed, not applied)", "textDocument/rename", Position{0, 2},
              {{"newName", stem_of(vault.hub_note) + " omdøpt"}}, [&](const json& r) { count_edits(r, files, edits); });
  report.notes.push_back("large rename: " + std::to_string(edits) + " link edits in " + std::to_string(files) +
                         " files per answer" + cpu);
  {
    const std::string new_uri = file_uri(hub_file.parent_path() / (stem_of(vault.hub_note) + " flyttet.md"));
    const json params = {{"files", json::array({{{"oldUri", uri}, {"newUri", new_uri}}})}};
    Samples s;
    const auto before = proc_cpu_ms(server.pid());
    for (size_t i = 0; i < o.iterations; ++i) {
      auto answer = server.call("workspace/willRenameFiles", params, o.request_timeout_s);
      if (!answer.response || answer.response->contains("error")) {
        s.failure = answer.response ? error_text(*answer.response) : "no answer";
        break;
      }
      s.ms.push_back(answer.ms);
      count_edits((*answer.response)["result"], files, edits);
    }
    report.row("large: workspace/willRenameFiles of the hub note, p50 / p99 / max", fmt_latency(s));
    report.notes.push_back("large willRenameFiles: " + std::to_string(edits) + " link edits in " +
                           std::to_string(files) + " files per answer" +
                           cpu_per_request(before, proc_cpu_ms(server.pid()), s.ms.size()));
  }
  server.notify("textDocument/didClose", {{"textDocument", {{"uri", uri}}}});
  server.settle(100, after_seconds(5));
}

// References, rename, workspace symbols and planned-note completion, once the index is in.
void run_navigation(const Options& o, const VaultFiles& vault, const std::string& big_rel, LspServer& server,
                    Clock::time_point spawn, Report& report) {
  const NavigationTargets t = find_navigation_targets(vault, big_rel);
  if (t.note.empty()) {
    report.notes.push_back("navigation: no linked note found in the sample; not measured");
    return;
  }
  const std::string uri = file_uri(vault.root / fs::path(t.note));
  server.notify("textDocument/didOpen",
                {{"textDocument", {{"uri", uri}, {"languageId", "markdown"}, {"version", 1}, {"text", t.text}}}});
  const Position anywhere = t.title.value_or(Position{0, 0});
  const json no_declaration = {{"context", {{"includeDeclaration", false}}}};

  // The first references answer waits for the link graph when its background build has not
  // finished: the time from spawn says when the graph was ready at the latest.
  {
    json params = text_position(uri, anywhere);
    params["context"] = no_declaration["context"];
    const auto cpu = proc_cpu_ms(server.pid());
    auto first = server.call("textDocument/references", params, std::max(o.request_timeout_s, o.index_timeout_s));
    if (!first.response || first.response->contains("error")) {
      report.row("first references (link graph ready)",
                 first.response ? "FAILED: " + error_text(*first.response) : "FAILED: no answer");
      return;
    }
    report.row("first references after index complete (waits for the link graph)",
               fmt_ms(first.ms) + "; spawn → answered " + fmt_ms(ms_since(spawn)) +
                   cpu_per_request(cpu, proc_cpu_ms(server.pid()), 1));
  }
  server.settle(100, after_seconds(5));

  auto timed = [&](const std::string& name, const std::string& method, const std::vector<Position>& positions,
                   json extra, const std::string& document, auto inspect) {
    const auto cpu = proc_cpu_ms(server.pid());
    Samples s = measure_requests(server, o, method, document, positions, std::move(extra), inspect);
    report.row(name + ", p50 / p99 / max", fmt_latency(s));
    return cpu_per_request(cpu, proc_cpu_ms(server.pid()), s.ms.size());
  };

  size_t note_refs = 0;
  std::string cpu = timed("references on a note with many backlinks", "textDocument/references", {anywhere},
                          no_declaration, uri, [&](const json& r) { note_refs = r.is_array() ? r.size() : 0; });
  report.notes.push_back("references: " + t.note + " (" + std::to_string(t.sampled_links) +
                         " links to it in a sample of the vault), " + std::to_string(note_refs) +
                         " locations per answer" + cpu);
  std::string heading_uri;
  if (t.heading) {
    heading_uri = file_uri(vault.root / fs::path(t.heading_note));
    if (t.heading_note != t.note)
      server.notify("textDocument/didOpen", {{"textDocument",
                                              {{"uri", heading_uri},
                                               {"languageId", "markdown"},
                                               {"version", 1},
                                               {"text", read_file(vault.root / fs::path(t.heading_note))}}}});
    size_t heading_refs = 0;
    cpu = timed("references on a heading", "textDocument/references", {*t.heading}, no_declaration, heading_uri,
                [&](const json& r) { heading_refs = r.is_array() ? r.size() : 0; });
    report.notes.push_back("references on the heading `" + t.heading_text + "` in " + t.heading_note + " (" +
                           std::to_string(t.heading_links) +
                           " links to it in the sample): " + std::to_string(heading_refs) + " locations" + cpu);
  }

  size_t prepared = 0;
  cpu = timed("prepareRename (note title)", "textDocument/prepareRename", {anywhere}, json::object(), uri,
              [&](const json& r) { prepared += r.is_object() ? 1 : 0; });
  report.notes.push_back("prepareRename: " + std::to_string(prepared) + " answers had a range" + cpu);
  auto count_edits = [](const json& r, size_t& files, size_t& edits) {
    files = edits = 0;
    if (!r.is_object()) return;
    for (const json& change : r.value("documentChanges", json::array())) {
      if (change.contains("edits")) {
        ++files;
        edits += change["edits"].size();
      }
    }
    for (const auto& [file, list] : r.value("changes", json::object()).items()) {
      ++files;
      edits += list.size();
    }
  };
  size_t files = 0, edits = 0;
  cpu = timed("rename the note (edit computed, not applied)", "textDocument/rename", {anywhere},
              {{"newName", stem_of(t.note) + " omdøpt"}}, uri, [&](const json& r) { count_edits(r, files, edits); });
  report.notes.push_back("rename note: " + std::to_string(edits) + " link edits in " + std::to_string(files) +
                         " files per answer" + cpu);
  if (t.heading) {
    cpu = timed("rename a heading (edit computed, not applied)", "textDocument/rename", {*t.heading},
                {{"newName", t.heading_text + " omdøpt"}}, heading_uri,
                [&](const json& r) { count_edits(r, files, edits); });
    report.notes.push_back("rename heading: " + std::to_string(edits) + " edits in " + std::to_string(files) +
                           " files per answer" + cpu);
  }

  // workspace/symbol: the first three code points of note names across the vault.
  {
    std::vector<std::string> queries;
    std::set<std::string> seen;
    for (size_t i = 0; i < vault.notes.size() && queries.size() < 100;
         i += std::max<size_t>(1, vault.notes.size() / 150)) {
      std::string q = first_code_points(stem_of(vault.notes[i]), 3);
      if (utf16_length(q) == 3 && seen.insert(q).second) queries.push_back(q);
    }
    Samples s;
    size_t symbols = 0;
    const auto before = proc_cpu_ms(server.pid());
    for (size_t i = 0; i < o.iterations && !queries.empty(); ++i) {
      auto answer = server.call("workspace/symbol", {{"query", queries[i % queries.size()]}}, o.request_timeout_s);
      if (!answer.response || answer.response->contains("error")) {
        s.failure = answer.response ? error_text(*answer.response) : "no answer";
        break;
      }
      s.ms.push_back(answer.ms);
      const json& r = (*answer.response)["result"];
      symbols += r.is_array() ? r.size() : 0;
    }
    report.row("workspace/symbol, 3-letter query, p50 / p99 / max", fmt_latency(s));
    if (!s.ms.empty())
      report.notes.push_back("workspace/symbol: " + std::to_string(queries.size()) + " queries, " +
                             std::to_string(symbols / s.ms.size()) + " symbols per answer" +
                             cpu_per_request(before, proc_cpu_ms(server.pid()), s.ms.size()));
  }

  // Planned notes: `[[` + the first three code points of linkpaths that no note answers to,
  // in a new buffer (not on disk) at the vault root.
  if (!t.planned.empty()) {
    std::string text = "# Planlegging\n\n";
    std::vector<Position> positions;
    for (const auto& path : t.planned) {
      text += "Planlegger [[" + first_code_points(path, 3);
      positions.push_back(position_at(text, text.size()));
      text += "\n\n";
    }
    const std::string planned_uri = file_uri(vault.root / "slipbox-bench-planned.md");
    server.notify(
        "textDocument/didOpen",
        {{"textDocument", {{"uri", planned_uri}, {"languageId", "markdown"}, {"version", 1}, {"text", text}}}});
    size_t with_planned = 0, answers = 0;
    cpu = timed("completion offering planned notes (`[[` + 3 letters)", "textDocument/completion", positions,
                {{"context", {{"triggerKind", 1}}}}, planned_uri, [&](const json& r) {
                  ++answers;
                  for (const json& item : r.is_object() ? r.value("items", json::array()) : r)
                    if (item.value("kind", 0) == 23) {
                      ++with_planned;
                      break;
                    }
                });
    report.notes.push_back("planned-note completion: " + std::to_string(t.planned.size()) +
                           " prefixes of missing notes; " + std::to_string(with_planned) + "/" +
                           std::to_string(answers) + " answers offered a planned note (kind 23)" + cpu);
    server.notify("textDocument/didClose", {{"textDocument", {{"uri", planned_uri}}}});
  }
  server.notify("textDocument/didClose", {{"textDocument", {{"uri", uri}}}});
  if (!heading_uri.empty() && heading_uri != uri)
    server.notify("textDocument/didClose", {{"textDocument", {{"uri", heading_uri}}}});
  server.settle(100, after_seconds(5));
  if (!vault.hub_note.empty()) run_large_answers(o, vault, server, report, count_edits);
}

// One server from spawn to a usable index.
struct Session {
  std::unique_ptr<LspServer> server;
  Clock::time_point spawn;
  double initialize_ms = 0;
  std::optional<double> index_ms;
  size_t polls = 0;
  std::string index_failure;
  std::optional<double> progress_end_ms;
  int sync_kind = 1;
};

Session start_session(const Options& o, const VaultFiles& vault, const Probe& probe, std::FILE* trace,
                      bool pull_refresh = false) {
  Session session;
  session.spawn = Clock::now();
  session.server = std::make_unique<LspServer>(o.server, o.server_log, session.spawn);
  LspServer& server = *session.server;
  server.trace_ = trace;
  std::string root_uri = file_uri(vault.root);

  // initialize → initialized
  json init_params = {
      {"processId", static_cast<int>(getpid())},
      {"clientInfo", {{"name", "slipbox-bench-lsp"}, {"version", "1"}}},
      {"rootUri", root_uri},
      {"rootPath", vault.root.string()},
      {"workspaceFolders", {{{"uri", root_uri}, {"name", vault.root.filename().string()}}}},
      {"capabilities", client_capabilities(pull_refresh)},
      {"workDoneToken", "slipbox-bench-initialize"},
      {"trace", "off"},
  };
  auto init = server.call("initialize", init_params, o.request_timeout_s);
  if (!init.response)
    throw ServerError("no answer to `initialize` within " + std::to_string(static_cast<int>(o.request_timeout_s)) +
                      " s");
  if (init.response->contains("error")) throw ServerError("`initialize` failed: " + error_text(*init.response));
  session.initialize_ms = ms_since(session.spawn);
  const json caps = (*init.response)["result"].value("capabilities", json::object());
  if (caps.contains("textDocumentSync")) {
    const json& sync = caps["textDocumentSync"];
    if (sync.is_number_integer())
      session.sync_kind = sync.get<int>();
    else if (sync.is_object())
      session.sync_kind = sync.value("change", 1);
  }
  server.notify("initialized", json::object());

  server.watch_diagnostics_for(probe.uri);
  server.notify(
      "textDocument/didOpen",
      {{"textDocument", {{"uri", probe.uri}, {"languageId", "markdown"}, {"version", 1}, {"text", probe.text}}}});

  // Index complete: every index probe resolves to its note — the first moment the index
  // answers for notes across the sorted order.
  auto index_deadline = after_seconds(o.index_timeout_s);
  while (!session.index_ms) {
    if (Clock::now() >= index_deadline) {
      session.index_failure =
          "the index probes did not resolve within " + std::to_string(static_cast<int>(o.index_timeout_s)) + " s";
      break;
    }
    ++session.polls;
    std::vector<int64_t> ids;
    for (Position p : probe.index_probes)
      ids.push_back(server.send_request("textDocument/definition", text_position(probe.uri, p)));
    bool all = true;
    for (size_t i = 0; i < ids.size(); ++i) {
      auto r = server.wait_response(ids[i], after_seconds(o.request_timeout_s));
      if (!r) {
        session.index_failure = "no answer to `textDocument/definition` within " +
                                std::to_string(static_cast<int>(o.request_timeout_s)) + " s";
        break;
      }
      if (r->contains("error")) {
        session.index_failure = "`textDocument/definition` " + error_text(*r);
        break;
      }
      auto target = definition_target((*r)["result"]);
      if (!target || !same_file(*target, probe.index_targets[i])) all = false;
    }
    if (!session.index_failure.empty()) break;
    if (all) {
      session.index_ms = ms_since(session.spawn);
    } else {
      // 2 ms apart at first, then 0.5% of the time so far (at most 20 ms): fine resolution
      // for fast starts, without stealing a core from a long index build on 2 cores.
      double pause_ms = std::clamp(ms_since(session.spawn) * 0.005, 2.0, 20.0);
      server.pump_until(Clock::now() + std::chrono::microseconds(static_cast<int64_t>(pause_ms * 1000)));
    }
  }
  for (const auto& e : server.progress())
    if (e.kind == "end") session.progress_end_ms = e.at_ms;
  return session;
}

// shutdown → exit → wait; problems become notes.
void end_session(const Options& o, LspServer& server, Report& report) {
  auto shutdown = server.call("shutdown", nullptr, o.request_timeout_s);
  if (!shutdown.response) report.notes.push_back("no answer to `shutdown`");
  server.notify("exit", nullptr);
  auto exit_sent = Clock::now();
  try {
    int status = server.wait_exit(o.exit_timeout_s);
    double exit_ms = ms_since(exit_sent);
    if (exit_ms > 100) report.notes.push_back("the server took " + fmt_ms(exit_ms) + " to exit after `exit`");
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
      report.notes.push_back("server after `exit`: " + server.exit_description());
  } catch (const ServerError& e) {
    report.notes.push_back(e.what());
  }
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

std::string median_and_min(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  std::string out = fmt_ms(v[v.size() / 2]);
  if (v.size() > 1) out += " (median of " + std::to_string(v.size()) + ", min " + fmt_ms(v.front()) + ")";
  return out;
}

void run_refresh_probe(const Options& o, const VaultFiles& vault, const Probe& probe, Report& report);

void run_lsp(const Options& o, const VaultFiles& vault, Report& report) {
  std::string big_rel = o.big_note.empty() ? vault.largest : o.big_note;
  Probe probe = make_probe(vault, big_rel);
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> trace(o.trace.empty() ? nullptr : std::fopen(o.trace.c_str(), "w"),
                                                        &std::fclose);

  // The servers' index cache (index.cache) in a folder of the bench's own, emptied before
  // every cold start: a cold start is one without a cache.
  const fs::path cache_home = fs::temp_directory_path() / ("slipbox-bench-cache-" + std::to_string(getpid()));
  setenv("XDG_CACHE_HOME", cache_home.c_str(), 1);
  const auto cache_written = [&] {
    std::error_code error;
    for (const auto& entry : fs::directory_iterator(cache_home / "slipbox", error))
      if (entry.path().extension() == ".index") return true;
    return false;
  };

  // Cold starts: the first index_runs - 1 servers only build the index; the last one stays.
  Session session;
  std::vector<double> initialize_times, index_times, progress_times;
  for (size_t run = 0; run < o.index_runs; ++run) {
    fs::remove_all(cache_home);
    session = start_session(o, vault, probe, trace.get());
    initialize_times.push_back(session.initialize_ms);
    if (session.index_ms) index_times.push_back(*session.index_ms);
    if (session.progress_end_ms) progress_times.push_back(*session.progress_end_ms);
    if (!session.index_ms || run + 1 == o.index_runs) break;
    end_session(o, *session.server, report);
  }
  report.row("spawn → initialize answered", median_and_min(initialize_times));
  report.row("spawn → index complete (definition probes)",
             session.index_ms ? median_and_min(index_times) + report.times_md4c(median(index_times)) + "; " +
                                    std::to_string(session.polls) + " polls in the last run"
                              : "FAILED: " + session.index_failure);
  report.row("spawn → $/progress end",
             progress_times.empty() ? "no $/progress end seen" : median_and_min(progress_times));

  // Warm starts: the cache the last cold server wrote after indexing, nothing changed on disk.
  if (session.index_ms) {
    session.server->settle(100, after_seconds(5));
    const auto deadline = after_seconds(60);
    while (!cache_written() && Clock::now() < deadline)
      session.server->pump_until(Clock::now() + std::chrono::milliseconds(20));
    std::vector<double> warm_times;
    std::optional<double> warm_cpu;
    for (size_t run = 0; cache_written() && run < o.index_runs; ++run) {
      Session warm = start_session(o, vault, probe, trace.get());
      if (!warm.index_ms) break;
      warm_times.push_back(*warm.index_ms);
      warm_cpu = proc_cpu_ms(warm.server->pid());
      end_session(o, *warm.server, report);
    }
    report.row("spawn → index complete, warm (index cache)",
               warm_times.empty() ? "FAILED: no index cache written, or the warm server did not index"
                                  : median_and_min(warm_times) +
                                        (warm_cpu ? "; server CPU " + fmt_ms(*warm_cpu) + " in the last" : ""));
  }
  std::error_code ignored;
  fs::remove_all(cache_home, ignored);
  LspServer& server = *session.server;
  int sync_kind = session.sync_kind;
  if (!session.index_ms && !session.progress_end_ms) return;
  auto rss_indexed = proc_status_kb(server.pid(), "VmRSS");
  if (auto cpu = proc_cpu_ms(server.pid()))
    report.notes.push_back("server CPU time (user + system, all threads) at index complete: " + fmt_ms(*cpu));

  // Let the server finish what it started (diagnostics for the open note), then measure.
  server.settle(100, after_seconds(5));

  size_t completion_items = 0, completion_empty = 0, completion_incomplete = 0;
  Samples completion = measure_requests(server, o, "textDocument/completion", probe.uri, probe.completion_positions,
                                        {{"context", {{"triggerKind", 1}}}}, [&](const json& result) {
                                          const json* items = &result;
                                          if (result.is_object()) {
                                            if (result.value("isIncomplete", false)) ++completion_incomplete;
                                            items = result.contains("items") ? &result["items"] : items;
                                          }
                                          size_t n = items->is_array() ? items->size() : 0;
                                          completion_items += n;
                                          if (n == 0) ++completion_empty;
                                        });
  report.row("completion `[[` + 3 letters, p50 / p99 / max", fmt_latency(completion));
  if (!completion.ms.empty())
    report.notes.push_back("completion: " + std::to_string(probe.completion_positions.size()) + " prefixes; " +
                           std::to_string(completion_items / completion.ms.size()) + " items per answer on average, " +
                           std::to_string(completion_empty) + " empty, " + std::to_string(completion_incomplete) +
                           " marked incomplete");

  size_t resolved = 0;
  Samples definition =
      measure_requests(server, o, "textDocument/definition", probe.uri, probe.link_positions, json::object(),
                       [&](const json& result) { resolved += definition_target(result) ? 1 : 0; });
  report.row("definition p50 / p99 / max", fmt_latency(definition));
  if (!definition.ms.empty())
    report.notes.push_back("definition: " + std::to_string(probe.link_positions.size()) +
                           " links sampled from the vault; " + std::to_string(resolved) + "/" +
                           std::to_string(definition.ms.size()) + " answers had a target");

  size_t hovered = 0;
  Samples hover = measure_requests(server, o, "textDocument/hover", probe.uri, probe.link_positions, json::object(),
                                   [&](const json& result) { hovered += result.is_object() ? 1 : 0; });
  report.row("hover p50 / p99 / max", fmt_latency(hover));
  if (!hover.ms.empty())
    report.notes.push_back("hover: " + std::to_string(hovered) + "/" + std::to_string(hover.ms.size()) +
                           " answers had content");

  if (!o.skip_navigation) run_navigation(o, vault, big_rel, server, session.spawn, report);

  // didChange → publishDiagnostics in the big note: break and repair its first link.
  Samples change;
  std::string big_text = read_file(vault.root / fs::path(big_rel));
  size_t first_link = big_text.find("[[");
  std::string big_uri = file_uri(vault.root / fs::path(big_rel));
  size_t big_links = 0;
  for (size_t at = big_text.find("[["); at != std::string::npos; at = big_text.find("[[", at + 2)) ++big_links;
  report.notes.push_back("didChange note: " + big_rel + " (" + std::to_string(big_links) + " wikilinks, " +
                         std::to_string(big_text.size()) + " bytes); text sync kind " + std::to_string(sync_kind) +
                         (sync_kind == 2 ? " (incremental)" : " (full)"));
  if (first_link == std::string::npos) {
    change.failure = "the big note has no `[[` link";
  } else {
    server.watch_diagnostics_for(big_uri);
    auto& published = server.published();
    published.clear();
    server.notify(
        "textDocument/didOpen",
        {{"textDocument", {{"uri", big_uri}, {"languageId", "markdown"}, {"version", 1}, {"text", big_text}}}});
    auto find_publish = [&](size_t from, auto pred) -> std::optional<size_t> {
      for (size_t i = from; i < published.size(); ++i)
        if (published[i].uri == big_uri && pred(published[i])) return i;
      return std::nullopt;
    };
    auto open_deadline = after_seconds(o.request_timeout_s);
    std::optional<size_t> baseline_at;
    while (!(baseline_at = find_publish(0, [](const Published&) { return true; })) && Clock::now() < open_deadline)
      server.pump_until(std::min(open_deadline, Clock::now() + std::chrono::milliseconds(5)));
    if (!baseline_at) {
      change.failure = "no publishDiagnostics for the big note within " +
                       std::to_string(static_cast<int>(o.request_timeout_s)) + " s of didOpen";
    } else {
      server.settle(100, after_seconds(3));
      size_t baseline = published.back().diagnostics;
      report.notes.push_back("didChange: baseline " + std::to_string(baseline) + " diagnostics in the big note");
      const std::string insertion = "zz-bench-missing/";
      Position at = position_at(big_text, first_link + 2);
      Position after = at;
      after.character_utf16 += utf16_length(insertion);
      bool broken = false;
      bool versioned = false;
      for (size_t i = 0; i < o.iterations; ++i) {
        int64_t version = static_cast<int64_t>(i) + 2;
        broken = !broken;
        json change_event;
        if (sync_kind == 2) {
          change_event = broken ? json{{"range", {{"start", to_json(at)}, {"end", to_json(at)}}}, {"text", insertion}}
                                : json{{"range", {{"start", to_json(at)}, {"end", to_json(after)}}}, {"text", ""}};
        } else {
          std::string text = big_text;
          if (broken) text.insert(first_link + 2, insertion);
          change_event = {{"text", text}};
        }
        size_t from = published.size();
        size_t expected = broken ? baseline + 1 : baseline;
        auto start = Clock::now();
        server.notify("textDocument/didChange", {{"textDocument", {{"uri", big_uri}, {"version", version}}},
                                                 {"contentChanges", json::array({change_event})}});
        auto deadline =
            start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(o.request_timeout_s));
        std::optional<size_t> match;
        auto matches = [&](const Published& p) {
          if (p.version) {
            versioned = true;
            return *p.version == version;
          }
          return p.diagnostics == expected;
        };
        while (!(match = find_publish(from, matches)) && Clock::now() < deadline)
          server.pump_until(std::min(deadline, Clock::now() + std::chrono::milliseconds(1)));
        if (!match) {
          change.failure = "no matching publishDiagnostics within " +
                           std::to_string(static_cast<int>(o.request_timeout_s)) + " s of didChange (version " +
                           std::to_string(version) + ")";
          break;
        }
        change.ms.push_back(ms_since(start, published[*match].at));
        if (published[*match].diagnostics != expected && change.note.empty())
          change.note = "diagnostic count " + std::to_string(published[*match].diagnostics) + " where " +
                        std::to_string(expected) + " was expected (link broken: " + (broken ? "yes" : "no") + ")";
      }
      report.notes.push_back(std::string("didChange: matched publishes by ") +
                             (versioned ? "`version`" : "diagnostic count (the server sends no `version`)"));
      if (!change.note.empty()) report.notes.push_back("didChange: " + change.note);
    }
  }
  // Pushed diagnostics of the note being typed in wait for a quiet period after the last
  // didChange (ServerOptions::typing_delay, 200 ms by default): the figure includes that wait;
  // the work itself is the figure minus the delay.
  report.notes.push_back(
      "didChange: pushed diagnostics include the server's typing delay (200 ms by default) "
      "after the last change; the work is the figure minus that delay");
  report.row("didChange → publishDiagnostics (includes the typing delay), p50 / p99 / max", fmt_latency(change));

  // Peak memory just before shutdown, after the background builds had time to finish.
  std::this_thread::sleep_for(std::chrono::duration<double>(o.settle_s));
  auto hwm = proc_status_kb(server.pid(), "VmHWM");
  auto rss = proc_status_kb(server.pid(), "VmRSS");
  char settle[32];
  std::snprintf(settle, sizeof settle, "%g", o.settle_s);
  report.row(std::string("peak memory (VmHWM before shutdown, after ") + settle + " s idle)", fmt_kb(hwm));
  report.notes.push_back("memory: VmRSS " + fmt_kb(rss_indexed) + " at index complete, " + fmt_kb(rss) +
                         " before shutdown");
  if (server.other_publishes())
    report.notes.push_back("the server published diagnostics for " + std::to_string(server.other_publishes()) +
                           " other documents");
  for (const auto& m : server.shown_messages()) report.notes.push_back("window/showMessage: " + m);

  end_session(o, server, report);
  run_refresh_probe(o, vault, probe, report);
}

// Refresh storms: a client that pulls diagnostics and accepts refreshes (VS Code) types `[[` and
// letters into the probe note with auto-save on, so every keystroke also brings didSave and a
// file event for the note. Each refresh makes VS Code pull every visible note and the whole
// workspace again; the server owes one only when other notes' diagnostics changed.
void run_refresh_probe(const Options& o, const VaultFiles& vault, const Probe& probe, Report& report) {
  Session session = start_session(o, vault, probe, nullptr, /*pull_refresh=*/true);
  if (!session.index_ms) {
    report.row("refresh requests while typing with auto-save", "not measured: " + session.index_failure);
    end_session(o, *session.server, report);
    return;
  }
  LspServer& server = *session.server;
  server.settle(100, after_seconds(5));
  const size_t before = server.refreshes_received();
  std::string text = probe.text + "\n";
  int64_t version = 1;
  const std::string typed = "[[Mote om planen";
  constexpr int kKeystrokes = 100;
  const auto started = Clock::now();
  for (int i = 0; i < kKeystrokes; ++i) {
    const char c = typed[static_cast<size_t>(i) % typed.size()];
    text.push_back(c);
    server.notify("textDocument/didChange", {{"textDocument", {{"uri", probe.uri}, {"version", ++version}}},
                                             {"contentChanges", {{{"text", text}}}}});
    server.notify("textDocument/didSave", {{"textDocument", {{"uri", probe.uri}}}});
    server.notify("workspace/didChangeWatchedFiles", {{"changes", {{{"uri", probe.uri}, {"type", 2}}}}});
    server.pump_until(Clock::now() + std::chrono::milliseconds(50));
  }
  server.settle(1500, after_seconds(10));
  const double seconds = ms_since(started) / 1000;
  char row[160];
  std::snprintf(row, sizeof row, "%zu in %.1f s (%d keystrokes, each with didSave and a file event)",
                server.refreshes_received() - before, seconds, kKeystrokes);
  report.row("refresh requests while typing with auto-save", row);
  end_session(o, server, report);
}

// Runs `slipbox check VAULT` once: wall time, exit status, stdout lines, peak RSS.
struct CheckRun {
  double ms = 0;
  int status = 0;
  size_t lines = 0;
  std::string last_line;
  long max_rss_kb = 0;
  double cpu_ms = 0;
  bool timed_out = false;
};

CheckRun run_check(const Options& o) {
  int out[2];
  if (pipe2(out, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
  int log_fd = open((o.server_log + ".check").c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  CheckRun run;
  auto start = Clock::now();
  pid_t pid = fork();
  if (pid == 0) {
    dup2(out[1], 1);
    if (log_fd >= 0) dup2(log_fd, 2);
    std::string vault = o.vault.string();
    execl(o.server.c_str(), o.server.c_str(), "check", vault.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  close(out[1]);
  if (log_fd >= 0) close(log_fd);
  fcntl(out[0], F_SETFL, fcntl(out[0], F_GETFL) | O_NONBLOCK);
  auto deadline = after_seconds(o.check_timeout_s);
  char buffer[1 << 16];
  std::string tail;  // the end of stdout, for its last line
  bool open_pipe = true;
  while (open_pipe) {
    if (Clock::now() >= deadline) {
      kill(pid, SIGKILL);
      run.timed_out = true;
      break;
    }
    pollfd fd{out[0], POLLIN, 0};
    poll(&fd, 1, 100);
    for (;;) {
      ssize_t n = read(out[0], buffer, sizeof buffer);
      if (n > 0) {
        run.lines += static_cast<size_t>(std::count(buffer, buffer + n, '\n'));
        tail.append(buffer, static_cast<size_t>(n));
        if (tail.size() > 4096) tail.erase(0, tail.size() - 4096);
        continue;
      }
      if (n == 0 || (errno != EAGAIN && errno != EINTR)) open_pipe = false;
      break;
    }
  }
  close(out[0]);
  while (!tail.empty() && tail.back() == '\n') tail.pop_back();
  run.last_line = tail.substr(tail.rfind('\n') == std::string::npos ? 0 : tail.rfind('\n') + 1);
  rusage usage{};
  wait4(pid, &run.status, 0, &usage);
  run.ms = ms_since(start);
  run.max_rss_kb = usage.ru_maxrss;
  auto tv_ms = [](const timeval& tv) {
    return static_cast<double>(tv.tv_sec) * 1000.0 + static_cast<double>(tv.tv_usec) / 1000.0;
  };
  run.cpu_ms = tv_ms(usage.ru_utime) + tv_ms(usage.ru_stime);
  return run;
}

int usage() {
  std::fprintf(stderr,
               "usage: slipbox-bench-lsp --server PATH/TO/slipbox --vault DIR [options]\n"
               "  --iterations K        requests per latency measure (default 200)\n"
               "  --timeout S           per request / per diagnostics wait (default 10)\n"
               "  --index-timeout S     spawn → index complete limit (default 300)\n"
               "  --index-runs R        cold starts to time spawn → index complete; median reported (default 3)\n"
               "  --exit-timeout S      wait for the process after `exit`, then SIGKILL (default 5)\n"
               "  --settle S            idle before reading peak memory: background builds count (default 5)\n"
               "  --big-note REL        note for the didChange measure (default: the largest note)\n"
               "  --check-runs R        `slipbox check` runs; the median is reported (default 3)\n"
               "  --check-timeout S     per `slipbox check` run (default 600)\n"
               "  --server-log FILE     the server's stderr (default /tmp/slipbox-bench-server.log)\n"
               "  --trace FILE          write every LSP message (both ways) to FILE\n"
               "  --skip-check | --skip-lsp | --skip-navigation\n"
               "  --skip-md4c           leave out the md4c-only parse of every note (the limit)\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  signal(SIGPIPE, SIG_IGN);
  Options o;
  try {
    for (int i = 1; i < argc; ++i) {
      std::string_view arg = argv[i];
      auto value = [&]() -> std::string {
        if (i + 1 >= argc) throw std::invalid_argument(std::string(arg) + " needs a value");
        return argv[++i];
      };
      if (arg == "--server")
        o.server = value();
      else if (arg == "--vault")
        o.vault = fs::path(value());
      else if (arg == "--iterations")
        o.iterations = std::stoull(value());
      else if (arg == "--timeout")
        o.request_timeout_s = std::stod(value());
      else if (arg == "--index-timeout")
        o.index_timeout_s = std::stod(value());
      else if (arg == "--check-timeout")
        o.check_timeout_s = std::stod(value());
      else if (arg == "--check-runs")
        o.check_runs = std::stoull(value());
      else if (arg == "--index-runs")
        o.index_runs = std::stoull(value());
      else if (arg == "--exit-timeout")
        o.exit_timeout_s = std::stod(value());
      else if (arg == "--settle")
        o.settle_s = std::stod(value());
      else if (arg == "--big-note")
        o.big_note = value();
      else if (arg == "--server-log")
        o.server_log = value();
      else if (arg == "--trace")
        o.trace = value();
      else if (arg == "--skip-check")
        o.skip_check = true;
      else if (arg == "--skip-lsp")
        o.skip_lsp = true;
      else if (arg == "--skip-navigation")
        o.skip_navigation = true;
      else if (arg == "--skip-md4c")
        o.skip_md4c = true;
      else if (arg == "-h" || arg == "--help")
        return usage();
      else
        throw std::invalid_argument("unknown argument " + std::string(arg));
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "slipbox-bench-lsp: %s\n", e.what());
    return usage();
  }
  if (o.server.empty() || o.vault.empty() || o.iterations == 0 || o.index_runs == 0) return usage();
  std::error_code ec;
  o.vault = fs::canonical(o.vault, ec);
  if (ec) {
    std::fprintf(stderr, "slipbox-bench-lsp: no vault at %s: %s\n", o.vault.c_str(), ec.message().c_str());
    return 2;
  }
  if (access(o.server.c_str(), X_OK) != 0) {
    std::fprintf(stderr, "slipbox-bench-lsp: %s is not an executable\n", o.server.c_str());
    return 2;
  }

  VaultFiles vault = scan_vault(o.vault);
  Report report;
  report.notes.push_back("vault: " + o.vault.string() + " (" + std::to_string(vault.notes.size()) + " notes)");
  std::string load_before = load_average();
  bool failed = false;
  if (!o.skip_md4c) {
    // Also brings the vault into the page cache before the first cold start.
    for (unsigned threads : {1u, 2u}) {
      const Md4cOnly limit = measure_md4c_only(o.vault, vault.notes, threads);
      char row[160];
      std::snprintf(row, sizeof row, "%s (parse alone %s, %.0f MB/s)", fmt_ms(limit.read_and_parse_ms).c_str(),
                    fmt_ms(limit.parse_ms).c_str(),
                    static_cast<double>(limit.bytes) / 1e6 / std::max(limit.parse_ms / 1000.0, 1e-9));
      report.row(
          "md4c only, read + parse every note, " + std::to_string(threads) + (threads == 1 ? " thread" : " threads"),
          row);
      if (threads == 2) report.md4c_two_threads_ms = limit.read_and_parse_ms;
    }
  }
  if (!o.skip_lsp) {
    try {
      run_lsp(o, vault, report);
    } catch (const std::exception& e) {
      report.notes.push_back(std::string("LSP session stopped: ") + e.what() + " — server log: " + o.server_log);
      failed = true;
    }
  }
  if (!o.skip_check && o.check_runs > 0) {
    std::vector<CheckRun> runs;
    for (size_t i = 0; i < o.check_runs; ++i) {
      runs.push_back(run_check(o));
      if (runs.back().timed_out) break;
    }
    std::vector<double> times;
    for (const auto& r : runs) times.push_back(r.ms);
    std::sort(times.begin(), times.end());
    const CheckRun& last = runs.back();
    if (last.timed_out) {
      report.row("`slipbox check` wall time",
                 "FAILED: killed after " + std::to_string(static_cast<int>(o.check_timeout_s)) + " s");
      failed = true;
    } else {
      report.row("`slipbox check` wall time, median of " + std::to_string(runs.size()),
                 fmt_ms(times[times.size() / 2]) + "  (min " + fmt_ms(times.front()) + ")" +
                     report.times_md4c(times[times.size() / 2]));
      std::string status = WIFEXITED(last.status) ? "exit status " + std::to_string(WEXITSTATUS(last.status))
                                                  : std::string("killed by signal ") + strsignal(WTERMSIG(last.status));
      report.notes.push_back("check: " + status + ", " + std::to_string(last.lines) + " lines on stdout" +
                             (vault.expected_broken ? " (the generator planted " +
                                                          std::to_string(*vault.expected_broken) + " broken links)"
                                                    : "") +
                             ", CPU time " + fmt_ms(last.cpu_ms) + ", peak RSS " + fmt_kb(last.max_rss_kb) +
                             "; last line: " + last.last_line);
      if (WIFEXITED(last.status) && WEXITSTATUS(last.status) == 127) failed = true;
    }
  }

  report.notes.push_back("load average (1 min) " + load_before + " at start, " + load_average() + " at end, on " +
                         std::to_string(std::thread::hardware_concurrency()) +
                         " cores — a load above the core count inflates every figure");

  size_t width = 10;
  for (const auto& [m, _] : report.rows) width = std::max<size_t>(width, utf16_length(m));
  std::printf("| %-*s | result (p50 / p99 / max where three) |\n", static_cast<int>(width), "measure");
  std::printf("|%s|---|\n", std::string(width + 2, '-').c_str());
  for (const auto& [m, r] : report.rows) {
    // Pad by code points so the arrows keep the columns straight.
    std::string padded = m + std::string(width - utf16_length(m), ' ');
    std::printf("| %s | %s |\n", padded.c_str(), r.c_str());
  }
  std::printf("\n");
  for (const auto& n : report.notes) std::printf("- %s\n", n.c_str());
  return failed ? 1 : 0;
}
