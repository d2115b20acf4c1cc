// The MCP server in memory: messages in as lines, replies collected; a real vault folder on
// disk. Lifecycle and version negotiation, JSON-RPC errors, tool results and tool errors,
// pagination, the version check of edit_note, confinement of writes, read-only mode.
#include "mcp/server.h"

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>

#include "tests/lsp/temp_vault.h"

namespace slipbox::mcp {
namespace {

using lsp::testing::TempVault;

class Session {
 public:
  explicit Session(const TempVault& vault, bool read_only = false) {
    ServerOptions options;
    options.vaults = {vault.root()};
    options.read_only = read_only;
    options.watch = false;
    server_ = std::make_unique<Server>(
        options,
        [this](const json& message) {
          std::lock_guard lock(mutex_);
          // What goes on the wire must survive a round trip (one line, valid JSON).
          const std::string line = message.dump(-1, ' ', false, json::error_handler_t::replace);
          EXPECT_EQ(line.find('\n'), std::string::npos);
          messages_.push_back(json::parse(line));
          changed_.notify_all();
        },
        [](const std::string&) {});
    server_->start();
  }
  ~Session() { server_->stop(); }

  void send(const std::string& line) { server_->handle_message(line); }
  json request(int id, const std::string& method, json params = json::object()) {
    send(json{{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", std::move(params)}}.dump());
    return reply(id);
  }
  json reply(const json& id) {
    std::unique_lock lock(mutex_);
    json found;
    const bool got = changed_.wait_for(lock, std::chrono::seconds(20), [&] {
      for (const json& message : messages_)
        if (message.contains("id") && message["id"] == id && !message.contains("method")) {
          found = message;
          return true;
        }
      return false;
    });
    EXPECT_TRUE(got) << "no reply to " << id.dump();
    return found;
  }
  json initialize(const std::string& version = "2025-06-18") {
    json result = request(0, "initialize",
                          {{"protocolVersion", version},
                           {"capabilities", json::object()},
                           {"clientInfo", {{"name", "t"}, {"version", "1"}}}});
    send(R"({"jsonrpc":"2.0","method":"notifications/initialized"})");
    return result;
  }
  json call(int id, const std::string& tool, json args) {
    return request(id, "tools/call", {{"name", tool}, {"arguments", std::move(args)}})["result"];
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<json> messages_;
  std::unique_ptr<Server> server_;
};

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream out;
  out << in.rdbuf();
  return out.str();
}

void write_vault(const TempVault& vault) {
  vault.write("Home.md", "# Home\n## Ideas\nSee [[Plan]] and [[Plan#Goals]].\n");
  vault.write("Projects/Plan.md", "# Plan\n## Goals\nShip. ^g1\n[[Home]]\n");
  vault.write("Old.md", "[[Plan]]\n");
}

TEST(McpServer, NegotiatesTheProtocolVersion) {
  TempVault vault;
  write_vault(vault);
  Session session(vault);
  EXPECT_EQ(session.initialize("2025-03-26")["result"]["protocolVersion"], "2025-03-26");
  Session other(vault);
  EXPECT_EQ(other.initialize("2024-01-01")["result"]["protocolVersion"], kProtocolVersions[0]);
  Session newest(vault);
  const json result = newest.initialize("2025-11-25")["result"];
  EXPECT_EQ(result["protocolVersion"], "2025-11-25");
  EXPECT_EQ(result["serverInfo"]["name"], "slipbox");
  EXPECT_TRUE(result["capabilities"]["resources"]["subscribe"].get<bool>());
}

TEST(McpServer, AnswersProtocolErrors) {
  TempVault vault;
  write_vault(vault);
  Session session(vault);
  EXPECT_EQ(session.request(1, "tools/list")["error"]["code"], -32002);  // before initialize
  session.send("{not json");
  EXPECT_EQ(session.reply(nullptr)["error"]["code"], -32700);
  session.initialize();
  EXPECT_EQ(session.request(2, "nope/nope")["error"]["code"], -32601);
  EXPECT_EQ(session.request(3, "tools/call", {{"name", "missing_tool"}})["error"]["code"], -32602);
  EXPECT_EQ(session.request(4, "tools/call", json::object())["error"]["code"], -32602);
  EXPECT_EQ(session.request(5, "resources/read", {{"uri", "file:///nowhere/x.md"}})["error"]["code"], -32002);
  EXPECT_TRUE(session.request(6, "ping")["result"].is_object());
}

TEST(McpServer, ToolsHaveSchemasAndStructuredResults) {
  TempVault vault;
  write_vault(vault);
  Session session(vault);
  session.initialize();
  const json tools = session.request(1, "tools/list")["result"]["tools"];
  ASSERT_EQ(tools.size(), 11u);
  for (const json& tool : tools) {
    EXPECT_EQ(tool["inputSchema"]["type"], "object") << tool["name"];
    EXPECT_EQ(tool["outputSchema"]["type"], "object") << tool["name"];
  }
  const json read = session.call(2, "read_note", {{"path", "Plan"}, {"section", "Goals"}});
  EXPECT_FALSE(read["isError"].get<bool>());
  EXPECT_EQ(read["structuredContent"]["content"], "## Goals\nShip. ^g1\n[[Home]]\n");
  EXPECT_EQ(json::parse(read["content"][0]["text"].get<std::string>()), read["structuredContent"]);
  // A link target as the path: the section after '#'.
  const json target = session.call(4, "read_note", {{"path", "Plan#Goals"}});
  EXPECT_EQ(target["structuredContent"]["content"], read["structuredContent"]["content"]) << target.dump();
  // "^g1" here is not a block id (the paragraph goes on): asked for as a block, not as a file.
  const json block = session.call(5, "read_note", {{"path", "Plan#^g1"}});
  EXPECT_NE(block["content"][0]["text"].get<std::string>().find("No block ^g1"), std::string::npos) << block.dump();
  EXPECT_TRUE(session.call(6, "read_note", {{"path", "Plan#Nowhere"}})["isError"].get<bool>());
  const json missing = session.call(3, "read_note", {{"path", "Plam"}});
  EXPECT_TRUE(missing["isError"].get<bool>());
  EXPECT_NE(missing["content"][0]["text"].get<std::string>().find("Closest: Projects/Plan.md"), std::string::npos)
      << missing.dump();
}

TEST(McpServer, PagesWithCursors) {
  TempVault vault;
  for (int i = 0; i < 7; ++i) vault.write("Note " + std::to_string(i) + ".md", "#tag" + std::to_string(i) + "\n");
  Session session(vault);
  session.initialize();
  std::vector<std::string> tags;
  json cursor = nullptr;
  int id = 1;
  do {
    json args = {{"limit", 3}};
    if (!cursor.is_null()) args["cursor"] = cursor;
    const json page = session.call(id++, "list_tags", args)["structuredContent"];
    for (const json& tag : page["tags"]) tags.push_back(tag["tag"]);
    cursor = page["next_cursor"];
  } while (!cursor.is_null() && id < 10);
  EXPECT_EQ(tags, (std::vector<std::string>{"tag0", "tag1", "tag2", "tag3", "tag4", "tag5", "tag6"}));
  EXPECT_TRUE(session.call(20, "list_tags", {{"cursor", "x"}})["isError"].get<bool>());
}

TEST(McpServer, EditRefusesAStaleVersion) {
  TempVault vault;
  write_vault(vault);
  Session session(vault);
  session.initialize();
  const std::string version = session.call(1, "read_note", {{"path", "Home"}})["structuredContent"]["version"];
  vault.write("Home.md", "# Home\nChanged by the user.\n");
  const json stale =
      session.call(2, "edit_note", {{"path", "Home"}, {"version", version}, {"operation", "append"}, {"text", "x"}});
  EXPECT_TRUE(stale["isError"].get<bool>());
  EXPECT_EQ(read_file(vault.root() / "Home.md"), "# Home\nChanged by the user.\n");
  const std::string fresh = session.call(3, "read_note", {{"path", "Home"}})["structuredContent"]["version"];
  const json done =
      session.call(4, "edit_note", {{"path", "Home"}, {"version", fresh}, {"operation", "append"}, {"text", "Agent"}});
  EXPECT_FALSE(done["isError"].get<bool>()) << done.dump();
  EXPECT_EQ(read_file(vault.root() / "Home.md"), "# Home\nChanged by the user.\nAgent\n");
  EXPECT_EQ(done["structuredContent"]["writes"][0]["bytes"], 34);
}

TEST(McpServer, RenameUpdatesEveryLinkAndDryRunWritesNothing) {
  TempVault vault;
  write_vault(vault);
  Session session(vault);
  session.initialize();
  const json dry = session.call(1, "rename_note", {{"path", "Plan"}, {"new_name", "Roadmap"}, {"dry_run", true}});
  ASSERT_FALSE(dry["isError"].get<bool>()) << dry.dump();
  EXPECT_EQ(dry["structuredContent"]["changes"].size(), 2u);
  EXPECT_TRUE(std::filesystem::exists(vault.root() / "Projects/Plan.md"));
  const json done = session.call(2, "rename_note", {{"path", "Plan"}, {"new_name", "Roadmap"}});
  ASSERT_FALSE(done["isError"].get<bool>()) << done.dump();
  EXPECT_EQ(read_file(vault.root() / "Home.md"), "# Home\n## Ideas\nSee [[Roadmap]] and [[Roadmap#Goals]].\n");
  EXPECT_EQ(read_file(vault.root() / "Old.md"), "[[Roadmap]]\n");
  EXPECT_EQ(read_file(vault.root() / "Projects/Roadmap.md"), "# Plan\n## Goals\nShip. ^g1\n[[Home]]\n");
  // The index follows at once.
  const json links = session.call(3, "note_links", {{"path", "Roadmap"}})["structuredContent"];
  EXPECT_EQ(links["backlinks"].size(), 3u);
}

TEST(McpServer, NeverWritesOutsideTheVault) {
  TempVault vault;
  write_vault(vault);
  TempVault outside;
  std::filesystem::create_directory_symlink(outside.root(), vault.root() / "link");
  Session session(vault);
  session.initialize();
  EXPECT_TRUE(session.call(1, "create_note", {{"path", "../escape"}})["isError"].get<bool>());
  const json through = session.call(2, "create_note", {{"path", "link/escape"}});
  EXPECT_TRUE(through["isError"].get<bool>()) << through.dump();
  EXPECT_FALSE(std::filesystem::exists(outside.root() / "escape.md"));
  EXPECT_TRUE(session.call(3, "move_note", {{"path", "Old"}, {"folder", "link"}})["isError"].get<bool>());
  EXPECT_TRUE(std::filesystem::exists(vault.root() / "Old.md"));
}

TEST(McpServer, ReadOnlyListsAndRunsNoWriteTool) {
  TempVault vault;
  write_vault(vault);
  Session session(vault, true);
  session.initialize();
  const json tools = session.request(1, "tools/list")["result"]["tools"];
  EXPECT_EQ(tools.size(), 7u);
  EXPECT_EQ(
      session.request(2, "tools/call", {{"name", "create_note"}, {"arguments", {{"path", "X"}}}})["error"]["code"],
      -32602);
  EXPECT_FALSE(std::filesystem::exists(vault.root() / "X.md"));
}

}  // namespace
}  // namespace slipbox::mcp
