#pragma once
// A subcommand's arguments read option by option, the one way every `slipbox` command reads
// them: `--name`, `--name VALUE` and `--name=VALUE`; `--` ends the options; anything else
// (and a lone `-`) is positional.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace slipbox::cli {

class CommandLine {
 public:
  explicit CommandLine(const std::vector<std::string>& args) : args_(args) {}

  // Moves to the next option, keeping the positional arguments met on the way; false at the end.
  bool next_option();
  // The option as written (`--format=json`), for messages.
  const std::string& option() const { return args_[at_]; }
  // Whether the option is exactly `name` (a flag).
  bool is(std::string_view name) const { return option() == name; }
  // Whether the option is `name`, with its value after `=` or in the next argument.
  bool is_valued(std::string_view name) const;
  // The value of a valued option; nullopt when `--name` is the last argument.
  std::optional<std::string> value();

  const std::vector<std::string>& positional() const { return positional_; }

 private:
  const std::vector<std::string>& args_;
  size_t at_ = 0;
  bool started_ = false;
  bool options_done_ = false;
  std::vector<std::string> positional_;
};

}  // namespace slipbox::cli
