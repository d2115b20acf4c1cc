#pragma once
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/features/note_context.h"

namespace slipbox {

enum class CompletionKind { Note, Alias, Heading, Block, Attachment, Tag, PlannedNote };

// A block id to write into a note so that a link can point at the block (Obsidian's "reference
// any paragraph"): `text` inserted at `offset` of the note `file` (or of the note being
// edited, `self`).
struct BlockIdInsertion {
  std::optional<FileId> file;
  bool self = false;
  uint32_t offset = 0;
  std::string text;  // ` ^abc123`, or `\n\n^abc123` after a quote or table
};

struct CompletionItem {
  CompletionKind kind = CompletionKind::Note;
  std::string label;                             // note name, alias, heading text, block id, attachment file name
  std::string detail;                            // the folder when names collide; the note for aliases, …
  std::string insert_text;                       // replaces `replace_range`
  ByteRange replace_range;                       // what was typed since `[[` (never a closing `]]` already there)
  std::string filter_text;                       // what the client filters on (matches what was typed)
  std::string sort_text;                         // server's ranking, as a sortable string
  std::optional<FileId> file;                    // notes, aliases, attachments: the file; headings, blocks: their note
  std::optional<BlockIdInsertion> new_block_id;  // a block without an id: label it too
};

struct CompletionResult {
  std::vector<CompletionItem> items;
  bool is_incomplete = false;  // capped, or the index is still building
};

// The link being completed at a cursor — `[[query`, `![[query`, `[text](query` — as complete()
// finds it and apply_completion_style() rewrites its items (one derivation for both).
struct CompletionSite {
  bool markdown = false;     // `[text](`: vault path with `.md` and %20
  bool embed = false;        // `![[` or `![text](`
  uint32_t query_begin = 0;  // just after `[[` or `(`
  uint32_t cursor = 0;
  uint32_t target_end = 0;  // replace up to here: before `|`, `]]` or `)` when the link is closed
  uint32_t link_end = 0;    // before `]]` / `)` (alias items replace the display part too)
  uint32_t path_end = 0;    // before a `#subpath` too: picking another note keeps the heading
  bool closed = false;      // a closing `]]` / `)` follows on the line
};
// nullopt when the cursor is in no link being written (on its line).
std::optional<CompletionSite> find_completion_site(std::string_view text, uint32_t cursor);

class LinkGraph;

// The vault's note names and aliases as completion matches them (folded keys side by side,
// letter masks), built once per file table so a request scans compact arrays instead of
// touching every note's parse. Immutable, shareable.
class CompletionIndex;
// Built from `vault` (holds it). Usable for every vault with the same file table: notes whose
// parse differs from `vault`'s (edited open buffers) are matched from their current aliases.
std::shared_ptr<const CompletionIndex> build_completion_index(std::shared_ptr<const Vault> vault);
// True when `index` was built for `vault`'s file table.
bool completion_index_fits(const CompletionIndex& index, const Vault& vault);

struct CompletionOptions {
  size_t max_items = 100;
  // Same answers with or without it; ignored when it was built for other files.
  const CompletionIndex* index = nullptr;
  // The vault's link graph, when the caller has it: adds notes that links name but that do
  // not exist yet (completion_extras.h).
  const LinkGraph* graph = nullptr;
  // Bare `[[`: each file's modification time (any monotonic unit), by FileId, for the vault's
  // file table (ignored when its size differs); newer files rank first after the note's link
  // neighbours. Null: no such order.
  const std::vector<int64_t>* modified = nullptr;
  // The text of other notes (open buffers first): their block items show the block's first
  // line, `[[Note#^` offers every paragraph of Note, and `[[^^` searches paragraphs vault-wide.
  // Empty: only block ids of other notes.
  ReadText read_text{};
};

// Completion inside `[[`, `![[`, `[text](`: notes and aliases, headings after `#`,
// block ids after `#^`, attachments; `#tags` outside links and `[[##` vault-wide headings
// (completion_extras.h). Filtered on the server (fuzzy, ignoring case and accents).
//
// Order: in `[[` notes and aliases, then attachments; in `![[` images, then notes, then other
// files. Within a group: prefix match, word-start match, subsequence (the one fuzzy matcher,
// analysis/text/fuzzy_match.h); shorter names first; then alphabetical. With nothing typed
// yet (bare `[[`): the note's link neighbours first (notes it links to and that link to it),
// then the notes they link to, then the most recently modified (`modified`).
// Headings: one item per heading; a heading whose text occurs more than once says its line
// in `detail` and is inserted with its parent (`Note#Parent#Heading`) when that tells it apart.
// Blocks: `detail` is the block's first line (at most 80 bytes, "…" when cut). Headings and blocks: match quality, then
// document order. `sort_text` carries this order; `filter_text` starts with what was typed so a client filter keeps it.
//
// Edits: `replace_range` starts just after `[[` / `(`. When the link is already closed on the
// line, it ends before the `#subpath` / `|display` (notes, attachments), before `|display`
// (headings, blocks) or before `]]` (aliases, which bring their own display); the closing
// `]]` / `)` is never inserted twice. When it is not closed, it ends at the cursor and
// `insert_text` carries the closing `]]` / `)`.
CompletionResult complete(const NoteContext& note, uint32_t cursor_offset, const CompletionOptions& options);

}  // namespace slipbox
