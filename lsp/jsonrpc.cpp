#include "lsp/jsonrpc.h"

namespace slipbox::lsp {
namespace {

bool valid_id(const json& id) { return id.is_string() || id.is_number_integer(); }

}  // namespace

std::string id_to_string(const RequestId& id) { return id.is_string() ? id.get<std::string>() : id.dump(); }

namespace {

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The code unit of a `\uXXXX` escape starting at body[i] (the backslash), or -1.
int escaped_unit(std::string_view body, size_t i) {
  if (i + 6 > body.size() || body[i] != '\\' || body[i + 1] != 'u') return -1;
  int unit = 0;
  for (size_t k = i + 2; k < i + 6; ++k) {
    const int digit = hex_digit(body[k]);
    if (digit < 0) return -1;
    unit = unit * 16 + digit;
  }
  return unit;
}

bool is_high(int unit) { return unit >= 0xD800 && unit <= 0xDBFF; }
bool is_low(int unit) { return unit >= 0xDC00 && unit <= 0xDFFF; }

}  // namespace

std::optional<std::string> replace_lone_surrogates(std::string_view body) {
  // Backslashes occur only inside strings in valid JSON, and every escape is a pair
  // (`\\` included), so walking escape by escape never mistakes `\\ud83d` for one.
  std::string out;
  bool changed = false;
  size_t copied = 0;
  for (size_t i = 0; i < body.size(); ++i) {
    if (body[i] != '\\') continue;
    const int unit = escaped_unit(body, i);
    if (unit < 0) {
      ++i;  // a two-character escape (or an invalid one the parser will reject)
      continue;
    }
    if (is_high(unit) && is_low(escaped_unit(body, i + 6))) {
      i += 11;  // a proper pair
      continue;
    }
    if (is_high(unit) || is_low(unit)) {
      out.append(body.substr(copied, i - copied));
      out.append("\\ufffd");
      copied = i + 6;
      changed = true;
    }
    i += 5;
  }
  if (!changed) return std::nullopt;
  out.append(body.substr(copied));
  return out;
}

IncomingMessage parse_message(std::string_view body) {
  json message = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (message.is_discarded()) {
    // JavaScript clients can send a lone UTF-16 surrogate ("\ud83d", half an emoji), which
    // JSON parsers reject: one U+FFFD instead of losing the whole message (a dropped edit
    // leaves the buffer diverged). Only on failure: valid bodies are never copied.
    if (const auto repaired = replace_lone_surrogates(body))
      message = json::parse(*repaired, nullptr, /*allow_exceptions=*/false);
  }
  if (message.is_discarded()) return InvalidMessage{nullptr, ErrorCode::ParseError, "Parse error: invalid JSON"};
  if (!message.is_object())
    return InvalidMessage{nullptr, ErrorCode::InvalidRequest, "Invalid request: a message must be a JSON object"};

  const auto id_it = message.find("id");
  const bool has_id = id_it != message.end();
  const auto method = message.find("method");
  if (method == message.end() && (has_id || message.contains("result") || message.contains("error"))) {
    // A response (however malformed: no "result", no "jsonrpc", an odd id) is never answered:
    // an error carrying its id would collide with the client's own requests. No result and
    // no error counts as a null result; an id that is not ours finds no caller and is logged.
    IncomingResponse response{has_id ? *id_it : json(nullptr), std::nullopt, std::nullopt};
    if (const auto error = message.find("error"); error != message.end())
      response.error = std::move(*error);
    else if (const auto result = message.find("result"); result != message.end())
      response.result = std::move(*result);
    else
      response.result = json(nullptr);
    return response;
  }
  if (has_id && !valid_id(*id_it))
    return InvalidMessage{nullptr, ErrorCode::InvalidRequest, "Invalid request: id must be an integer or a string"};
  const json id = has_id ? *id_it : json(nullptr);

  const auto version = message.find("jsonrpc");
  if (version == message.end() || *version != "2.0")
    return InvalidMessage{id, ErrorCode::InvalidRequest, "Invalid request: \"jsonrpc\" must be \"2.0\""};

  if (method == message.end()) return InvalidMessage{id, ErrorCode::InvalidRequest, "Invalid request: no \"method\""};
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
  return json{
      {"jsonrpc", "2.0"}, {"id", id}, {"error", {{"code", static_cast<int>(code)}, {"message", std::string(message)}}}};
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
