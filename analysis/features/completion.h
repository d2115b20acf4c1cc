#pragma once
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "analysis/features/note_context.h"

namespace slipbox {

enum class CompletionKind { Note, Alias, Heading, Block, Attachment, Tag, PlannedNote };

// A block id to write into a note so that a link can point at the block (issue 16: "reference
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
  std::string label;        // note name, alias, heading text, block id, attachment file name
  std::string detail;       // the folder when names collide; the note for aliases, …
  std::string insert_text;  // replaces `replace_range`
  ByteRange replace_range;  // what was typed since `[[` (never a closing `]]` already there)
  std::string filter_text;  // what the client filters on (matches what was typed)
  std::string sort_text;    // server's ranking, as a sortable string
  std::optional<FileId> file;  // notes, aliases, attachments: the file; headings, blocks: their note
  std::optional<BlockIdInsertion> new_block_id;  // a block without an id: label it too
};

struct CompletionResult {
  std::vector<CompletionItem> items;
  bool is_incomplete = false;  // capped, or the index is still building
};

class LinkGraph;

// The vault's note names and aliases as completion matches them (folded keys side by side,
// letter masks), built once per file table so a request scans compact arrays instead of
// touching every note's parse (100,000 notes: ~10× faster). Immutable, shareable.
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
  // The text of other notes (open buffers first): `[[Note#^` then offers every paragraph of
  // Note, and `[[^^` searches paragraphs vault-wide. Without it, only block ids of other notes.
  ReadText read_text{};
};

// Completion inside `[[`, `![[`, `[text](`: notes and aliases, headings after `#`,
// block ids after `#^`, attachments; `#tags` outside links and `[[##` vault-wide headings
// (completion_extras.h). Filtered on the server (fuzzy, ignoring case and accents).
//
// Order: in `[[` notes and aliases, then attachments; in `![[` images, then notes, then other
// files. Within a group: prefix match, word-start match, subsequence; shorter names first;
// then alphabetical. Headings and blocks: match quality, then document order. `sort_text`
// carries this order; `filter_text` starts with what was typed so a client filter keeps it.
//
// Edits: `replace_range` starts just after `[[` / `(`. When the link is already closed on the
// line, it ends before the `#subpath` / `|display` (notes, attachments), before `|display`
// (headings, blocks) or before `]]` (aliases, which bring their own display); the closing
// `]]` / `)` is never inserted twice. When it is not closed, it ends at the cursor and
// `insert_text` carries the closing `]]` / `)`.
CompletionResult complete(const NoteContext& note, uint32_t cursor_offset, const CompletionOptions& options);

}  // namespace slipbox
