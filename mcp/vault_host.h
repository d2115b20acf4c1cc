#pragma once
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "analysis/features/workspace_symbols.h"
#include "analysis/vault/link_graph.h"
#include "analysis/vault/vault.h"
#include "lsp/workspace.h"

namespace slipbox::mcp {

// One vault as a request sees it: immutable, usable on any thread.
struct VaultView {
  std::filesystem::path root;
  std::string name;  // the root folder's name: the path prefix when several vaults are served
  std::shared_ptr<const Vault> vault;
  std::shared_ptr<const LinkGraph> graph;
};

// The live index of the vaults `slipbox mcp` serves: scanned in the background at start,
// kept current by inotify (lsp::FileWatcher) through lsp::Workspace's file-event path, the
// one the language server uses. Thread-safe.
class VaultHost {
 public:
  using Log = std::function<void(const std::string&)>;
  // Files that changed on disk (absolute paths), and whether files were added or removed.
  using OnChange = std::function<void(const std::vector<std::filesystem::path>& paths, bool listing_changed)>;

  VaultHost(std::vector<std::filesystem::path> roots, Log log);
  ~VaultHost();
  VaultHost(const VaultHost&) = delete;
  VaultHost& operator=(const VaultHost&) = delete;

  void set_on_change(OnChange on_change);
  // Scans every root on a background thread, then watches them (when `watch`).
  void start(bool watch);
  void stop();

  // Waits until every vault is scanned. False when `cancelled` said so first, or on timeout.
  bool wait_ready(const std::function<bool()>& cancelled, std::chrono::milliseconds timeout);
  bool ready() const;
  std::string progress() const;

  // Every scanned vault, in the order of the roots.
  std::vector<VaultView> views();
  const std::vector<std::filesystem::path>& roots() const { return roots_; }
  // The names, aliases, headings and tags of a vault for search (built on first use, then
  // brought up to date with the notes that changed).
  std::shared_ptr<const SymbolIndex> symbols(const std::shared_ptr<const Vault>& vault) { return symbols_.get(vault); }

  // Re-reads these files now (after our own writes), so the next request sees them without
  // waiting for the watcher's event.
  void refresh(const std::vector<std::filesystem::path>& paths);

 private:
  void scan_all();
  void on_events(const std::vector<std::filesystem::path>& paths, bool overflow, bool listing_changed);
  void rescan(const std::filesystem::path& root);

  std::vector<std::filesystem::path> roots_;
  Log log_;
  ScanOptions scan_options_;
  lsp::Workspace workspace_;
  LinkGraphCache graphs_;
  SymbolIndexCache symbols_;
  std::mutex update_mutex_;  // one writer of workspace_ at a time

  mutable std::mutex mutex_;
  std::condition_variable ready_changed_;
  bool ready_ = false;
  std::string progress_ = "scanning";
  OnChange on_change_;

  std::atomic<bool> stopping_{false};
  std::thread scan_thread_;
  struct Watch;
  std::unique_ptr<Watch> watch_;
};

}  // namespace slipbox::mcp
