#pragma once
#include <vector>

#include "analysis/features/refactor.h"
#include "analysis/vault/link_graph.h"

namespace slipbox {

// On a heading (its section) or a non-empty selection (whole lines): move the text into a
// new note named from its first heading (else its first line), placed by newFileLocation,
// and leave a link — or, second action, an embed — in its place (kind "refactor.extract").
// Links that pointed to the moved headings or blocks follow them (`[[Old#Heading]]` →
// `[[New#Heading]]`, in other notes and in this one); links inside the moved text that
// would lead elsewhere from the new note's folder, and self links to what stays, are
// written with a path. `graph` is the vault's link graph; `read_text` gives other notes'
// current texts.
std::vector<Refactor> extract_note_actions(const NoteContext& note, ByteRange selection, const LinkGraph& graph,
                                           const ReadText& read_text, const RefactorOptions& options);

}  // namespace slipbox
