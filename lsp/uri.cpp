#include "lsp/uri.h"

#include "analysis/text/unicode.h"

namespace slipbox::lsp {
namespace {

bool istarts_with(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    char c = text[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != prefix[i]) return false;
  }
  return true;
}

}  // namespace

std::optional<std::filesystem::path> path_from_uri(std::string_view uri) {
  if (!istarts_with(uri, "file://")) return std::nullopt;
  std::string_view rest = uri.substr(7);
  // Query and fragment are not part of the path.
  if (const size_t cut = rest.find_first_of("?#"); cut != std::string_view::npos) rest = rest.substr(0, cut);
  const size_t slash = rest.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  const std::string_view authority = rest.substr(0, slash);
  if (!authority.empty() && !(authority.size() == 9 && istarts_with(authority, "localhost"))) return std::nullopt;
  const std::string_view encoded = rest.substr(slash);

  std::string decoded;
  decoded.reserve(encoded.size());
  for (size_t i = 0; i < encoded.size(); ++i) {
    if (encoded[i] == '%' && i + 2 < encoded.size() && hex_digit_value(encoded[i + 1]) >= 0 &&
        hex_digit_value(encoded[i + 2]) >= 0) {
      decoded.push_back(static_cast<char>(hex_digit_value(encoded[i + 1]) * 16 + hex_digit_value(encoded[i + 2])));
      i += 2;
    } else {
      decoded.push_back(encoded[i]);  // a malformed escape is kept literally
    }
  }
  if (decoded.find('\0') != std::string::npos) return std::nullopt;
  return std::filesystem::path(decoded);
}

std::string uri_key(std::string_view uri) {
  if (const auto path = path_from_uri(uri)) return uri_from_path(*path);
  std::string out;
  out.reserve(uri.size());
  const size_t colon = uri.find(':');
  const bool has_scheme = colon != std::string_view::npos && colon > 0 && uri.find('/') > colon;
  for (size_t i = 0; i < uri.size(); ++i) {
    char c = uri[i];
    if (has_scheme && i < colon && c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c == '%' && i + 2 < uri.size() && hex_digit_value(uri[i + 1]) >= 0 && hex_digit_value(uri[i + 2]) >= 0) {
      const auto byte = static_cast<unsigned char>(hex_digit_value(uri[i + 1]) * 16 + hex_digit_value(uri[i + 2]));
      if (is_uri_unreserved(byte)) {
        out.push_back(static_cast<char>(byte));
      } else {
        append_percent_escape(out, byte);
      }
      i += 2;
      continue;
    }
    out.push_back(c);
  }
  return out;
}

std::string uri_from_path(const std::filesystem::path& path) {
  const std::string text = path.generic_string();
  std::string out = "file://";
  if (text.empty() || text.front() != '/') out.push_back('/');
  return out + percent_encode_uri_path(text);
}

}  // namespace slipbox::lsp
