#include "lsp/protocol.h"

#include "analysis/features/semantic_tokens.h"

#include <algorithm>
#include <stdexcept>

namespace slipbox::lsp {
namespace {

const json& require(const json& j, const char* key) {
  if (!j.is_object()) throw std::invalid_argument(std::string("expected an object with \"") + key + "\"");
  const auto it = j.find(key);
  if (it == j.end()) throw std::invalid_argument(std::string("missing \"") + key + "\"");
  return *it;
}

const json* optional_field(const json& j, const char* key) {
  if (!j.is_object()) return nullptr;
  const auto it = j.find(key);
  return (it == j.end() || it->is_null()) ? nullptr : &*it;
}

std::string require_string(const json& j, const char* key) {
  const json& v = require(j, key);
  if (!v.is_string()) throw std::invalid_argument(std::string("\"") + key + "\" must be a string");
  return v.get<std::string>();
}

uint32_t require_uinteger(const json& j, const char* key) {
  const json& v = require(j, key);
  if (!v.is_number_integer() || v.get<int64_t>() < 0 || v.get<int64_t>() > INT32_MAX)
    throw std::invalid_argument(std::string("\"") + key + "\" must be a non-negative integer");
  return static_cast<uint32_t>(v.get<int64_t>());
}

int64_t require_integer(const json& j, const char* key) {
  const json& v = require(j, key);
  if (!v.is_number_integer()) throw std::invalid_argument(std::string("\"") + key + "\" must be an integer");
  return v.get<int64_t>();
}

bool require_bool(const json& j, const char* key) {
  const json& v = require(j, key);
  if (!v.is_boolean()) throw std::invalid_argument(std::string("\"") + key + "\" must be a boolean");
  return v.get<bool>();
}

// An optional field: absent or null gives nullopt, any other type than a string throws.
std::optional<std::string> optional_string(const json& j, const char* key) {
  const json* v = optional_field(j, key);
  if (!v) return std::nullopt;
  if (!v->is_string()) throw std::invalid_argument(std::string("\"") + key + "\" must be a string");
  return v->get<std::string>();
}

bool bool_at(const json& j, std::initializer_list<const char*> path) {
  const json* at = &j;
  for (const char* key : path) {
    at = optional_field(*at, key);
    if (!at) return false;
  }
  return at->is_boolean() && at->get<bool>();
}

}  // namespace

void from_json(const json& j, Position& p) {
  p.line = require_uinteger(j, "line");
  p.character = require_uinteger(j, "character");
}
void to_json(json& j, const Position& p) { j = json{{"line", p.line}, {"character", p.character}}; }

void from_json(const json& j, Range& r) {
  r.start = require(j, "start").get<Position>();
  r.end = require(j, "end").get<Position>();
}
void to_json(json& j, const Range& r) { j = json{{"start", r.start}, {"end", r.end}}; }

void from_json(const json& j, Location& l) {
  l.uri = require_string(j, "uri");
  l.range = require(j, "range").get<Range>();
}
void to_json(json& j, const Location& l) { j = json{{"uri", l.uri}, {"range", l.range}}; }

void from_json(const json& j, TextDocumentIdentifier& t) { t.uri = require_string(j, "uri"); }

void from_json(const json& j, TextDocumentItem& t) {
  t.uri = require_string(j, "uri");
  t.languageId = require_string(j, "languageId");
  t.version = require_integer(j, "version");
  t.text = require_string(j, "text");
}

void from_json(const json& j, VersionedTextDocumentIdentifier& t) {
  t.uri = require_string(j, "uri");
  t.version = require_integer(j, "version");
}

void from_json(const json& j, DidOpenTextDocumentParams& p) {
  p.textDocument = require(j, "textDocument").get<TextDocumentItem>();
}

void from_json(const json& j, TextDocumentContentChangeEvent& c) {
  c.text = require_string(j, "text");
  if (const json* range = optional_field(j, "range")) c.range = range->get<Range>();
}

void from_json(const json& j, DidChangeTextDocumentParams& p) {
  p.textDocument = require(j, "textDocument").get<VersionedTextDocumentIdentifier>();
  const json& changes = require(j, "contentChanges");
  if (!changes.is_array()) throw std::invalid_argument("\"contentChanges\" must be an array");
  p.contentChanges.clear();
  for (const json& change : changes) p.contentChanges.push_back(change.get<TextDocumentContentChangeEvent>());
}

void from_json(const json& j, DidCloseTextDocumentParams& p) {
  p.textDocument = require(j, "textDocument").get<TextDocumentIdentifier>();
}

void from_json(const json& j, DidSaveTextDocumentParams& p) {
  p.textDocument = require(j, "textDocument").get<TextDocumentIdentifier>();
}

void from_json(const json& j, TextDocumentPositionParams& p) {
  p.textDocument = require(j, "textDocument").get<TextDocumentIdentifier>();
  p.position = require(j, "position").get<Position>();
}

void to_json(json& j, const TextEdit& e) { j = json{{"range", e.range}, {"newText", e.newText}}; }

void to_json(json& j, const CompletionItem& c) {
  j = json{{"label", c.label}, {"kind", static_cast<int>(c.kind)}, {"textEdit", c.textEdit}};
  if (!c.detail.empty()) j["detail"] = c.detail;
  if (!c.sortText.empty()) j["sortText"] = c.sortText;
  if (!c.filterText.empty()) j["filterText"] = c.filterText;
  if (!c.additionalTextEdits.empty()) j["additionalTextEdits"] = c.additionalTextEdits;
  if (!c.command.is_null()) j["command"] = c.command;
}

void to_json(json& j, const CompletionList& c) { j = json{{"isIncomplete", c.isIncomplete}, {"items", c.items}}; }

void to_json(json& j, const MarkupContent& m) { j = json{{"kind", m.kind}, {"value", m.value}}; }

void to_json(json& j, const Hover& h) {
  j = json{{"contents", h.contents}};
  if (h.range) j["range"] = *h.range;
}

void to_json(json& j, const Diagnostic& d) {
  j = json{
      {"range", d.range}, {"severity", static_cast<int>(d.severity)}, {"source", d.source}, {"message", d.message}};
  if (!d.code.empty()) j["code"] = d.code;
}

void to_json(json& j, const PublishDiagnosticsParams& p) {
  j = json{{"uri", p.uri}, {"diagnostics", p.diagnostics}};
  if (p.version) j["version"] = *p.version;
}

void from_json(const json& j, WorkspaceFolder& w) {
  w.uri = require_string(j, "uri");
  w.name = require_string(j, "name");
}

void from_json(const json& j, InitializeParams& p) {
  if (!j.is_object()) throw std::invalid_argument("initialize params must be an object");
  if (const json* root = optional_field(j, "rootUri")) {
    if (!root->is_string()) throw std::invalid_argument("\"rootUri\" must be a string or null");
    p.rootUri = root->get<std::string>();
  }
  // processId is required by LSP, but clients and tests omit it: absent is taken as null.
  if (const json* pid = optional_field(j, "processId")) {
    if (!pid->is_number_integer()) throw std::invalid_argument("\"processId\" must be an integer or null");
    p.processId = pid->get<int64_t>();
  }
  p.rootPath = optional_string(j, "rootPath");
  if (const json* folders = optional_field(j, "workspaceFolders")) {
    if (!folders->is_array()) throw std::invalid_argument("\"workspaceFolders\" must be an array or null");
    for (const json& folder : *folders) p.workspaceFolders.push_back(folder.get<WorkspaceFolder>());
  }
  if (const json* options = optional_field(j, "initializationOptions")) p.initializationOptions = *options;
  if (const json* caps = optional_field(j, "capabilities")) {
    p.capabilities.workspace_configuration = bool_at(*caps, {"workspace", "configuration"});
    p.capabilities.watched_files_dynamic_registration =
        bool_at(*caps, {"workspace", "didChangeWatchedFiles", "dynamicRegistration"});
    p.capabilities.document_changes = bool_at(*caps, {"workspace", "workspaceEdit", "documentChanges"});
    p.capabilities.hierarchical_symbols =
        bool_at(*caps, {"textDocument", "documentSymbol", "hierarchicalDocumentSymbolSupport"});
    p.capabilities.work_done_progress = bool_at(*caps, {"window", "workDoneProgress"});
    p.capabilities.diagnostics_refresh = bool_at(*caps, {"workspace", "diagnostics", "refreshSupport"});
    p.capabilities.code_lens_refresh = bool_at(*caps, {"workspace", "codeLens", "refreshSupport"});
    p.capabilities.semantic_tokens_refresh = bool_at(*caps, {"workspace", "semanticTokens", "refreshSupport"});
    p.capabilities.inlay_hint_refresh = bool_at(*caps, {"workspace", "inlayHint", "refreshSupport"});
    const json* text_document = optional_field(*caps, "textDocument");
    p.capabilities.pull_diagnostics =
        text_document && text_document->is_object() && text_document->contains("diagnostic");
    const json* hover = text_document ? optional_field(*text_document, "hover") : nullptr;
    const json* formats = hover ? optional_field(*hover, "contentFormat") : nullptr;
    if (formats && formats->is_array())
      p.capabilities.hover_plaintext = std::find(formats->begin(), formats->end(), json("markdown")) == formats->end();
    const json* code_action = text_document ? optional_field(*text_document, "codeAction") : nullptr;
    const json* literals = code_action ? optional_field(*code_action, "codeActionLiteralSupport") : nullptr;
    p.capabilities.code_action_literals = literals && literals->is_object();
    const json* general = optional_field(*caps, "general");
    const json* encodings = general ? optional_field(*general, "positionEncodings") : nullptr;
    if (encodings && encodings->is_array())
      p.capabilities.utf8_positions =
          std::find(encodings->begin(), encodings->end(), json("utf-8")) != encodings->end();
    const json* edit = optional_field(*caps, "workspace");
    edit = edit ? optional_field(*edit, "workspaceEdit") : nullptr;
    const json* operations = edit ? optional_field(*edit, "resourceOperations") : nullptr;
    if (operations && operations->is_array()) {
      for (const json& operation : *operations) {
        if (operation == "create") p.capabilities.resource_create = true;
        if (operation == "rename") p.capabilities.resource_rename = true;
      }
    }
  }
}

void to_json(json& j, const InitializeResult& r) {
  j = json{
      {"capabilities",
       {
           {"positionEncoding", r.position_encoding == PositionEncoding::Utf8 ? "utf-8" : "utf-16"},
           {"textDocumentSync", {{"openClose", true}, {"change", 2}, {"save", {{"includeText", false}}}}},
           {"completionProvider", {{"triggerCharacters", {"[", "#", "^", "|", "(", "!"}}, {"resolveProvider", false}}},
           {"definitionProvider", true},
           {"hoverProvider", true},
           {"referencesProvider", true},
           {"documentSymbolProvider", true},
           {"workspaceSymbolProvider", true},
           {"documentLinkProvider", {{"resolveProvider", false}}},
           {"codeActionProvider",
            {{"codeActionKinds", {"quickfix", "refactor.extract", "refactor.inline", "refactor.rewrite"}}}},
           {"executeCommandProvider", {{"commands", {kApplyEditCommand, kOpenDailyNoteCommand}}}},
           {"renameProvider", {{"prepareProvider", true}}},
           {"codeLensProvider", {{"resolveProvider", false}}},
           {"workspace",
            json{{"fileOperations",
                  json{{"willRename", json{{"filters", json::array({json{{"scheme", "file"},
                                                                         {"pattern", json{{"glob", "**/*"}}}}})}}}}}}},
       }},
      {"serverInfo", {{"name", "slipbox"}, {"version", r.server_version}}},
  };
  json& capabilities = j["capabilities"];
  capabilities["workspace"]["workspaceFolders"] = json{{"supported", true}, {"changeNotifications", true}};
  capabilities["foldingRangeProvider"] = true;
  capabilities["selectionRangeProvider"] = true;
  capabilities["inlayHintProvider"] = true;
  capabilities["semanticTokensProvider"] = json{
      {"legend",
       {{"tokenTypes", std::vector<std::string>(std::begin(kTokenTypeNames), std::end(kTokenTypeNames))},
        {"tokenModifiers", std::vector<std::string>(std::begin(kTokenModifierNames), std::end(kTokenModifierNames))}}},
      {"full", true},
      {"range", true}};
  if (r.pull_diagnostics)
    capabilities["diagnosticProvider"] =
        json{{"identifier", "slipbox"}, {"interFileDependencies", true}, {"workspaceDiagnostics", true}};
}

void from_json(const json& j, DidChangeConfigurationParams& p) { p.settings = require(j, "settings"); }

void from_json(const json& j, DidChangeWatchedFilesParams& p) {
  const json& changes = require(j, "changes");
  if (!changes.is_array()) throw std::invalid_argument("\"changes\" must be an array");
  for (const json& change : changes)
    p.changes.push_back(FileEvent{require_string(change, "uri"), static_cast<int>(require_integer(change, "type"))});
}

// ---- navigation and refactoring -------------------------------------------------------

void from_json(const json& j, ReferenceParams& p) {
  p.textDocument = require(j, "textDocument").get<TextDocumentIdentifier>();
  p.position = require(j, "position").get<Position>();
  p.includeDeclaration = require_bool(require(j, "context"), "includeDeclaration");
}

void from_json(const json& j, DocumentOnlyParams& p) {
  p.textDocument = require(j, "textDocument").get<TextDocumentIdentifier>();
}

void to_json(json& j, const DocumentSymbol& s) {
  j = json{
      {"name", s.name}, {"kind", static_cast<int>(s.kind)}, {"range", s.range}, {"selectionRange", s.selectionRange}};
  if (!s.detail.empty()) j["detail"] = s.detail;
  if (!s.children.empty()) j["children"] = s.children;
}

void to_json(json& j, const SymbolInformation& s) {
  j = json{{"name", s.name}, {"kind", static_cast<int>(s.kind)}, {"location", s.location}};
  if (!s.containerName.empty()) j["containerName"] = s.containerName;
}

void to_json(json& j, const DocumentSymbolResult& r) {
  if (r.flat)
    j = *r.flat;
  else
    j = r.hierarchical;
}

void from_json(const json& j, WorkspaceSymbolParams& p) { p.query = require_string(j, "query"); }

void to_json(json& j, const DocumentLink& l) {
  j = json{{"range", l.range}};
  if (l.target) j["target"] = *l.target;
  if (!l.tooltip.empty()) j["tooltip"] = l.tooltip;
}

void to_json(json& j, const Command& c) {
  j = json{{"title", c.title}, {"command", c.command}};
  if (!c.arguments.is_null()) j["arguments"] = c.arguments;
}

void to_json(json& j, const CodeLens& c) {
  j = json{{"range", c.range}};
  if (c.command) j["command"] = *c.command;
}

void to_json(json& j, const DocumentChange& c) {
  switch (c.kind) {
    case DocumentChange::Kind::Edit:
      j = json{
          {"textDocument", {{"uri", c.edit.uri}, {"version", c.edit.version ? json(*c.edit.version) : json(nullptr)}}},
          {"edits", c.edit.edits}};
      return;
    case DocumentChange::Kind::Create:
      j = json{{"kind", "create"},
               {"uri", c.create.uri},
               {"options", {{"overwrite", c.create.overwrite}, {"ignoreIfExists", c.create.ignoreIfExists}}}};
      return;
    case DocumentChange::Kind::Rename:
      j = json{{"kind", "rename"},
               {"oldUri", c.rename.oldUri},
               {"newUri", c.rename.newUri},
               {"options", {{"overwrite", c.rename.overwrite}, {"ignoreIfExists", c.rename.ignoreIfExists}}}};
      return;
  }
}

void WorkspaceEdit::create_file(const std::string& uri, const std::string& text, bool ignore_if_exists) {
  DocumentChange create;
  create.kind = DocumentChange::Kind::Create;
  create.create = CreateFile{uri, false, ignore_if_exists};
  documentChanges.push_back(std::move(create));
  DocumentChange fill;
  fill.edit = TextDocumentEdit{uri, std::nullopt, {TextEdit{Range{}, text}}};
  documentChanges.push_back(std::move(fill));
}

void to_json(json& j, const WorkspaceEdit& e) {
  if (e.use_document_changes) {
    j = json{{"documentChanges", e.documentChanges}};
    return;
  }
  json changes = json::object();
  for (const DocumentChange& change : e.documentChanges) {
    if (change.kind != DocumentChange::Kind::Edit) continue;
    json& edits = changes[change.edit.uri];
    if (edits.is_null()) edits = json::array();
    for (const TextEdit& edit : change.edit.edits) edits.push_back(edit);
  }
  j = json{{"changes", changes}};
}

void from_json(const json& j, CodeActionParams& p) {
  p.textDocument = require(j, "textDocument").get<TextDocumentIdentifier>();
  p.range = require(j, "range").get<Range>();
  const json& context = require(j, "context");
  if (!require(context, "diagnostics").is_array()) throw std::invalid_argument("\"diagnostics\" must be an array");
  if (const json* only = optional_field(context, "only")) {
    if (!only->is_array()) throw std::invalid_argument("\"only\" must be an array");
    for (const json& kind : *only) {
      if (!kind.is_string()) throw std::invalid_argument("\"only\" must hold strings");
      p.only.push_back(kind.get<std::string>());
    }
  }
}

void to_json(json& j, const CodeAction& a) {
  if (a.as_command) {
    json arguments = json::array();
    if (a.edit) arguments.push_back(*a.edit);
    j = Command{a.title, kApplyEditCommand, std::move(arguments)};
    return;
  }
  j = json{{"title", a.title}, {"kind", a.kind}};
  if (a.isPreferred) j["isPreferred"] = true;
  if (a.edit) j["edit"] = *a.edit;
}

void from_json(const json& j, ExecuteCommandParams& p) {
  p.command = require_string(j, "command");
  if (const json* arguments = optional_field(j, "arguments")) {
    if (!arguments->is_array()) throw std::invalid_argument("\"arguments\" must be an array");
    p.arguments = *arguments;
  }
}

void from_json(const json& j, RenameParams& p) {
  p.textDocument = require(j, "textDocument").get<TextDocumentIdentifier>();
  p.position = require(j, "position").get<Position>();
  p.newName = require_string(j, "newName");
}

void to_json(json& j, const PrepareRenameResult& r) { j = json{{"range", r.range}, {"placeholder", r.placeholder}}; }

void from_json(const json& j, RenameFilesParams& p) {
  const json& files = require(j, "files");
  if (!files.is_array()) throw std::invalid_argument("\"files\" must be an array");
  for (const json& file : files)
    p.files.push_back(FileRename{require_string(file, "oldUri"), require_string(file, "newUri")});
}

// ---- workspace folders and pull diagnostics -------------------------------------------

void from_json(const json& j, DidChangeWorkspaceFoldersParams& p) {
  const json& event = require(j, "event");
  for (const char* key : {"added", "removed"}) {
    const json* folders = &require(event, key);
    if (!folders->is_array()) throw std::invalid_argument(std::string("\"") + key + "\" must be an array");
    auto& out = std::string_view(key) == "added" ? p.added : p.removed;
    for (const json& folder : *folders) out.push_back(folder.get<WorkspaceFolder>());
  }
}

void from_json(const json& j, DocumentDiagnosticParams& p) {
  p.textDocument = require(j, "textDocument").get<TextDocumentIdentifier>();
  p.previousResultId = optional_string(j, "previousResultId");
}

void from_json(const json& j, WorkspaceDiagnosticParams& p) {
  const json& previous = require(j, "previousResultIds");
  if (!previous.is_array()) throw std::invalid_argument("\"previousResultIds\" must be an array");
  for (const json& item : previous)
    p.previousResultIds.push_back(PreviousResultId{require_string(item, "uri"), require_string(item, "value")});
}

void to_json(json& j, const DocumentDiagnosticReport& r) {
  if (r.unchanged)
    j = json{{"kind", "unchanged"}, {"resultId", r.resultId}};
  else
    j = json{{"kind", "full"}, {"resultId", r.resultId}, {"items", r.items}};
}

json workspace_report_json(const DocumentDiagnosticReport& r) {
  json j = r;
  j["uri"] = r.uri;
  j["version"] = r.version ? json(*r.version) : json(nullptr);
  return j;
}

void to_json(json& j, const WorkspaceDiagnosticReport& r) {
  json items = json::array();
  for (const DocumentDiagnosticReport& report : r.items) items.push_back(workspace_report_json(report));
  j = json{{"items", std::move(items)}};
}

// ---- authoring ------------------------------------------------------------

void from_json(const json& j, FoldingRangeParams& p) {
  p.textDocument = require(j, "textDocument").get<TextDocumentIdentifier>();
}

void to_json(json& j, const FoldingRange& r) {
  j = json{{"startLine", r.startLine}, {"endLine", r.endLine}};
  if (r.kind) j["kind"] = *r.kind;
}

void from_json(const json& j, SelectionRangeParams& p) {
  p.textDocument = require(j, "textDocument").get<TextDocumentIdentifier>();
  const json& positions = require(j, "positions");
  if (!positions.is_array()) throw std::invalid_argument("\"positions\" must be an array");
  for (const json& position : positions) p.positions.push_back(position.get<Position>());
}

void to_json(json& j, const SelectionRange& r) {
  j = nullptr;
  // Outermost first, each wrapped as the parent of the next one in.
  for (auto range = r.chain.rbegin(); range != r.chain.rend(); ++range) {
    json inner{{"range", *range}};
    if (!j.is_null()) inner["parent"] = std::move(j);
    j = std::move(inner);
  }
}

void from_json(const json& j, SemanticTokensParams& p) {
  p.textDocument = require(j, "textDocument").get<TextDocumentIdentifier>();
  if (const json* range = optional_field(j, "range")) p.range = range->get<Range>();
}

void to_json(json& j, const SemanticTokens& t) { j = json{{"data", t.data}}; }

void from_json(const json& j, InlayHintParams& p) {
  p.textDocument = require(j, "textDocument").get<TextDocumentIdentifier>();
  p.range = require(j, "range").get<Range>();
}

void to_json(json& j, const InlayHint& h) {
  j = json{{"position", h.position}, {"label", h.label}, {"kind", 1}, {"paddingLeft", true}};
  if (!h.tooltip.empty()) j["tooltip"] = h.tooltip;
}

}  // namespace slipbox::lsp
