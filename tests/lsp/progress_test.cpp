// WorkDoneProgress against a real Endpoint: create → begin → report → end, in that order,
// and nothing for a client that refuses the token.
#include "lsp/progress.h"

#include <future>

#include <gtest/gtest.h>

#include "tests/lsp/memory_transport.h"

namespace slipbox::lsp {
namespace {

using testing::MemoryTransport;

class ProgressTest : public ::testing::Test {
 protected:
  ~ProgressTest() override {
    on_strand([&] { progress.reset(); });
    endpoint.close();
    scheduler.stop();
  }

  // Runs `task` on the strand (where the server uses WorkDoneProgress) and waits for it.
  void on_strand(std::function<void()> task) {
    std::promise<void> done;
    scheduler.ordered([&] {
      task();
      done.set_value();
    });
    done.get_future().wait();
  }
  // The create request's id, after checking its token.
  json create_request_id() {
    auto create =
        transport.wait_for([](const json& m) { return m.value("method", "") == "window/workDoneProgress/create"; });
    EXPECT_TRUE(create.has_value()) << transport.dump();
    if (!create) return nullptr;
    EXPECT_EQ((*create)["params"]["token"], "slipbox/index");
    return (*create)["id"];
  }
  void answer(const json& id, bool accept) {
    json m{{"jsonrpc", "2.0"}, {"id", id}};
    if (accept)
      m["result"] = nullptr;
    else
      m["error"] = json{{"code", -32603}, {"message", "no"}};
    endpoint.handle_message(m.dump());
    on_strand([] {});  // the answer is handled on the strand
  }
  // The `value`s of every $/progress sent so far, in order.
  std::vector<json> progress_values() {
    std::vector<json> values;
    for (const json& m : transport.sent())
      if (m.value("method", "") == "$/progress") {
        EXPECT_EQ(m["params"]["token"], "slipbox/index");
        values.push_back(m["params"]["value"]);
      }
    return values;
  }
  std::vector<std::string> kinds() {
    std::vector<std::string> out;
    for (const json& v : progress_values()) out.push_back(v["kind"]);
    return out;
  }

  Logger log{false};
  MemoryTransport transport;
  Scheduler scheduler{2, nullptr};
  Endpoint endpoint{transport, scheduler, log};
  std::shared_ptr<WorkDoneProgress> progress;
};

TEST_F(ProgressTest, NothingIsSentBeforeTheClientAcceptsThenBeginReportEnd) {
  on_strand([&] { progress = WorkDoneProgress::start(endpoint, "slipbox/index", "Indexing", "Indexing 3 notes"); });
  const json id = create_request_id();
  EXPECT_TRUE(progress_values().empty());
  answer(id, true);
  on_strand([&] {
    progress->report("Indexing 2/3 notes", 66);
    progress->end("Indexed 3 notes");
    progress->end("twice");    // ignored
    progress->report("late");  // ignored
  });
  const auto values = progress_values();
  ASSERT_EQ(kinds(), (std::vector<std::string>{"begin", "report", "end"})) << transport.dump();
  EXPECT_EQ(values[0]["title"], "Indexing");
  EXPECT_EQ(values[0]["message"], "Indexing 3 notes");
  EXPECT_EQ(values[0]["percentage"], 0);  // else clients ignore the percentages that follow
  EXPECT_EQ(values[1]["message"], "Indexing 2/3 notes");
  EXPECT_EQ(values[1]["percentage"], 66);
  EXPECT_EQ(values[2]["message"], "Indexed 3 notes");
}

TEST_F(ProgressTest, ReportsAndEndBeforeTheAnswerAreSentAfterBegin) {
  on_strand([&] {
    progress = WorkDoneProgress::start(endpoint, "slipbox/index", "Indexing");
    progress->report("first");
    progress->report("latest", 250);  // only the latest is kept; percentage capped at 100
  });
  answer(create_request_id(), true);
  const auto values = progress_values();
  ASSERT_EQ(kinds(), (std::vector<std::string>{"begin", "report"})) << transport.dump();
  EXPECT_EQ(values[1]["message"], "latest");
  EXPECT_EQ(values[1]["percentage"], 100);

  // An index that finished before the client answered still closes the token.
  std::shared_ptr<WorkDoneProgress> quick;
  on_strand([&] {
    quick = WorkDoneProgress::start(endpoint, "slipbox/index", "Indexing");
    quick->report("dropped: the task is over");
    quick->end("done");
  });
  auto create = transport.wait_for(
      [](const json& m) { return m.value("method", "") == "window/workDoneProgress/create" && m["id"] != 1; });
  ASSERT_TRUE(create.has_value());
  answer((*create)["id"], true);
  const auto after = progress_values();
  ASSERT_EQ(after.size(), 4u) << transport.dump();
  EXPECT_EQ(after[2]["kind"], "begin");
  EXPECT_EQ(after[3]["kind"], "end");
  EXPECT_EQ(after[3]["message"], "done");
  on_strand([&] { quick.reset(); });
}

TEST_F(ProgressTest, ARefusedTokenGetsNoProgress) {
  on_strand([&] { progress = WorkDoneProgress::start(endpoint, "slipbox/index", "Indexing"); });
  answer(create_request_id(), false);
  on_strand([&] {
    progress->report("x");
    progress->end();
  });
  EXPECT_TRUE(progress_values().empty()) << transport.dump();
}

}  // namespace
}  // namespace slipbox::lsp
