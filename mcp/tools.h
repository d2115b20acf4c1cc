#pragma once
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "mcp/vault_host.h"

namespace slipbox::mcp {

using json = nlohmann::json;
class Server;

// A tool's failure an agent can act on: answered as a result with `isError: true`.
struct ToolError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Thrown when the client cancelled the request: nothing is answered.
struct Cancelled {};

// What a tool call carries besides its arguments.
struct CallContext {
  json request_id;
  json progress_token;  // null when the client asked for no progress
  std::function<bool()> cancelled;
  std::function<void(double done, double total, const std::string& message)> progress;
};

// The tools and resources: MCP arguments → analysis queries on the live index → results.
class Tools {
 public:
  explicit Tools(Server& server);
  ~Tools();

  json list_tools(const json& params) const;                       // tools/list (paginated)
  json call_tool(const json& params, const CallContext& context);  // tools/call

  json list_resources(const json& params);  // resources/list (paginated)
  json list_resource_templates(const json& params) const;
  json read_resource(const json& params);
  // The key a resource URI is subscribed under (its absolute path), or nullopt when it is
  // not a note of a served vault.
  std::optional<std::string> subscription_key(const std::string& uri);
  // The resource URI of a file on disk.
  static std::string uri_of(const std::filesystem::path& path);

 private:
  struct Tool;
  std::vector<Tool> tools_;
  Server& server_;
};

}  // namespace slipbox::mcp
