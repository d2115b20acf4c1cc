#pragma once
// UPDATE_SNAPSHOTS=1: a snapshot test that fails rewrites the expected text in its own source
// file instead, so a deliberate change of output is reviewed as a diff of the test, not
// retyped by hand. Expected texts are C++ string literals inside a case written as
// `Case{"name", <input literals>, <expected literals>}`.
#include <string>
#include <string_view>

namespace slipbox::testing {

// Whether UPDATE_SNAPSHOTS=1 is set.
bool updating_snapshots();

// Rewrites, in `source_file`, the expected literals of the case `case_type{"name", …}` to
// `actual`, one literal per line. Returns "" when done, else why it could not (the case
// not found once, or written with something other than string literals).
std::string update_inline_snapshot(const std::string& source_file, std::string_view case_type, std::string_view name,
                                   std::string_view actual);

// `text` as a sequence of C++ string literals, one per line of `text`, each line indented
// by `indent` after the first.
std::string as_string_literals(std::string_view text, std::string_view indent);

}  // namespace slipbox::testing
