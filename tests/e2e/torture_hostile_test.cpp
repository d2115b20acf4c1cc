// Protocol torture: the real `slipbox lsp` binary gets a seeded random mix of valid and
// invalid traffic (bad headers, wrong lengths, truncated bodies, wrong types, unknown
// methods, cancellations, requests before `initialize` and after `shutdown`, huge
// Content-Length). Every request must be answered exactly once with the right error code,
// the server must stay responsive, its memory bounded, and it must exit cleanly.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/e2e/server_process.h"

namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

constexpr auto kPatience = std::chrono::seconds(60);  // not a performance bound: a hang fails

using slipbox::e2e::file_uri;
using slipbox::e2e::frame;

// What the test expects back for one message it sent.
struct Expectation {
  json id;
  int code = 0;               // 0: a result; else the error code
  bool or_cancelled = false;  // a cancelled request may also answer -32800
};

class Torture {
 public:
  explicit Torture(uint32_t seed) : random_(seed) {}

  std::string stream;                 // everything sent, in order
  std::vector<Expectation> expected;  // requests with an id
  int null_id_errors = 0;             // -32700 / -32600 answers that cannot name an id
  std::set<int> null_codes;

  void add(const std::string& body, std::optional<Expectation> expect) {
    stream += frame(body);
    if (expect) expected.push_back(*expect);
  }
  void add_null_error(const std::string& raw_bytes, int code) {
    stream += raw_bytes;
    ++null_id_errors;
    null_codes.insert(code);
  }

  static std::string request(const json& id, const std::string& method, const json& params) {
    json m{{"jsonrpc", "2.0"}, {"id", id}, {"method", method}};
    if (!params.is_null()) m["params"] = params;
    return m.dump();
  }
  static std::string notification(const std::string& method, const json& params) {
    return json{{"jsonrpc", "2.0"}, {"method", method}, {"params", params}}.dump();
  }

  json next_id() {
    ++counter_;
    if (random_() % 4 == 0) return "s-" + std::to_string(counter_);
    return counter_;
  }
  uint32_t pick(uint32_t n) { return static_cast<uint32_t>(random_() % n); }

