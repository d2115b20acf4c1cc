// Debouncer: leading edge after a quiet period, trailing edge for bursts (rescans). No timing is
// asserted: runs are observed by draining the strand (FIFO) or by waiting for a run. Coalescer,
// and the scheduler's warm-up lane.
#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#if defined(__linux__)
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

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

TEST_F(DebouncerTest, TrailingOnlyRunsNothingAtOnceAndOnlyTheLastOfABurst) {
  auto debouncer = std::make_unique<Debouncer>(scheduler.strand(), 200ms, Debouncer::Edge::TrailingOnly);
  std::promise<void> last_ran;
  on_strand([&] {
    debouncer->schedule(record("a"));
    debouncer->schedule(record("b"));
    debouncer->schedule(record("c", &last_ran));
  });
  EXPECT_TRUE(ran().empty());  // not even the first: typing never publishes mid-word
  ASSERT_EQ(last_ran.get_future().wait_for(30s), std::future_status::ready);
  drain();
  EXPECT_EQ(ran(), std::vector<std::string>{"c"});
  on_strand([&] { debouncer.reset(); });
}

TEST_F(DebouncerTest, TrailingOnlyCancelDropsThePendingRun) {
  auto debouncer = std::make_unique<Debouncer>(scheduler.strand(), 1h, Debouncer::Edge::TrailingOnly);
  on_strand([&] {
    debouncer->schedule(record("dropped"));
    debouncer->cancel();
  });
  EXPECT_TRUE(ran().empty());
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

// Coalescer: the policy for diagnostics after edits. No timing is asserted: a run's `done`
// is held by the test, and the strand is drained (FIFO) before looking.
class CoalescerTest : public DebouncerTest {
 protected:
  // A run that records its name and keeps its `done` for the test to call.
  std::function<void(Coalescer::Done)> hold(std::string name) {
    return [this, name](Coalescer::Done done) {
      std::lock_guard lock(mutex);
      runs.push_back(name);
      held.push_back(std::move(done));
    };
  }
  // Finishes the run recorded at `index` (done() may be called from any thread).
  void finish(size_t index) {
    Coalescer::Done done;
    {
      std::lock_guard lock(mutex);
      done = held.at(index);
    }
    done();
    drain();  // done() posts to the strand
    drain();
  }
  std::vector<Coalescer::Done> held;
};

TEST_F(CoalescerTest, FirstScheduleRunsAtOnce) {
  auto coalescer = std::make_unique<Coalescer>(scheduler.strand(), 1h);
  on_strand([&] { coalescer->schedule(hold("first")); });
  EXPECT_EQ(ran(), std::vector<std::string>{"first"});
  on_strand([&] { coalescer.reset(); });
}

TEST_F(CoalescerTest, SchedulesDuringARunCoalesceIntoOneFollowUpWithTheNewest) {
  auto coalescer = std::make_unique<Coalescer>(scheduler.strand(), 0ms);
  on_strand([&] {
    coalescer->schedule(hold("a"));
    coalescer->schedule(hold("b"));
    coalescer->schedule(hold("c"));
  });
  EXPECT_EQ(ran(), std::vector<std::string>{"a"});  // one run in flight at a time
  finish(0);
  // The last schedule runs as soon as the one in flight is done: no quiet period.
  EXPECT_EQ(ran(), (std::vector<std::string>{"a", "c"}));
  finish(1);
  EXPECT_EQ(ran(), (std::vector<std::string>{"a", "c"}));  // nothing was left over
  on_strand([&] { coalescer->schedule(hold("d")); });
  EXPECT_EQ(ran(), (std::vector<std::string>{"a", "c", "d"}));  // idle again: at once
  on_strand([&] { coalescer.reset(); });
}

TEST_F(CoalescerTest, EveryEditAfterTheLastRunFinishedRunsAtOnceWithoutSpacing) {
  auto coalescer = std::make_unique<Coalescer>(scheduler.strand(), 0ms);
  std::vector<std::string> expected;
  for (int i = 0; i < 5; ++i) {
    const std::string name = "edit" + std::to_string(i);
    on_strand([&] { coalescer->schedule(hold(name)); });
    expected.push_back(name);
    EXPECT_EQ(ran(), expected);
    finish(static_cast<size_t>(i));
  }
  on_strand([&] { coalescer.reset(); });
}

TEST_F(CoalescerTest, ARunThatGivesUpAtOnceDoesNotBlockTheNext) {
  auto coalescer = std::make_unique<Coalescer>(scheduler.strand(), 0ms);
  on_strand([&] {
    coalescer->schedule([this](Coalescer::Done done) {
      record("gave up")();
      done();
    });
  });
  drain();
  on_strand([&] { coalescer->schedule(hold("next")); });
  EXPECT_EQ(ran(), (std::vector<std::string>{"gave up", "next"}));
  on_strand([&] { coalescer.reset(); });
}

TEST_F(CoalescerTest, SpacingHoldsTheFollowUpAndCancelDropsIt) {
  auto coalescer = std::make_unique<Coalescer>(scheduler.strand(), 1h);
  on_strand([&] { coalescer->schedule(hold("a")); });
  finish(0);
  on_strand([&] { coalescer->schedule(hold("b")); });
  EXPECT_EQ(ran(), std::vector<std::string>{"a"});  // an hour has not passed since "a" started
  on_strand([&] { coalescer->cancel(); });
  EXPECT_EQ(ran(), std::vector<std::string>{"a"});
  on_strand([&] { coalescer.reset(); });
}

TEST_F(CoalescerTest, CancelDropsThePendingRunNotTheOneInFlight) {
  auto coalescer = std::make_unique<Coalescer>(scheduler.strand(), 0ms);
  on_strand([&] {
    coalescer->schedule(hold("a"));
    coalescer->schedule(hold("dropped"));
    coalescer->cancel();
  });
  finish(0);
  EXPECT_EQ(ran(), std::vector<std::string>{"a"});
  on_strand([&] { coalescer->schedule(hold("after")); });
  EXPECT_EQ(ran(), (std::vector<std::string>{"a", "after"}));
  on_strand([&] { coalescer.reset(); });
}

TEST_F(CoalescerTest, AStrayOrLateDoneNeitherEndsAnotherRunNorCrashes) {
  auto coalescer = std::make_unique<Coalescer>(scheduler.strand(), 0ms);
  on_strand([&] {
    coalescer->schedule(hold("a"));
    coalescer->schedule(hold("b"));
  });
  finish(0);  // "b" starts
  on_strand([&] { coalescer->schedule(hold("c")); });
  finish(0);  // "a" done again: "b" is still in flight, so "c" keeps waiting
  EXPECT_EQ(ran(), (std::vector<std::string>{"a", "b"}));
  finish(1);
  EXPECT_EQ(ran(), (std::vector<std::string>{"a", "b", "c"}));
  on_strand([&] { coalescer.reset(); });
  finish(2);  // after destruction: nothing happens
  EXPECT_EQ(ran(), (std::vector<std::string>{"a", "b", "c"}));
}

}  // namespace
}  // namespace slipbox::lsp

