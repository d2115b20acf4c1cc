#pragma once
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace slipbox::mcp {

// Crash-safe writes for the MCP write tools: each new text goes to a hidden temporary file
// in the target's own folder (the vault scan skips hidden names), is flushed to disk, and is
// renamed over the target, so a crash leaves either the old note or the new one, never half
// of one. A batch (a rename touching many notes) writes every temporary file first and only
// then renames them into place.

struct PlannedWrite {
  std::filesystem::path target;  // absolute
  std::string text;
  bool must_not_exist = false;  // create: refuse to replace a file that appeared meanwhile
};

struct WrittenFile {
  std::filesystem::path target;
  uint64_t bytes = 0;
};

// Writes the batch. On an error before any rename nothing is changed (temporary files are
// removed); the error message names the file. Test hook: with the environment variable
// SLIPBOX_MCP_CRASH_AFTER_TEMP set, the process dies (SIGKILL) once the temporary files are
// written, before the first rename — the fault-injection tests check the vault afterwards.
struct WriteOutcome {
  std::vector<WrittenFile> written;
  std::string error;  // empty when every file was written
};
WriteOutcome write_files(const std::vector<PlannedWrite>& writes);

// Moves a file; refuses to replace an existing one. Creates the destination's folders.
std::optional<std::string> move_file(const std::filesystem::path& from, const std::filesystem::path& to);

// A version tag of a text (FNV-1a 64 over the bytes, hex): what read_note reports and
// edit_note checks.
std::string content_version(std::string_view text);

}  // namespace slipbox::mcp
