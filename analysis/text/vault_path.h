#pragma once
#include <optional>
#include <string>
#include <string_view>

// Vault paths: relative to the vault root, '/'-separated on every platform, NFC once cleaned
// (clean_vault_path). One home for the small path operations every layer needs, so that
// "the folder of a note" or "`..` above the root" mean the same thing everywhere.
namespace slipbox {

// "a/b/Note.md" → "Note.md"; a path without '/' is its own basename.
std::string_view basename_of(std::string_view path);
// "a/b/Note.md" → "a/b"; "Note.md" → "" (the vault root).
std::string_view folder_of(std::string_view path);

// `tail` equals `path` or ends it right after a '/': "b/Note" ends "a/b/Note", "b/Note" does not end "ab/Note".
bool ends_with_segments(std::string_view path, std::string_view tail);

// A link written relative to its note's folder: ".", "..", "./…" or "../…".
bool is_dot_relative(std::string_view link);

// Leading "./" and then leading '/' removed, as a vault path is written from a relative or
// rooted spelling: "./a/N.md" and "/a/N.md" → "a/N.md".
std::string_view vault_relative(std::string_view path);
// vault_relative, in NFC: the form every vault path is stored and compared in.
std::string clean_vault_path(std::string_view path);

// `relative` applied to the folder `base`, `.` and `..` segments resolved, empty segments
// dropped: ("a/b", "../c") → "a/c". nullopt when a `..` climbs above the vault root.
std::optional<std::string> join_clamped(std::string_view base, std::string_view relative);
// join_clamped from the vault root: "a/./b/../c" → "a/c".
inline std::optional<std::string> normalise_vault_path(std::string_view path) { return join_clamped({}, path); }

}  // namespace slipbox
