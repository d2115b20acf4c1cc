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
//  - warm_up():    its own thread at a lower CPU priority (nice 10 on Linux; threads its tasks
//                  start inherit it), in order: indexes built ahead of the requests that will
//                  want them (the link graph). At normal priority a link graph build took a
//                  request thread and the other cores after a scan, and every request
//                  answered late behind it.
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
  void warm_up(Task task);

  // The strand, for timers whose handlers change state.
  Executor strand() const { return strand_; }

  // Stops accepting work and joins the threads (a running task is finished first).
  void stop();

 private:
  Task guarded(Task task);

  std::function<void(const std::string&)> log_;
  boost::asio::thread_pool pool_;
  boost::asio::thread_pool indexer_;
  boost::asio::thread_pool warmer_;
  Executor strand_;
};

// Leading- and trailing-edge debounce on the strand. The first schedule() after a quiet
// period (no schedule() for `delay`) runs at once (posted to the strand), so a lone edit
// gets its diagnostics without waiting; a schedule() inside a burst restarts the timer and
// runs once `delay` has passed without another: a burst of keystrokes costs two runs, not
// one per keystroke. cancel() (and destruction) drops every run that has not started.
// With `Edge::TrailingOnly` nothing runs at once: every schedule() restarts the wait and only
// the last one of a burst runs, `delay` after it (diagnostics of the note being typed in).
class Debouncer {
 public:
  enum class Edge { LeadingAndTrailing, TrailingOnly };
  Debouncer(Scheduler::Executor executor, std::chrono::milliseconds delay, Edge edge = Edge::LeadingAndTrailing);
  ~Debouncer();
  void schedule(std::function<void()> run);
  void cancel();

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

// Diagnostics after edits: at most one run in flight per document, and never a wait for a
// quiet period. schedule() starts the run at once when none is in flight (and `spacing` has
// passed since the previous start); while one is in flight, newer schedules coalesce into a
// single follow-up that starts as soon as it finishes, with the newest `run`. So the last edit
// of a burst waits at most for the run in flight (and the rest of `spacing`), and a fast typist
// costs at most one core per document, not one run per keystroke.
//
// `run` gets a `done` callback and must call it exactly once when its work is finished (from
// any thread, also when it gives up early): until then the coalescer counts the run in flight.
// schedule() and cancel() run on the strand; cancel() (and destruction) drop a pending run.
class Coalescer {
 public:
  using Done = std::function<void()>;
  Coalescer(Scheduler::Executor executor, std::chrono::milliseconds spacing);
  ~Coalescer();
  Coalescer(const Coalescer&) = delete;
  Coalescer& operator=(const Coalescer&) = delete;
  void schedule(std::function<void(Done)> run);
  void cancel();

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace slipbox::lsp
