#pragma once
// The bodies of the fuzz targets, shared by the libFuzzer mains (fuzz/*_fuzz.cpp) and the
// GoogleTest that replays every corpus and regression input (tests/lsp/fuzz_replay_test.cpp),
// so a crasher found with clang stays covered by the normal suite under any compiler.
//
// Each entry checks invariants as well as "no crash": a broken invariant calls
// fuzz_failure(), which aborts (libFuzzer saves the input; the replay test dies loudly).
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "analysis/features/completion.h"
#include "analysis/features/definition.h"
#include "analysis/features/diagnostics.h"
#include "analysis/features/hover.h"
#include "analysis/features/references.h"
#include "analysis/features/symbol_at.h"
#include "analysis/markdown/parsed_note.h"
#include "analysis/text/line_index.h"
#include "analysis/vault/link_graph.h"
#include "analysis/vault/resolve.h"
#include "analysis/vault/vault.h"
#include "lsp/convert.h"
#include "lsp/endpoint.h"
#include "lsp/features.h"
#include "lsp/framing.h"
#include "lsp/jsonrpc.h"
#include "lsp/logger.h"
#include "lsp/protocol.h"
#include "lsp/scheduler.h"
#include "lsp/settings.h"
#include "lsp/workspace.h"

namespace slipbox::fuzz {

[[noreturn]] inline void fuzz_failure(const char* what) {
  std::fprintf(stderr, "fuzz invariant broken: %s\n", what);
  std::abort();
}
#define SLIPBOX_FUZZ_CHECK(condition)                            \
  do {                                                           \
    if (!(condition)) ::slipbox::fuzz::fuzz_failure(#condition); \
  } while (0)

inline bool inside(ByteRange range, size_t size) { return range.begin <= range.end && range.end <= size; }

// ---- parse_note ---------------------------------------------------------------------------

// Parsing never fails; every range lies inside the text; positions convert both ways.
inline void parse_note_entry(std::string_view text) {
  if (text.size() > (1u << 20)) return;
  const ParsedNote note = parse_note(text);
  const size_t size = text.size();
  SLIPBOX_FUZZ_CHECK(inside(note.front_matter, size));
  SLIPBOX_FUZZ_CHECK(note.body_begin <= size);
  const LineIndex lines(text);
  auto check_position = [&](uint32_t offset) {
    const LineColumnUtf16 at = lines.position_of(offset);
    SLIPBOX_FUZZ_CHECK(at.line < lines.line_count());
    // Back to an offset at or before the one asked (inside a UTF-8 sequence: its start).
    const uint32_t back = lines.offset_of(at);
    SLIPBOX_FUZZ_CHECK(back <= offset && offset - back < 4);
  };
  uint32_t previous_link = 0;
  for (const Link& link : note.links) {
    SLIPBOX_FUZZ_CHECK(inside(link.range, size));
    SLIPBOX_FUZZ_CHECK(inside(link.target_range, size));
    SLIPBOX_FUZZ_CHECK(link.range.begin <= link.target_range.begin && link.target_range.end <= link.range.end);
    if (!link.in_front_matter) {
      SLIPBOX_FUZZ_CHECK(link.range.begin >= previous_link);  // document order
      previous_link = link.range.begin;
    }
    SLIPBOX_FUZZ_CHECK(!(link.external && link.path().empty() && !link.has_subpath && link.syntax == LinkSyntax::Wiki));
    check_position(link.range.begin);
    check_position(link.range.end);
  }
  for (const Heading& heading : note.headings) {
    SLIPBOX_FUZZ_CHECK(heading.level >= 1 && heading.level <= 6);
    SLIPBOX_FUZZ_CHECK(inside(heading.range, size));
    SLIPBOX_FUZZ_CHECK(inside(heading.text_range, size));
    SLIPBOX_FUZZ_CHECK(heading.line < lines.line_count());
    check_position(heading.range.begin);
  }
  for (const BlockAnchor& block : note.blocks) {
    SLIPBOX_FUZZ_CHECK(inside(block.id_range, size));
    SLIPBOX_FUZZ_CHECK(inside(block.block_range, size));
    SLIPBOX_FUZZ_CHECK(!block.id.empty());
  }
  for (const Tag& tag : note.tags) SLIPBOX_FUZZ_CHECK(inside(tag.range, size));
  // Deterministic: the same text parses the same.
  const ParsedNote again = parse_note(text);
  SLIPBOX_FUZZ_CHECK(again.links.size() == note.links.size() && again.headings.size() == note.headings.size() &&
                     again.blocks.size() == note.blocks.size() && again.tags.size() == note.tags.size());
}

// ---- links: parsing + resolution + features --------------------------------------------------

// Input: the current note's text, then optional extra vault files, each introduced by a
// 0x1E byte and written `path\ntext`. A fixed vault around them makes resolution do real
// work (same name in two folders, headings, blocks, attachments, non-ASCII names).
inline void links_entry(std::string_view data) {
  if (data.size() > (64u << 10)) return;
  std::vector<Vault::InMemoryFile> files = {
      {"Folder/Note.md", "---\naliases: [Alias One]\n---\n# Mål\n## Sub\ntext ^blk\n"},
      {"Other/Note.md", "# Other\n"},
      {"a/b/Deep.md", "# Deep\n[[Folder/Note#Mål]]\n"},
      {"🛠 Ressurser/Agile Metoder.md", "# Agile\n- item ^id-1\n"},
      {"img/Fig 1.png", ""},
      {"doc.pdf", ""},
  };
  const size_t first = data.find('\x1e');
  const std::string text(data.substr(0, first));
  const std::string current_path = "Folder/Current.md";
  files.push_back({current_path, text});
  size_t at = first;
  while (at != std::string_view::npos && files.size() < 16) {
    const size_t next = data.find('\x1e', at + 1);
    const std::string_view part =
        data.substr(at + 1, next == std::string_view::npos ? std::string_view::npos : next - at - 1);
    const size_t newline = part.find('\n');
    files.push_back({std::string(part.substr(0, newline)),
                     newline == std::string_view::npos ? std::string() : std::string(part.substr(newline + 1))});
    at = next;
  }
  std::map<std::string, std::string> texts;
  for (const auto& file : files) texts[file.path] = file.text;  // later duplicates win, as in the vault
  const std::shared_ptr<const Vault> vault = Vault::from_memory("/fuzz-vault", files);
  const auto current = vault->find_path(current_path);
  const ParsedNote parsed = parse_note(text);
  const NoteContext context{*vault, current ? std::string_view(current_path) : std::string_view(), text, parsed};
  // Confinement: features may only ask for files of the vault.
  const ReadText read_text = [&](FileId id) -> std::optional<std::string> {
    SLIPBOX_FUZZ_CHECK(id < vault->file_count());
    for (const auto& [path, body] : texts)
      if (vault->find_path(path) == id) return body;
    return std::nullopt;
  };
  const auto graph = LinkGraph::build(vault, 1);
  const size_t size = text.size();

  for (const Diagnostic& diagnostic : diagnose_note(context)) SLIPBOX_FUZZ_CHECK(inside(diagnostic.range, size));
  for (const Link& link : parsed.links) {
    const LinkTarget target = resolve_link(*vault, context.source(), link);
    if (target.file) SLIPBOX_FUZZ_CHECK(*target.file < vault->file_count());
    if (target.status == LinkStatus::Resolved && !target.is_self) SLIPBOX_FUZZ_CHECK(target.file.has_value());
    (void)linkpath_candidates(*vault, current_path, link.path());
  }
  // Every offset of a short note, an even sample of a long one (plus one past the end).
  const uint32_t step = size <= 512 ? 1 : static_cast<uint32_t>(size / 512);
  for (uint32_t offset = 0; offset <= size + 1; offset += step) {
    for (const CompletionItem& item : complete(context, offset, CompletionOptions{8}).items) {
      SLIPBOX_FUZZ_CHECK(inside(item.replace_range, size));
      if (item.file) SLIPBOX_FUZZ_CHECK(*item.file < vault->file_count());
    }
    if (const auto definition = find_definition(context, offset))
      SLIPBOX_FUZZ_CHECK(definition->is_self || definition->file < vault->file_count());
    if (const auto shown = hover(context, offset, read_text, HoverOptions{4}))
      SLIPBOX_FUZZ_CHECK(inside(shown->range, size));
    const SymbolAt symbol = symbol_at(context, offset, (offset & 1) != 0);
    if (symbol.kind != SymbolKind::None) SLIPBOX_FUZZ_CHECK(inside(symbol.range, size));
    if ((offset & 7) == 0)
      for (const Reference& reference : find_references(context, offset, *graph, ReferencesOptions{true}))
        if (reference.file) SLIPBOX_FUZZ_CHECK(*reference.file < vault->file_count());
  }
}

// ---- framing + JSON-RPC dispatch ---------------------------------------------------------

// Records what the endpoint sends and counts responses per id.
class CountingTransport : public lsp::Transport {
 public:
  void send(const nlohmann::json& message) override {
    // What goes out must serialise (invalid UTF-8 is replaced, as the stdio transport does).
    const std::string text = message.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    SLIPBOX_FUZZ_CHECK(!text.empty());
    if (std::getenv("SLIPBOX_FUZZ_DEBUG")) std::fprintf(stderr, "sent: %.200s\n", text.c_str());
    std::lock_guard lock(mutex_);
    if (message.contains("id") && !message.contains("method")) ++responses_[message["id"].dump()];
  }
  std::map<std::string, int> responses() const {
    std::lock_guard lock(mutex_);
    return responses_;
  }

 private:
  mutable std::mutex mutex_;
  std::map<std::string, int> responses_;
};

// A server in miniature: the real endpoint, protocol parsing and features, on a vault in
// memory (so no input can make it scan or read the disk).
struct DispatchHarness {
  lsp::Logger log{false};
  CountingTransport transport;
  lsp::Scheduler scheduler{1, [](const std::string&) {}};
  lsp::Endpoint endpoint{transport, scheduler, log};
  lsp::Workspace workspace;
  lsp::Settings settings;

  static std::shared_ptr<const Vault> vault() {
    static const std::shared_ptr<const Vault> shared =
        Vault::from_memory("/fuzz-vault", {{"Note.md", "# Mål\ntext ^blk\n[[Other]]\n"},
                                           {"Other.md", "---\naliases: [Alias]\n---\n# Head\n"},
                                           {"sub/Note.md", "[[../Note#Mål]]\n"},
                                           {"img/pic.png", ""}});
    return shared;
  }

  DispatchHarness() {
    using namespace lsp;
    using W = Endpoint::Where;
    workspace.set_folders({"/fuzz-vault"});
    workspace.set_vault("/fuzz-vault", vault());
    endpoint.on_request<InitializeParams, InitializeResult>(
        "initialize", [](const InitializeParams&, Reply<InitializeResult> reply) { reply(InitializeResult{"fuzz"}); },
        W::Ordered);
    endpoint.on_request<NoParams, NullResult>(
        "shutdown", [](const NoParams&, Reply<NullResult> reply) { reply(NullResult{}); }, W::Ordered);
    endpoint.on_notification<DidOpenTextDocumentParams>("textDocument/didOpen", [this](const auto& p) {
      workspace.open(std::make_shared<const Document>(p.textDocument.uri, path_of(p.textDocument.uri),
                                                      p.textDocument.version, p.textDocument.text));
    });
    endpoint.on_notification<DidChangeTextDocumentParams>("textDocument/didChange", [this](const auto& p) {
      const auto previous = workspace.document(p.textDocument.uri);
      if (!previous) return;
      std::string text = previous->text;
      for (const auto& change : p.contentChanges) apply_change(text, change, PositionEncoding::Utf16);
      SLIPBOX_FUZZ_CHECK(text.size() < (size_t{1} << 26));
      workspace.open(std::make_shared<const Document>(p.textDocument.uri, previous->path, p.textDocument.version,
                                                      std::move(text)));
    });
    endpoint.on_notification<DidCloseTextDocumentParams>(
        "textDocument/didClose", [this](const auto& p) { workspace.close(p.textDocument.uri); });
    endpoint.on_request<CompletionParams, CompletionList>(
        "textDocument/completion", [this](const auto& p, Reply<CompletionList> reply) {
          const auto note = workspace.snapshot(p.textDocument.uri);
          reply(note ? completion(*note, p.position) : CompletionList{});
        });
    endpoint.on_request<DefinitionParams, OrNull<Location>>(
        "textDocument/definition", [this](const auto& p, Reply<OrNull<Location>> reply) {
          const auto note = workspace.snapshot(p.textDocument.uri);
          reply(OrNull<Location>{note ? definition(*note, p.position, workspace) : std::nullopt});
        });
    endpoint.on_request<HoverParams, OrNull<Hover>>(
        "textDocument/hover", [this](const auto& p, Reply<OrNull<Hover>> reply) {
          const auto note = workspace.snapshot(p.textDocument.uri);
          reply(OrNull<Hover>{note ? hover(*note, p.position, workspace, ClientCapabilities{}) : std::nullopt});
        });
    endpoint.on_request<DocumentOnlyParams, std::vector<lsp::Diagnostic>>(
        "slipbox/diagnostics", [this](const auto& p, Reply<std::vector<lsp::Diagnostic>> reply) {
          const auto note = workspace.snapshot(p.textDocument.uri);
          reply(note ? diagnostics(*note, settings) : std::vector<lsp::Diagnostic>{});
        });
    // Parsed but not answered by this harness: the params parsers still see hostile input.
    endpoint.on_request<ReferenceParams, NullResult>("textDocument/references",
                                                     [](const auto&, Reply<NullResult> reply) { reply({}); });
    endpoint.on_request<RenameParams, NullResult>("textDocument/rename",
                                                  [](const auto&, Reply<NullResult> reply) { reply({}); });
    endpoint.on_request<CodeActionParams, NullResult>("textDocument/codeAction",
                                                      [](const auto&, Reply<NullResult> reply) { reply({}); });
    endpoint.on_request<RenameFilesParams, NullResult>("workspace/willRenameFiles",
                                                       [](const auto&, Reply<NullResult> reply) { reply({}); });
    endpoint.on_request<WorkspaceSymbolParams, NullResult>("workspace/symbol",
                                                           [](const auto&, Reply<NullResult> reply) { reply({}); });
    endpoint.on_notification<DidChangeConfigurationParams>("workspace/didChangeConfiguration", [this](const auto& p) {
      Settings fresh;
      fresh.merge(p.settings);
      settings = fresh;
    });
    endpoint.on_notification<DidChangeWatchedFilesParams>("workspace/didChangeWatchedFiles", [](const auto&) {});
  }

  // Threads first: queued handlers refer to the workspace.
  ~DispatchHarness() {
    endpoint.close();
    scheduler.stop();
  }

  static std::optional<std::filesystem::path> path_of(const std::string& uri);

  // Waits until everything queued so far ran (one pool thread: the strand, then the pool).
  bool drain() {
    auto done = std::make_shared<std::promise<void>>();
    auto future = done->get_future();
    scheduler.ordered([this, done] { scheduler.background([done] { done->set_value(); }); });
    return future.wait_for(std::chrono::seconds(20)) == std::future_status::ready;
  }
};

}  // namespace slipbox::fuzz

#include "lsp/uri.h"

namespace slipbox::fuzz {

inline std::optional<std::filesystem::path> DispatchHarness::path_of(const std::string& uri) {
  return lsp::path_from_uri(uri);
}

// Bytes → framer (in chunks the first byte chooses) → endpoint. Every request and every
// invalid message is answered exactly once; framing never holds more than its limits.
inline void framing_entry(std::string_view data) {
  constexpr size_t kMaxBody = 1 << 16;
  if (data.size() > (1u << 20)) return;
  const size_t chunk = data.empty() ? 1 : 1 + static_cast<uint8_t>(data[0]) % 97;

  DispatchHarness harness;
  lsp::MessageFramer framer(kMaxBody);
  std::map<std::string, int> expected;  // responses owed, by id.dump()
  bool exited = false;
  for (size_t at = 0; at < data.size() && !exited; at += chunk) {
    framer.feed(data.substr(at, chunk));
    SLIPBOX_FUZZ_CHECK(framer.buffered_bytes() <= kMaxBody + lsp::MessageFramer::kMaxHeaderBytes + chunk + 2);
    while (auto event = framer.next()) {
      if (event->kind == lsp::MessageFramer::Event::Kind::Error) continue;
      SLIPBOX_FUZZ_CHECK(event->text.size() <= kMaxBody);
      const lsp::IncomingMessage message = lsp::parse_message(event->text);
      const lsp::Endpoint::Lifecycle before = harness.endpoint.lifecycle();
      if (const auto* request = std::get_if<lsp::IncomingRequest>(&message)) {
        (void)before;
        ++expected[request->id.dump()];
      } else if (const auto* invalid = std::get_if<lsp::InvalidMessage>(&message)) {
        ++expected[invalid->id.dump()];
      }
      if (!harness.endpoint.handle_message(event->text)) {
        exited = true;
        break;
      }
    }
  }
  // Every answer owed arrives (a missing one fails after the wait), then whatever was still
  // queued runs, so an answer too many would be counted too.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  auto owed_all = [&] {
    const auto got = harness.transport.responses();
    for (const auto& [id, count] : expected) {
      const auto it = got.find(id);
      if (it == got.end() || it->second < count) return false;
    }
    return true;
  };
  while (!owed_all() && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::microseconds(200));
  SLIPBOX_FUZZ_CHECK(harness.drain());
  SLIPBOX_FUZZ_CHECK(harness.drain());
  const auto responses = harness.transport.responses();
  if (responses != expected) {
    for (const auto& [id, count] : expected) std::fprintf(stderr, "expected %s x%d\n", id.c_str(), count);
    for (const auto& [id, count] : responses) std::fprintf(stderr, "answered %s x%d\n", id.c_str(), count);
  }
  for (const auto& [id, count] : responses) {
    const auto owed = expected.find(id);
    SLIPBOX_FUZZ_CHECK(owed != expected.end() && count == owed->second);
  }
  for (const auto& [id, count] : expected) {
    const auto got = responses.find(id);
    SLIPBOX_FUZZ_CHECK(got != responses.end() && got->second == count);
  }
}

}  // namespace slipbox::fuzz
