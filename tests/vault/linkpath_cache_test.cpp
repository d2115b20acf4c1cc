#include "analysis/vault/linkpath_cache.h"

#include <gtest/gtest.h>

#include "analysis/vault/resolve.h"

namespace slipbox {
namespace {

// The cache answers exactly as resolve_linkpath, whether it looks a linkpath up by its text
// or, for pooled paths, by address; names shared by two files depend on the source note.
TEST(LinkpathCache, AnswersAsTheResolverByTextAndByAddress) {
  const std::string links =
      "[[Møte]] [[møte]] [[Arkiv/Møte]] [[Prosjekt/Møte]] [[Mangler]] [[ Møte ]] [[./Søsken]] [[../Arkiv/Møte]] "
      "[[bilde.png]] [[Prosjekt/Søsken]] [[Søsken]] [lenke](Arkiv/M%C3%B8te.md)\n";
  const auto vault = Vault::from_memory("/v", {{"Arkiv/Møte.md", links},
                                               {"Prosjekt/Møte.md", links},
                                               {"Prosjekt/Søsken.md", links},
                                               {"Søsken.md", links},
                                               {"Bilder/bilde.png", ""},
                                               {"Rot.md", links + links}});
  LinkpathCache by_address, by_text;
  size_t shared = 0, checked = 0;
  for (int round = 0; round < 2; ++round) {  // the second round answers from what was remembered
    for (FileId id = 0; id < vault->file_count(); ++id) {
      const ParsedNote* note = vault->note(id);
      if (!note) continue;
      const std::string& source = vault->file(id).path;
      for (const Link& link : note->links) {
        const std::optional<FileId> expected = resolve_linkpath(*vault, source, link.path());
        EXPECT_EQ(by_address.resolve(*vault, source, link.path(), link.path_is_shared()), expected)
            << source << " → " << link.path();
        EXPECT_EQ(by_text.resolve(*vault, source, link.path()), expected) << source << " → " << link.path();
        shared += link.path_is_shared();
        ++checked;
      }
    }
  }
  EXPECT_EQ(shared, checked);  // in-memory vaults pool their link paths like a scan
  EXPECT_GT(checked, 100u);
}

}  // namespace
}  // namespace slipbox
