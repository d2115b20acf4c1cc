#include "analysis/text/vault_path.h"

#include <vector>

#include "analysis/text/unicode.h"

namespace slipbox {

std::string_view basename_of(std::string_view path) {
  const size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

std::string_view folder_of(std::string_view path) {
  const size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? std::string_view() : path.substr(0, slash);
}

bool ends_with_segments(std::string_view path, std::string_view tail) {
  if (!path.ends_with(tail)) return false;
  return path.size() == tail.size() || path[path.size() - tail.size() - 1] == '/';
}

bool is_dot_relative(std::string_view link) {
  return link == "." || link == ".." || link.starts_with("./") || link.starts_with("../");
}

std::string_view vault_relative(std::string_view path) {
  while (path.starts_with("./")) path.remove_prefix(2);
  while (path.starts_with('/')) path.remove_prefix(1);
  return path;
}

std::string clean_vault_path(std::string_view path) { return to_nfc(vault_relative(path)); }

std::optional<std::string> join_clamped(std::string_view base, std::string_view relative) {
  std::vector<std::string_view> segments;
  auto push_all = [&](std::string_view path) -> bool {
    size_t start = 0;
    while (start <= path.size()) {
      size_t end = path.find('/', start);
      if (end == std::string_view::npos) end = path.size();
      const std::string_view segment = path.substr(start, end - start);
      if (segment == "..") {
        if (segments.empty()) return false;
        segments.pop_back();
      } else if (!segment.empty() && segment != ".") {
        segments.push_back(segment);
      }
      start = end + 1;
    }
    return true;
  };
  if (!push_all(base) || !push_all(relative)) return std::nullopt;
  std::string joined;
  for (const std::string_view segment : segments) {
    if (!joined.empty()) joined += '/';
    joined += segment;
  }
  return joined;
}

}  // namespace slipbox
