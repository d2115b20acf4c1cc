#pragma once
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>

#include <nlohmann/json.hpp>

namespace slipbox::lsp {

using json = nlohmann::json;

// JSON-RPC 2.0 and LSP error codes.
enum class ErrorCode : int {
  ParseError = -32700,
  InvalidRequest = -32600,
  MethodNotFound = -32601,
  InvalidParams = -32602,
  InternalError = -32603,
  ServerNotInitialized = -32002,
  UnknownErrorCode = -32001,
  RequestFailed = -32803,
  ServerCancelled = -32802,
  ContentModified = -32801,
  RequestCancelled = -32800,
};

// An error a handler answers with; thrown or passed to a Reply.
struct RpcError : std::runtime_error {
  RpcError(ErrorCode code, const std::string& message) : std::runtime_error(message), code(code) {}
  ErrorCode code;
};

// A request id: an integer or a string. Kept as JSON so it is echoed back exactly.
using RequestId = json;
std::string id_to_string(const RequestId& id);

struct IncomingRequest {
  RequestId id;
  std::string method;
  json params;  // null when absent
};
struct IncomingNotification {
  std::string method;
  json params;
};
struct IncomingResponse {
  RequestId id;
  std::optional<json> result;
  std::optional<json> error;  // the error object when the call failed
};
// A message that cannot be processed: answered with `code` to `id` (null when unknown).
struct InvalidMessage {
  RequestId id;  // null when it could not be determined
  ErrorCode code;
  std::string message;
};

using IncomingMessage = std::variant<IncomingRequest, IncomingNotification, IncomingResponse, InvalidMessage>;

// Parses and validates one message body: -32700 for unparsable JSON, -32600 for anything
// that is not a JSON-RPC 2.0 request, notification or response.
// A response (no "method", but an id, a result or an error) is never invalid: it is never
// answered. A body that fails to parse only because of lone UTF-16 surrogates in string
// escapes is parsed with U+FFFD in their place.
IncomingMessage parse_message(std::string_view body);
// `body` with every `\uXXXX` escape of a lone surrogate replaced by `\ufffd`; nullopt when
// there is none.
std::optional<std::string> replace_lone_surrogates(std::string_view body);

json make_result(const RequestId& id, json result);
json make_error(const RequestId& id, ErrorCode code, std::string_view message);
json make_request(const RequestId& id, std::string_view method, json params);
json make_notification(std::string_view method, json params);

}  // namespace slipbox::lsp
