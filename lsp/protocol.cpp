#include "lsp/protocol.h"

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
  t.languageId = optional_field(j, "languageId") && j["languageId"].is_string() ? j["languageId"].get<std::string>() : "";
  t.version = require_integer(j, "version");
  t.text = require_string(j, "text");
}

void from_json(const json& j, VersionedTextDocumentIdentifier& t) {
  t.uri = require_string(j, "uri");
  const json* version = optional_field(j, "version");
  t.version = version && version->is_number_integer() ? version->get<int64_t>() : 0;
}

void from_json(const json& j, DidOpenTextDocumentParams& p) { p.textDocument = require(j, "textDocument").get<TextDocumentItem>(); }

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
}

void to_json(json& j, const CompletionList& c) { j = json{{"isIncomplete", c.isIncomplete}, {"items", c.items}}; }

void to_json(json& j, const MarkupContent& m) { j = json{{"kind", m.kind}, {"value", m.value}}; }

void to_json(json& j, const Hover& h) {
  j = json{{"contents", h.contents}};
  if (h.range) j["range"] = *h.range;
}

void to_json(json& j, const Diagnostic& d) {
  j = json{{"range", d.range}, {"severity", static_cast<int>(d.severity)}, {"source", d.source}, {"message", d.message}};
  if (!d.code.empty()) j["code"] = d.code;
}

void to_json(json& j, const PublishDiagnosticsParams& p) {
  j = json{{"uri", p.uri}, {"diagnostics", p.diagnostics}};
  if (p.version) j["version"] = *p.version;
}

void from_json(const json& j, WorkspaceFolder& w) {
  w.uri = require_string(j, "uri");
  const json* name = optional_field(j, "name");
  w.name = name && name->is_string() ? name->get<std::string>() : "";
}

void from_json(const json& j, InitializeParams& p) {
  if (!j.is_object()) throw std::invalid_argument("initialize params must be an object");
  if (const json* root = optional_field(j, "rootUri")) {
    if (!root->is_string()) throw std::invalid_argument("\"rootUri\" must be a string or null");
    p.rootUri = root->get<std::string>();
  }
  if (const json* root = optional_field(j, "rootPath"); root && root->is_string()) p.rootPath = root->get<std::string>();
  if (const json* folders = optional_field(j, "workspaceFolders")) {
    if (!folders->is_array()) throw std::invalid_argument("\"workspaceFolders\" must be an array or null");
    for (const json& folder : *folders) p.workspaceFolders.push_back(folder.get<WorkspaceFolder>());
  }
  if (const json* options = optional_field(j, "initializationOptions")) p.initializationOptions = *options;
  if (const json* caps = optional_field(j, "capabilities")) {
    p.capabilities.workspace_configuration = bool_at(*caps, {"workspace", "configuration"});
    p.capabilities.watched_files_dynamic_registration =
        bool_at(*caps, {"workspace", "didChangeWatchedFiles", "dynamicRegistration"});
  }
}

void to_json(json& j, const InitializeResult& r) {
  j = json{
      {"capabilities",
       {
           {"positionEncoding", "utf-16"},
           {"textDocumentSync", {{"openClose", true}, {"change", 2}, {"save", {{"includeText", false}}}}},
           {"completionProvider", {{"triggerCharacters", {"[", "#", "^", "|", "("}}, {"resolveProvider", false}}},
           {"definitionProvider", true},
           {"hoverProvider", true},
       }},
      {"serverInfo", {{"name", "slipbox"}, {"version", r.server_version}}},
  };
}

void from_json(const json& j, DidChangeConfigurationParams& p) {
  p.settings = j.is_object() && j.contains("settings") ? j["settings"] : json(nullptr);
}

void from_json(const json& j, DidChangeWatchedFilesParams& p) {
  const json& changes = require(j, "changes");
  if (!changes.is_array()) throw std::invalid_argument("\"changes\" must be an array");
  for (const json& change : changes) p.changes.push_back(FileEvent{require_string(change, "uri"), static_cast<int>(require_integer(change, "type"))});
}

}  // namespace slipbox::lsp
