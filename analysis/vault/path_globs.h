#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace slipbox {

// Gitignore-like globs over vault paths (the `index.exclude` setting):
//   `*`  any run of characters within one path segment, `?` one character (code point),
//   `**` as a whole segment: zero or more segments (`Archive/**`, `**/*.excalidraw.md`),
//   `[abc]`, `[a-z]`, `[!a]` one character from a set, `\x` a literal `x`;
//   a pattern without a `/` (other than a trailing one) matches a name at any depth
//   (`*.canvas`, `Templates`); one with a `/` is anchored at the vault root (`/Templates`,
//   `Daily/2023`); a trailing `/` matches folders only; `!pattern` re-includes what an
//   earlier pattern excluded (but, as in git, nothing inside an excluded folder).
// A folder that matches excludes everything below it. Names compare ignoring case and
// Unicode normalisation (fold_key), as links do. Empty lines and `#` comments are ignored.
class PathGlobs {
 public:
  PathGlobs() = default;
  explicit PathGlobs(const std::vector<std::string>& patterns);

  bool empty() const { return patterns_.empty(); }
  // `vault_path`: vault-relative, '/'-separated, any Unicode normalisation.
  bool excludes(std::string_view vault_path, bool is_folder = false) const;

 private:
  struct Pattern {
    std::vector<std::string> segments;  // folded; "**" is the any-depth segment
    bool negated = false;
    bool folders_only = false;
  };
  // The last pattern naming exactly this path (not an ancestor) decides.
  bool excluded_here(const std::vector<std::string_view>& segments, size_t count, bool is_folder) const;

  std::vector<Pattern> patterns_;
  bool has_negation_ = false;
};

}  // namespace slipbox
