#include "analysis/vault/vault_file_reader.h"

#include <cerrno>

#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "analysis/vault/vault_internal.h"

namespace slipbox {

VaultFileReader::VaultFileReader(const Vault& vault)
    : vault_(vault), root_fd_(::open(vault.root().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)) {}

VaultFileReader::~VaultFileReader() {
  if (root_fd_ >= 0) ::close(root_fd_);
}

std::string VaultFileReader::relative_path(FileId id) const {
  const std::string absolute = vault_.absolute_path(id).string();
  const std::string& root = vault_.root().native();
  if (absolute.size() <= root.size() + 1 || absolute.compare(0, root.size(), root) != 0 || absolute[root.size()] != '/')
    return {};
  return absolute.substr(root.size() + 1);
}

std::optional<std::string> VaultFileReader::read(FileId id, uint64_t max_bytes, bool* too_big) const {
  bool over = false;
  std::string text;
  const auto finish = [&](bool read) -> std::optional<std::string> {
    if (too_big) *too_big = over;
    if (!read || over) return std::nullopt;
    return std::move(text);
  };
  if (id >= vault_.file_count()) return finish(false);
  const std::string relative = relative_path(id);
  if (root_fd_ >= 0 && beneath_works_ && !relative.empty()) {
    open_how how{};
    // O_NONBLOCK: a file replaced by a FIFO since the scan must not hang the request.
    how.flags = O_RDONLY | O_CLOEXEC | O_NONBLOCK;
    how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
    const auto fd = static_cast<int>(::syscall(SYS_openat2, root_fd_, relative.c_str(), &how, sizeof how));
    if (fd >= 0) return finish(vault_detail::read_fd_into(fd, max_bytes, text, over));
    if (errno == ENOSYS) beneath_works_ = false;
    // EXDEV (it leads out of the root, maybe into a folder the scan followed), ELOOP, EAGAIN
    // (a rename raced the walk): the slow check decides. Anything else (ENOENT, EACCES): gone.
    if (errno != ENOSYS && errno != EXDEV && errno != ELOOP && errno != EAGAIN) return finish(false);
  }
  const std::filesystem::path absolute = vault_.absolute_path(id);
  if (!vault_.contains_on_disk(absolute)) return finish(false);
  auto read = read_file_text(absolute, max_bytes, &over);
  if (read) text = std::move(*read);
  return finish(read.has_value());
}

}  // namespace slipbox
