#pragma once
#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>

namespace slipbox::lsp {

// Where work runs (Boost.Asio):
//  - ordered():    one strand, in arrival order. State changes (didOpen/didChange/didClose,
//                  snapshot swaps) and the start of every request, so a request sees every
//                  change the client sent before it.
//  - background(): the thread pool. Requests compute here on immutable snapshots; one slow
//                  request occupies one thread, never the strand or the reader.
//  - indexing():   its own thread, so a long vault scan never takes a pool thread.
// Every task runs inside a catch-all: an exception is logged, never fatal.
class Scheduler {
 public:
  using Task = std::function<void()>;
  using Executor = boost::asio::strand<boost::asio::thread_pool::executor_type>;

  Scheduler(unsigned threads, std::function<void(const std::string&)> log);
  ~Scheduler();
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  void ordered(Task task);
  void background(Task task);
  void indexing(Task task);

  // The strand, for timers whose handlers change state.
  Executor strand() const { return strand_; }

  // Stops accepting work and joins the threads (a running task is finished first).
  void stop();

 private:
  Task guarded(Task task);

  std::function<void(const std::string&)> log_;
  boost::asio::thread_pool pool_;
  boost::asio::thread_pool indexer_;
  Executor strand_;
};

// Calls `run` on the strand once `delay` has passed without another schedule() of the same
// key's debouncer: a burst of keystrokes costs one diagnostics run.
class Debouncer {
 public:
  Debouncer(Scheduler::Executor executor, std::chrono::milliseconds delay);
  ~Debouncer();
  void schedule(std::function<void()> run);
  void cancel();

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace slipbox::lsp
