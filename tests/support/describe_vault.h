#pragma once
#include <string>

#include "analysis/vault/vault.h"

namespace slipbox::testing {

// Everything a resolver or a feature reads per file, in FileId order: two vaults that
// describe alike answer alike (vault copies made by moves or file events against a build).
std::string describe_vault(const Vault& vault);

}  // namespace slipbox::testing
