#include "tests/support/describe_vault.h"

#include "analysis/text/unicode.h"

namespace slipbox::testing {
namespace {

std::string basename_of(const std::string& path) {
  const size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

}  // namespace

std::string describe_vault(const Vault& vault) {
  std::string out;
  for (FileId id = 0; id < vault.file_count(); ++id) {
    const VaultFile& file = vault.file(id);
    const Vault::FileKeys& keys = vault.keys(id);
    const ParsedNote* note = vault.note(id);
    out += file.path + " name=" + file.name + " folder=" + file.folder + (file.is_note ? " note" : "") +
           " keys=" + keys.folded_path + "|" + keys.folded_folder + "|" + std::to_string(keys.path_code_points) +
           " parse=" +
           (note ? std::to_string(note->headings.size()) + "h" + std::to_string(note->links.size()) + "l" : "-") +
           " same-name=" + std::to_string(vault.files_with_basename(fold_key(basename_of(file.path))).size()) +
           " abs=" + vault.absolute_path(id).generic_string() +
           " found=" + (vault.find_path(file.path) == id ? "yes" : "no") + "\n";
  }
  return out;
}

}  // namespace slipbox::testing
