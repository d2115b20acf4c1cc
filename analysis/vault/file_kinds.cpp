#include "analysis/vault/file_kinds.h"

#include <array>
#include <cstddef>

#include "analysis/text/unicode.h"

namespace slipbox {
namespace {

constexpr std::array<std::string_view, 8> kImages = {"avif", "bmp", "gif", "jpeg", "jpg", "png", "svg", "webp"};
constexpr std::array<std::string_view, 14> kOtherAttachments = {"base", "canvas", "flac", "m4a", "mp3", "ogg", "wav",
                                                                "webm", "3gp",    "mkv",  "mov", "mp4", "ogv", "pdf"};

std::string_view without_dot(std::string_view extension) {
  if (!extension.empty() && extension.front() == '.') extension.remove_prefix(1);
  return extension;
}

template <size_t N>
bool in_list(std::string_view extension, const std::array<std::string_view, N>& list) {
  const std::string_view bare = without_dot(extension);
  for (const std::string_view known : list)
    if (equals_ascii_lower(bare, known)) return true;
  return false;
}

}  // namespace

std::string_view file_extension(std::string_view path) {
  const size_t slash = path.rfind('/');
  const std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  const size_t dot = name.rfind('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 1 == name.size()) return {};
  return name.substr(dot);
}

bool is_note_extension(std::string_view extension) { return equals_ascii_lower(without_dot(extension), "md"); }

bool is_attachment_extension(std::string_view extension) {
  return in_list(extension, kImages) || in_list(extension, kOtherAttachments);
}

bool is_image_extension(std::string_view extension) { return in_list(extension, kImages); }

}  // namespace slipbox
