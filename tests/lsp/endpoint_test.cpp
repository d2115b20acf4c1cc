// JSON-RPC dispatch and the LSP lifecycle, in process, through an in-memory transport.
// Every error code the endpoint produces is asserted here.
#include "lsp/endpoint.h"

#include <atomic>
#include <future>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/lsp/memory_transport.h"

namespace slipbox::lsp {
namespace {

using testing::error_code;
using ::testing::HasSubstr;
using testing::MemoryTransport;
using testing::notification;
using testing::request;

struct EchoParams {
  std::string text;
};
void from_json(const json& j, EchoParams& p) {
  if (!j.is_object() || !j.contains("text") || !j["text"].is_string())
    throw std::invalid_argument("\"text\" must be a string");
  p.text = j["text"].get<std::string>();
}

// Long enough to never fire in a passing run; it only turns a bug into a failure, not a hang.
constexpr auto kPatience = MemoryTransport::kPatience;

class EndpointTest : public ::testing::Test {
 protected:
  EndpointTest() {
    using W = Endpoint::Where;
    endpoint.on_request<NoParams, json>(
        "initialize",
        [](const NoParams&, Reply<json> reply) {
          reply(json{{"capabilities", json::object()}});
        },
        W::Ordered);
    endpoint.on_request<NoParams, NullResult>(
        "shutdown", [](const NoParams&, Reply<NullResult> reply) { reply({}); }, W::Ordered);
    endpoint.on_request<EchoParams, json>("test/echo", [](const EchoParams& p, Reply<json> reply) {
      reply(json{{"echo", p.text}});
    });
    endpoint.on_request<NoParams, json>("test/throw",
                                        [](const NoParams&, Reply<json>) -> void { throw std::runtime_error("boom"); });
    endpoint.on_request<NoParams, json>("test/rpc-error", [](const NoParams&, Reply<json>) -> void {
      throw RpcError(ErrorCode::RequestFailed, "cannot do that");
    });
    endpoint.on_request<NoParams, json>("test/forget", [](const NoParams&, Reply<json>) {});
    endpoint.on_request<NoParams, json>("test/twice", [](const NoParams&, Reply<json> reply) {
      reply(json("first"));
      reply(json("second"));
    });
    endpoint.on_request<NoParams, json>("test/block", [this](const NoParams&, Reply<json> reply) {
      started.set_value();
      const auto deadline = std::chrono::steady_clock::now() + kPatience;
      while (!reply.cancelled() && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
      saw_cancel = reply.cancelled();
      reply(json("late"));  // must be dropped: the cancellation was the answer
      finished.set_value();
    });
    endpoint.on_request<NoParams, json>(
        "test/gate",
        [this](const NoParams&, Reply<json> reply) {
          started.set_value();
          gate.get_future().wait_for(kPatience);
          reply(json("opened"));
        },
        W::Ordered);
    endpoint.on_request<NoParams, json>("test/count-runs", [this](const NoParams&, Reply<json> reply) {
      ++runs;
      reply(json(runs.load()));
    });
    endpoint.on_notification<NoParams>("test/note", [this](const NoParams&) { ++notes; });
    // Ordered after every notification sent before it.
    endpoint.on_request<NoParams, json>(
        "test/sync", [this](const NoParams&, Reply<json> reply) { reply(json(notes.load())); }, W::Ordered);
  }
  ~EndpointTest() override {
    endpoint.close();
    scheduler.stop();
  }

  void initialize() {
    endpoint.handle_message(request(0, "initialize", json::object()));
    ASSERT_TRUE(transport.response(0).contains("result"));
  }
  json call(const json& id, const std::string& method, const json& params = nullptr) {
    EXPECT_TRUE(endpoint.handle_message(request(id, method, params)));
    return transport.response(id);
  }

  Logger log{false};
  MemoryTransport transport;
  Scheduler scheduler{2, nullptr};
  Endpoint endpoint{transport, scheduler, log};
  std::promise<void> started, finished, gate;
  std::atomic<bool> saw_cancel{false};
  std::atomic<int> runs{0}, notes{0};
};

TEST_F(EndpointTest, UnparsableJsonIsParseErrorWithNullId) {
  initialize();
  EXPECT_TRUE(endpoint.handle_message("{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": "));
  const json response = transport.response(nullptr);
  EXPECT_EQ(error_code(response), -32700);
  EXPECT_EQ(call(2, "test/echo", {{"text", "still here"}})["result"]["echo"], "still here");
}

struct InvalidCase {
  const char* body;
  json expected_id;
};

TEST_F(EndpointTest, InvalidMessagesAreInvalidRequest) {
  initialize();
  const InvalidCase cases[] = {
      {R"([])", nullptr},
      {R"(42)", nullptr},
      {R"("text")", nullptr},
      {R"([{"jsonrpc":"2.0","id":7,"method":"test/echo"}])", nullptr},  // no batches in LSP
      {R"({"id":11,"method":"test/echo","params":{"text":"x"}})", 11},  // no "jsonrpc"
      {R"({"jsonrpc":"1.0","id":12,"method":"test/echo"})", 12},
      {R"({"jsonrpc":2.0,"id":13,"method":"test/echo"})", 13},
      {R"({"jsonrpc":"2.0","id":true,"method":"test/echo"})", nullptr},
      {R"({"jsonrpc":"2.0","id":1.5,"method":"test/echo"})", nullptr},
      {R"({"jsonrpc":"2.0","id":{"a":1},"method":"test/echo"})", nullptr},
      {R"({"jsonrpc":"2.0","id":null,"method":"test/echo"})", nullptr},
      {R"({"jsonrpc":"2.0","id":15,"method":5})", 15},
      {R"({"jsonrpc":"2.0","id":16,"method":"test/echo","params":"text"})", 16},
  };
  for (const InvalidCase& c : cases) {
    const size_t before = transport.sent().size();
    EXPECT_TRUE(endpoint.handle_message(c.body)) << c.body;
    const auto sent = transport.sent();
    ASSERT_EQ(sent.size(), before + 1) << c.body << " should get exactly one reply";
    EXPECT_EQ(error_code(sent.back()), -32600) << c.body << " → " << sent.back().dump();
    EXPECT_EQ(sent.back()["id"], c.expected_id) << c.body;
  }
}

// A response is never answered, however malformed: an error with its id would collide
// with the client's own request ids.
TEST_F(EndpointTest, ResponsesAreNeverAnswered) {
  initialize();
  const char* responses[] = {
      R"({"jsonrpc":"2.0","id":14})",  // no result, no error
      R"({"jsonrpc":"2.0","id":"s15"})",
      R"({"jsonrpc":"2.0","id":17,"result":1,"error":{"code":1}})",  // both
      R"({"id":18,"result":1})",                                     // no "jsonrpc"
      R"({"jsonrpc":"2.0","id":1.5,"result":1})",                    // an id that is not ours
      R"({"jsonrpc":"2.0","result":1})",                             // no id
  };
  int id = 20;
  for (const char* body : responses) {
    const size_t before = transport.sent().size();
    EXPECT_TRUE(endpoint.handle_message(body)) << body;
    EXPECT_EQ(call(++id, "test/echo", {{"text", "x"}})["result"]["echo"], "x");
    // Only the echo's answer went out.
    EXPECT_EQ(transport.sent().size(), before + 1) << body << " was answered:\n" << transport.dump();
  }
}

TEST_F(EndpointTest, AResponseWithoutResultStillReachesItsCaller) {
  initialize();
  std::promise<bool> got;
  endpoint.call(
      "client/registerCapability", {{"registrations", json::array()}},
      [&](const std::optional<json>& result, const std::optional<json>& error) { got.set_value(!error && result); });
  const auto outgoing =
      transport.wait_for([](const json& m) { return m.value("method", "") == "client/registerCapability"; });
  ASSERT_TRUE(outgoing);
  const size_t before = transport.sent().size();
  endpoint.handle_message(json{{"jsonrpc", "2.0"}, {"id", (*outgoing)["id"]}}.dump());
  auto future = got.get_future();
  ASSERT_EQ(future.wait_for(kPatience), std::future_status::ready);
  EXPECT_TRUE(future.get());  // taken as a null result
  EXPECT_EQ(transport.sent().size(), before);
}

// JavaScript clients can send half a surrogate pair; the message must still be understood.
TEST_F(EndpointTest, LoneSurrogateEscapesBecomeReplacementCharacters) {
  initialize();
  const std::string body =
      R"({"jsonrpc":"2.0","id":5,"method":"test/echo","params":{"text":"a\ud83db\ude00c\\ud83d\ud83d\ude00"}})";
  EXPECT_TRUE(endpoint.handle_message(body));
  const json response = transport.response(5);
  ASSERT_TRUE(response.contains("result")) << response.dump();
  // lone high, lone low, an escaped backslash followed by "ud83d" (kept), a proper pair.
  EXPECT_EQ(response["result"]["echo"],
            "a\xEF\xBF\xBD"
            "b\xEF\xBF\xBD"
            "c\\ud83d\xF0\x9F\x98\x80");
}

TEST(LoneSurrogates, OnlyLoneSurrogateEscapesAreReplaced) {
  EXPECT_FALSE(replace_lone_surrogates(R"({"a":"\ud83d\ude00 \u00e9 \\ud83d"})"));
  EXPECT_EQ(replace_lone_surrogates(R"(["\uD83D", "\udc00x", "\ud83d\u0041"])"),
            std::string(R"(["\ufffd", "\ufffdx", "\ufffd\u0041"])"));
  EXPECT_EQ(replace_lone_surrogates(R"(["\ud83d\ud83d\ude00"])"), std::string(R"(["\ufffd\ud83d\ude00"])"));
  EXPECT_EQ(replace_lone_surrogates(R"(["x\ud83d"])"), std::string(R"(["x\ufffd"])"));  // at the very end
  EXPECT_FALSE(replace_lone_surrogates(R"(["\ud83"])"));                                // too short: left to the parser
}

TEST_F(EndpointTest, NotificationsAfterShutdownAreIgnored) {
  initialize();
  EXPECT_EQ(call(1, "shutdown")["result"], nullptr);
  endpoint.handle_message(notification("test/note"));
  endpoint.handle_message(notification("test/note"));
  // Ordered after the notifications: they would have run by now.
  auto done = std::make_shared<std::promise<void>>();
  scheduler.ordered([done] { done->set_value(); });
  ASSERT_EQ(done->get_future().wait_for(kPatience), std::future_status::ready);
  EXPECT_EQ(notes.load(), 0);
  EXPECT_FALSE(endpoint.handle_message(notification("exit")));
  EXPECT_EQ(endpoint.exit_code(), 0);
}

TEST_F(EndpointTest, RequestBeforeInitializeIsServerNotInitialized) {
  EXPECT_EQ(error_code(call(1, "test/echo", {{"text", "x"}})), -32002);
  EXPECT_EQ(error_code(call(2, "shutdown")), -32002);
  EXPECT_EQ(error_code(call(3, "no/such/method")), -32002);
}

TEST_F(EndpointTest, NotificationBeforeInitializeIsDropped) {
  endpoint.handle_message(notification("test/note"));
  initialize();
  endpoint.handle_message(notification("test/note"));
  EXPECT_EQ(call(1, "test/sync")["result"], 1);
}

TEST_F(EndpointTest, SecondInitializeIsInvalidRequest) {
  initialize();
  EXPECT_EQ(error_code(call(1, "initialize", json::object())), -32600);
  EXPECT_EQ(endpoint.lifecycle(), Endpoint::Lifecycle::Initialized);
}

TEST_F(EndpointTest, UnknownRequestIsMethodNotFound) {
  initialize();
  const json response = call("abc", "textDocument/unknownThing", json::object());
  EXPECT_EQ(error_code(response), -32601);
  EXPECT_EQ(response["id"], "abc");  // string ids come back as strings
}

TEST_F(EndpointTest, UnknownNotificationsAreIgnoredSilently) {
  initialize();
  const size_t before = transport.sent().size();
  endpoint.handle_message(notification("$/setTrace", {{"value", "verbose"}}));
  endpoint.handle_message(notification("$/progress", {{"token", 1}}));
  endpoint.handle_message(notification("custom/whatever"));
  EXPECT_EQ(call(1, "test/sync")["result"], 0);
  EXPECT_EQ(transport.sent().size(), before + 1);  // only the sync reply
}

TEST_F(EndpointTest, BadParamsAreInvalidParams) {
  initialize();
  EXPECT_EQ(error_code(call(1, "test/echo", {{"text", 5}})), -32602);
  EXPECT_EQ(error_code(call(2, "test/echo", json::object())), -32602);
  EXPECT_EQ(error_code(call(3, "test/echo")), -32602);
  EXPECT_EQ(call(4, "test/echo", {{"text", "ok"}})["result"]["echo"], "ok");
}

TEST_F(EndpointTest, ThrowingHandlerAnswersInternalErrorAndServingGoesOn) {
  initialize();
  const json response = call(1, "test/throw");
  EXPECT_EQ(error_code(response), -32603);
  EXPECT_THAT(response["error"]["message"].get<std::string>(), HasSubstr("boom"));
  EXPECT_EQ(call(2, "test/echo", {{"text", "alive"}})["result"]["echo"], "alive");
}

TEST_F(EndpointTest, RpcErrorKeepsItsCode) {
  initialize();
  EXPECT_EQ(error_code(call(1, "test/rpc-error")), -32803);
}

TEST_F(EndpointTest, ForgottenReplyStillGetsExactlyOneResponse) {
  initialize();
  EXPECT_EQ(error_code(call(1, "test/forget")), -32603);
  call(2, "test/sync");
  EXPECT_EQ(transport.responses_to(1), 1u);
}

TEST_F(EndpointTest, SecondReplyIsDropped) {
  initialize();
  EXPECT_EQ(call(1, "test/twice")["result"], "first");
  call(2, "test/sync");
  EXPECT_EQ(transport.responses_to(1), 1u);
}

TEST_F(EndpointTest, CancelDuringWorkAnswersRequestCancelledOnce) {
  initialize();
  endpoint.handle_message(request(5, "test/block"));
  ASSERT_EQ(started.get_future().wait_for(kPatience), std::future_status::ready);
  endpoint.handle_message(notification("$/cancelRequest", {{"id", 5}}));
  EXPECT_EQ(error_code(transport.response(5)), -32800);
  ASSERT_EQ(finished.get_future().wait_for(kPatience), std::future_status::ready);
  EXPECT_TRUE(saw_cancel.load()) << "the handler's token was not cancelled";
  EXPECT_EQ(transport.responses_to(5), 1u);
}

TEST_F(EndpointTest, SlowRequestDoesNotHoldUpOthers) {
  initialize();
  endpoint.handle_message(request(5, "test/block"));
  ASSERT_EQ(started.get_future().wait_for(kPatience), std::future_status::ready);
  // While request 5 occupies a pool thread, others (ordered and background) are answered.
  EXPECT_EQ(call(6, "test/echo", {{"text", "quick"}})["result"]["echo"], "quick");
  EXPECT_EQ(call(7, "test/sync")["result"], 0);
  EXPECT_EQ(transport.responses_to(5), 0u);
  endpoint.handle_message(notification("$/cancelRequest", {{"id", 5}}));
  EXPECT_EQ(error_code(transport.response(5)), -32800);
  ASSERT_EQ(finished.get_future().wait_for(kPatience), std::future_status::ready);
}

TEST_F(EndpointTest, CancelBeforeStartSkipsTheHandler) {
  initialize();
  // Hold the strand so the next request stays queued.
  endpoint.handle_message(request(1, "test/gate"));
  ASSERT_EQ(started.get_future().wait_for(kPatience), std::future_status::ready);
  endpoint.handle_message(request("queued", "test/count-runs"));
  endpoint.handle_message(notification("$/cancelRequest", {{"id", "queued"}}));
  EXPECT_EQ(error_code(transport.response("queued")), -32800);
  gate.set_value();
  EXPECT_EQ(transport.response(1)["result"], "opened");
  EXPECT_EQ(call(2, "test/count-runs")["result"], 1);  // only this one ran
  EXPECT_EQ(transport.responses_to("queued"), 1u);
}

TEST_F(EndpointTest, CancelOfUnknownOrFinishedRequestDoesNothing) {
  initialize();
  call(1, "test/echo", {{"text", "done"}});
  endpoint.handle_message(notification("$/cancelRequest", {{"id", 1}}));
  endpoint.handle_message(notification("$/cancelRequest", {{"id", 999}}));
  endpoint.handle_message(notification("$/cancelRequest", {{"id", json::array()}}));
  call(2, "test/sync");
  EXPECT_EQ(transport.responses_to(1), 1u);
  EXPECT_EQ(transport.responses_to(999), 0u);
}

TEST_F(EndpointTest, RequestAfterShutdownIsInvalidRequest) {
  initialize();
  EXPECT_TRUE(call(1, "shutdown")["result"].is_null());
  EXPECT_EQ(error_code(call(2, "test/echo", {{"text", "x"}})), -32600);
  EXPECT_EQ(error_code(call(3, "shutdown")), -32600);
  EXPECT_EQ(error_code(call(4, "initialize", json::object())), -32600);
  EXPECT_FALSE(endpoint.handle_message(notification("exit")));
  EXPECT_EQ(endpoint.exit_code(), 0);
}

// Several clients write `"params": null` for shutdown and exit; the server must still stop.
TEST_F(EndpointTest, NullParamsAreTakenAsNoParams) {
  initialize();
  endpoint.handle_message(R"({"jsonrpc":"2.0","id":1,"method":"shutdown","params":null})");
  EXPECT_TRUE(transport.response(1)["result"].is_null()) << transport.response(1).dump();
  EXPECT_FALSE(endpoint.handle_message(R"({"jsonrpc":"2.0","method":"exit","params":null})"));
  EXPECT_EQ(endpoint.exit_code(), 0);
}

TEST_F(EndpointTest, ShutdownIsAnsweredAfterEveryEarlierRequest) {
  initialize();
  endpoint.handle_message(request(5, "test/block"));
  ASSERT_EQ(started.get_future().wait_for(kPatience), std::future_status::ready);
  endpoint.handle_message(request(6, "shutdown"));
  // Request 5 is still running: the shutdown answer waits for it.
  EXPECT_EQ(error_code(call(7, "test/echo", {{"text", "late"}})), -32600);
  EXPECT_EQ(transport.responses_to(6), 0u);
  endpoint.handle_message(notification("$/cancelRequest", {{"id", 5}}));
  EXPECT_TRUE(transport.response(6)["result"].is_null());
  const auto sent = transport.sent();
  const auto position = [&](int id) {
    return std::find_if(sent.begin(), sent.end(), [&](const json& m) { return m.value("id", json()) == id; }) -
           sent.begin();
  };
  EXPECT_LT(position(5), position(6));
  ASSERT_EQ(finished.get_future().wait_for(kPatience), std::future_status::ready);
  EXPECT_TRUE(endpoint.wait_idle(kPatience));
}

TEST_F(EndpointTest, ExitWithoutShutdownExitsWithOne) {
  initialize();
  EXPECT_FALSE(endpoint.handle_message(notification("exit")));
  EXPECT_EQ(endpoint.lifecycle(), Endpoint::Lifecycle::Exited);
  EXPECT_EQ(endpoint.exit_code(), 1);
}

TEST_F(EndpointTest, ExitBeforeInitializeIsHonoured) {
  EXPECT_FALSE(endpoint.handle_message(notification("exit")));
  EXPECT_EQ(endpoint.exit_code(), 1);
}

TEST_F(EndpointTest, ServerToClientCallRoutesTheResponse) {
  initialize();
  std::promise<json> got;
  endpoint.call("workspace/configuration", {{"items", {{{"section", "slipbox"}}}}},
                [&](const std::optional<json>& result, const std::optional<json>& error) {
                  got.set_value(result ? *result : json{{"error", *error}});
                });
  const auto outgoing =
      transport.wait_for([](const json& m) { return m.value("method", "") == "workspace/configuration"; });
  ASSERT_TRUE(outgoing);
  ASSERT_TRUE((*outgoing)["id"].is_number_integer());
  EXPECT_EQ((*outgoing)["params"]["items"][0]["section"], "slipbox");
  endpoint.handle_message(json{{"jsonrpc", "2.0"}, {"id", (*outgoing)["id"]}, {"result", {{{"x", 1}}}}}.dump());
  auto future = got.get_future();
  ASSERT_EQ(future.wait_for(kPatience), std::future_status::ready);
  EXPECT_EQ(future.get(), json::array({{{"x", 1}}}));
}

TEST_F(EndpointTest, ServerToClientCallGetsTheErrorAndIdsDoNotRepeat) {
  initialize();
  std::promise<json> got;
  endpoint.call("client/registerCapability", {{"registrations", json::array()}},
                [&](const std::optional<json>& result, const std::optional<json>& error) {
                  got.set_value(error ? *error : json("no error"));
                });
  endpoint.call("client/registerCapability", {{"registrations", json::array()}}, [](auto&&, auto&&) {});
  size_t from = 0;
  const auto first =
      transport.wait_for([](const json& m) { return m.value("method", "") == "client/registerCapability"; }, &from);
  const auto second =
      transport.wait_for([](const json& m) { return m.value("method", "") == "client/registerCapability"; }, &from);
  ASSERT_TRUE(first && second);
  EXPECT_NE((*first)["id"], (*second)["id"]);
  endpoint.handle_message(
      json{{"jsonrpc", "2.0"}, {"id", (*first)["id"]}, {"error", {{"code", -32601}, {"message", "no"}}}}.dump());
  auto future = got.get_future();
  ASSERT_EQ(future.wait_for(kPatience), std::future_status::ready);
  EXPECT_EQ(future.get()["code"], -32601);
  // A response nobody waits for is logged and ignored.
  EXPECT_TRUE(endpoint.handle_message(R"({"jsonrpc":"2.0","id":424242,"result":null})"));
  EXPECT_EQ(call(9, "test/echo", {{"text", "fine"}})["result"]["echo"], "fine");
}

TEST_F(EndpointTest, EveryRequestOfABurstIsAnsweredOnce) {
  initialize();
  for (int id = 100; id < 160; ++id) {
    switch (id % 4) {
      case 0:
        endpoint.handle_message(request(id, "test/echo", {{"text", std::to_string(id)}}));
        break;
      case 1:
        endpoint.handle_message(request(id, "test/throw"));
        break;
      case 2:
        endpoint.handle_message(request(id, "test/forget"));
        break;
      case 3:
        endpoint.handle_message(request(id, "nope"));
        break;
    }
  }
  for (int id = 100; id < 160; ++id) transport.response(id);
  call(1, "test/sync");
  for (int id = 100; id < 160; ++id) EXPECT_EQ(transport.responses_to(id), 1u) << id;
}

}  // namespace
}  // namespace slipbox::lsp
