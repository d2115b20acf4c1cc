#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/vault/vault.h"

namespace slipbox {

// "Did you mean" helpers for broken links (hover, quick-fixes).

// Levenshtein distance counted in code points (so `ø` vs `o` is one edit, not two).
size_t edit_distance(std::string_view a, std::string_view b);

// The `count` names closest to `wanted`, compared on loose_key (case and accents ignored);
// ties go to the shorter, then alphabetically smaller name. Returns indices into `names`.
std::vector<size_t> closest_strings(const std::vector<std::string>& names, std::string_view wanted, size_t count);

// The `count` notes (or, with `attachments`, non-note files) whose name is closest to `wanted`.
std::vector<FileId> closest_files(const Vault& vault, std::string_view wanted, size_t count, bool attachments = false);

}  // namespace slipbox
