#pragma once
#include <cstddef>
#include <memory>
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
// Exact while at most 2,048 names need scoring in full (cheap lower bounds rule out the rest);
// beyond that, the best of the 2,048 likeliest (a long broken name in a 100,000-note vault).
std::vector<FileId> closest_files(const Vault& vault, std::string_view wanted, size_t count, bool attachments = false);

// Every file name of a vault as closest_files compares it (code points of its loose key and
// their counts), built once per file table: a hover on a broken link then reads compact arrays
// instead of decoding 100,000 names. Immutable, shareable; holds the vault it was built from.
class ClosestNamesIndex;
std::shared_ptr<const ClosestNamesIndex> build_closest_names_index(std::shared_ptr<const Vault> vault);
// True when `index` was built for `vault`'s file table.
bool closest_names_index_fits(const ClosestNamesIndex& index, const Vault& vault);
// closest_files with the index (the same answer; without it when it does not fit `vault`).
std::vector<FileId> closest_files(const Vault& vault, std::string_view wanted, size_t count, bool attachments,
                                  const ClosestNamesIndex* index);

}  // namespace slipbox
