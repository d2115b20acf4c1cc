#include "mcp/server.h"

#include <unistd.h>
#include <cerrno>
#include <cstdio>

#include "lsp/jsonrpc.h"
#include "mcp/tools.h"

namespace slipbox::mcp {

namespace fs = std::filesystem;
using lsp::ErrorCode;

namespace {

constexpr int kResourceNotFound = -32002;
constexpr int kNotInitialized = -32002;

json error_reply(const json& id, int code, std::string_view message) {
  return {{"jsonrpc", "2.0"}, {"id", id}, {"error", {{"code", code}, {"message", std::string(message)}}}};
}

}  // namespace

Server::Server(ServerOptions options, Send send, Log log)
    : options_(std::move(options)), send_(std::move(send)), log_(std::move(log)) {
  host_ = std::make_unique<VaultHost>(options_.vaults, log_);
  tools_ = std::make_unique<Tools>(*this);
  host_->set_on_change(
      [this](const std::vector<fs::path>& paths, bool listing_changed) { on_files_changed(paths, listing_changed); });
}

Server::~Server() { stop(); }

void Server::start() {
  host_->start(options_.watch);
  worker_ = std::thread([this] { run_worker(); });
}

void Server::stop() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ && !worker_.joinable()) return;
    stopping_ = true;
  }
  queue_changed_.notify_all();
  if (worker_.joinable()) worker_.join();
  host_->stop();
}

bool Server::cancelled(const json& id) const {
  if (id.is_null()) return false;
  std::lock_guard lock(mutex_);
  return cancelled_.count(lsp::id_to_string(id)) > 0;
}

void Server::notify(std::string_view method, json params) {
  send_({{"jsonrpc", "2.0"}, {"method", std::string(method)}, {"params", std::move(params)}});
}

