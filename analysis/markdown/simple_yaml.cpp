#include "analysis/markdown/simple_yaml.h"

#include <yaml-cpp/yaml.h>

#include "analysis/text/unicode.h"

namespace slipbox {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

// Characters that give a plain scalar (or key) another meaning when they start it.
bool is_indicator(char c) {
  switch (c) {
    case '-':
    case '?':
    case ':':
    case ',':
    case '[':
    case ']':
    case '{':
    case '}':
    case '#':
    case '&':
    case '*':
    case '!':
    case '|':
    case '>':
    case '\'':
    case '"':
    case '%':
    case '@':
    case '`':
      return true;
    default:
      return false;
  }
}

bool is_null(std::string_view plain) {
  return plain.empty() || plain == "~" || plain == "null" || plain == "Null" || plain == "NULL";
}

// One scalar: nullopt = outside the subset; an empty optional string inside = a YAML null.
struct Scalar {
  bool null = true;
  std::string text;
};

// Removes a trailing ` # comment` from a plain value (a '#' not after a blank is text).
std::string_view strip_comment(std::string_view value) {
  for (size_t i = 0; i < value.size(); ++i)
    if (value[i] == '#' && (i == 0 || value[i - 1] == ' ')) return trim(value.substr(0, i));
  return trim(value);
}

// A quoted scalar starting at value[0]; `rest` gets what follows the closing quote.
std::optional<std::string> quoted(std::string_view value, std::string_view& rest) {
  const char quote = value.front();
  std::string out;
  for (size_t i = 1; i < value.size(); ++i) {
    const char c = value[i];
    if (c == quote) {
      if (quote == '\'' && i + 1 < value.size() && value[i + 1] == '\'') {
        out += '\'';
        ++i;
        continue;
      }
      rest = value.substr(i + 1);
      return out;
    }
    if (quote == '"' && c == '\\') return std::nullopt;  // escapes: leave them to YAML
    out += c;
  }
  return std::nullopt;  // closes on a later line
}

// A plain scalar inside a block context (after `key:` or `- `), comments stripped.
std::optional<Scalar> block_scalar(std::string_view value) {
  value = trim(value);
  Scalar scalar;
  if (value.empty() || value.front() == '#') return scalar;  // null
  if (value.front() == '"' || value.front() == '\'') {
    std::string_view rest;
    std::optional<std::string> text = quoted(value, rest);
    if (!text) return std::nullopt;
    rest = trim(rest);
    if (!rest.empty() && rest.front() != '#') return std::nullopt;
    scalar.null = false;
    scalar.text = std::move(*text);
    return scalar;
  }
  if (is_indicator(value.front())) return std::nullopt;
  const std::string_view plain = strip_comment(value);
  // `a: b` inside a value is a nested mapping (or an error): not the subset.
  for (size_t i = 0; i + 1 < plain.size(); ++i)
    if (plain[i] == ':' && plain[i + 1] == ' ') return std::nullopt;
  if (!plain.empty() && plain.back() == ':') return std::nullopt;
  if (is_null(plain)) return scalar;
  scalar.null = false;
  scalar.text = std::string(plain);
  return scalar;
}

// `[a, "b", c]` on one line; nullopt outside the subset.
std::optional<std::vector<Scalar>> flow_sequence(std::string_view value) {
  value = trim(value);
  std::vector<Scalar> items;
  size_t i = 1;  // after '['
  for (;;) {
    while (i < value.size() && value[i] == ' ') ++i;
    if (i >= value.size()) return std::nullopt;
    if (value[i] == ']') {
      if (!items.empty()) return std::nullopt;  // `[a, ]`: leave trailing commas to YAML
      break;
    }
    Scalar item;
    if (value[i] == '"' || value[i] == '\'') {
      std::string_view rest;
      std::optional<std::string> text = quoted(value.substr(i), rest);
      if (!text) return std::nullopt;
      item.null = false;
      item.text = std::move(*text);
      i = value.size() - rest.size();
    } else {
      if (is_indicator(value[i])) return std::nullopt;
      const size_t begin = i;
      while (i < value.size() && value[i] != ',' && value[i] != ']') {
        const char c = value[i];
        if (c == '[' || c == '{' || c == '}' || (c == ':' && i + 1 < value.size() && value[i + 1] == ' ') ||
            (c == '#' && value[i - 1] == ' '))
          return std::nullopt;
        ++i;
      }
      const std::string_view plain = trim(value.substr(begin, i - begin));
      if (!is_null(plain)) {
        item.null = false;
        item.text = std::string(plain);
      }
    }
    while (i < value.size() && value[i] == ' ') ++i;
    if (i >= value.size()) return std::nullopt;
    items.push_back(std::move(item));
    if (value[i] == ']') break;
    if (value[i] != ',') return std::nullopt;
    ++i;
  }
  const std::string_view rest = trim(value.substr(i + 1));
  if (!rest.empty() && rest.front() != '#') return std::nullopt;
  return items;
}

// Checks `{key: value, key: value}` on one line with plain keys and values: a value no
// field of ours reads (`meta: {status: utkast}`), but YAML must accept it for the rest to count.
bool simple_flow_mapping(std::string_view value) {
  value = trim(value);
  const auto plain_end = [&](size_t i, bool key) {
    if (i >= value.size() || is_indicator(value[i]) || value[i] == ' ') return std::string_view::npos;
    for (; i < value.size(); ++i) {
      const char c = value[i];
      if (c == '[' || c == ']' || c == '{' || c == '\'' || c == '"' || c == '#') return std::string_view::npos;
      if (c == ',' || c == '}') return key ? std::string_view::npos : i;
      if (c == ':') {
        if (key && i + 1 < value.size() && value[i + 1] == ' ') return i;
        return std::string_view::npos;
      }
    }
    return std::string_view::npos;
  };
  size_t i = 1;  // after '{'
  for (;;) {
    while (i < value.size() && value[i] == ' ') ++i;
    const size_t key_end = plain_end(i, true);
    if (key_end == std::string_view::npos) return false;
    i = key_end + 2;
    while (i < value.size() && value[i] == ' ') ++i;
    const size_t value_end = plain_end(i, false);
    if (value_end == std::string_view::npos) return false;
    i = value_end;
    if (value[i] == '}') break;
    ++i;  // ','
  }
  const std::string_view rest = trim(value.substr(i + 1));
  return rest.empty() || rest.front() == '#';
}

// What a key's value adds to `out`: a sequence's non-null scalars, or a non-null scalar.
void add_scalars(const std::vector<Scalar>& scalars, std::vector<std::string>& out, bool skip_empty) {
  for (const Scalar& scalar : scalars)
    if (!scalar.null && !(skip_empty && scalar.text.empty())) out.push_back(scalar.text);
}

}  // namespace

