#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace slipbox::lsp {

// The one place where URIs and file paths meet. Only `file:` URIs name files.
//   file:///home/u/%F0%9F%9B%A0%20Ressurser/Note.md  <->  /home/u/🛠 Ressurser/Note.md
// Percent-escapes are decoded (including ones for UTF-8 bytes); the authority must be empty
// or "localhost". Returns nullopt for other schemes (untitled:, https:, …) and bad URIs.
std::optional<std::filesystem::path> path_from_uri(std::string_view uri);

// Encodes every byte except unreserved characters and '/', as VS Code does
// (non-ASCII UTF-8 bytes become %XX).
std::string uri_from_path(const std::filesystem::path& path);

}  // namespace slipbox::lsp
