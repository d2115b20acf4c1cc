#pragma once
#include <string>
#include <vector>

#include "analysis/features/ambiguous_links.h"
#include "analysis/features/diagnostics.h"
#include "analysis/text/line_index.h"

namespace slipbox {

// One broken (or ambiguous) link found by `slipbox check`, positioned for humans and tools.
struct CheckFinding {
  std::string path;       // vault-relative, '/'
  Diagnostic diagnostic;  // for an ambiguous link: its range, message and target (kind unused)
  LineColumnUtf16 start;  // zero-based line, UTF-16 column
  LineColumnUtf16 end;
  bool ambiguous = false;  // an `ambiguous-link` (ambiguous_links.h), not a broken link
  // "unresolved-link", …, "ambiguous-link": the code the server's diagnostics carry.
  std::string_view code() const {
    return ambiguous ? std::string_view("ambiguous-link") : diagnostic_code(diagnostic.kind);
  }
};

struct CheckOptions {
  // Also the links the server hints as `ambiguous-link` (a bare name several folders share).
  bool ambiguous_links = false;
};

// The diagnostics of every note in the vault, sorted by path then position. The vault's
// parse decides which notes have broken (or ambiguous) links, so only those are read (through
// read_text) and parsed again for exact positions; notes the vault could not parse are skipped.
std::vector<CheckFinding> check_vault(const Vault& vault, const ReadText& read_text, const CheckOptions& options = {});

}  // namespace slipbox
