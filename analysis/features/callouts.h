#pragma once
#include <optional>
#include <string_view>
#include <vector>

#include "analysis/text/byte_range.h"

namespace slipbox {

// Obsidian's callout types (Help: Callouts), each with its aliases.
struct CalloutType {
  std::string_view name;
  std::vector<std::string_view> aliases;
};
const std::vector<CalloutType>& callout_types();

// After `> [!` (any depth of `>`, blanks between) and a partial type at `offset`: what to
// replace (the partial type, and `]` when already there) and whether `]` is missing.
struct CalloutContext {
  ByteRange replace;
  bool close = true;
};
std::optional<CalloutContext> callout_context(std::string_view text, uint32_t offset);

}  // namespace slipbox