std::optional<YamlFields> read_simple_yaml(std::string_view yaml) {
  YamlFields fields;
  enum class Field { Other, Aliases, Tags };
  Field field = Field::Other;
  bool in_list = false;                         // block-sequence items may follow the current key
  size_t list_indent = std::string_view::npos;  // where the current list's dashes sit
  std::vector<Scalar> list_items;               // of the current key
  bool any_key = false;

  const auto finish_key = [&] {
    std::vector<std::string>* out = field == Field::Aliases ? &fields.aliases
                                    : field == Field::Tags  ? &fields.tags
                                                            : nullptr;
    if (out) add_scalars(list_items, *out, field == Field::Aliases);
    list_items.clear();
    in_list = false;
    list_indent = std::string_view::npos;
  };

  size_t start = 0;
  while (start < yaml.size()) {
    size_t end = yaml.find('\n', start);
    if (end == std::string_view::npos) end = yaml.size();
    std::string_view line = yaml.substr(start, end - start);
    start = end + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.find('\t') != std::string_view::npos || line.find('\r') != std::string_view::npos) return std::nullopt;

    size_t indent = 0;
    while (indent < line.size() && line[indent] == ' ') ++indent;
    const std::string_view content = line.substr(indent);
    if (content.empty() || content.front() == '#') continue;

    if (content.front() == '-' && (content.size() == 1 || content[1] == ' ')) {
      if (!in_list) return std::nullopt;  // a list at the top, or under a scalar
      if (list_indent == std::string_view::npos) list_indent = indent;
      if (indent != list_indent) return std::nullopt;  // a nested list or a continued item
      const std::string_view item = content.substr(1);
      const std::string_view trimmed = trim(item);
      if (!trimmed.empty() && (trimmed.front() == '-' || trimmed.front() == '[')) return std::nullopt;
      std::optional<Scalar> scalar = block_scalar(item);
      if (!scalar) return std::nullopt;
      list_items.push_back(std::move(*scalar));
      continue;
    }
    if (indent != 0) return std::nullopt;  // nested mapping or a continued scalar

    // `key: value` at the top.
    if (is_indicator(content.front())) return std::nullopt;
    size_t colon = std::string_view::npos;
    for (size_t i = 0; i < content.size(); ++i) {
      if (content[i] == ':' && (i + 1 == content.size() || content[i + 1] == ' ')) {
        colon = i;
        break;
      }
      if (content[i] == '#' && i > 0 && content[i - 1] == ' ') return std::nullopt;
    }
    if (colon == std::string_view::npos) return std::nullopt;
    const std::string_view key = trim(content.substr(0, colon));
    if (key.empty()) return std::nullopt;

    finish_key();
    any_key = true;
    field = equals_ascii_lower(key, "aliases") ? Field::Aliases
            : equals_ascii_lower(key, "tags")  ? Field::Tags
                                               : Field::Other;
    const std::string_view value = trim(content.substr(colon + 1));
    if (value.empty() || value.front() == '#') {
      in_list = true;  // a block list may follow; otherwise the value is null
      continue;
    }
    if (value.front() == '{') {
      if (!simple_flow_mapping(value)) return std::nullopt;
      continue;  // a mapping: no scalars for aliases or tags, as in YAML
    }
    if (value.front() == '[') {
      std::optional<std::vector<Scalar>> items = flow_sequence(value);
      if (!items) return std::nullopt;
      list_items = std::move(*items);
      continue;
    }
    std::optional<Scalar> scalar = block_scalar(value);
    if (!scalar) return std::nullopt;
    list_items.push_back(std::move(*scalar));
  }
  finish_key();
  if (!any_key) return std::nullopt;  // empty, or only comments: let YAML decide what it is
  return fields;
}

