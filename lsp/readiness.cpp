#include "lsp/readiness.h"

#include <vector>

#include <boost/asio/steady_timer.hpp>

namespace slipbox::lsp {

Readiness::Readiness(Scheduler& scheduler) : scheduler_(scheduler) {}

// The server stops the scheduler before its members die: no deadline timer fires later.
Readiness::~Readiness() = default;

void Readiness::wait(Waiter waiter, std::chrono::milliseconds patience) {
  std::unique_lock lock(mutex_);
  if (!closed_.empty()) {
    const std::string why = closed_;
    lock.unlock();
    waiter.fail(why);
    return;
  }
  // Decided under the lock: a recheck() that follows the work's commit either sees this waiter
  // parked or ran before, in which case `ready` holds now.
  if (waiter.ready()) {
    lock.unlock();
    waiter.run();
    return;
  }
  if (patience.count() <= 0) {
    lock.unlock();
    waiter.fail(waiter.describe_wait ? waiter.describe_wait() : std::string("not ready"));
    return;
  }
  const uint64_t id = next_id_++;
  parked_.emplace(id, std::move(waiter));
  lock.unlock();
  // A released waiter's timer still fires at the deadline, and then finds nothing to do.
  auto timer = std::make_shared<boost::asio::steady_timer>(scheduler_.strand(), patience);
  timer->async_wait([this, id, timer](const boost::system::error_code& error) {
    if (!error) expire(id);
  });
}

void Readiness::expire(uint64_t id) {
  std::unique_lock lock(mutex_);
  const auto found = parked_.find(id);
  if (found == parked_.end()) return;  // released or dropped already
  Waiter waiter = std::move(found->second);
  parked_.erase(found);
  lock.unlock();
  if (waiter.abandoned()) return;
  std::string why = waiter.describe_wait ? waiter.describe_wait() : std::string("not ready");
  scheduler_.background([waiter = std::move(waiter), why = std::move(why)] { waiter.fail(why); });
}

void Readiness::recheck() {
  std::vector<Waiter> released;
  {
    std::lock_guard lock(mutex_);
    for (auto it = parked_.begin(); it != parked_.end();) {
      if (it->second.abandoned()) {
        it = parked_.erase(it);
      } else if (it->second.ready()) {
        released.push_back(std::move(it->second));
        it = parked_.erase(it);
      } else {
        ++it;
      }
    }
  }
  for (Waiter& waiter : released) scheduler_.background([waiter = std::move(waiter)] { waiter.run(); });
}

void Readiness::fail_all(const std::string& why) {
  std::unordered_map<uint64_t, Waiter> failed;
  {
    std::lock_guard lock(mutex_);
    closed_ = why.empty() ? "shutting down" : why;
    failed.swap(parked_);
  }
  // On this thread: the answers must be out before the caller goes on (shutdown waits for them).
  for (auto& [id, waiter] : failed)
    if (!waiter.abandoned()) waiter.fail(why);
}

size_t Readiness::parked() const {
  std::lock_guard lock(mutex_);
  return parked_.size();
}

}  // namespace slipbox::lsp