void Server::handle_message(std::string_view text) {
  // Tolerate a trailing CR (CRLF line ends) and blank keep-alive lines.
  while (!text.empty() && (text.back() == '\r' || text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  if (text.empty()) return;
  const lsp::IncomingMessage message = lsp::parse_message(text);
  if (const auto* invalid = std::get_if<lsp::InvalidMessage>(&message)) {
    send_(error_reply(invalid->id, static_cast<int>(invalid->code), invalid->message));
    return;
  }
  if (std::get_if<lsp::IncomingResponse>(&message)) return;  // we send no requests
  if (const auto* notification = std::get_if<lsp::IncomingNotification>(&message)) {
    if (notification->method == "notifications/cancelled") {
      const json& params = notification->params;
      if (params.is_object() && params.contains("requestId")) {
        std::lock_guard lock(mutex_);
        cancelled_.insert(lsp::id_to_string(params["requestId"]));
      }
      return;
    }
    if (notification->method == "notifications/initialized") return;
    // Other notifications (roots/list_changed, progress, …) need nothing from us.
    return;
  }
  const auto& request = std::get<lsp::IncomingRequest>(message);
  if (request.method == "ping") {  // answered at once, even while a request runs
    send_({{"jsonrpc", "2.0"}, {"id", request.id}, {"result", json::object()}});
    return;
  }
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    queue_.push_back(Job{request.id, request.method, request.params});
  }
  queue_changed_.notify_one();
}

void Server::run_worker() {
  for (;;) {
    Job job;
    {
      std::unique_lock lock(mutex_);
      queue_changed_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;
      job = std::move(queue_.front());
      queue_.pop_front();
    }
    run(job);
    std::lock_guard lock(mutex_);
    cancelled_.erase(lsp::id_to_string(job.id));
  }
}

void Server::run(const Job& job) {
  if (cancelled(job.id)) return;  // cancelled before it started: no answer
  json reply;
  try {
    json result = dispatch(job);
    reply = {{"jsonrpc", "2.0"}, {"id", job.id}, {"result", std::move(result)}};
  } catch (const Cancelled&) {
    log_("request " + lsp::id_to_string(job.id) + " cancelled");
    return;
  } catch (const lsp::RpcError& error) {
    reply = error_reply(job.id, static_cast<int>(error.code), error.what());
  } catch (const std::invalid_argument& error) {
    reply = error_reply(job.id, static_cast<int>(ErrorCode::InvalidParams), error.what());
  } catch (const std::out_of_range& error) {
    const bool resource = job.method == "resources/read";
    reply =
        error_reply(job.id, resource ? kResourceNotFound : static_cast<int>(ErrorCode::InvalidParams), error.what());
  } catch (const std::exception& error) {
    log_("internal error in " + job.method + ": " + error.what());
    reply =
        error_reply(job.id, static_cast<int>(ErrorCode::InternalError), std::string("internal error: ") + error.what());
  }
  if (cancelled(job.id)) return;  // the client no longer wants it
  send_(reply);
}

json Server::initialize(const json& params) {
  if (!params.is_object()) throw std::invalid_argument("initialize needs params");
  std::string requested;
  if (params.contains("protocolVersion") && params["protocolVersion"].is_string())
    requested = params["protocolVersion"].get<std::string>();
  else
    throw std::invalid_argument("initialize needs params.protocolVersion (a string)");
  std::string chosen(kProtocolVersions[0]);
  for (const std::string_view version : kProtocolVersions)
    if (version == requested) chosen = requested;
  {
    std::lock_guard lock(mutex_);
    protocol_version_ = chosen;
    initialize_seen_ = true;
  }
  std::string instructions =
      "Slipbox serves an Obsidian-style Markdown vault with its link index: [[wiki links]] resolve as Obsidian "
      "resolves them. Find notes with search_notes, read them (or one #section / #^block) with read_note, follow "
      "links with note_links and neighbourhood, find broken links with broken_links.";
  if (!options_.read_only)
    instructions +=
        " Edit with edit_note (pass read_note's version), create with create_note, and rename or move notes only with "
        "rename_note / move_note so every link is updated (try dry_run first).";
  else
    instructions += " This server is read-only.";
  json capabilities = {{"tools", {{"listChanged", false}}},
                       {"resources", {{"subscribe", true}, {"listChanged", true}}}};
  return {{"protocolVersion", chosen},
          {"capabilities", std::move(capabilities)},
          {"serverInfo", {{"name", "slipbox"}, {"title", "Slipbox"}, {"version", options_.version}}},
          {"instructions", instructions}};
}

json Server::dispatch(const Job& job) {
  if (job.method == "initialize") return initialize(job.params);
  {
    std::lock_guard lock(mutex_);
    if (!initialize_seen_)
      throw lsp::RpcError(static_cast<ErrorCode>(kNotInitialized),
                          "the server is not initialized: send initialize first");
  }
  const json params = job.params.is_null() ? json::object() : job.params;
  if (!params.is_object()) throw std::invalid_argument("params must be an object");
  if (job.method == "tools/list") return tools_->list_tools(params);
  if (job.method == "tools/call") {
    CallContext context;
    context.request_id = job.id;
    if (params.contains("_meta") && params["_meta"].is_object() && params["_meta"].contains("progressToken"))
      context.progress_token = params["_meta"]["progressToken"];
    context.cancelled = [this, id = job.id] { return cancelled(id); };
    context.progress = [this, token = context.progress_token](double done, double total, const std::string& message) {
      if (token.is_null()) return;
      notify("notifications/progress",
             {{"progressToken", token}, {"progress", done}, {"total", total}, {"message", message}});
    };
    return tools_->call_tool(params, context);
  }
  if (job.method == "resources/list") return tools_->list_resources(params);
  if (job.method == "resources/templates/list") return tools_->list_resource_templates(params);
  if (job.method == "resources/read") return tools_->read_resource(params);
  if (job.method == "resources/subscribe" || job.method == "resources/unsubscribe") {
    if (!params.contains("uri") || !params["uri"].is_string())
      throw std::invalid_argument(job.method + " needs params.uri");
    const auto key = tools_->subscription_key(params["uri"].get<std::string>());
    if (!key) throw std::out_of_range("not a note of the served vaults: " + params["uri"].get<std::string>());
    std::lock_guard lock(mutex_);
    if (job.method == "resources/subscribe")
      subscribed_.insert(*key);
    else
      subscribed_.erase(*key);
    return json::object();
  }
  if (job.method == "prompts/list")
    throw lsp::RpcError(ErrorCode::MethodNotFound, "no prompts: the server offers tools and resources");
  throw lsp::RpcError(ErrorCode::MethodNotFound, "unknown method: " + job.method);
}

void Server::on_files_changed(const std::vector<fs::path>& paths, bool listing_changed) {
  std::vector<std::string> updated;
  {
    std::lock_guard lock(mutex_);
    if (!initialize_seen_) return;
    for (const fs::path& path : paths) {
      const std::string key = path.lexically_normal().string();
      if (subscribed_.count(key)) updated.push_back(key);
    }
  }
  for (const std::string& key : updated) notify("notifications/resources/updated", {{"uri", Tools::uri_of(key)}});
  if (listing_changed) notify("notifications/resources/list_changed", json::object());
}

int run_stdio(ServerOptions options, int in_fd, int out_fd) {
  std::mutex write_mutex;
  bool write_failed = false;
  auto send = [&](const json& message) {
    std::string line = message.dump(-1, ' ', false, json::error_handler_t::replace);
    line += '\n';
    std::lock_guard lock(write_mutex);
    if (write_failed) return;
    size_t done = 0;
    while (done < line.size()) {
      const ssize_t n = ::write(out_fd, line.data() + done, line.size() - done);
      if (n < 0) {
        if (errno == EINTR) continue;
        write_failed = true;
        return;
      }
      done += static_cast<size_t>(n);
    }
  };
  auto log = [](const std::string& message) { std::fprintf(stderr, "slipbox mcp: %s\n", message.c_str()); };
  Server server(std::move(options), send, log);
  server.start();
  // The reader: lines of at most 64 MB (a hostile or broken client cannot exhaust memory).
  constexpr size_t kMaxLine = 64u << 20;
  std::string buffer;
  bool discarding = false;
  char chunk[65536];
  for (;;) {
    const ssize_t n = ::read(in_fd, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    size_t start = 0;
    for (size_t i = 0; i < static_cast<size_t>(n); ++i) {
      if (chunk[i] != '\n') continue;
      if (!discarding) {
        buffer.append(chunk + start, i - start);
        server.handle_message(buffer);
      }
      discarding = false;
      buffer.clear();
      start = i + 1;
    }
    if (!discarding) buffer.append(chunk + start, static_cast<size_t>(n) - start);
    if (buffer.size() > kMaxLine) {
      log("a message over 64 MB was dropped");
      send(error_reply(nullptr, static_cast<int>(ErrorCode::InvalidRequest), "message too large (over 64 MB)"));
      buffer.clear();
      discarding = true;
    }
  }
  if (!discarding && !buffer.empty()) server.handle_message(buffer);
  server.stop();
  return 0;
}

}  // namespace slipbox::mcp
