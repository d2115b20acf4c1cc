// The link and index settings of Settings: index.exclude, links.style, links.format,
// links.resolveAliases.
#include "lsp/settings.h"

namespace slipbox::lsp {

void Settings::merge_links(const nlohmann::json& options, std::string* problems) {
  const auto complain = [&](const std::string& message) {
    if (problems) *problems += message + "\n";
  };
  if (const auto index = options.find("index"); index != options.end() && index->is_object()) {
    if (const auto globs = index->find("exclude"); globs != index->end()) {
      std::vector<std::string> patterns;
      bool valid = globs->is_array();
      if (valid) {
        for (const auto& glob : *globs) {
          if (glob.is_string())
            patterns.push_back(glob.get<std::string>());
          else
            valid = false;
        }
      } else if (globs->is_string()) {
        patterns.push_back(globs->get<std::string>());  // one glob, not in a list
        valid = true;
      }
      if (valid) {
        exclude = std::move(patterns);
        exclude_globs = exclude.empty() ? nullptr : std::make_shared<const PathGlobs>(exclude);
        if (exclude_globs && exclude_globs->empty()) exclude_globs = nullptr;
      } else {
        complain("ignoring index.exclude: expected an array of glob strings");
      }
    }
  }
  const auto links = options.find("links");
  if (links == options.end() || !links->is_object()) return;
  if (const auto style = links->find("style"); style != links->end()) {
    if (style->is_null())
      markdown_links.reset();  // unset: app.json decides (an editor's "no value")
    else if (style->is_string() && (*style == "wikilink" || *style == "wiki"))
      markdown_links = false;
    else if (style->is_string() && *style == "markdown")
      markdown_links = true;
    else
      complain("ignoring links.style: expected \"wikilink\" or \"markdown\"");
  }
  if (const auto format = links->find("format"); format != links->end()) {
    if (format->is_null())
      link_format.reset();
    else if (format->is_string() && *format == "shortest")
      link_format = LinkFormat::Shortest;
    else if (format->is_string() && *format == "relative")
      link_format = LinkFormat::Relative;
    else if (format->is_string() && *format == "absolute")
      link_format = LinkFormat::Absolute;
    else
      complain("ignoring links.format: expected \"shortest\", \"relative\" or \"absolute\"");
  }
  if (const auto aliases = links->find("resolveAliases"); aliases != links->end()) {
    if (aliases->is_boolean())
      resolve_aliases = aliases->get<bool>();
    else
      complain("ignoring links.resolveAliases: expected true or false");
  }
}

}  // namespace slipbox::lsp
