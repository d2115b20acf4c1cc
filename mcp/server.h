#pragma once
#include <atomic>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "mcp/vault_host.h"

namespace slipbox::mcp {

using json = nlohmann::json;

// The protocol revisions `slipbox mcp` speaks, newest first; initialize answers with the
// client's when it is one of these, else with the first.
inline constexpr std::string_view kProtocolVersions[] = {"2025-11-25", "2025-06-18", "2025-03-26"};

struct ServerOptions {
  std::vector<std::filesystem::path> vaults;
  bool read_only = false;
  bool watch = true;              // inotify: stay current with the disk
  std::string version = "0.0.0";  // serverInfo.version
  size_t page_size = 50;          // items per page (tools and resources/list)
};

class Tools;

// The Model Context Protocol shell over the vault index: lifecycle (initialize with version
// negotiation, initialized, ping), cancellation, progress, pagination, tools and resources.
// Messages arrive one JSON text at a time (a line of stdio); replies and notifications leave
// through `send`, which may be called from any thread (it must serialise writers).
//
// Threading: handle_message() runs on the reader thread and never waits on indexing;
// requests run in order on one worker thread (writes stay ordered), so the reader sees
// `notifications/cancelled` while a request runs or waits for the index.
class Server {
 public:
  using Send = std::function<void(const json&)>;
  using Log = std::function<void(const std::string&)>;

  Server(ServerOptions options, Send send, Log log);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Starts indexing and the worker.
  void start();
  // One message (a line without its newline).
  void handle_message(std::string_view text);
  // Stops the worker after the requests queued so far; answers nothing more.
  void stop();

  // For the tools: the request under way was cancelled by the client.
  bool cancelled(const json& id) const;
  VaultHost& host() { return *host_; }
  const ServerOptions& options() const { return options_; }
  void notify(std::string_view method, json params);
  void log(const std::string& message) { log_(message); }

 private:
  struct Job {
    json id;  // null for a notification
    std::string method;
    json params;
  };
  void run_worker();
  void run(const Job& job);
  json dispatch(const Job& job);
  json initialize(const json& params);
  void on_files_changed(const std::vector<std::filesystem::path>& paths, bool listing_changed);

  ServerOptions options_;
  Send send_;
  Log log_;
  std::unique_ptr<VaultHost> host_;
  std::unique_ptr<Tools> tools_;

  mutable std::mutex mutex_;
  std::condition_variable queue_changed_;
  std::deque<Job> queue_;
  bool stopping_ = false;
  std::set<std::string> cancelled_;   // id_to_string of requests the client cancelled
  std::set<std::string> subscribed_;  // path keys of subscribed resources
  std::string protocol_version_;
  bool initialize_seen_ = false;
  std::thread worker_;
};

// Reads newline-delimited messages from `in_fd` until EOF and serves them, writing replies to
// `out_fd`. Returns the process exit code.
int run_stdio(ServerOptions options, int in_fd, int out_fd);

}  // namespace slipbox::mcp
