#include "lsp/parent_process.h"

#include <cerrno>
#include <climits>

#include <poll.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <unistd.h>

namespace slipbox::lsp {

ParentProcessMonitor::ParentProcessMonitor(int64_t pid, std::chrono::milliseconds interval,
                                           std::function<void()> on_gone, std::function<void()> on_alive)
    : pid_(pid),
      // Taken before the thread starts, while the number is known to be the editor's.
      pidfd_(pid > 0 && pid <= INT_MAX ? static_cast<int>(::syscall(SYS_pidfd_open, static_cast<pid_t>(pid), 0)) : -1),
      interval_(interval),
      on_gone_(std::move(on_gone)),
      on_alive_(std::move(on_alive)),
      thread_([this] { run(); }) {}

ParentProcessMonitor::~ParentProcessMonitor() {
  stop();
  if (pidfd_ >= 0) ::close(pidfd_);
}

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

bool ParentProcessMonitor::process_alive() const {
  if (pidfd_ < 0) return alive(pid_);
  // A pidfd becomes readable when its process ends.
  pollfd ended{pidfd_, POLLIN, 0};
  const int ready = ::poll(&ended, 1, 0);
  return ready == 0 || (ready < 0 && alive(pid_));
}

void ParentProcessMonitor::run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    if (wake_.wait_for(lock, interval_, [this] { return stopping_; })) return;
    if (process_alive()) {
      if (on_alive_) on_alive_();
      continue;
    }
    lock.unlock();
    on_gone_();
    return;
  }
}

}  // namespace slipbox::lsp
