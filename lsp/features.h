#pragma once
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "analysis/features/closest_names.h"
#include "analysis/features/completion.h"
#include "analysis/features/refactor.h"
#include "analysis/features/workspace_symbols.h"
#include "analysis/vault/link_graph.h"
#include "analysis/vault/resolve_memo.h"
#include "lsp/protocol.h"
#include "lsp/settings.h"
#include "lsp/workspace.h"

namespace slipbox::lsp {

// Each feature: protocol position → byte offset → analysis query on an immutable snapshot
// → protocol result. Free functions, usable from any thread, one file each.

// The cursor position as a byte offset into the snapshot's document.
uint32_t cursor_offset(const NoteSnapshot& note, const Position& position);

// feature_completion.cpp. isIncomplete while the vault is still being indexed. With the
// vault's link graph (when it is ready), notes that links name but that do not exist yet.
// With `workspace` (and `client`), `[[Note#^` offers every paragraph of Note and `[[^^` searches
// paragraphs vault-wide; picking a block without an id writes one: additionalTextEdits in the
// same note, else the item's command (kApplyEditCommand) edits the other note.
CompletionList completion(const NoteSnapshot& note, const Position& position, const LinkGraph* graph = nullptr,
                          const Workspace* workspace = nullptr, const ClientCapabilities* client = nullptr);

// Indexes derived from a folder's file table — completion (completion.h) and "did you mean"
// names (closest_names.h) — built on first use and again only when files were added or
// removed; at most one of each per folder root. lsp/table_indexes.cpp.
template <typename Index>
class TableIndexCache {
 public:
  using Build = std::shared_ptr<const Index> (*)(std::shared_ptr<const Vault>);
  using Fits = bool (*)(const Index&, const Vault&);
  TableIndexCache(Build build, Fits fits) : build_(build), fits_(fits) {}

  // Waits for a build of the same file table under way (the warm-up after a scan, or another
  // request) instead of building a second copy: a duplicate competed with the first for the
  // same cores, and completion scanned every name meanwhile.
  std::shared_ptr<const Index> get(const std::shared_ptr<const Vault>& vault) {
    if (!vault) return nullptr;
    const std::string root = vault->root().string();
    const auto* table = &vault->files();
    std::unique_lock lock(mutex_);
    for (;;) {
      const auto found = by_root_.find(root);
      if (found != by_root_.end() && found->second && fits_(*found->second, *vault)) return found->second;
      const auto building = building_.find(root);
      if (building == building_.end() || building->second != table) break;
      built_.wait(lock);
    }
    // An index of other files is of no use to anyone from now on (requests carry the newest
    // files): let it and the file table it holds go before building, not after: a file table
    // is big, and file events left two or three alive at once.
    if (const auto found = by_root_.find(root); found != by_root_.end()) found->second = nullptr;
    building_[root] = table;
    lock.unlock();
    std::shared_ptr<const Index> built;
    try {
      built = build_(vault);  // outside the lock: a build reads every name of the vault
    } catch (...) {
      lock.lock();
      building_.erase(root);
      built_.notify_all();
      throw;
    }
    lock.lock();
    const auto building = building_.find(root);
    if (building != building_.end() && building->second == table) building_.erase(building);
    auto& slot = by_root_[root];
    if (!slot || !fits_(*slot, *vault)) slot = built;
    built_.notify_all();
    return fits_(*slot, *vault) ? slot : built;
  }

