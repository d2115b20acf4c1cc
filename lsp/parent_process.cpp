#include "lsp/parent_process.h"

#include <cerrno>
#include <climits>

#include <signal.h>
#include <sys/types.h>

namespace slipbox::lsp {

ParentProcessMonitor::ParentProcessMonitor(int64_t pid, std::chrono::milliseconds interval,
                                           std::function<void()> on_gone, std::function<void()> on_alive)
    : pid_(pid), interval_(interval), on_gone_(std::move(on_gone)), on_alive_(std::move(on_alive)), thread_([this] {
        run();
      }) {}

ParentProcessMonitor::~ParentProcessMonitor() { stop(); }

void ParentProcessMonitor::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) thread_.join();
}

bool ParentProcessMonitor::alive(int64_t pid) {
  // kill(0 or -n, 0) would probe a process group; an id past pid_t is no process.
  if (pid <= 0 || pid > INT_MAX) return false;
  if (::kill(static_cast<pid_t>(pid), 0) == 0) return true;
  return errno != ESRCH;  // EPERM: it exists, it is just not ours
}

void ParentProcessMonitor::run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    if (wake_.wait_for(lock, interval_, [this] { return stopping_; })) return;
    if (alive(pid_)) {
      if (on_alive_) on_alive_();
      continue;
    }
    lock.unlock();
    on_gone_();
    return;
  }
}

}  // namespace slipbox::lsp
