#pragma once
// One in-process language server for a protocol test: a temporary vault, the server on a
// MemoryTransport, and the messages every such test sends. A fixture derives from it
// (`class MyTest : public ::testing::Test, protected LspSession`) and adds only what is its own.
#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "lsp/logger.h"
#include "lsp/server.h"
#include "lsp/uri.h"
#include "tests/lsp/memory_transport.h"
#include "tests/lsp/temp_vault.h"

namespace slipbox::lsp::testing {

class LspSession {
 public:
  // Short delays, so tests do not wait on debounces; two request threads.
  static ServerOptions test_options() {
    ServerOptions options;
    options.version = "test";
    options.threads = 2;
    options.diagnostics_delay = std::chrono::milliseconds(5);
    options.rescan_delay = std::chrono::milliseconds(5);
    return options;
  }

  explicit LspSession(ServerOptions options = test_options()) : server{transport, log, std::move(options)} {}
  virtual ~LspSession() { server.stop(); }  // nothing is sent after this
  LspSession(const LspSession&) = delete;
  LspSession& operator=(const LspSession&) = delete;

  // initialize (rooted at the vault; `extra` is merged into its params), then initialized.
  json initialize(const json& capabilities = json::object(), const json& extra = json::object()) {
    json params{{"processId", nullptr}, {"rootUri", uri_from_path(vault.root())}, {"capabilities", capabilities}};
    params.update(extra);
    server.handle_message(request(1, "initialize", params));
    json response = transport.response(1);
    server.handle_message(notification("initialized", json::object()));
    return response;
  }

  std::string uri(std::string_view vault_path) const {
    return uri_from_path(vault.root() / std::filesystem::path(std::u8string(vault_path.begin(), vault_path.end())));
  }

  // Writes the note to disk and opens it with the same text; returns its URI.
  std::string open(std::string_view vault_path, std::string_view text, int version = 1) {
    const std::string note = uri_from_path(vault.write(vault_path, text));
    notify("textDocument/didOpen",
           {{"textDocument", {{"uri", note}, {"languageId", "markdown"}, {"version", version}, {"text", text}}}});
    return note;
  }

  // The whole text replaced, as a client without incremental sync sends it.
  void change(const std::string& note, std::string_view text, int version) {
    notify("textDocument/didChange", {{"textDocument", {{"uri", note}, {"version", version}}},
                                      {"contentChanges", json::array({{{"text", text}}})}});
  }

  // A request with the next id; its response (result or error).
  json call(const std::string& method, const json& params) {
    const int id = next_id++;
    server.handle_message(request(id, method, params));
    return transport.response(id);
  }
  void notify(const std::string& method, const json& params) { server.handle_message(notification(method, params)); }

  // TextDocumentPositionParams.
  static json at(const std::string& note, int line, int character) {
    return {{"textDocument", {{"uri", note}}}, {"position", {{"line", line}, {"character", character}}}};
  }

  // The first publishDiagnostics for `note` (from `*from` on) with `count` entries.
  std::optional<json> published(const std::string& note, size_t count, size_t* from) {
    return transport.wait_for(
        [&](const json& m) {
          return m.value("method", "") == "textDocument/publishDiagnostics" && m["params"]["uri"] == note &&
                 m["params"]["diagnostics"].size() == count;
        },
        from);
  }

  // The first publishDiagnostics for `note` with `version` (nullopt: one without a version);
  // an empty array, and a test failure that lists what was sent, when none comes.
  json diagnostics_for(const std::string& note, std::optional<int> version) {
    auto found = transport.wait_for([&](const json& m) {
      if (m.value("method", "") != "textDocument/publishDiagnostics" || m["params"]["uri"] != note) return false;
      return version ? m["params"].value("version", -1) == *version : !m["params"].contains("version");
    });
    if (!found) {
      ADD_FAILURE() << "no publishDiagnostics for " << note << " version " << (version ? *version : -1) << "; sent:\n"
                    << transport.dump();
      return json::array();
    }
    return (*found)["params"]["diagnostics"];
  }

  // A request at `position` of `note` (TextDocumentPositionParams).
  json ask(const std::string& method, const std::string& note, const Position& position) {
    return call(method, {{"textDocument", {{"uri", note}}}, {"position", position}});
  }
  json ask(const std::string& method, const std::string& note, int line, int character) {
    return call(method, at(note, line, character));
  }

  size_t count_method(const std::string& method) const {
    return transport.count([&](const json& m) { return m.value("method", "") == method; });
  }

  TempVault vault;
  Logger log{false};
  MemoryTransport transport;
  Server server;
  int next_id = 100;
};

}  // namespace slipbox::lsp::testing
