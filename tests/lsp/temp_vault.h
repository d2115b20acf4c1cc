#pragma once
// A vault folder on disk for one test, removed afterwards.
#include <unistd.h>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include <gtest/gtest.h>

namespace slipbox::lsp::testing {

class TempVault {
 public:
  TempVault() {
    static std::atomic<int> counter{0};
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    root_ = std::filesystem::temp_directory_path() /
            ("slipbox-lsp-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + "-" +
             (info ? std::string(info->name()) : "x"));
    std::filesystem::remove_all(root_);
    std::filesystem::create_directories(root_);
  }
  ~TempVault() {
    std::error_code ignored;
    std::filesystem::remove_all(root_, ignored);
  }
  TempVault(const TempVault&) = delete;
  TempVault& operator=(const TempVault&) = delete;

  // Writes `text` to the vault-relative `path`, creating folders; returns the absolute path.
  std::filesystem::path write(std::string_view path, std::string_view text) const {
    const std::filesystem::path absolute = root_ / std::filesystem::path(std::u8string(path.begin(), path.end()));
    std::filesystem::create_directories(absolute.parent_path());
    std::ofstream(absolute, std::ios::binary) << text;
    return absolute;
  }
  const std::filesystem::path& root() const { return root_; }

 private:
  std::filesystem::path root_;
};

}  // namespace slipbox::lsp::testing
