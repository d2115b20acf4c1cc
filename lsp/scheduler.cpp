#include "lsp/scheduler.h"

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

namespace slipbox::lsp {

namespace asio = boost::asio;

Scheduler::Scheduler(unsigned threads, std::function<void(const std::string&)> log)
    : log_(std::move(log)), pool_(threads == 0 ? 1 : threads), indexer_(1), strand_(asio::make_strand(pool_)) {}

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

void Scheduler::stop() {
  pool_.stop();
  indexer_.stop();
  pool_.join();
  indexer_.join();
}

struct Debouncer::Impl {
  Impl(Scheduler::Executor executor, std::chrono::milliseconds delay) : timer(executor), delay(delay) {}
  asio::steady_timer timer;
  std::chrono::milliseconds delay;
  uint64_t generation = 0;
};

Debouncer::Debouncer(Scheduler::Executor executor, std::chrono::milliseconds delay)
    : impl_(std::make_shared<Impl>(executor, delay)) {}

Debouncer::~Debouncer() { cancel(); }

// schedule() and cancel() must run on the strand the timer belongs to (they do: callers are
// state changes on Scheduler::ordered()). The generation makes a wait that was already
// queued when a newer schedule() came in a no-op.
void Debouncer::schedule(std::function<void()> run) {
  const uint64_t generation = ++impl_->generation;
  impl_->timer.expires_after(impl_->delay);
  impl_->timer.async_wait([weak = std::weak_ptr<Impl>(impl_), generation, run = std::move(run)](
                              const boost::system::error_code& error) {
    const auto impl = weak.lock();
    if (error || !impl || impl->generation != generation) return;
    try {
      run();
    } catch (...) {
      // The caller's run() logs its own failures; a timer callback must not throw into Asio.
    }
  });
}

void Debouncer::cancel() {
  ++impl_->generation;
  impl_->timer.cancel();
}

}  // namespace slipbox::lsp
