#pragma once
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "lsp/scheduler.h"

namespace slipbox::lsp {

// The one place requests wait for what they need beyond the open document: the vault's
// index after a scan, a rescan or a batch of file events, and the link graph built from it.
// A request either answers from the complete index, or waits here, or (completion only)
// answers early and says it is partial. An answer the settled index would contradict — a
// "No note named …" hover, a null definition, an empty reference list — is never given.
//
// A waiting request is parked, not blocked: it holds no thread and no lock. recheck() —
// called whenever indexing work is committed or a derived index is built — releases every
// parked request whose `ready` now holds, onto the thread pool. A request still parked at its
// deadline is failed (the caller answers RequestFailed, saying what is still being indexed);
// one cancelled meanwhile is dropped; fail_all() fails every parked request (shutdown).
class Readiness {
 public:
  struct Waiter {
    std::function<bool()> ready;                       // any thread, no locks held by the caller
    std::function<bool()> abandoned;                   // answered already (cancelled): drop it
    std::function<void()> run;                         // on the pool once ready
    std::function<void(const std::string& why)> fail;  // on the pool past the deadline or at fail_all()
    std::function<std::string()> describe_wait;        // what it waits for, for the failure message
  };

  explicit Readiness(Scheduler& scheduler);
  ~Readiness();
  Readiness(const Readiness&) = delete;
  Readiness& operator=(const Readiness&) = delete;

  // Runs `waiter.run` on this thread when ready now; else parks it for at most `patience`.
  // After fail_all(), fails at once.
  void wait(Waiter waiter, std::chrono::milliseconds patience);
  // Releases the parked requests that are ready now (and drops the abandoned ones). Any thread.
  void recheck();
  // Fails every parked request with `why`, and every later one (shutdown).
  void fail_all(const std::string& why);
  size_t parked() const;

 private:
  void expire(uint64_t id);

  Scheduler& scheduler_;
  mutable std::mutex mutex_;
  uint64_t next_id_ = 1;
  std::unordered_map<uint64_t, Waiter> parked_;
  std::string closed_;  // set by fail_all(): the reason every later wait fails
};

}  // namespace slipbox::lsp
