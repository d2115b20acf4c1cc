#include "mcp/note_access.h"

#include <algorithm>

#include <yaml-cpp/yaml.h>

#include "analysis/features/graph_export.h"
#include "analysis/features/suggestions.h"
#include "analysis/markdown/front_matter.h"
#include "analysis/text/unicode.h"
#include "analysis/vault/resolve.h"
#include "lsp/uri.h"
#include "mcp/tools.h"

namespace slipbox::mcp {

namespace fs = std::filesystem;

const VaultView* Notes::view_named(std::string_view first_segment) const {
  for (const VaultView& view : views_)
    if (fold_key(view.name) == fold_key(first_segment)) return &view;
  return nullptr;
}

std::string Notes::shown(const VaultView& view, std::string_view vault_path) const {
  if (views_.size() <= 1) return std::string(vault_path);
  return view.name + "/" + std::string(vault_path);
}

Notes::At Notes::locate(std::string_view spec_in, bool notes_only) const {
  if (views_.empty()) throw ToolError("No vault is indexed yet; try again in a moment.");
  std::string spec(trim_blanks(spec_in));
  if (spec.empty()) throw ToolError("`path` is empty: give a note's vault path, such as \"Projects/Plan.md\".");
  std::optional<fs::path> absolute;
  if (spec.starts_with("file:")) {
    const size_t hash = spec.find('#');
    absolute = lsp::path_from_uri(spec.substr(0, hash));
    if (!absolute) throw ToolError("Not a file URI: " + spec);
  } else if (spec.starts_with("/") && views_.size() >= 1) {
    for (const VaultView& view : views_)
      if (view.vault->vault_path_of(spec)) absolute = fs::path(spec);
  }
  auto check_kind = [&](const At& at) {
    if (notes_only && !at.vault().file(at.id).is_note) throw ToolError(shown(at) + " is an attachment, not a note.");
    return at;
  };
  if (absolute) {
    for (const VaultView& view : views_) {
      const auto vault_path = view.vault->vault_path_of(*absolute);
      if (!vault_path) continue;
      if (const auto id = view.vault->find_path(*vault_path)) return check_kind(At{&view, *id});
    }
    throw ToolError("No file " + absolute->string() + " in the served vaults.");
  }
  std::vector<std::pair<const VaultView*, std::string>> tries;
  if (views_.size() > 1) {
    const size_t slash = spec.find('/');
    if (slash != std::string::npos)
      if (const VaultView* view = view_named(spec.substr(0, slash))) tries.emplace_back(view, spec.substr(slash + 1));
  }
  for (const VaultView& view : views_) tries.emplace_back(&view, spec);
  for (const auto& [view, path] : tries)
    if (const auto id = find_file_argument(*view->vault, path)) return check_kind(At{view, *id});
  // Not found: say what is close.
  std::string message = "No note \"" + spec + "\" in the vault.";
  std::string wanted(spec);
  if (const size_t slash = wanted.rfind('/'); slash != std::string::npos) wanted = wanted.substr(slash + 1);
  if (wanted.size() > 3 && fold_key(wanted.substr(wanted.size() - 3)) == ".md") wanted.resize(wanted.size() - 3);
  std::vector<std::string> close;
  for (const VaultView& view : views_)
    for (const FileId id : suggest_files(*view.vault, wanted, "", 3))
      close.push_back(shown(view, view.vault->file(id).path));
  if (!close.empty()) {
    message += " Closest: ";
    for (size_t i = 0; i < close.size(); ++i) message += (i ? ", " : "") + close[i];
    message += ".";
  }
  message += " Use search_notes to find a note's path.";
  throw ToolError(message);
}

std::pair<const VaultView*, std::string> Notes::vault_for_new(std::string_view spec_in) const {
  if (views_.empty()) throw ToolError("No vault is indexed yet; try again in a moment.");
  std::string spec(trim_blanks(spec_in));
  std::replace(spec.begin(), spec.end(), '\\', '/');
  while (spec.starts_with("./")) spec.erase(0, 2);
  if (views_.size() > 1) {
    const size_t slash = spec.find('/');
    const VaultView* view = slash == std::string::npos ? nullptr : view_named(spec.substr(0, slash));
    if (!view)
      throw ToolError("Several vaults are served: start the path with the vault's folder name (" + views_[0].name +
                      "/…).");
    return {view, spec.substr(slash + 1)};
  }
  return {&views_[0], spec};
}

std::string Notes::read(const At& at) {
  const fs::path path = at.vault().absolute_path(at.id);
  if (!at.vault().contains_on_disk(path)) throw ToolError(path.string() + " leads outside the vault: not read.");
  bool too_big = false;
  auto text = read_file_text(path, 10ull << 20, &too_big);
  if (!text)
    throw ToolError(too_big ? path.string() + " is over 10 MB: not read." : "Cannot read " + path.string() + ".");
  return std::move(*text);
}

std::shared_ptr<const ParsedNote> Notes::parse(const At& at, std::string_view text) {
  auto indexed = at.vault().shared_note(at.id);
  if (indexed && indexed->parsed_from(text)) return indexed;
  return std::make_shared<const ParsedNote>(parse_note(text));
}

namespace {

nlohmann::json yaml_to_json(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map: {
      nlohmann::json out = nlohmann::json::object();
      for (const auto& entry : node) {
        std::string key;
        try {
          key = entry.first.as<std::string>();
        } catch (const YAML::Exception&) {
          continue;
        }
        out[key] = yaml_to_json(entry.second);
      }
      return out;
    }
    case YAML::NodeType::Sequence: {
      nlohmann::json out = nlohmann::json::array();
      for (const auto& item : node) out.push_back(yaml_to_json(item));
      return out;
    }
    case YAML::NodeType::Scalar: {
      const std::string& text = node.Scalar();
      if (node.Tag() != "!") {  // plain (unquoted) scalars may be numbers, booleans, null
        if (text == "true" || text == "True" || text == "TRUE") return true;
        if (text == "false" || text == "False" || text == "FALSE") return false;
        if (text == "~" || text == "null" || text == "Null" || text == "NULL") return nullptr;
        if (!text.empty() && text.find_first_not_of("+-0123456789") == std::string::npos && text.size() < 19) {
          try {
            size_t used = 0;
            const long long value = std::stoll(text, &used);
            if (used == text.size()) return value;
          } catch (...) {
          }
        }
        if (!text.empty() && text.find_first_not_of("+-0123456789.eE") == std::string::npos &&
            text.find_first_of("0123456789") != std::string::npos) {
          try {
            size_t used = 0;
            const double value = std::stod(text, &used);
            if (used == text.size()) return value;
          } catch (...) {
          }
        }
      }
      return text;
    }
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
      return nullptr;
  }
  return nullptr;
}

}  // namespace

