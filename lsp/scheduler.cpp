#include "lsp/scheduler.h"

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include <algorithm>
#include <cerrno>
#include <optional>

#if defined(__linux__)
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace slipbox::lsp {

namespace asio = boost::asio;

namespace {

// Requests get ~90% of a core shared with a thread 10 nice levels lower and preempt it on
// wakeup; the warm-up still progresses on a machine busy with other work (nice 19 nearly
// stalls there, and a request may end up waiting for a link graph build under way).
constexpr int kWarmUpNiceSteps = 10;

void lower_this_thread_priority() {
#if defined(__linux__)
  // On Linux the nice value belongs to the thread (PRIO_PROCESS with a thread id). Relative to
  // the server's own, so a server started under `nice` keeps the gap (and never asks to rise).
  const auto thread = static_cast<id_t>(syscall(SYS_gettid));
  errno = 0;
  const int current = getpriority(PRIO_PROCESS, thread);
  if (errno == 0) setpriority(PRIO_PROCESS, thread, std::min(19, current + kWarmUpNiceSteps));
#endif
}

}  // namespace

Scheduler::Scheduler(unsigned threads, std::function<void(const std::string&)> log)
    : log_(std::move(log)),
      pool_(threads == 0 ? 1 : threads),
      indexer_(1),
      warmer_(1),
      strand_(asio::make_strand(pool_)) {
  // The warm-up pool has one thread: this first task runs on it before any other.
  asio::post(warmer_, lower_this_thread_priority);
}

Scheduler::~Scheduler() { stop(); }

Scheduler::Task Scheduler::guarded(Task task) {
  return [task = std::move(task), log = log_] {
    try {
      task();
    } catch (const std::exception& e) {
      if (log) log(std::string("task failed: ") + e.what());
    } catch (...) {
      if (log) log("task failed with an unknown exception");
    }
  };
}

void Scheduler::ordered(Task task) { asio::post(strand_, guarded(std::move(task))); }
void Scheduler::background(Task task) { asio::post(pool_, guarded(std::move(task))); }
void Scheduler::indexing(Task task) { asio::post(indexer_, guarded(std::move(task))); }
void Scheduler::warm_up(Task task) { asio::post(warmer_, guarded(std::move(task))); }

void Scheduler::stop() {
  pool_.stop();
  indexer_.stop();
  warmer_.stop();
  pool_.join();
  indexer_.join();
  warmer_.join();
}

struct Debouncer::Impl {
  Impl(Scheduler::Executor executor, std::chrono::milliseconds delay, Edge edge)
      : executor(executor), timer(executor), delay(delay), edge(edge) {}
  Scheduler::Executor executor;
  asio::steady_timer timer;
  std::chrono::milliseconds delay;
  Edge edge;
  uint64_t generation = 0;  // bumped by schedule() and cancel(): drops a trailing run
  uint64_t cancels = 0;     // bumped by cancel() only: drops a leading run
  // When the last schedule() came in; a run is leading-edge when this is `delay` old.
  std::optional<std::chrono::steady_clock::time_point> last_schedule;
};

Debouncer::Debouncer(Scheduler::Executor executor, std::chrono::milliseconds delay, Edge edge)
    : impl_(std::make_shared<Impl>(executor, delay, edge)) {}

// Destructors must not throw; asio reports a failed timer cancel as an exception.
Debouncer::~Debouncer() {
  try {
    cancel();
  } catch (...) {
  }
}

// schedule() and cancel() must run on the strand the timer belongs to (they do: callers are
// state changes on Scheduler::ordered()).
void Debouncer::schedule(std::function<void()> run) {
  const auto now = std::chrono::steady_clock::now();
  const bool quiet =
      impl_->edge == Edge::LeadingAndTrailing && (!impl_->last_schedule || now - *impl_->last_schedule >= impl_->delay);
  impl_->last_schedule = now;
  const uint64_t generation = ++impl_->generation;
  const uint64_t cancels = impl_->cancels;
  // The run for this schedule(). A leading run is dropped only by cancel(): when it runs
  // after more schedules it already sees their state. A trailing run is dropped by any
  // newer schedule() or cancel().
  auto guarded_run = [weak = std::weak_ptr<Impl>(impl_), generation, cancels, leading = quiet, run = std::move(run)] {
    const auto impl = weak.lock();
    if (!impl || impl->cancels != cancels || (!leading && impl->generation != generation)) return;
    try {
      run();
    } catch (...) {
      // The caller's run() logs its own failures; a handler must not throw into Asio.
    }
  };
  if (quiet) {
    // Leading edge: a trailing wait still armed from an earlier burst is stale now.
    impl_->timer.cancel();
    asio::post(impl_->executor, std::move(guarded_run));
    return;
  }
  impl_->timer.expires_after(impl_->delay);
  impl_->timer.async_wait([run = std::move(guarded_run)](const boost::system::error_code& error) {
    if (!error) run();
  });
}

void Debouncer::cancel() {
  ++impl_->generation;
  ++impl_->cancels;
  impl_->timer.cancel();
}

struct Coalescer::Impl : std::enable_shared_from_this<Coalescer::Impl> {
  Impl(Scheduler::Executor executor, std::chrono::milliseconds spacing)
      : executor(executor), timer(executor), spacing(spacing) {}
  Scheduler::Executor executor;
  asio::steady_timer timer;
  std::chrono::milliseconds spacing;
  std::function<void(Done)> pending;  // the newest schedule() not started yet
  bool in_flight = false;
  bool timer_armed = false;
  uint64_t run_token = 0;  // names the run in flight, so a stray done() cannot end another
  std::optional<std::chrono::steady_clock::time_point> last_start;

  // Strand only: starts the pending run now, or arms the timer for when `spacing` is over.
  void kick() {
    if (in_flight || timer_armed || !pending) return;
    const auto now = std::chrono::steady_clock::now();
    if (last_start && now < *last_start + spacing) {
      timer_armed = true;
      timer.expires_at(*last_start + spacing);
      timer.async_wait([weak = weak_from_this()](const boost::system::error_code& error) {
        const auto self = weak.lock();
        if (!self) return;
        self->timer_armed = false;
        self->kick();  // also after cancel(): a schedule() since then may wait for this timer
        (void)error;
      });
      return;
    }
    auto run = std::move(pending);
    pending = nullptr;
    in_flight = true;
    last_start = now;
    const uint64_t token = ++run_token;
    Done done = [weak = weak_from_this(), token] {
      const auto self = weak.lock();
      if (!self) return;
      asio::post(self->executor, [weak, token] {
        const auto owner = weak.lock();
        if (!owner || !owner->in_flight || owner->run_token != token) return;
        owner->in_flight = false;
        owner->kick();
      });
    };
    try {
      run(done);
    } catch (...) {
      done();  // the caller's run() logs its own failures; it cannot finish now
    }
  }
};

Coalescer::Coalescer(Scheduler::Executor executor, std::chrono::milliseconds spacing)
    : impl_(std::make_shared<Impl>(executor, spacing)) {}

Coalescer::~Coalescer() {
  try {
    cancel();
  } catch (...) {
  }
}

void Coalescer::schedule(std::function<void(Done)> run) {
  impl_->pending = std::move(run);
  impl_->kick();
}

void Coalescer::cancel() {
  impl_->pending = nullptr;
  if (impl_->timer_armed) impl_->timer.cancel();
}

}  // namespace slipbox::lsp