namespace slipbox::lsp {
namespace {

// The warm-up lane: tasks run in order on one thread, at a lower CPU priority than requests
// (Linux), and threads a task starts inherit it (the link graph build's workers).
TEST(WarmUpTest, RunsInOrderOnOneLowerPriorityThread) {
  Scheduler scheduler(1, nullptr);
  std::vector<int> order;
  std::promise<void> done;
  std::thread::id first_thread, second_thread;
  int nice_in_task = 0, nice_in_started_thread = 0;
  scheduler.warm_up([&] {
    order.push_back(1);
    first_thread = std::this_thread::get_id();
#if defined(__linux__)
    nice_in_task = getpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid)));
    std::thread([&] {
      nice_in_started_thread = getpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid)));
    }).join();
#endif
  });
  scheduler.warm_up([&] {
    order.push_back(2);
    second_thread = std::this_thread::get_id();
    done.set_value();
  });
  done.get_future().wait();
  EXPECT_EQ(order, (std::vector<int>{1, 2}));
  EXPECT_EQ(first_thread, second_thread);
#if defined(__linux__)
  const int requests_nice = getpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid)));
  if (requests_nice < 19) {  // else there is no lower priority
    EXPECT_GT(nice_in_task, requests_nice);
  }
  EXPECT_EQ(nice_in_started_thread, nice_in_task);
#endif
  scheduler.stop();
}

}  // namespace
}  // namespace slipbox::lsp