  // One random message in the initialized state.
  void random_message(const std::string& uri) {
    const json position{{"line", pick(6)}, {"character", pick(40)}};
    const json doc{{"uri", uri}};
    switch (pick(16)) {
      case 0:
      case 1:
      case 2: {
        static const char* const methods[] = {"textDocument/hover", "textDocument/definition",
                                              "textDocument/completion", "textDocument/references"};
        const json id = next_id();
        add(request(id, methods[pick(4)],
                    {{"textDocument", doc}, {"position", position}, {"context", {{"includeDeclaration", false}}}}),
            Expectation{id, 0});
        break;
      }
      case 3: {
        const json id = next_id();
        add(request(id, pick(2) ? "textDocument/documentSymbol" : "textDocument/documentLink", {{"textDocument", doc}}),
            Expectation{id, 0});
        break;
      }
      case 4: {  // unknown method
        const json id = next_id();
        add(request(id, "slipbox/no-such-method-" + std::to_string(pick(100)), json::object()),
            Expectation{id, -32601});
        break;
      }
      case 5: {  // wrong types in params
        const json id = next_id();
        const json bad = pick(2) ? json{{"textDocument", doc}, {"position", "line 3"}}
                                 : json{{"textDocument", {{"uri", 42}}}, {"position", position}};
        add(request(id, "textDocument/hover", bad), Expectation{id, -32602});
        break;
      }
      case 6: {  // invalid JSON, properly framed
        std::string body = request(next_id(), "textDocument/hover", {{"textDocument", doc}});
        body.resize(body.size() / 2);
        add_null_error(frame(body), -32700);
        break;
      }
      case 7:  // valid JSON, not a request
        add_null_error(frame(pick(2) ? "[1,2,3]" : "\"just a string\""), -32600);
        break;
      case 8: {  // wrong jsonrpc version: answered to its id
        const json id = next_id();
        json m = json::parse(request(id, "textDocument/hover", {{"textDocument", doc}, {"position", position}}));
        m["jsonrpc"] = "1.0";
        add(m.dump(), Expectation{id, -32600});
        break;
      }
      case 9: {  // unknown notifications, cancellation of a random earlier request
        if (!expected.empty() && pick(2)) {
          Expectation& target = expected[pick(static_cast<uint32_t>(expected.size()))];
          if (target.code == 0) target.or_cancelled = true;
          add(notification("$/cancelRequest", {{"id", target.id}}), std::nullopt);
        } else {
          add(notification("$/slipbox/unknown", {{"x", pick(9)}}), std::nullopt);
        }
        break;
      }
      case 10: {  // a bad header: the message is skipped until the next Content-Length
        static const char* const headers[] = {"Content-Length: abc\r\n\r\n", "Content-Length: -5\r\n\r\n",
                                              "Content-Type: text/plain\r\n\r\n", "Content-Length: 12 13\r\n\r\n"};
        stream += headers[pick(4)];
        stream += request(next_id(), "textDocument/hover", {{"textDocument", doc}});  // never seen as a request
        break;
      }
      case 11: {  // huge Content-Length: refused without allocating, then skipped
        static const char* const sizes[] = {"99999999999999999999999", "9999999999999999", "4294967296", "1000000000"};
        stream += std::string("Content-Length: ") + sizes[pick(4)] + "\r\n\r\n{\"jsonrpc\":\"2.0\",\"id\":\"lost\"}";
        break;
      }
      case 12: {  // Content-Length too short: the cut body is invalid JSON, the rest is resynchronised over
        const std::string body =
            request(next_id(), "textDocument/hover", {{"textDocument", doc}, {"position", position}});
        const size_t cut = 5 + pick(static_cast<uint32_t>(body.size() - 10));
        stream += "Content-Length: " + std::to_string(cut) + "\r\n\r\n" + body;
        ++null_id_errors;
        null_codes.insert(-32700);
        break;
      }
      case 13: {  // an edit, then a request that sees it
        const std::string text =
            "# Edit " + std::to_string(pick(1000)) + "\n[[Target]] [[Missing " + std::to_string(pick(9)) + "]]\n";
        add(notification("textDocument/didChange", {{"textDocument", {{"uri", uri}, {"version", ++version_}}},
                                                    {"contentChanges", {{{"text", text}}}}}),
            std::nullopt);
        break;
      }
      case 14: {  // a second initialize
        const json id = next_id();
        add(request(id, "initialize", {{"capabilities", json::object()}}), Expectation{id, -32600});
        break;
      }
      default: {  // id of a wrong type: unattributable
        json m = json::parse(request(1, "textDocument/hover", {{"textDocument", doc}}));
        m["id"] = pick(2) ? json{{"nested", 1}} : json(1.5);
        add_null_error(frame(m.dump()), -32600);
        break;
      }
    }
  }

 private:
  std::mt19937 random_;
  int counter_ = 1000;
  int version_ = 1;
};

// `slipbox lsp` fed the whole stream from a thread while the test reads every answer.
class Process {
 public:
  Process() : process_({"lsp"}) {}

  void send_async(std::string bytes) { process_.write_in_background(std::move(bytes)); }
  void close_stdin() { process_.close_stdin(); }

  // Reads messages until `done` says so or the patience runs out.
  bool read_until(const std::function<bool(const json&)>& done) {
    const auto deadline = Clock::now() + kPatience;
    while (auto message = process_.next_message(deadline)) {
      received.push_back(*message);
      if (done(*message)) return true;
    }
    return false;
  }

  long peak_memory_kb() const { return process_.peak_memory_kb(); }
  std::optional<int> wait_exit() { return process_.wait_exit(kPatience); }
  std::string stderr_text() const { return process_.stderr_text(4000); }

  std::vector<json> received;

 private:
  slipbox::e2e::ServerProcess process_;
};

class TortureTest : public ::testing::TestWithParam<uint32_t> {
 protected:
  TortureTest() {
    root_ = fs::temp_directory_path() /
            ("slipbox-torture-vault-" + std::to_string(getpid()) + "-" + std::to_string(GetParam()));
    fs::create_directories(root_ / "Folder");
    std::ofstream(root_ / "Target.md") << "# Target\ntext ^b\n";
    std::ofstream(root_ / "Folder" / "Note.md") << "[[Target#Target]]\n";
  }
  ~TortureTest() override {
    std::error_code ignored;
    fs::remove_all(root_, ignored);
  }
  fs::path root_;
};

