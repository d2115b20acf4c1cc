#pragma once
#include <string>
#include <vector>

namespace slipbox {

// `slipbox check [--format text|json] VAULT`: reports every broken link in the vault.
// `args` are the words after `check`. Returns the process exit code:
// 0 no broken links, 1 broken links found, 2 usage error or unreadable vault folder.
// Findings go to stdout; logs and errors to stderr.
int run_check(const std::vector<std::string>& args);

}  // namespace slipbox
