#include "lsp/endpoint.h"

#include <condition_variable>

namespace slipbox::lsp {
namespace detail {

// What replies need after the Endpoint may be gone: the transport, whether the connection
// is still open, and the requests in flight (for $/cancelRequest).
struct Connection {
  Connection(Transport& transport, Logger& log) : transport(transport), log(log) {}

  void send(const json& message) {
    if (closed.load()) return;
    transport.send(message);
  }

  Transport& transport;
  Logger& log;
  std::atomic<bool> closed{false};
  std::mutex mutex;
  std::condition_variable idle;                                          // signalled when in_flight becomes empty
  std::unordered_map<std::string, std::weak_ptr<ReplyState>> in_flight;  // by id.dump(): 1 and "1" differ
  std::function<void()> on_idle;  // a deferred `shutdown`, run once in_flight is empty
};

ReplyState::ReplyState(std::shared_ptr<Connection> connection, RequestId id, std::string method)
    : connection(std::move(connection)), id(std::move(id)), method(std::move(method)) {}

ReplyState::~ReplyState() {
  if (!done.load()) {
    connection->log.error("request " + method + " (" + id_to_string(id) + ") ended without a reply");
    send(make_error(id, ErrorCode::InternalError, "the server dropped this request without an answer"));
  }
}

bool ReplyState::send(const json& message) {
  if (done.exchange(true)) return false;
  connection->send(message);
  {
    std::lock_guard lock(connection->mutex);
    connection->in_flight.erase(id.dump());
    if (connection->in_flight.empty() && connection->on_idle) {
      // Post the deferred shutdown before anyone can see "idle": `exit` in the same read
      // drains the queue after wait_idle(), and the shutdown reply must be in it by then.
      const std::function<void()> run_when_idle = std::move(connection->on_idle);
      connection->on_idle = nullptr;
      run_when_idle();  // only posts to the ordered strand
    }
  }
  connection->idle.notify_all();
  return true;
}

}  // namespace detail

Endpoint::Endpoint(Transport& transport, Scheduler& scheduler, Logger& log)
    : connection_(std::make_shared<detail::Connection>(transport, log)), scheduler_(scheduler), log_(log) {}

Endpoint::~Endpoint() {
  close();
  std::lock_guard lock(connection_->mutex);
  connection_->on_idle = nullptr;
}

bool Endpoint::wait_idle(std::chrono::milliseconds patience) {
  std::unique_lock lock(connection_->mutex);
  return connection_->idle.wait_for(lock, patience, [&] { return connection_->in_flight.empty(); });
}

void Endpoint::close() { connection_->closed.store(true); }

int Endpoint::exit_code() const { return shutdown_received_.load() ? 0 : 1; }

void Endpoint::send(const json& message) { connection_->send(message); }

void Endpoint::notify(std::string_view method, json params) { send(make_notification(method, std::move(params))); }

void Endpoint::call(std::string_view method, json params, ResponseHandler on_response) {
  int64_t id;
  {
    std::lock_guard lock(calls_mutex_);
    id = next_call_id_++;
    pending_calls_[id] = std::move(on_response);
  }
  send(make_request(id, method, std::move(params)));
}

bool Endpoint::handle_message(std::string_view body) {
  IncomingMessage message = parse_message(body);
  if (auto* invalid = std::get_if<InvalidMessage>(&message)) {
    log_.warning(invalid->message);
    send(make_error(invalid->id, invalid->code, invalid->message));
    return true;
  }
  if (auto* response = std::get_if<IncomingResponse>(&message)) {
    handle_response(std::move(*response));
    return true;
  }
  if (auto* request = std::get_if<IncomingRequest>(&message)) {
    handle_request(*request);
    return true;
  }
  auto& notification = std::get<IncomingNotification>(message);
  if (notification.method == "exit") {
    lifecycle_.store(Lifecycle::Exited);
    return false;
  }
  handle_notification(std::move(notification));
  return true;
}

void Endpoint::handle_request(const IncomingRequest& request) {
  const Lifecycle state = lifecycle_.load();
  if (state == Lifecycle::Uninitialized && request.method != "initialize") {
    send(make_error(request.id, ErrorCode::ServerNotInitialized, "the server is not initialized yet"));
    return;
  }
  if (state == Lifecycle::ShutDown || state == Lifecycle::Exited) {
    send(make_error(request.id, ErrorCode::InvalidRequest, "the server is shutting down"));
    return;
  }
  if (state != Lifecycle::Uninitialized && request.method == "initialize") {
    send(make_error(request.id, ErrorCode::InvalidRequest, "the server is already initialized"));
    return;
  }
  const auto handler = requests_.find(request.method);
  if (handler == requests_.end()) {
    send(make_error(request.id, ErrorCode::MethodNotFound, "method not found: " + request.method));
    return;
  }

  auto state_ptr = std::make_shared<detail::ReplyState>(connection_, request.id, request.method);
  std::function<void()> bound;
  try {
    bound = handler->second.bind(request.params, state_ptr);
  } catch (const std::exception& e) {
    state_ptr->send(
        make_error(request.id, ErrorCode::InvalidParams, "invalid params for " + request.method + ": " + e.what()));
    return;
  }
  if (request.method == "initialize") lifecycle_.store(Lifecycle::Initialized);
  if (request.method == "shutdown") {
    lifecycle_.store(Lifecycle::ShutDown);
    shutdown_received_.store(true);
  }
  const Where where = handler->second.where;
  auto run = [this, state_ptr, bound = std::move(bound), where] {
    if (state_ptr->answered()) return;  // cancelled while queued
    if (where == Where::Ordered) {
      run_handler(state_ptr, bound);
      return;
    }
    scheduler_.background([this, state_ptr, bound] {
      if (state_ptr->answered()) return;
      run_handler(state_ptr, bound);
    });
  };
  if (request.method == "shutdown") {
    if (shutdown_hook_) shutdown_hook_();
    // Answer shutdown only after every earlier request has its answer: once the client
    // holds the shutdown reply, nothing it asked is left pending.
    std::unique_lock lock(connection_->mutex);
    if (!connection_->in_flight.empty()) {
      connection_->on_idle = [this, run = std::move(run)] { scheduler_.ordered(run); };
      return;
    }
    lock.unlock();
    scheduler_.ordered(std::move(run));
    return;
  }
  {
    std::lock_guard lock(connection_->mutex);
    connection_->in_flight[request.id.dump()] = state_ptr;
  }
  scheduler_.ordered(std::move(run));
}

void Endpoint::run_handler(const std::shared_ptr<detail::ReplyState>& state, const std::function<void()>& call) {
  try {
    call();
  } catch (const RpcError& e) {
    state->send(make_error(state->id, e.code, e.what()));
  } catch (const std::exception& e) {
    log_.error("handler for " + state->method + " failed: " + e.what());
    state->send(make_error(state->id, ErrorCode::InternalError, e.what()));
  } catch (...) {
    log_.error("handler for " + state->method + " failed with an unknown exception");
    state->send(make_error(state->id, ErrorCode::InternalError, "unknown exception"));
  }
}

void Endpoint::handle_notification(IncomingNotification notification) {
  const Lifecycle state = lifecycle_.load();
  if (state == Lifecycle::Uninitialized) return;  // dropped until initialize (exit is handled earlier)
  if (notification.method == "$/cancelRequest") {
    // Even after shutdown: it only answers a request sent before, which shutdown waits for.
    cancel_request(notification.params);
    return;
  }
  if (state == Lifecycle::ShutDown) return;  // no state changes after shutdown: only exit counts
  const auto handler = notifications_.find(notification.method);
  if (handler == notifications_.end()) return;  // unknown notifications, `$/…` included, are ignored
  std::function<void()> bound;
  try {
    bound = handler->second(notification.params);
  } catch (const std::exception& e) {
    log_.warning("invalid params for " + notification.method + ": " + e.what());
    return;
  }
  scheduler_.ordered([this, bound = std::move(bound), method = std::move(notification.method)] {
    try {
      bound();
    } catch (const std::exception& e) {
      log_.error("handler for " + method + " failed: " + e.what());
    }
  });
}

void Endpoint::cancel_request(const json& params) {
  if (!params.is_object() || !params.contains("id")) return;
  const json& id = params["id"];
  if (!id.is_string() && !id.is_number_integer()) return;
  std::shared_ptr<detail::ReplyState> state;
  {
    std::lock_guard lock(connection_->mutex);
    const auto it = connection_->in_flight.find(id.dump());
    if (it == connection_->in_flight.end()) return;  // already answered, or never seen
    state = it->second.lock();
  }
  if (!state) return;
  state->token.cancel();
  // Answer now rather than when the handler notices: the client stops waiting at once.
  state->send(make_error(state->id, ErrorCode::RequestCancelled, "request cancelled"));
}

void Endpoint::handle_response(IncomingResponse response) {
  ResponseHandler handler;
  if (response.id.is_number_integer()) {
    std::lock_guard lock(calls_mutex_);
    const auto it = pending_calls_.find(response.id.get<int64_t>());
    if (it != pending_calls_.end()) {
      handler = std::move(it->second);
      pending_calls_.erase(it);
    }
  }
  if (!handler) {
    log_.warning("response to an unknown request id " + id_to_string(response.id));
    return;
  }
  scheduler_.ordered([handler = std::move(handler), result = std::move(response.result),
                      error = std::move(response.error)] { handler(result, error); });
}

}  // namespace slipbox::lsp
