#include "mcp/safe_write.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <set>

namespace slipbox::mcp {

namespace fs = std::filesystem;

namespace {

std::string errno_text(int error) { return std::strerror(error); }

// A hidden name next to the target: ".Note.md.slipbox-XXXXXX".
fs::path temp_path_for(const fs::path& target) {
  static thread_local std::mt19937_64 random{std::random_device{}()};
  char suffix[17];
  std::snprintf(suffix, sizeof suffix, "%016llx", static_cast<unsigned long long>(random()));
  return target.parent_path() / ("." + target.filename().string() + ".slipbox-" + suffix);
}

std::optional<std::string> write_temp(const fs::path& temp, std::string_view text, mode_t mode) {
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode);
  if (fd < 0) return "cannot create " + temp.string() + ": " + errno_text(errno);
  size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      const int error = errno;
      ::close(fd);
      ::unlink(temp.c_str());
      return "cannot write " + temp.string() + ": " + errno_text(error);
    }
    done += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    const int error = errno;
    ::unlink(temp.c_str());
    return "cannot flush " + temp.string() + ": " + errno_text(error);
  }
  return std::nullopt;
}

// rename(2) that never replaces: renameat2(RENAME_NOREPLACE), or link + unlink where the file
// system lacks it.
int rename_no_replace(const fs::path& from, const fs::path& to) {
#ifdef RENAME_NOREPLACE
  if (::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE) == 0) return 0;
  if (errno != EINVAL && errno != ENOSYS) return -1;
#endif
  if (::link(from.c_str(), to.c_str()) != 0) return -1;
  ::unlink(from.c_str());
  return 0;
}

void sync_folder(const fs::path& folder) {
  const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

}  // namespace

WriteOutcome write_files(const std::vector<PlannedWrite>& writes) {
  WriteOutcome outcome;
  std::vector<fs::path> temps;
  auto discard = [&temps] {
    for (const fs::path& temp : temps) ::unlink(temp.c_str());
  };
  for (const PlannedWrite& write : writes) {
    mode_t mode = 0644;
    struct stat info;
    if (::lstat(write.target.c_str(), &info) == 0) {
      if (S_ISLNK(info.st_mode)) {
        discard();
        outcome.error = write.target.string() + " is a symbolic link: not written through";
        return outcome;
      }
      if (write.must_not_exist) {
        discard();
        outcome.error = write.target.string() + " already exists";
        return outcome;
      }
      mode = info.st_mode & 07777;
    }
    const fs::path temp = temp_path_for(write.target);
    if (auto error = write_temp(temp, write.text, mode)) {
      discard();
      outcome.error = *error;
      return outcome;
    }
    temps.push_back(temp);
  }
  if (std::getenv("SLIPBOX_MCP_CRASH_AFTER_TEMP")) {
    std::fprintf(stderr, "slipbox mcp: SLIPBOX_MCP_CRASH_AFTER_TEMP: dying after writing %zu temporary files\n",
                 temps.size());
    ::kill(::getpid(), SIGKILL);
  }
  std::set<fs::path> folders;  // each synced once, after its renames
  struct SyncFolders {
    std::set<fs::path>& folders;
    ~SyncFolders() {
      for (const fs::path& folder : folders) sync_folder(folder);
    }
  } sync_at_end{folders};
  for (size_t i = 0; i < writes.size(); ++i) {
    const PlannedWrite& write = writes[i];
    folders.insert(write.target.parent_path());
    const int status = write.must_not_exist ? rename_no_replace(temps[i], write.target)
                                            : ::rename(temps[i].c_str(), write.target.c_str());
    if (status != 0) {
      const int error = errno;
      // The files renamed so far stay written (each whole); the rest are dropped.
      for (size_t j = i; j < temps.size(); ++j) ::unlink(temps[j].c_str());
      outcome.error = "cannot replace " + write.target.string() + ": " + errno_text(error) +
                      (i ? " (" + std::to_string(i) + " earlier files were written)" : "");
      return outcome;
    }
    outcome.written.push_back(WrittenFile{write.target, write.text.size()});
  }
  return outcome;
}

std::optional<std::string> move_file(const fs::path& from, const fs::path& to) {
  std::error_code ec;
  fs::create_directories(to.parent_path(), ec);
  if (ec) return "cannot create folder " + to.parent_path().string() + ": " + ec.message();
  if (rename_no_replace(from, to) != 0)
    return "cannot move " + from.string() + " to " + to.string() + ": " + errno_text(errno);
  sync_folder(to.parent_path());
  sync_folder(from.parent_path());
  return std::nullopt;
}

std::string content_version(std::string_view text) {
  uint64_t hash = 0xcbf29ce484222325ull;
  for (const char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ull;
  }
  char out[17];
  std::snprintf(out, sizeof out, "%016llx", static_cast<unsigned long long>(hash));
  return out;
}

}  // namespace slipbox::mcp
