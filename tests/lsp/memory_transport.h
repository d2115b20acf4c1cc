#pragma once
// An in-memory Transport for in-process server tests: records what the server sends and
// lets a test wait (bounded, so a bug fails instead of hanging) for a message.
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "lsp/transport.h"

namespace slipbox::lsp::testing {

using json = nlohmann::json;

class MemoryTransport : public Transport {
 public:
  // Not a timing assertion: only how long to wait before declaring the message missing.
  static constexpr std::chrono::seconds kPatience{20};

  void send(const json& message) override {
    // Round-trip through text, as the wire would: what cannot be serialised fails here.
    json copy = json::parse(message.dump());
    {
      std::lock_guard lock(mutex_);
      sent_.push_back(std::move(copy));
    }
    changed_.notify_all();
    if (answer_requests && message.contains("method") && message.contains("id"))
      answer_requests(json{{"jsonrpc", "2.0"}, {"id", message["id"]}, {"result", nullptr}}.dump());
  }

  // When set, each request the server sends (progress tokens, refreshes, registrations) is
  // answered at once with a null result through this (the server's handle_message), so
  // what follows it is deterministic. The answer is handled on the strand after the task
  // that sent the request.
  std::function<void(const std::string&)> answer_requests;

  // The first message (from `*from` on) that matches; advances `*from` past it.
  std::optional<json> wait_for(const std::function<bool(const json&)>& match, size_t* from = nullptr) {
    std::unique_lock lock(mutex_);
    size_t start = from ? *from : 0;
    std::optional<json> found;
    changed_.wait_for(lock, kPatience, [&] {
      for (size_t i = start; i < sent_.size(); ++i) {
        if (match(sent_[i])) {
          found = sent_[i];
          if (from) *from = i + 1;
          return true;
        }
      }
      start = sent_.size();
      return false;
    });
    return found;
  }

  // The response to `id` (result or error).
  json response(const json& id) {
    auto found = wait_for([&](const json& m) { return m.contains("id") && m["id"] == id && !m.contains("method"); });
    if (!found) {
      ADD_FAILURE() << "no response to id " << id.dump() << " within " << kPatience.count() << " s; sent so far:\n"
                    << dump();
      return json::object();
    }
    return *found;
  }

  size_t count(const std::function<bool(const json&)>& match) const {
    std::lock_guard lock(mutex_);
    size_t n = 0;
    for (const json& m : sent_) n += match(m) ? 1 : 0;
    return n;
  }
  size_t responses_to(const json& id) const {
    return count([&](const json& m) { return m.contains("id") && m["id"] == id && !m.contains("method"); });
  }
  std::vector<json> sent() const {
    std::lock_guard lock(mutex_);
    return sent_;
  }
  std::string dump() const {
    std::string out;
    for (const json& m : sent()) out += "  " + m.dump() + "\n";
    return out;
  }

 private:
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<json> sent_;
};

inline std::string request(const json& id, const std::string& method, const json& params = nullptr) {
  json m{{"jsonrpc", "2.0"}, {"id", id}, {"method", method}};
  if (!params.is_null()) m["params"] = params;
  return m.dump();
}
inline std::string notification(const std::string& method, const json& params = nullptr) {
  json m{{"jsonrpc", "2.0"}, {"method", method}};
  if (!params.is_null()) m["params"] = params;
  return m.dump();
}
inline int error_code(const json& response) {
  return response.contains("error") ? response["error"].value("code", 0) : 0;
}

}  // namespace slipbox::lsp::testing
