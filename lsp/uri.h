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

// One spelling for every way of writing the same URI, to compare URIs with: a file URI is
// re-encoded from its path (so `%41` = `A`, `file://localhost/` = `file:///`, `FILE:` =
// `file:`, `%c3%a9` = `%C3%A9`, query and fragment dropped); any other URI gets a lowercase
// scheme, unreserved characters decoded and the hex digits of other escapes in uppercase.
// Not for sending: answers use the client's own spelling.
std::string uri_key(std::string_view uri);

// Encodes every byte except unreserved characters and '/', as VS Code does
// (non-ASCII UTF-8 bytes become %XX).
std::string uri_from_path(const std::filesystem::path& path);

}  // namespace slipbox::lsp
