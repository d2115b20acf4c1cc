// Debouncer: leading edge after a quiet period, trailing edge for bursts. No timing is
// asserted: runs are observed by draining the strand (FIFO) or by waiting for a run.
#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <mutex>
#include <string>
#include <vector>

#include "lsp/scheduler.h"

namespace slipbox::lsp {
namespace {

using namespace std::chrono_literals;

class DebouncerTest : public ::testing::Test {
 protected:
  ~DebouncerTest() override { scheduler.stop(); }

  // Runs `task` on the strand and waits until it (and everything it posted before) ran.
  void on_strand(std::function<void()> task) {
    std::promise<void> done;
    scheduler.ordered([&] {
      task();
      done.set_value();
    });
    done.get_future().wait();
    drain();
  }
  // Everything queued on the strand so far has run (the strand is FIFO).
  void drain() {
    std::promise<void> done;
    scheduler.ordered([&] { done.set_value(); });
    done.get_future().wait();
  }
  std::function<void()> record(std::string name, std::promise<void>* signal = nullptr) {
    return [this, name, signal] {
      std::lock_guard lock(mutex);
      runs.push_back(name);
      if (signal) signal->set_value();
    };
  }
  std::vector<std::string> ran() {
    std::lock_guard lock(mutex);
    return runs;
  }

  Scheduler scheduler{2, nullptr};
  std::mutex mutex;
  std::vector<std::string> runs;
};

TEST_F(DebouncerTest, FirstScheduleRunsAtOnceWithoutWaitingForTheDelay) {
  auto debouncer = std::make_unique<Debouncer>(scheduler.strand(), 1h);
  on_strand([&] { debouncer->schedule(record("first")); });
  EXPECT_EQ(ran(), std::vector<std::string>{"first"});
  on_strand([&] { debouncer.reset(); });
}

TEST_F(DebouncerTest, BurstRunsTheLeadingEdgeNowAndOnlyTheLastOneLater) {
  auto debouncer = std::make_unique<Debouncer>(scheduler.strand(), 300ms);
  std::promise<void> last_ran;
  on_strand([&] {
    debouncer->schedule(record("a"));
    debouncer->schedule(record("b"));
    debouncer->schedule(record("c", &last_ran));
  });
  EXPECT_EQ(ran(), std::vector<std::string>{"a"});  // b and c wait for the burst to end
  ASSERT_EQ(last_ran.get_future().wait_for(30s), std::future_status::ready);
  drain();
  EXPECT_EQ(ran(), (std::vector<std::string>{"a", "c"}));
  on_strand([&] { debouncer.reset(); });
}

TEST_F(DebouncerTest, CancelDropsALeadingRunThatHasNotStarted) {
  auto debouncer = std::make_unique<Debouncer>(scheduler.strand(), 1h);
  on_strand([&] {
    debouncer->schedule(record("dropped"));
    debouncer->cancel();
  });
  EXPECT_TRUE(ran().empty());
  on_strand([&] { debouncer.reset(); });
}

TEST_F(DebouncerTest, DestroyingTheDebouncerDropsPendingRuns) {
  auto debouncer = std::make_unique<Debouncer>(scheduler.strand(), 1h);
  on_strand([&] {
    debouncer->schedule(record("leading"));
    debouncer->schedule(record("trailing"));
    debouncer.reset();
  });
  EXPECT_TRUE(ran().empty());
}

}  // namespace
}  // namespace slipbox::lsp
