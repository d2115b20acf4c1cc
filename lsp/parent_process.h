#pragma once
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>

namespace slipbox::lsp {

// Watches the editor's process (`processId` from initialize): an editor that crashed or was
// killed leaves its language server reading a pipe nobody closes. Checks every `interval` on
// its own thread; when the process is gone, calls `on_gone` once, on that thread. The check
// holds a pidfd of the process where the kernel has them: a number can be reused by another
// process (pid_max is 32,768 on many machines), a pidfd cannot. Else it probes kill(pid, 0),
// and a process of another user (EPERM) counts as alive.
class ParentProcessMonitor {
 public:
  // `on_alive` (optional) runs after every check that found the process: tests wait for it
  // instead of sleeping, so "nothing happened" means the check really ran.
  ParentProcessMonitor(int64_t pid, std::chrono::milliseconds interval, std::function<void()> on_gone,
                       std::function<void()> on_alive = {});
  ~ParentProcessMonitor();  // stop()
  ParentProcessMonitor(const ParentProcessMonitor&) = delete;
  ParentProcessMonitor& operator=(const ParentProcessMonitor&) = delete;

  // Ends the polling and joins the thread (not from inside `on_gone`).
  void stop();

  // Whether a process with this id exists (false for ids that cannot be one: 0, negative, too big).
  static bool alive(int64_t pid);

 private:
  void run();

  bool process_alive() const;

  const int64_t pid_;
  int pidfd_ = -1;  // -1: no pidfd (old kernel), kill(pid, 0) probes instead
  const std::chrono::milliseconds interval_;
  std::function<void()> on_gone_;
  std::function<void()> on_alive_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace slipbox::lsp
