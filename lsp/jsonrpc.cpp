#include "lsp/jsonrpc.h"

namespace slipbox::lsp {
namespace {

bool valid_id(const json& id) { return id.is_string() || id.is_number_integer(); }

}  // namespace

std::string id_to_string(const RequestId& id) {
  return id.is_string() ? id.get<std::string>() : id.dump();
}

IncomingMessage parse_message(std::string_view body) {
  json message = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (message.is_discarded()) return InvalidMessage{nullptr, ErrorCode::ParseError, "Parse error: invalid JSON"};
  if (!message.is_object())
    return InvalidMessage{nullptr, ErrorCode::InvalidRequest, "Invalid request: a message must be a JSON object"};

  const auto id_it = message.find("id");
  const bool has_id = id_it != message.end();
  if (has_id && !valid_id(*id_it)) {
    // A response to an error we could not attribute carries id null; anything else is invalid.
    const bool error_response = id_it->is_null() && message.contains("error") && !message.contains("method");
    if (error_response) return IncomingResponse{nullptr, std::nullopt, message["error"]};
    return InvalidMessage{nullptr, ErrorCode::InvalidRequest, "Invalid request: id must be an integer or a string"};
  }
  const json id = has_id ? *id_it : json(nullptr);

  const auto version = message.find("jsonrpc");
  if (version == message.end() || *version != "2.0")
    return InvalidMessage{id, ErrorCode::InvalidRequest, "Invalid request: \"jsonrpc\" must be \"2.0\""};

  const auto method = message.find("method");
  if (method == message.end()) {
    const bool has_result = message.contains("result"), has_error = message.contains("error");
    if (has_id && has_result != has_error) {
      IncomingResponse response{id, std::nullopt, std::nullopt};
      if (has_result) response.result = std::move(message["result"]);
      else response.error = std::move(message["error"]);
      return response;
    }
    return InvalidMessage{id, ErrorCode::InvalidRequest, "Invalid request: no \"method\""};
  }
  if (!method->is_string())
    return InvalidMessage{id, ErrorCode::InvalidRequest, "Invalid request: \"method\" must be a string"};

  json params = nullptr;
  // `"params": null` means "no params": JSON-RPC forbids it, but clients send it for
  // `shutdown` and `exit`, and refusing it would leave the server unable to exit.
  if (const auto it = message.find("params"); it != message.end() && !it->is_null()) {
    if (!it->is_object() && !it->is_array())
      return InvalidMessage{id, ErrorCode::InvalidRequest, "Invalid request: \"params\" must be an object or an array"};
    params = std::move(*it);
  }
  if (has_id) return IncomingRequest{id, method->get<std::string>(), std::move(params)};
  return IncomingNotification{method->get<std::string>(), std::move(params)};
}

json make_result(const RequestId& id, json result) {
  return json{{"jsonrpc", "2.0"}, {"id", id}, {"result", std::move(result)}};
}

json make_error(const RequestId& id, ErrorCode code, std::string_view message) {
  return json{{"jsonrpc", "2.0"},
              {"id", id},
              {"error", {{"code", static_cast<int>(code)}, {"message", std::string(message)}}}};
}

json make_request(const RequestId& id, std::string_view method, json params) {
  json out{{"jsonrpc", "2.0"}, {"id", id}, {"method", std::string(method)}};
  if (!params.is_null()) out["params"] = std::move(params);
  return out;
}

json make_notification(std::string_view method, json params) {
  json out{{"jsonrpc", "2.0"}, {"method", std::string(method)}};
  if (!params.is_null()) out["params"] = std::move(params);
  return out;
}

}  // namespace slipbox::lsp
