// Odd and hostile input to the whole server: no crash, every request answered once, and the
// server still serves afterwards.
#include <gtest/gtest.h>

#include "lsp/server.h"
#include "lsp/uri.h"
#include "tests/lsp/memory_transport.h"
#include "tests/lsp/temp_vault.h"

namespace slipbox::lsp {
namespace {

using testing::MemoryTransport;
using testing::notification;
using testing::request;
using testing::TempVault;

TEST(Robustness, OddMessagesNeverBreakTheServer) {
  TempVault vault;
  vault.write("A.md", "# A\n\n[[B]] 🙂\n");
  Logger log(false);
  MemoryTransport transport;
  ServerOptions options;
  options.threads = 2;
  options.diagnostics_delay = std::chrono::milliseconds(1);
  Server server(transport, log, options);
  server.handle_message(
      request(1, "initialize", {{"rootUri", uri_from_path(vault.root())}, {"capabilities", json::object()}}));
  transport.response(1);
  server.handle_message(notification("initialized", json::object()));

  const std::string uri = uri_from_path(vault.root() / "A.md");
  const json position_far{{"line", 2147483647}, {"character", 2147483647}};
  const std::vector<std::string> bodies = {
      std::string(200000, '[') + std::string(200000, ']'),  // deep nesting
      std::string(100000, '{'),
      R"({"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"file:///not/open.md","version":2},"contentChanges":[{"text":"x"}]}})",
      R"({"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"untitled:1","languageId":"markdown","version":1,"text":"[[A]]"}}})",
      R"({"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///","languageId":"markdown","version":1,"text":""}}})",
      R"({"jsonrpc":"2.0","method":"textDocument/didClose","params":{"textDocument":{"uri":"file:///never/opened.md"}}})",
      R"({"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":")" + uri +
          R"(","languageId":"markdown","version":1,"text":"[[B]] \ud83d\ude00 [[#A\u0000]]"}}})",
      R"({"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":")" + uri +
          R"(","version":2},"contentChanges":[{"range":{"start":{"line":0,"character":7},"end":{"line":0,"character":6}},"text":"[["}]}})",
      R"({"jsonrpc":"2.0","method":"workspace/didChangeWatchedFiles","params":{"changes":[{"uri":"file:///etc/passwd","type":2},{"uri":"bogus","type":9}]}})",
      R"({"jsonrpc":"2.0","method":"workspace/didChangeConfiguration","params":{"settings":[1,2,3]}})",
      R"({"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":{"nested":true}}})",
      R"({"jsonrpc":"2.0","id":9007199254740993,"method":"textDocument/hover","params":{"textDocument":{"uri":")" +
          uri + R"("},"position":)" + position_far.dump() + "}}",
      R"({"jsonrpc":"2.0","id":"ü🙂","method":"textDocument/completion","params":{"textDocument":{"uri":")" + uri +
          R"("},"position":)" + position_far.dump() + "}}",
      R"({"jsonrpc":"2.0","id":31,"method":"textDocument/definition","params":{"textDocument":{"uri":")" + uri +
          R"("},"position":{"line":0,"character":1}}})",
      R"({"jsonrpc":"2.0","id":32,"method":"textDocument/completion","params":{"textDocument":{"uri":"file:///no/such/file.md"},"position":{"line":0,"character":0}}})",
      R"({"jsonrpc":"2.0","id":33,"method":"textDocument/hover","params":{"textDocument":{"uri":42},"position":{"line":0,"character":0}}})",
      "\xff\xfe\x00garbage",
      R"({"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":")" + uri +
          R"(","version":3},"contentChanges":[{"text":"\udc00 lone surrogate escape"}]}})",
  };
  for (const std::string& body : bodies) EXPECT_TRUE(server.handle_message(body));

  const std::vector<json> ids = {9007199254740993LL, "ü🙂", 31, 32, 33};
  for (const json& id : ids) {
    transport.response(id);
    EXPECT_LE(transport.responses_to(id), 1u) << id.dump();
  }
  server.handle_message(request(99, "textDocument/hover",
                                {{"textDocument", {{"uri", uri}}}, {"position", {{"line", 0}, {"character", 0}}}}));
  EXPECT_TRUE(transport.response(99).contains("result")) << transport.dump();
  for (const json& id : ids) EXPECT_EQ(transport.responses_to(id), 1u) << id.dump();
}

}  // namespace
}  // namespace slipbox::lsp
