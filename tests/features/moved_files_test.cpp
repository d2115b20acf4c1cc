// MovedFiles answers resolution questions as the vault after the moves would, without
// building it: checked against Vault::with_files_moved on randomized vaults (names shared
// across folders, case variants, attachments, every link form), and rename_files computed
// on it against the same edits computed on a moved copy of the vault.
#include "analysis/vault/moved_files.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <set>

#include "analysis/features/rename.h"
#include "analysis/text/unicode.h"
#include "analysis/text/vault_path.h"
#include "analysis/vault/resolve.h"

namespace slipbox {
namespace {

struct RandomVault {
  std::shared_ptr<const Vault> vault;
  std::vector<std::string> linkpaths;        // every linkpath written in it
  std::map<std::string, std::string> texts;  // path → text
};

// Few folders and names, so that names are shared, case variants and suffixes collide.
RandomVault random_vault(std::mt19937& rng) {
  const std::vector<std::string> folders = {"", "a", "b", "a/b", "c/a", "A"};
  const std::vector<std::string> names = {"Note", "note", "Plan", "Budget", "Plan 2", "x.md"};
  const std::vector<std::string> attachments = {"pic.png", "Pic.png", "doc.pdf"};
  const auto pick = [&](const auto& list) {
    return list[std::uniform_int_distribution<size_t>(0, list.size() - 1)(rng)];
  };
  const auto chance = [&](int percent) { return std::uniform_int_distribution<int>(0, 99)(rng) < percent; };
  std::map<std::string, std::string> files;  // path → text
  while (files.size() < 14) {
    const std::string folder = pick(folders);
    const std::string name = chance(20) ? pick(attachments) : pick(names) + ".md";
    files.emplace(folder.empty() ? name : folder + "/" + name, "");
  }
  std::vector<std::string> paths;
  for (const auto& [path, text] : files) paths.push_back(path);
  RandomVault out;
  for (auto& [path, text] : files) {
    if (!path.ends_with(".md")) continue;
    for (int i = 0; i < 6; ++i) {
      const std::string target = pick(paths);
      const bool note = target.ends_with(".md");
      const std::string stem = note ? target.substr(0, target.size() - 3) : target;
      std::string linkpath;
      switch (std::uniform_int_distribution<int>(0, 4)(rng)) {
        case 0:
          linkpath = std::string(basename_of(stem));
          break;  // bare name
        case 1:
          linkpath = stem;
          break;   // vault path
        case 2: {  // path suffix
          const std::string folder(folder_of(stem));
          linkpath = folder.empty() ? stem : std::string(basename_of(folder)) + "/" + std::string(basename_of(stem));
          break;
        }
        case 3:
          linkpath = "./" + std::string(basename_of(stem));
          break;  // relative
        default:
          linkpath = "../" + stem;
          break;
      }
      if (chance(20)) {
        for (char& c : linkpath)
          if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
      }
      out.linkpaths.push_back(linkpath);
      text += chance(25) ? "[t](" + linkpath + (note ? ".md" : "") + ") " : "[[" + linkpath + "]] ";
    }
    text += "\n";
  }
  std::vector<Vault::InMemoryFile> memory;
  for (const auto& [path, text] : files) memory.push_back({path, text});
  out.texts = files;
  out.vault = Vault::from_memory("/vault", std::move(memory));
  return out;
}

// One to three files to new paths no other file keeps (a swap of two paths included).
std::vector<std::pair<FileId, std::string>> random_moves(std::mt19937& rng, const Vault& vault) {
  const std::vector<std::string> folders = {"", "a", "b", "d", "a/b", "C"};
  const std::vector<std::string> names = {"Note", "Plan", "New", "budget", "Plan 2"};
  const auto pick = [&](const auto& list) {
    return list[std::uniform_int_distribution<size_t>(0, list.size() - 1)(rng)];
  };
  const auto any_file = [&] {
    return std::uniform_int_distribution<FileId>(0, static_cast<FileId>(vault.file_count() - 1))(rng);
  };
  std::vector<std::pair<FileId, std::string>> moves;
  if (std::uniform_int_distribution<int>(0, 4)(rng) == 0) {  // swap
    const FileId a = any_file(), b = any_file();
    if (a != b) return {{a, vault.file(b).path}, {b, vault.file(a).path}};
  }
  std::set<std::string> taken;
  for (FileId id = 0; id < vault.file_count(); ++id) taken.insert(vault.file(id).path);
  const int count = std::uniform_int_distribution<int>(1, 3)(rng);
  std::set<FileId> moving;
  for (int i = 0; i < count * 4 && moves.size() < static_cast<size_t>(count); ++i) {
    const FileId id = any_file();
    if (moving.contains(id)) continue;
    const VaultFile& file = vault.file(id);
    const std::string folder = std::uniform_int_distribution<int>(0, 2)(rng) == 0 ? file.folder : pick(folders);
    const std::string name = file.is_note ? pick(names) + ".md" : std::string(basename_of(file.path));
    const std::string path = folder.empty() ? name : folder + "/" + name;
    if (taken.contains(path)) continue;  // rename_files refuses those
    taken.insert(path);
    moving.insert(id);
    moves.emplace_back(id, path);
  }
  return moves;
}

std::shared_ptr<const Vault> moved_copy(const Vault& vault, const std::vector<std::pair<FileId, std::string>>& moves) {
  std::vector<std::pair<std::string, std::string>> paths;
  for (const auto& [id, path] : moves) paths.emplace_back(vault.file(id).path, path);
  return vault.with_files_moved(paths);
}

TEST(MovedFiles, ResolvesAsTheMovedVaultDoes) {
  std::mt19937 rng(20261207);
  size_t compared = 0;
  for (int round = 0; round < 150; ++round) {
    const RandomVault random = random_vault(rng);
    const Vault& vault = *random.vault;
    const auto moves = random_moves(rng, vault);
    const MovedFiles moved(vault, moves);
    const auto after = moved_copy(vault, moves);
    ASSERT_EQ(after->file_count(), vault.file_count());
    // The path a MovedFiles id has after the moves, and the same file's id in the copy.
    const auto path_after = [&](std::optional<FileId> id) { return id ? moved.file(*id).path : std::string("-"); };
    const auto path_in_copy = [&](std::optional<FileId> id) { return id ? after->file(*id).path : std::string("-"); };
    std::vector<std::string> linkpaths = random.linkpaths;
    for (FileId id = 0; id < vault.file_count(); ++id) {
      linkpaths.push_back(vault.file(id).name);
      linkpaths.push_back(moved.file(id).name);
      linkpaths.push_back(moved.file(id).path);
    }
    for (FileId id = 0; id < vault.file_count(); ++id) {
      const std::string& source = moved.file(id).path;
      for (const std::string& linkpath : linkpaths) {
        ASSERT_EQ(path_after(resolve_linkpath(moved, source, linkpath)),
                  path_in_copy(resolve_linkpath(*after, source, linkpath)))
            << "round " << round << ": [[" << linkpath << "]] from " << source;
        ++compared;
      }
      const auto in_copy = after->find_path(source);
      ASSERT_TRUE(in_copy);
      EXPECT_EQ(path_after(moved.find_path(source)), source);
      EXPECT_EQ(moved.notes_sharing_name(id), after->notes_sharing_name(*in_copy)) << source;
      for (FileId from = 0; from < vault.file_count(); from += 3)
        EXPECT_EQ(linkpath_for(moved, moved.file(from).path, id, false),
                  linkpath_for(*after, moved.file(from).path, *in_copy, false))
            << source;
    }
  }
  EXPECT_GT(compared, 10000u);
}

// rename_files as it was computed before MovedFiles: on a moved copy of the vault.
RenameResult rename_files_on_a_copy(const LinkGraph& graph, const std::vector<FileMove>& moves,
                                    const ReadText& read_text) {
  RenameResult result;
  const Vault& vault = graph.vault();
  std::map<FileId, std::string> new_path_by_id;
  std::vector<std::pair<std::string, std::string>> paths;
  for (const FileMove& move : moves) {
    new_path_by_id[move.file] = move.new_path;
    paths.emplace_back(vault.file(move.file).path, move.new_path);
  }
  const auto after = vault.with_files_moved(paths);
  const auto new_path_of = [&](FileId id) -> const std::string& {
    const auto it = new_path_by_id.find(id);
    return it == new_path_by_id.end() ? vault.file(id).path : it->second;
  };
  std::set<LinkRef> candidates;
  for (const FileMove& move : moves) {
    for (const LinkRef& ref : graph.links_to(move.file)) candidates.insert(ref);
    if (const ParsedNote* parsed = vault.note(move.file))
      for (uint32_t i = 0; i < parsed->links.size(); ++i) candidates.insert(LinkRef{move.file, i});
    for (const FileId same_name : vault.files_with_basename(fold_key(basename_of(move.new_path))))
      for (const LinkRef& ref : graph.links_to(same_name)) candidates.insert(ref);
  }
  std::map<FileId, std::vector<TextChange>> by_file;
  for (const LinkRef& ref : candidates) {
    const Link& link = vault.note(ref.source)->links[ref.link];
    if (link.external || trim_blanks(link.path()).empty()) continue;
    const FileId target = graph.targets_of(ref.source)[ref.link];
    if (target == LinkGraph::kUnresolved) continue;
    const auto expected = after->find_path(new_path_of(target));
    if (!expected) continue;
    const std::string& source_path = new_path_of(ref.source);
    if (resolve_linkpath(*after, source_path, link.path()) == expected) continue;
    const std::string text = *read_text(ref.source);
    const WrittenTarget written = written_target(text, link);
    const std::string_view written_path = std::string_view(text).substr(written.path.begin, written.path.size());
    const bool path_form = trim_blanks(link.path()).find('/') != std::string_view::npos;
    const std::string linkpath = linkpath_for(*after, source_path, *expected, path_form);
    by_file[ref.source].push_back(
        TextChange{written.path, spell_linkpath(link, written_path, linkpath, after->file(*expected).is_note)});
  }
  for (auto& [file, changes] : by_file) result.edits.push_back(FileEdits{file, std::move(changes)});
  return result;
}

TEST(MovedFiles, RenameEditsEqualThoseComputedOnAMovedCopy) {
  std::mt19937 rng(7);
  size_t edits = 0;
  for (int round = 0; round < 150; ++round) {
    const RandomVault random = random_vault(rng);
    const auto graph = LinkGraph::build(random.vault, 1);
    std::vector<FileMove> moves;
    for (auto& [id, path] : random_moves(rng, *random.vault)) moves.push_back(FileMove{id, path});
    const ReadText from_texts = [&](FileId id) -> std::optional<std::string> {
      return random.texts.at(random.vault->file(id).path);
    };
    const RenameResult expected = rename_files_on_a_copy(*graph, moves, from_texts);
    const RenameResult actual = rename_files(*graph, moves, from_texts);
    if (!actual.error.empty()) continue;  // a new path another file has in another case: refused
    ASSERT_EQ(actual.edits.size(), expected.edits.size()) << "round " << round;
    for (size_t i = 0; i < actual.edits.size(); ++i) {
      EXPECT_EQ(actual.edits[i].file, expected.edits[i].file);
      auto sorted = expected.edits[i].changes;
      std::sort(sorted.begin(), sorted.end(),
                [](const TextChange& a, const TextChange& b) { return a.range.begin < b.range.begin; });
      EXPECT_EQ(actual.edits[i].changes, sorted) << "round " << round;
      edits += sorted.size();
    }
  }
  EXPECT_GT(edits, 200u);
}

}  // namespace
}  // namespace slipbox
