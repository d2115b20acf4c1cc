// `slipbox`: the language server (`slipbox lsp`), the linter (`slipbox check`), the MCP
// server for agents (`slipbox mcp`) and the graph export (`slipbox graph`).
#include <unistd.h>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "cli/check_command.h"
#include "cli/command_line.h"
#include "cli/graph_command.h"
#include "lsp/server.h"
#include "mcp/server.h"

#ifndef SLIPBOX_VERSION
#define SLIPBOX_VERSION "0.0.0"
#endif

namespace {

constexpr std::string_view kUsage =
    "usage: slipbox <command> [options]\n"
    "\n"
    "Language server and link checker for Markdown note vaults (Obsidian-style links).\n"
    "\n"
    "commands:\n"
    "  lsp [--stdio]                 run the language server over stdin/stdout\n"
    "                                (also: slipbox --stdio)\n"
    "  check [--format text|json] VAULT\n"
    "                                report every broken link in VAULT; exit 0 when none,\n"
    "                                1 when some were found, 2 on a usage error\n"
    "  mcp [--read-only] VAULT...    serve VAULT(s) to AI agents over the Model Context\n"
    "                                Protocol (newline-delimited JSON-RPC on stdin/stdout);\n"
    "                                --read-only: no tool writes, write tools are not listed\n"
    "  graph [--format json|dot|graphml] [--from NOTE [--depth N]] VAULT\n"
    "                                write the link graph of VAULT (notes, attachments,\n"
    "                                missing targets; edges with counts by kind)\n"
    "\n"
    "options:\n"
    "  -h, --help                    show this help\n"
    "  -V, --version                 print the version\n";

int usage_error(std::string_view problem) {
  std::fprintf(stderr, "slipbox: %.*s\n\n%.*s", static_cast<int>(problem.size()), problem.data(),
               static_cast<int>(kUsage.size()), kUsage.data());
  return 2;
}

int run_lsp() {
#if defined(__GLIBC__)
  // The server builds big short-lived tables (name and completion indexes per snapshot, the
  // edited note's parse) on several threads. By default glibc raises its mmap threshold to
  // the largest block freed, so later big blocks come from the heap and their pages stay
  // resident after free. A fixed threshold hands them back (peak memory: bench/RESULTS.md).
  mallopt(M_MMAP_THRESHOLD, 128 * 1024);
  mallopt(M_TRIM_THRESHOLD, 128 * 1024);
#endif
  // The client may vanish; a write to a closed pipe must fail, not kill us.
  std::signal(SIGPIPE, SIG_IGN);
  // stdout carries protocol only: keep a private descriptor for it and point fd 1 at
  // stderr, so a stray print anywhere in the process cannot corrupt the stream.
  const int protocol_out = ::dup(STDOUT_FILENO);
  if (protocol_out < 0 || ::dup2(STDERR_FILENO, STDOUT_FILENO) < 0) {
    std::perror("slipbox: cannot set up stdout");
    return 1;
  }
  slipbox::lsp::StdioTransport transport(STDIN_FILENO, protocol_out);
  const int code = slipbox::lsp::run_stdio_server(transport, SLIPBOX_VERSION);
  std::fflush(stderr);
  // A vault scan may still be running on its thread; it holds nothing that needs flushing,
  // so leave at once rather than wait for it.
  std::_Exit(code);
}

// A mistake on `slipbox mcp`'s command line: said briefly, as `slipbox graph` does (an agent's
// configuration shows stderr in a small log window).
int mcp_usage_error(const std::string& problem) {
  std::fprintf(stderr, "slipbox mcp: %s\nTry 'slipbox mcp --help'.\n", problem.c_str());
  return 2;
}

int run_mcp(const std::vector<std::string>& args) {
  slipbox::mcp::ServerOptions options;
  options.version = SLIPBOX_VERSION;
  slipbox::cli::CommandLine line(args);
  while (line.next_option()) {
    if (line.is("--read-only")) {
      options.read_only = true;
    } else if (line.is("--no-watch")) {
      options.watch = false;
    } else if (line.is("-h") || line.is("--help")) {
      std::fputs(
          "usage: slipbox mcp [--read-only] [--no-watch] VAULT...\n"
          "\n"
          "Serves the vault folders to AI agents over the Model Context Protocol (stdio,\n"
          "newline-delimited JSON-RPC; revisions 2025-11-25, 2025-06-18, 2025-03-26).\n"
          "Tools: search_notes, read_note, note_links, broken_links, list_tags, notes_with_tag,\n"
          "neighbourhood; and, unless --read-only, create_note, edit_note, rename_note,\n"
          "move_note. Every note is a resource (file:// URI). Logs go to stderr.\n"
          "  --read-only   no tool writes; the write tools are not listed\n"
          "  --no-watch    do not watch the folders for changes on disk\n",
          stdout);
      return 0;
    } else {
      return mcp_usage_error("unknown option '" + line.option() + "'");
    }
  }
  for (const std::string& folder : line.positional()) {
    std::error_code ec;
    if (!std::filesystem::is_directory(folder, ec)) return mcp_usage_error("'" + folder + "' is not a folder");
    options.vaults.emplace_back(folder);
  }
  if (options.vaults.empty()) return mcp_usage_error("no VAULT folder given");
  std::signal(SIGPIPE, SIG_IGN);
  // stdout carries protocol only (as for lsp).
  const int protocol_out = ::dup(STDOUT_FILENO);
  if (protocol_out < 0 || ::dup2(STDERR_FILENO, STDOUT_FILENO) < 0) {
    std::perror("slipbox: cannot set up stdout");
    return 1;
  }
  const int code = slipbox::mcp::run_stdio(std::move(options), STDIN_FILENO, protocol_out);
  std::fflush(stderr);
  std::_Exit(code);
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) return usage_error("missing command");
  const std::string& command = args[0];

  if (command == "-h" || command == "--help" || command == "help") {
    if (args.size() > 1) return usage_error("unexpected argument '" + args[1] + "'");
    std::fwrite(kUsage.data(), 1, kUsage.size(), stdout);
    return 0;
  }
  if (command == "-V" || command == "--version") {
    if (args.size() > 1) return usage_error("unexpected argument '" + args[1] + "'");
    std::printf("slipbox %s\n", SLIPBOX_VERSION);
    return 0;
  }
  if (command == "--stdio") {
    if (args.size() > 1) return usage_error("unexpected argument '" + args[1] + "'");
    return run_lsp();
  }
  if (command == "lsp") {
    for (size_t i = 1; i < args.size(); ++i)
      if (args[i] != "--stdio") return usage_error("unknown option for lsp: '" + args[i] + "'");
    return run_lsp();
  }
  if (command == "check") return slipbox::run_check(std::vector<std::string>(args.begin() + 1, args.end()));
  if (command == "mcp") return run_mcp(std::vector<std::string>(args.begin() + 1, args.end()));
  if (command == "graph") return slipbox::run_graph(std::vector<std::string>(args.begin() + 1, args.end()));
  return usage_error("unknown command '" + command + "'");
}