namespace {

bool scalar_text(const YAML::Node& node, std::string& out) {
  if (!node.IsScalar()) return false;
  out = node.Scalar();
  return true;
}

}  // namespace

YamlFields read_full_yaml(std::string_view yaml) {
  YamlFields fields;
  try {
    const YAML::Node root = YAML::Load(std::string(yaml));
    if (!root.IsMap()) return fields;
    for (const auto& entry : root) {
      std::string key;
      if (!scalar_text(entry.first, key)) continue;
      key = ascii_lower(key);
      const YAML::Node& value = entry.second;
      std::vector<std::string>* out = key == "aliases" ? &fields.aliases : key == "tags" ? &fields.tags : nullptr;
      if (!out) continue;
      const bool skip_empty = out == &fields.aliases;
      std::string text;
      if (value.IsSequence()) {
        for (const auto& item : value)
          if (scalar_text(item, text) && !(skip_empty && text.empty())) out->push_back(text);
      } else if (scalar_text(value, text) && !(skip_empty && text.empty())) {
        out->push_back(text);
      }
    }
  } catch (...) {
    // Invalid YAML (or yaml-cpp's depth guard): the block is still front matter.
    return {};
  }
  return fields;
}

namespace {

// `word` (lowercase ASCII) occurs in `text`, in any ASCII case.
bool contains_ascii_lower(std::string_view text, std::string_view word) {
  for (size_t at = 0; at + word.size() <= text.size(); ++at)
    if (equals_ascii_lower(text.substr(at, word.size()), word)) return true;
  return false;
}

}  // namespace

YamlFields read_yaml_fields(std::string_view yaml) {
  if (std::optional<YamlFields> simple = read_simple_yaml(yaml)) return std::move(*simple);
  // A double-quoted key may spell a letter as an escape (`"\x74ags"`); anything else names a
  // key with its letters. Valid YAML or not, no such key means no fields.
  const bool may_name_fields = yaml.find('\\') != std::string_view::npos || contains_ascii_lower(yaml, "aliases") ||
                               contains_ascii_lower(yaml, "tags");
  return may_name_fields ? read_full_yaml(yaml) : YamlFields{};
}

}  // namespace slipbox
