#include "analysis/vault/linkpath_cache.h"

#include <gtest/gtest.h>

#include "analysis/vault/resolve.h"

namespace slipbox {
namespace {

// The cache answers exactly as resolve_linkpath, whether it looks a linkpath up by its text
// or, for pooled paths, by address; names shared by two files depend on the source note.
// A linkpath it rules out as ambiguous is never ambiguous.
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
  size_t shared = 0, checked = 0, ambiguous_links = 0, ruled_out = 0;
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
        // Ruled out as ambiguous only when the resolver agrees, from every note.
        const bool ambiguous = linkpath_is_ambiguous(*vault, source, link.path());
        if (ambiguous) ++ambiguous_links;
        EXPECT_TRUE(by_address.may_be_ambiguous(*vault, link.path(), link.path_is_shared()) || !ambiguous)
            << source << " → " << link.path();
        EXPECT_TRUE(by_text.may_be_ambiguous(*vault, link.path()) || !ambiguous) << source << " → " << link.path();
        ruled_out += !by_text.may_be_ambiguous(*vault, link.path());
        shared += link.path_is_shared();
        ++checked;
      }
    }
  }
  EXPECT_EQ(shared, checked);  // in-memory vaults pool their link paths like a scan
  EXPECT_GT(checked, 100u);
  EXPECT_GT(ambiguous_links, 0u);  // [[Møte]] is, from Rot.md
  EXPECT_GT(ruled_out, 0u);        // [[Arkiv/Møte]], [[Mangler]], [[bilde.png]] are not, without asking
}

}  // namespace
}  // namespace slipbox