 private:
  Build build_;
  Fits fits_;
  std::mutex mutex_;
  std::condition_variable built_;
  std::unordered_map<std::string, std::shared_ptr<const Index>> by_root_;
  // The file table whose index a thread is building, per root.
  std::unordered_map<std::string, const std::vector<VaultFile>*> building_;
};
// Each file's modification time on disk (file-clock ticks, 0 when unknown), by FileId, read
// once per file table (after a scan or a batch of file events): bare `[[` completion lists
// recently modified notes first among equals (CompletionOptions::modified).
struct ModifiedTimes {
  std::shared_ptr<const Vault> base;
  std::vector<int64_t> times;
};
std::shared_ptr<const ModifiedTimes> read_modified_times(std::shared_ptr<const Vault> vault);
bool modified_times_fit(const ModifiedTimes& times, const Vault& vault);

// The process-wide caches the request handlers use.
TableIndexCache<CompletionIndex>& completion_indexes();
TableIndexCache<ClosestNamesIndex>& closest_names_indexes();
TableIndexCache<ModifiedTimes>& modified_times();
// Builds each folder's completion and closest-names indexes through `post` (the indexing
// thread) when its file table is new, so the first completion or hover after a scan or a
// file event does not build one on the request thread (build times: bench/RESULTS.md).
// Call on the strand after the workspace changed.
void prepare_table_indexes(const Workspace& workspace, const std::function<void(std::function<void()>)>& post);

// feature_definition.cpp. `workspace` provides open-buffer texts and URIs for targets.
std::optional<Location> definition(const NoteSnapshot& note, const Position& position, const Workspace& workspace);

// feature_hover.cpp.
// Markdown, or plain text for a client whose hover.contentFormat lacks markdown.
std::optional<Hover> hover(const NoteSnapshot& note, const Position& position, const Workspace& workspace,
                           const ClientCapabilities& client);

// feature_diagnostics.cpp. Empty while the vault's first scan runs (no false "broken link"
// before the names are known).
std::vector<Diagnostic> diagnostics(const NoteSnapshot& note, const Settings& settings);
// One open note's link resolutions, kept between its diagnostics runs (resolve_memo.h): a
// keystroke re-resolves only what it could have changed. Runs on the same note lock it.
struct DiagnosticsMemo {
  std::mutex mutex;
  ResolveMemo links;
};
std::vector<Diagnostic> diagnostics(const NoteSnapshot& note, const Settings& settings, DiagnosticsMemo* memo);

// Vault-wide indexes shared by the navigation features, cached per snapshot.
// The last "link unlinked mentions" answer (feature_refactors.cpp). An editor asks for code
// actions at every cursor move, and on a note's title each answer reads every note of the
// vault: the answer holds while the vault (open buffers included), the note and the link
// style are the same.
class MentionsMemo {
 public:
  std::optional<std::vector<Refactor>> find(const std::shared_ptr<const Vault>& vault, std::string_view note_path,
                                            const LinkStyle& style) const;
  void keep(const std::shared_ptr<const Vault>& vault, std::string_view note_path, const LinkStyle& style,
            std::vector<Refactor> refactors);

