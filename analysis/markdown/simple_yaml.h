#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace slipbox {

// The two front-matter properties Slipbox reads: `aliases` and `tags` (keys in any ASCII case).
// Values as YAML gives them, before tag splitting: scalars of a list, or the one scalar.
struct YamlFields {
  std::vector<std::string> aliases;
  std::vector<std::string> tags;  // raw scalars: `a, b` is split later
};

// Reads the fields without a YAML library when the block uses only the plain subset nearly
// every note uses: `key: value` lines, `- item` lists, `[a, "b"]` flow lists, quoted and
// plain one-line scalars, comments. Anything else (anchors, block scalars, flow maps,
// multi-line scalars, escapes, tabs, …) returns nullopt: the caller asks a real YAML parser,
// so the answer is always the YAML one. yaml-cpp was a large part of a vault scan.
std::optional<YamlFields> read_simple_yaml(std::string_view yaml);

// The same through yaml-cpp (any YAML); no fields when the YAML is invalid.
YamlFields read_full_yaml(std::string_view yaml);

// What the front matter says: read_simple_yaml when it can, else YAML's answer — without
// asking yaml-cpp when no key can be `aliases` or `tags` (their letters are nowhere, and no
// escape could spell them), which is most front matter outside the subset.
YamlFields read_yaml_fields(std::string_view yaml);

}  // namespace slipbox
