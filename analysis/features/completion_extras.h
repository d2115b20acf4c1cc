#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "analysis/features/completion.h"

namespace slipbox {

// An item's sortText: its position, zero-padded, so clients keep the order the items come in.
std::string completion_sort_text(size_t position);

class LinkGraph;

// Completion that complete() hands over to:

// `#ta` outside links: tags used anywhere in the vault (front matter too, nested ones with
// their path), most used first among equal matches. nullopt when the cursor is not in a tag.
std::optional<CompletionResult> complete_tag(const NoteContext& note, uint32_t cursor,
                                             const CompletionOptions& options);

// `[[##query`: headings from the whole vault, inserted as `Note#Heading`.
// `query_begin` is just after `[[`; `closed` says a `]]` already follows.
CompletionResult complete_vault_heading(const NoteContext& note, uint32_t query_begin, uint32_t cursor, bool closed,
                                        const CompletionOptions& options);

// Adds notes that links already name but that do not exist yet ("planned" notes), after
// the existing items, for a `[[query` site. `replace_end` is where a picked note ends.
void add_planned_notes(const NoteContext& note, const LinkGraph& graph, std::string_view typed, uint32_t query_begin,
                       uint32_t replace_end, bool closed, const CompletionOptions& options, CompletionResult& result);

}  // namespace slipbox