nlohmann::json front_matter_json(std::string_view text) {
  const auto block = find_front_matter(text);
  if (!block) return nlohmann::json::object();
  const std::string yaml(text.substr(block->content_begin, block->content_end - block->content_begin));
  try {
    const YAML::Node root = YAML::Load(yaml);
    nlohmann::json out = yaml_to_json(root);
    if (out.is_object()) return out;
    return nlohmann::json::object();
  } catch (const std::exception& error) {
    return {{"_error", std::string("front matter is not valid YAML: ") + error.what()}};
  }
}

Section find_section(const ParsedNote& parsed, std::string_view text, std::string_view section_in) {
  std::string_view section = trim_blanks(section_in);
  while (section.starts_with('#')) section.remove_prefix(1);
  Section out;
  if (section.starts_with('^')) {
    const std::string_view id = section.substr(1);
    out.block = find_block(parsed, id);
    if (!out.block) {
      std::string ids;
      for (const BlockAnchor& block : parsed.blocks)
        ids += (ids.empty() ? "" : ", ") + std::string("^") + std::string(block.id);
      throw ToolError("No block ^" + std::string(id) + " in this note." +
                      (ids.empty() ? std::string(" It has no block ids.") : " Its blocks: " + ids + "."));
    }
    out.range = out.block->block_range;
    return out;
  }
  std::vector<std::string> chain;
  size_t start = 0;
  while (start <= section.size()) {
    const size_t hash = section.find('#', start);
    const std::string_view part =
        section.substr(start, hash == std::string_view::npos ? std::string_view::npos : hash - start);
    if (!trim_blanks(part).empty()) chain.emplace_back(trim_blanks(part));
    if (hash == std::string_view::npos) break;
    start = hash + 1;
  }
  if (!chain.empty()) out.heading = find_heading(parsed, chain);
  if (!out.heading) {
    std::string headings;
    for (const Heading& heading : parsed.headings)
      headings += (headings.empty() ? "\"" : ", \"") + std::string(heading.text) + "\"";
    throw ToolError("No heading \"" + std::string(section) + "\" in this note." +
                    (headings.empty() ? std::string(" It has no headings.") : " Its headings: " + headings + "."));
  }
  uint32_t end = static_cast<uint32_t>(text.size());
  bool after = false;
  for (const Heading& heading : parsed.headings) {
    if (&heading == out.heading) {
      after = true;
      continue;
    }
    if (after && heading.level <= out.heading->level) {
      end = heading.range.begin;
      break;
    }
  }
  out.range = ByteRange{out.heading->range.begin, end};
  return out;
}

}  // namespace slipbox::mcp
