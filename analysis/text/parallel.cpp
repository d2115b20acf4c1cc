#include "analysis/text/parallel.h"

#include <algorithm>
#include <atomic>
#include <system_error>
#include <thread>
#include <vector>

namespace slipbox {

unsigned parallel_workers(size_t count, unsigned threads) {
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  return static_cast<unsigned>(std::max<size_t>(1, std::min<size_t>(threads, count)));
}

void run_in_parallel_workers(size_t count, unsigned threads, const std::function<void(unsigned, size_t)>& fn) {
  const unsigned workers = parallel_workers(count, threads);
  if (workers == 1) {
    for (size_t i = 0; i < count; ++i) fn(0, i);
    return;
  }
  std::atomic<size_t> next{0};
  auto work = [&](unsigned worker) {
    for (size_t i = next++; i < count; i = next++) fn(worker, i);
  };
  std::vector<std::thread> started;
  started.reserve(workers - 1);
  for (unsigned worker = 1; worker < workers; ++worker) {
    try {
      started.emplace_back(work, worker);
    } catch (const std::system_error&) {
      break;  // no more threads available: the ones started (and this one) finish the job
    }
  }
  work(0);
  for (std::thread& thread : started) thread.join();
}

void run_in_parallel(size_t count, unsigned threads, const std::function<void(size_t)>& fn) {
  run_in_parallel_workers(count, threads, [&](unsigned, size_t i) { fn(i); });
}

}  // namespace slipbox
