#pragma once
#include <string>
#include <vector>

namespace slipbox {

// `slipbox graph VAULT [--format json|dot|graphml] [--from NOTE [--depth N]]`: the vault's
// notes, attachments and missing targets with the links between them, for jq, Graphviz and
// Gephi. `args` are the words after `graph`. Exit code: 0 written, 2 usage error, unreadable
// vault or unknown --from note.
int run_graph(const std::vector<std::string>& args);

}  // namespace slipbox