TEST_P(TortureTest, EveryRequestIsAnsweredOnceWithTheRightCode) {
  Torture t(GetParam());
  const std::string uri = file_uri(root_ / "Folder" / "Note.md");
  // Before initialize: refused with -32002 (and notifications dropped).
  for (int i = 0; i < 5; ++i) {
    const json id = t.next_id();
    t.add(Torture::request(id, "textDocument/hover",
                           {{"textDocument", {{"uri", uri}}}, {"position", {{"line", 0}, {"character", 0}}}}),
          Expectation{id, -32002});
  }
  t.add(Torture::request("init", "initialize", {{"rootUri", file_uri(root_)}, {"capabilities", json::object()}}),
        Expectation{"init", 0});
  t.add(Torture::notification("initialized", json::object()), std::nullopt);
  t.add(Torture::notification(
            "textDocument/didOpen",
            {{"textDocument", {{"uri", uri}, {"languageId", "markdown"}, {"version", 1}, {"text", "[[Target]]\n"}}}}),
        std::nullopt);
  constexpr int kMessages = 400;
  for (int i = 0; i < kMessages; ++i) t.random_message(uri);
  // Still responsive after all that: a plain request right after the storm.
  t.add(Torture::request("alive", "textDocument/hover",
                         {{"textDocument", {{"uri", uri}}}, {"position", {{"line", 0}, {"character", 3}}}}),
        Expectation{"alive", 0});
  t.add(Torture::request("down", "shutdown", nullptr), Expectation{"down", 0});
  for (int i = 0; i < 3; ++i) {
    const json id = t.next_id();
    t.add(Torture::request(id, "textDocument/hover",
                           {{"textDocument", {{"uri", uri}}}, {"position", {{"line", 0}, {"character", 0}}}}),
          Expectation{id, -32600});
  }

  Process server;
  server.send_async(t.stream);
  // Wait, like a client, until every request has its answer (background requests may finish
  // after the post-shutdown refusals), then exit.
  std::multiset<std::string> outstanding;
  for (const Expectation& e : t.expected) outstanding.insert(e.id.dump());
  const bool finished = server.read_until([&](const json& m) {
    if (m.contains("id") && !m.contains("method")) {
      const auto it = outstanding.find(m["id"].dump());
      if (it != outstanding.end()) outstanding.erase(it);
    }
    return outstanding.empty();
  });
  ASSERT_TRUE(finished) << outstanding.size() << " requests unanswered, e.g. " << *outstanding.begin() << "; stderr:\n"
                        << server.stderr_text();
  const long peak_kb = server.peak_memory_kb();
  server.send_async(frame(Torture::notification("exit", json::object())));
  server.close_stdin();
  EXPECT_EQ(server.wait_exit(), std::optional<int>(0)) << server.stderr_text();
  server.read_until([](const json&) { return false; });  // to EOF: an answer too many shows up below

  std::map<std::string, std::vector<json>> by_id;
  int null_errors = 0;
  for (const json& m : server.received) {
    if (m.contains("method")) continue;  // notifications and server→client requests
    ASSERT_TRUE(m.contains("id")) << m.dump();
    if (m["id"].is_null()) {
      ++null_errors;
      ASSERT_TRUE(m.contains("error")) << m.dump();
      EXPECT_TRUE(t.null_codes.count(m["error"]["code"].get<int>())) << m.dump();
      continue;
    }
    by_id[m["id"].dump()].push_back(m);
  }
  EXPECT_EQ(null_errors, t.null_id_errors);
  std::set<std::string> expected_ids;
  for (const Expectation& e : t.expected) {
    SCOPED_TRACE(e.id.dump());
    expected_ids.insert(e.id.dump());
    const auto& answers = by_id[e.id.dump()];
    ASSERT_EQ(answers.size(), 1u) << "answered " << answers.size() << " times; sent around it:\n"
                                  <<
        [&] {
          const size_t at = t.stream.find("\"id\":" + e.id.dump() + ",");
          return at == std::string::npos ? std::string("?") : t.stream.substr(at < 400 ? 0 : at - 400, 700);
        }();
    const json& answer = answers[0];
    const int code = answer.contains("error") ? answer["error"]["code"].get<int>() : 0;
    if (e.or_cancelled && code == -32800) continue;
    EXPECT_EQ(code, e.code) << answer.dump();
    if (e.code == 0) {
      EXPECT_TRUE(answer.contains("result")) << answer.dump();
    }
  }
  for (const auto& [id, answers] : by_id) {
    EXPECT_TRUE(expected_ids.count(id)) << "an answer to a request never made: " << id;
  }
  // Bounded memory: nothing near the sizes the hostile headers announced (generous for sanitizer builds).
  if (peak_kb > 0) {
    EXPECT_LT(peak_kb, 768 * 1024) << "peak resident memory " << peak_kb << " kB";
  }
}

INSTANTIATE_TEST_SUITE_P(Seeds, TortureTest, ::testing::Values(1u, 2u, 3u));

}  // namespace
