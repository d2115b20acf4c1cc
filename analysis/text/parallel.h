#pragma once
#include <cstddef>
#include <functional>

// The one parallel loop of the analysis library (vault scans, link graphs, symbol indexes,
// `slipbox check`).
namespace slipbox {

// How many workers run_in_parallel uses: `threads` (0: one per core), never more than `count`,
// at least 1.
unsigned parallel_workers(size_t count, unsigned threads);

// Runs fn(worker, i) once for every i in [0, count) on parallel_workers(count, threads)
// threads, the caller being worker 0. Workers take the next index from a shared counter, so a
// slow item holds up one worker only; `worker` lets a caller keep state per thread (a cache).
// The threads are started per call rather than taken from a pool: they inherit the caller's
// CPU priority, and background builds run at a lower one (lsp/scheduler.h, warm_up). When no
// more threads can be started, the ones running finish the work.
void run_in_parallel_workers(size_t count, unsigned threads, const std::function<void(unsigned worker, size_t i)>& fn);

// The same without the worker number.
void run_in_parallel(size_t count, unsigned threads, const std::function<void(size_t i)>& fn);

}  // namespace slipbox
