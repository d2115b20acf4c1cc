#pragma once
// The one way the end-to-end suites start the real binary: in a forked child whose standard
// streams are already in place, replace the child with `SLIPBOX_BINARY args...`.
#include <unistd.h>

#include <string>
#include <vector>

namespace slipbox::e2e {

// Never returns: exits 127 when the binary cannot be run.
[[noreturn]] inline void exec_slipbox(std::vector<std::string> args) {
  std::string binary = SLIPBOX_BINARY;
  std::vector<char*> argv{binary.data()};
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  execv(binary.c_str(), argv.data());
  _exit(127);
}

}  // namespace slipbox::e2e
