#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "analysis/markdown/front_matter.h"
#include "analysis/markdown/simple_yaml.h"

namespace slipbox {
namespace {

namespace fs = std::filesystem;

std::string show(const YamlFields& fields) {
  std::string out = "aliases:";
  for (const auto& a : fields.aliases) out += " <" + a + ">";
  out += " tags:";
  for (const auto& t : fields.tags) out += " <" + t + ">";
  return out;
}

// The fast reader must give YAML's answer whenever it answers at all.
void expect_same_as_yaml(std::string_view yaml) {
  SCOPED_TRACE(std::string(yaml));
  const std::optional<YamlFields> simple = read_simple_yaml(yaml);
  if (simple) {
    EXPECT_EQ(show(*simple), show(read_full_yaml(yaml)));
  }
  EXPECT_EQ(show(read_yaml_fields(yaml)), show(read_full_yaml(yaml)));
}

struct Row {
  const char* yaml;
  bool simple;           // expected inside the fast subset
  const char* expected;  // show() of the answer
};

TEST(SimpleYaml, AgreesWithYamlCpp) {
  const Row rows[] = {
      {"aliases: [Første, \"Andre, med komma\", 'It''s']\ntags: [a, b]\n", true,
       "aliases: <Første> <Andre, med komma> <It's> tags: <a> <b>"},
      {"Aliases:\n  - En\n  - \"To\"\n  -\n  - ~\nTAGS:\n- x/y\n- '#z'\n", true, "aliases: <En> <To> tags: <x/y> <#z>"},
      {"aliases: Bare én   # kommentar\ntags: a, b c\n", true, "aliases: <Bare én> tags: <a, b c>"},
      {"title: Tittel#1\ncreated: 2024-01-05\nrelated: \"[[Note]]\"\naliases: null\ntags:\n", true, "aliases: tags:"},
      {"aliases: []\ntags: [~, null, 'null']\n", true, "aliases: tags: <null>"},
      {"# only a comment\naliases: [a]\n\n   \n", true, "aliases: <a> tags:"},
      {"aliases:\n  - a\n    continued\n", false, "aliases: <a continued> tags:"},
      {"aliases: first line\n  second line\n", false, "aliases: <first line second line> tags:"},
      {"aliases: &anchor [a]\ntags: *anchor\n", false, "aliases: <a> tags: <a>"},
      {"aliases: |\n  block\n", false, "aliases: <block\n> tags:"},
      {"meta: {status: utkast, prioritet: 2}\naliases: [a]\n", true, "aliases: <a> tags:"},
      {"aliases: {a: b}\ntags: {x: y}  # map\n", true, "aliases: tags:"},
      {"meta: {a: {b: c}}\naliases: [a]\n", false, "aliases: <a> tags:"},
      {"meta: {a: 'q'}\naliases: [a]\n", false, "aliases: <a> tags:"},
      {"meta: {a: b, c}\naliases: [a]\n", false, "aliases: <a> tags:"},
      {"created: {{date}}\naliases: [a]\n", false, "aliases: <a> tags:"},  // a template: YAML reads a map
      {"aliases: \"esc\\u00e6\"\n", false, "aliases: <escæ> tags:"},
      {"aliases: [a, [b]]\n", false, "aliases: <a> tags:"},
      {"aliases:\n  - a\n  - - b\n", false, "aliases: <a> tags:"},
      {"aliases: a: b\n", false, "aliases: tags:"},
      {"aliases:\n- a\n  - b\n", false, "aliases: <a - b> tags:"},
      {"- a\n- b\n", false, "aliases: tags:"},
      {"just text\n", false, "aliases: tags:"},
      {"aliases: [a, b\n", false, "aliases: tags:"},
      {"\taliases: a\n", false, "aliases: tags:"},
      {"aliases: a\r\ntags: b\r\n", true, "aliases: <a> tags: <b>"},
      // Outside the subset, with no key that could be aliases or tags: no YAML parse needed.
      {"meta: {a: {b: c}}\nsummary: |\n  text\n", false, "aliases: tags:"},
      {"meta: {a: {b: c}\n", false, "aliases: tags:"},
      // … but the words anywhere, in any case, or an escape, and YAML is asked.
      {"summary: |\n  text\nTAGS: [x]\n", false, "aliases: tags: <x>"},
      {"\"\\x74ags\": [x]\nmeta: {a: {b: c}}\n", false, "aliases: tags: <x>"},
      {"\"ali\\u0061ses\": [x]\n", false, "aliases: <x> tags:"},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.yaml);
    const std::optional<YamlFields> simple = read_simple_yaml(row.yaml);
    EXPECT_EQ(simple.has_value(), row.simple);
    EXPECT_EQ(show(simple ? *simple : read_full_yaml(row.yaml)), row.expected);
    expect_same_as_yaml(row.yaml);
  }
}

// Every front matter of the example vault and of the parser's fuzz corpus.
TEST(SimpleYaml, AgreesWithYamlCppOnEveryFrontMatterInTheRepository) {
  size_t blocks = 0;
  for (const char* folder : {"examples/vault", "fuzz/corpus/parse_note"}) {
    const fs::path root = fs::path(SLIPBOX_SOURCE_DIR) / folder;
    for (const auto& entry : fs::recursive_directory_iterator(root)) {
      if (!entry.is_regular_file()) continue;
      std::ifstream in(entry.path(), std::ios::binary);
      std::stringstream buffer;
      buffer << in.rdbuf();
      const std::string text = buffer.str();
      const auto block = find_front_matter(text);
      if (!block) continue;
      ++blocks;
      expect_same_as_yaml(
          std::string_view(text).substr(block->content_begin, block->content_end - block->content_begin));
    }
  }
  EXPECT_GT(blocks, 5u);
}

}  // namespace
}  // namespace slipbox
