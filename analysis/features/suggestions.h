#pragma once
#include <cstddef>
#include <string_view>
#include <vector>

#include "analysis/vault/vault.h"

namespace slipbox {

class ClosestNamesIndex;  // closest_names.h

// "Did you mean" for a broken link to `wanted` (a name, with or without its extension),
// written in a note in `source_folder`: at most `count` files, best first —
//   1. the same name with another extension (`[[Fig 1]]` → `Fig 1.png`, `![[Plan.png]]` → `Plan`);
//   2. then by edit distance between the names without extension (case and accents ignored),
//      notes and attachments alike, the linking note's folder first among equals, then as
//      closest_files orders them (shorter, then alphabetical; notes before attachments);
// and only names similar enough: at most half of the longer name edited (`[[Nonexistent
// Xyzzy]]` gets no suggestion rather than three unrelated notes).
std::vector<FileId> suggest_files(const Vault& vault, std::string_view wanted, std::string_view source_folder,
                                  size_t count, const ClosestNamesIndex* index = nullptr);

// The floor suggest_files applies: `distance` edits between names of `a_length` and
// `b_length` code points.
bool similar_enough(size_t distance, size_t a_length, size_t b_length);

}  // namespace slipbox
