#include "cli/command_line.h"

namespace slipbox::cli {

bool CommandLine::next_option() {
  if (started_) ++at_;
  started_ = true;
  for (; at_ < args_.size(); ++at_) {
    const std::string& arg = args_[at_];
    if (options_done_ || arg.size() < 2 || arg[0] != '-') {
      positional_.push_back(arg);
    } else if (arg == "--") {
      options_done_ = true;
    } else {
      return true;
    }
  }
  return false;
}

bool CommandLine::is_valued(std::string_view name) const {
  const std::string& arg = option();
  return arg == name || (arg.size() > name.size() && arg.starts_with(name) && arg[name.size()] == '=');
}

std::optional<std::string> CommandLine::value() {
  const std::string& arg = option();
  if (const size_t equals = arg.find('='); equals != std::string::npos) return arg.substr(equals + 1);
  if (at_ + 1 == args_.size()) return std::nullopt;
  return args_[++at_];
}

}  // namespace slipbox::cli