 private:
  mutable std::mutex mutex_;
  std::weak_ptr<const Vault> vault_;  // a freed vault never matches a new one at its address
  std::string note_path_;
  LinkStyle style_;
  std::vector<Refactor> refactors_;
};

struct NavigationIndexes {
  LinkGraphCache graphs;
  SymbolIndexCache symbols;
  MentionsMemo mentions;
};

// navigation_indexes.cpp: builds each folder's link graph and symbol index in the background
// (through `post`) when its file table is new (after a scan, a file added or removed), so
// references, rename, code lens and planned-note completion find them ready. Call on the
// strand after the workspace changed.
void prepare_navigation_indexes(const Workspace& workspace, NavigationIndexes& indexes,
                                const LinkGraphCache::Post& post);
// The graph completion may use: ready now for this snapshot's files, else null (never waits).
std::shared_ptr<const LinkGraph> ready_link_graph(const NoteSnapshot& note, NavigationIndexes& indexes);

// feature_references.cpp: links to the note, heading or block, or uses of the tag.
std::vector<Location> references(const NoteSnapshot& note, const ReferenceParams& params, const Workspace& workspace,
                                 NavigationIndexes& indexes);

// feature_symbols.cpp: the heading outline (flat SymbolInformation for clients without
// hierarchy support), and workspace/symbol over every folder's vault.
DocumentSymbolResult document_symbols(const NoteSnapshot& note, bool hierarchical);
std::vector<SymbolInformation> workspace_symbols(const std::string& query, const Workspace& workspace,
                                                 NavigationIndexes& indexes);

// feature_document_links.cpp.
std::vector<DocumentLink> document_links(const NoteSnapshot& note, const Workspace& workspace);

// feature_code_actions.cpp: quick fixes for broken and ambiguous links. Creating a note
// needs a client with documentChanges and the "create" resource operation.
std::vector<CodeAction> code_actions(const NoteSnapshot& note, const CodeActionParams& params,
                                     const Workspace& workspace, const ClientCapabilities& client);
// feature_templates.cpp: after the "Create note" action last in `out`, one more per note in
// the templates folder (`.obsidian/templates.json`), its text filled in for the new note.
void add_template_actions(const NoteSnapshot& note, const std::string& new_note_path, const Workspace& workspace,
                          std::vector<CodeAction>& out);
// feature_refactors.cpp: convert link and, on the note's title, link unlinked mentions
// (refactor.rewrite), inline embed (refactor.inline), extract to a new note
// (refactor.extract, for clients that can create files). `cancelled` stops the vault-wide
// search for mentions.
std::vector<CodeAction> refactor_actions(const NoteSnapshot& note, const CodeActionParams& params,
                                         const Workspace& workspace, NavigationIndexes& indexes,
                                         const ClientCapabilities& client, const std::function<bool()>& cancelled = {});
// Obsidian's folder for new notes (`.obsidian/app.json`), "" for the vault root.
std::string new_note_folder(const std::filesystem::path& vault_root);

// feature_rename.cpp: prepareRename (null where nothing can be renamed), rename of a note
// (a RenameFile operation plus every link), a heading or a tag, and willRenameFiles.
std::optional<PrepareRenameResult> prepare_rename(const NoteSnapshot& note, const Position& position);
struct RenameOutcome {
  std::optional<WorkspaceEdit> edit;
  std::string error;  // set: answer with an error the editor shows
};
RenameOutcome rename(const NoteSnapshot& note, const RenameParams& params, const Workspace& workspace,
                     NavigationIndexes& indexes, const ClientCapabilities& client);
std::optional<WorkspaceEdit> will_rename_files(const RenameFilesParams& params, const Workspace& workspace,
                                               NavigationIndexes& indexes, const ClientCapabilities& client);

// feature_code_lens.cpp: backlink counts on the title and each heading (when enabled), each
// with the command kShowReferencesCommand and the arguments (uri, position, locations) of
// VS Code's editor.action.showReferences; the editor extensions register it client-side.
inline constexpr std::string_view kShowReferencesCommand = "slipbox.showReferences";
std::vector<CodeLens> code_lenses(const NoteSnapshot& note, const Workspace& workspace, NavigationIndexes& indexes);

// feature_folding.cpp: folding ranges and selection ranges, from the note alone
// (they never wait for the vault).
std::vector<FoldingRange> folding_ranges(const NoteSnapshot& note);
std::vector<SelectionRange> selection_ranges(const NoteSnapshot& note, const std::vector<Position>& positions);
// feature_semantic_tokens.cpp: the whole note, or the tokens overlapping `range`.
SemanticTokens semantic_tokens(const NoteSnapshot& note, const std::optional<Range>& range);
// feature_inlay_hints.cpp: after embeds of a heading or block, their first line; after an
// ambiguous bare link, the folder it opens (each kind as the settings ask, off by default).
std::vector<InlayHint> inlay_hints(const NoteSnapshot& note, const Range& range, const Workspace& workspace,
                                   const Settings& settings);
// feature_footnotes.cpp: footnote labels after `[^`, callout types after `> [!` (nullopt
// elsewhere); definition and hover on a footnote reference; unresolved-footnote and
// unused-footnote diagnostics (severity settable; from the note's text, so open notes only).
std::optional<CompletionList> authoring_completion(const NoteSnapshot& note, const Position& position);
std::optional<Location> footnote_definition(const NoteSnapshot& note, const Position& position);
std::optional<Hover> footnote_hover(const NoteSnapshot& note, const Position& position,
                                    const ClientCapabilities& client);
std::vector<Diagnostic> footnote_diagnostics(const NoteSnapshot& note, const Settings& settings);

}  // namespace slipbox::lsp
