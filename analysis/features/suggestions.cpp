#include "analysis/features/suggestions.h"

#include <algorithm>
#include <string>
#include <tuple>

#include "analysis/features/closest_names.h"
#include "analysis/text/unicode.h"
#include "analysis/vault/file_kinds.h"

namespace slipbox {
namespace {

// The name without its extension (notes' names have none; attachments' do).
std::string_view stem_of(std::string_view name) {
  const size_t dot = name.rfind('.');
  return dot == std::string_view::npos || dot == 0 ? name : name.substr(0, dot);
}

size_t code_points(std::string_view text) {
  size_t count = 0;
  for (const char c : text)
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++count;
  return count;
}

}  // namespace

bool similar_enough(size_t distance, size_t a_length, size_t b_length) {
  return distance * 2 <= std::max(a_length, b_length);
}

std::vector<FileId> suggest_files(const Vault& vault, std::string_view wanted, std::string_view source_folder,
                                  size_t count, const ClosestNamesIndex* index) {
  if (count == 0) return {};
  const std::string wanted_name = loose_key(wanted);
  const bool has_extension = !file_extension(wanted).empty();
  const std::string wanted_stem(has_extension ? stem_of(wanted_name) : std::string_view(wanted_name));
  const std::string folder = fold_key(source_folder);
  struct Pick {
    bool other_name;  // not the same name with another extension
    size_t distance;
    bool other_folder;
    size_t order;  // as closest_files ranks them (shorter, then alphabetical), notes first
    FileId id;
    auto key() const { return std::make_tuple(other_name, distance, other_folder, order); }
  };
  std::vector<Pick> picks;
  const auto add = [&](FileId id) {
    if (std::any_of(picks.begin(), picks.end(), [&](const Pick& p) { return p.id == id; })) return;
    const VaultFile& file = vault.file(id);
    const std::string_view stem = file.is_note ? std::string_view(file.name_loose) : stem_of(file.name_loose);
    const size_t distance = edit_distance(wanted_stem, stem);
    if (distance > 0 && !similar_enough(distance, code_points(wanted_stem), code_points(stem))) return;
    picks.push_back(Pick{distance != 0, distance, fold_key(file.folder) != folder, picks.size(), id});
  };
  // The same name with another extension: a scan of the precomputed names.
  for (FileId id = 0; id < vault.file_count(); ++id) {
    const VaultFile& file = vault.file(id);
    const std::string_view stem = file.is_note ? std::string_view(file.name_loose) : stem_of(file.name_loose);
    if (stem == wanted_stem) add(id);
  }
  for (const bool attachments : {false, true})
    for (const FileId id : closest_files(vault, has_extension && attachments ? wanted : std::string_view(wanted_stem),
                                         count + 2, attachments, index))
      add(id);
  std::sort(picks.begin(), picks.end(), [](const Pick& a, const Pick& b) { return a.key() < b.key(); });
  std::vector<FileId> out;
  for (const Pick& pick : picks) {
    if (out.size() == count) break;
    out.push_back(pick.id);
  }
  return out;
}

}  // namespace slipbox
