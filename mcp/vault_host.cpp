#include "mcp/vault_host.h"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

#include "lsp/file_watcher.h"

namespace slipbox::mcp {

namespace fs = std::filesystem;

struct VaultHost::Watch {
  boost::asio::io_context io;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> guard{io.get_executor()};
  std::unique_ptr<lsp::FileWatcher> watcher;
  std::thread thread;
};

VaultHost::VaultHost(std::vector<fs::path> roots, Log log) : roots_(std::move(roots)), log_(std::move(log)) {
  for (fs::path& root : roots_) {
    std::error_code ec;
    const fs::path absolute = fs::absolute(root, ec);
    if (!ec) root = absolute.lexically_normal();
    if (!root.has_filename() && root.has_parent_path() && root != root.root_path()) root = root.parent_path();
  }
  workspace_.set_folders(roots_);
  scan_options_.log = [this](const std::string& message) { log_(message); };
}

VaultHost::~VaultHost() { stop(); }

void VaultHost::set_on_change(OnChange on_change) {
  std::lock_guard lock(mutex_);
  on_change_ = std::move(on_change);
}

void VaultHost::start(bool watch) {
  scan_thread_ = std::thread([this, watch] {
    scan_all();
    if (!watch || stopping_) return;
    auto state = std::make_unique<Watch>();
    state->watcher = std::make_unique<lsp::FileWatcher>(
        state->io.get_executor(),
        [this](std::vector<lsp::FileWatcher::Event> events) {
          std::vector<fs::path> paths;
          bool overflow = false, listing = false;
          for (auto& event : events) {
            if (event.kind == lsp::FileWatcher::Event::Kind::Overflow) overflow = true;
            if (event.kind == lsp::FileWatcher::Event::Kind::Created ||
                event.kind == lsp::FileWatcher::Event::Kind::Deleted)
              listing = true;
            paths.push_back(std::move(event.path));
          }
          on_events(paths, overflow, listing);
        },
        log_);
    for (const fs::path& root : roots_)
      if (!state->watcher->add_root(root)) log_("cannot watch " + root.string() + ": changes on disk are not seen");
    Watch* raw = state.get();
    state->thread = std::thread([raw] { raw->io.run(); });
    std::lock_guard lock(mutex_);
    watch_ = std::move(state);
  });
}

void VaultHost::stop() {
  stopping_ = true;
  if (scan_thread_.joinable()) scan_thread_.join();
  std::unique_ptr<Watch> watch;
  {
    std::lock_guard lock(mutex_);
    watch = std::move(watch_);
  }
  if (watch) {
    boost::asio::post(watch->io, [w = watch.get()] { w->watcher->stop(); });
    watch->guard.reset();
    watch->io.stop();
    if (watch->thread.joinable()) watch->thread.join();
  }
}

void VaultHost::scan_all() {
  ScanOptions options = scan_options_;
  options.cancelled = [this] { return stopping_.load(); };
  for (size_t i = 0; i < roots_.size(); ++i) {
    const fs::path& root = roots_[i];
    {
      std::lock_guard lock(mutex_);
      progress_ = "scanning " + root.string();
    }
    auto vault = Vault::scan(root, options);
    if (!vault) return;  // stopping
    {
      std::lock_guard update(update_mutex_);
      workspace_.set_vault(root, vault);
    }
    graphs_.get(vault);
    log_("indexed " + root.string() + ": " + std::to_string(vault->file_count()) + " files");
  }
  std::lock_guard lock(mutex_);
  ready_ = true;
  progress_ = "ready";
  ready_changed_.notify_all();
}

bool VaultHost::ready() const {
  std::lock_guard lock(mutex_);
  return ready_;
}

std::string VaultHost::progress() const {
  std::lock_guard lock(mutex_);
  return progress_;
}

bool VaultHost::wait_ready(const std::function<bool()>& cancelled, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::unique_lock lock(mutex_);
  while (!ready_) {
    if (cancelled && cancelled()) return false;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    ready_changed_.wait_for(lock, std::chrono::milliseconds(50));
  }
  return true;
}

std::vector<VaultView> VaultHost::views() {
  std::vector<VaultView> out;
  for (lsp::Workspace::FolderView& folder : workspace_.ready_folders()) {
    VaultView view;
    view.root = folder.root;
    view.name = folder.root.filename().string();
    view.vault = folder.scanned;
    view.graph = graphs_.get(view.vault);
    out.push_back(std::move(view));
  }
  return out;
}

void VaultHost::rescan(const fs::path& root) {
  ScanOptions options = scan_options_;
  options.cancelled = [this] { return stopping_.load(); };
  auto vault = Vault::scan(root, options);
  if (!vault) return;
  workspace_.set_vault(root, vault);
}

void VaultHost::refresh(const std::vector<fs::path>& paths) {
  if (paths.empty()) return;
  std::lock_guard update(update_mutex_);
  if (workspace_.refresh_from_disk(paths, scan_options_) == lsp::Workspace::DiskChange::NeedsRescan)
    for (const fs::path& root : roots_) rescan(root);
}

void VaultHost::on_events(const std::vector<fs::path>& paths, bool overflow, bool listing_changed) {
  {
    std::lock_guard update(update_mutex_);
    if (overflow) {
      log_("file events were lost: rescanning");
      for (const fs::path& root : roots_) rescan(root);
    } else if (workspace_.refresh_from_disk(paths, scan_options_) == lsp::Workspace::DiskChange::NeedsRescan) {
      for (const fs::path& root : roots_) rescan(root);
    }
  }
  OnChange on_change;
  {
    std::lock_guard lock(mutex_);
    on_change = on_change_;
  }
  if (on_change) on_change(paths, listing_changed || overflow);
}

}  // namespace slipbox::mcp
