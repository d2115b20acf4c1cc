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

// Leading- and trailing-edge debounce on the strand. The first schedule() after a quiet
// period (no schedule() for `delay`) runs at once (posted to the strand), so a lone edit
// gets its diagnostics without waiting; a schedule() inside a burst restarts the timer and
// runs once `delay` has passed without another: a burst of keystrokes costs two runs, not
// one per keystroke. cancel() (and destruction) drops every run that has not started.
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
