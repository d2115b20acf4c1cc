#pragma once
#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "lsp/jsonrpc.h"
#include "lsp/logger.h"
#include "lsp/scheduler.h"
#include "lsp/transport.h"

namespace slipbox::lsp {

// Set by $/cancelRequest; handlers poll it in long loops.
class CancelToken {
 public:
  bool cancelled() const { return flag_->load(std::memory_order_relaxed); }
  void cancel() const { flag_->store(true, std::memory_order_relaxed); }

 private:
  std::shared_ptr<std::atomic<bool>> flag_ = std::make_shared<std::atomic<bool>>(false);
};

namespace detail {
struct Connection;

// One incoming request's answer. The first of result / error / cancellation is sent,
// anything later is dropped; if every copy of the Reply dies unanswered, an internal
// error is sent, so each request gets exactly one response.
struct ReplyState {
  ReplyState(std::shared_ptr<Connection> connection, RequestId id, std::string method);
  ~ReplyState();
  ReplyState(const ReplyState&) = delete;
  ReplyState& operator=(const ReplyState&) = delete;

  // Sends `message` unless a response already went out; true when it was sent.
  bool send(const json& message);
  bool answered() const { return done.load(); }

  std::shared_ptr<Connection> connection;
  RequestId id;
  std::string method;
  CancelToken token;
  std::atomic<bool> done{false};
};
}  // namespace detail

// The callback a request handler answers through. Copyable; cheap.
template <typename Result>
class Reply {
 public:
  explicit Reply(std::shared_ptr<detail::ReplyState> state) : state_(std::move(state)) {}

  void operator()(const Result& result) const {
    json value = result;  // to_json(json&, const Result&)
    state_->send(make_result(state_->id, std::move(value)));
  }
  void error(ErrorCode code, std::string_view message) const { state_->send(make_error(state_->id, code, message)); }
  void error(const RpcError& e) const { error(e.code, e.what()); }

  const CancelToken& cancel_token() const { return state_->token; }
  bool cancelled() const { return state_->token.cancelled(); }
  const RequestId& id() const { return state_->id; }

 private:
  std::shared_ptr<detail::ReplyState> state_;
};

// For requests without params (shutdown): accepts null, an empty object or array.
struct NoParams {};
inline void from_json(const json&, NoParams&) {}
// For results that are JSON null.
struct NullResult {};
inline void to_json(json& j, const NullResult&) { j = nullptr; }

// JSON-RPC 2.0 endpoint with the LSP lifecycle, typed dispatch in the style of clangd's
// LSPBinder, cancellation, and server→client calls.
//
// Threading: handle_message() is called by the reader thread only and never blocks on
// handlers. Params are parsed there (a failure answers -32602 at once); handlers then run
// on the scheduler: notifications and `Ordered` requests on the strand in arrival order,
// `Background` requests hop through the strand (so they see every earlier change) to the
// pool. notify()/call() may be used from any thread.
class Endpoint {
 public:
  enum class Where { Ordered, Background };
  enum class Lifecycle { Uninitialized, Initialized, ShutDown, Exited };

  Endpoint(Transport& transport, Scheduler& scheduler, Logger& log);
  ~Endpoint();

  // `initialize` and `shutdown` are handled like any request, after the lifecycle checks.
  template <typename Params, typename Result>
  void on_request(const std::string& method, std::function<void(const Params&, Reply<Result>)> handler,
                  Where where = Where::Background) {
    requests_[method] =
        RequestHandler{[handler = std::move(handler)](
                           const json& params, std::shared_ptr<detail::ReplyState> state) -> std::function<void()> {
                         auto typed = std::make_shared<Params>(params.get<Params>());  // throws → -32602
                         return [handler, typed, state] { handler(*typed, Reply<Result>(state)); };
                       },
                       where};
  }
  template <typename Params>
  void on_notification(const std::string& method, std::function<void(const Params&)> handler) {
    notifications_[method] = [handler = std::move(handler)](const json& params) -> std::function<void()> {
      auto typed = std::make_shared<Params>(params.get<Params>());
      return [handler, typed] { handler(*typed); };
    };
  }

  // Called on the reader thread the moment `shutdown` arrives, before it waits for the
  // requests in flight: whatever would keep them waiting must end now.
  void on_shutdown_received(std::function<void()> hook) { shutdown_hook_ = std::move(hook); }

  // One framed body from the client. Returns false once `exit` arrived (stop reading).
  bool handle_message(std::string_view body);
  // Stdin closed: stop answering; the process should exit.
  void close();
  // Waits (at most `patience`) until every request received so far has been answered.
  bool wait_idle(std::chrono::milliseconds patience);

  // 0 when `exit` came after `shutdown`, else 1 (including EOF without exit).
  int exit_code() const;
  Lifecycle lifecycle() const { return lifecycle_.load(); }

  void notify(std::string_view method, json params);
  // A server→client request; `on_response` runs on the strand with the result or the error.
  using ResponseHandler = std::function<void(const std::optional<json>& result, const std::optional<json>& error)>;
  void call(std::string_view method, json params, ResponseHandler on_response);

 private:
  struct RequestHandler {
    // Parses params (may throw) and returns the bound call.
    std::function<std::function<void()>(const json&, std::shared_ptr<detail::ReplyState>)> bind;
    Where where;
  };
  using NotificationHandler = std::function<std::function<void()>(const json&)>;

  void handle_request(const IncomingRequest& request);
  void handle_notification(IncomingNotification notification);
  void handle_response(IncomingResponse response);
  void cancel_request(const json& params);
  void send(const json& message);
  void run_handler(const std::shared_ptr<detail::ReplyState>& state, const std::function<void()>& call);

  std::shared_ptr<detail::Connection> connection_;
  Scheduler& scheduler_;
  Logger& log_;
  std::unordered_map<std::string, RequestHandler> requests_;
  std::unordered_map<std::string, NotificationHandler> notifications_;
  std::atomic<Lifecycle> lifecycle_{Lifecycle::Uninitialized};
  std::atomic<bool> shutdown_received_{false};
  std::function<void()> shutdown_hook_;

  std::mutex calls_mutex_;
  int64_t next_call_id_ = 1;
  std::map<int64_t, ResponseHandler> pending_calls_;
};

}  // namespace slipbox::lsp
