#pragma once
#include <string>
#include <vector>

#include "analysis/features/diagnostics.h"
#include "analysis/text/line_index.h"

namespace slipbox {

// One broken link found by `slipbox check`, positioned for humans and tools.
struct CheckFinding {
  std::string path;  // vault-relative, '/'
  Diagnostic diagnostic;
  LineColumnUtf16 start;  // zero-based line, UTF-16 column
  LineColumnUtf16 end;
};

// The diagnostics of every note in the vault, sorted by path then position. The vault's
// parse decides which notes have broken links, so only those are read (through read_text)
// and parsed again for exact positions; notes the vault could not parse are skipped.
std::vector<CheckFinding> check_vault(const Vault& vault, const ReadText& read_text);

}  // namespace slipbox
