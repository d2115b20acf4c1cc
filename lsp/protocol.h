#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace slipbox::lsp {

using json = nlohmann::json;

// LSP structures: plain structs parsed once at the boundary (from_json) and written with
// to_json. Field names copy the LSP spelling. Only the fields the server uses are here.
// from_json throws on a missing or mistyped required field; the endpoint turns that into
// -32602 InvalidParams.

// The unit of Position::character, negotiated at initialize (general.positionEncodings):
// UTF-16 code units (LSP's default), or bytes when the client offers utf-8.
enum class PositionEncoding { Utf16, Utf8 };

struct Position {
  uint32_t line = 0;
  // WARNING: in the negotiated PositionEncoding (UTF-16 code units unless the client chose
  // utf-8), never code points. Converted only in lsp/convert.h.
  uint32_t character = 0;
  friend bool operator==(const Position&, const Position&) = default;
};
void from_json(const json& j, Position& p);
void to_json(json& j, const Position& p);

struct Range {
  Position start;
  Position end;
  friend bool operator==(const Range&, const Range&) = default;
};
void from_json(const json& j, Range& r);
void to_json(json& j, const Range& r);

struct Location {
  std::string uri;
  Range range;
};
void from_json(const json& j, Location& l);
void to_json(json& j, const Location& l);

struct TextDocumentIdentifier {
  std::string uri;
};
void from_json(const json& j, TextDocumentIdentifier& t);

struct TextDocumentItem {
  std::string uri;
  std::string languageId;
  int64_t version = 0;
  std::string text;
};
void from_json(const json& j, TextDocumentItem& t);

struct VersionedTextDocumentIdentifier {
  std::string uri;
  int64_t version = 0;
};
void from_json(const json& j, VersionedTextDocumentIdentifier& t);

struct DidOpenTextDocumentParams {
  TextDocumentItem textDocument;
};
void from_json(const json& j, DidOpenTextDocumentParams& p);

struct TextDocumentContentChangeEvent {
  std::optional<Range> range;  // absent: `text` is the whole document
  std::string text;
};
void from_json(const json& j, TextDocumentContentChangeEvent& c);

struct DidChangeTextDocumentParams {
  VersionedTextDocumentIdentifier textDocument;
  std::vector<TextDocumentContentChangeEvent> contentChanges;
};
void from_json(const json& j, DidChangeTextDocumentParams& p);

struct DidCloseTextDocumentParams {
  TextDocumentIdentifier textDocument;
};
void from_json(const json& j, DidCloseTextDocumentParams& p);

struct DidSaveTextDocumentParams {
  TextDocumentIdentifier textDocument;
};
void from_json(const json& j, DidSaveTextDocumentParams& p);

struct TextDocumentPositionParams {
  TextDocumentIdentifier textDocument;
  Position position;
};
void from_json(const json& j, TextDocumentPositionParams& p);

using CompletionParams = TextDocumentPositionParams;  // `context` is not needed
using DefinitionParams = TextDocumentPositionParams;
using HoverParams = TextDocumentPositionParams;

enum class CompletionItemKind : int {
  Text = 1,
  Keyword = 14,
  File = 17,
  Reference = 18,
  Folder = 19,
  EnumMember = 20,
  Event = 23
};

struct TextEdit {
  Range range;
  std::string newText;
};
void to_json(json& j, const TextEdit& e);

struct Command;
struct CompletionItem {
  std::string label;
  CompletionItemKind kind = CompletionItemKind::Text;
  std::string detail;
  std::string sortText;
  std::string filterText;
  TextEdit textEdit;
  std::vector<TextEdit> additionalTextEdits;  // written only when not empty
  json command;                               // a Command, written only when not null
};
void to_json(json& j, const CompletionItem& c);

struct CompletionList {
  bool isIncomplete = false;
  std::vector<CompletionItem> items;
};
void to_json(json& j, const CompletionList& c);

struct MarkupContent {
  std::string kind = "markdown";
  std::string value;
};
void to_json(json& j, const MarkupContent& m);

struct Hover {
  MarkupContent contents;
  std::optional<Range> range;
};
void to_json(json& j, const Hover& h);

enum class DiagnosticSeverity : int { Error = 1, Warning = 2, Information = 3, Hint = 4 };

struct Diagnostic {
  Range range;
  DiagnosticSeverity severity = DiagnosticSeverity::Warning;
  std::string code;
  std::string source = "slipbox";
  std::string message;
};
void to_json(json& j, const Diagnostic& d);

struct PublishDiagnosticsParams {
  std::string uri;
  std::optional<int64_t> version;
  std::vector<Diagnostic> diagnostics;
};
void to_json(json& j, const PublishDiagnosticsParams& p);

struct WorkspaceFolder {
  std::string uri;
  std::string name;
};
void from_json(const json& j, WorkspaceFolder& w);

// The client capabilities the server looks at.
struct ClientCapabilities {
  bool workspace_configuration = false;             // workspace.configuration
  bool watched_files_dynamic_registration = false;  // workspace.didChangeWatchedFiles.dynamicRegistration
  bool document_changes = false;                    // workspace.workspaceEdit.documentChanges
  bool resource_create = false;                     // workspace.workspaceEdit.resourceOperations has "create"
  bool resource_rename = false;                     // … has "rename"
  bool hierarchical_symbols = false;                // textDocument.documentSymbol.hierarchicalDocumentSymbolSupport
  bool work_done_progress = false;                  // window.workDoneProgress
  bool pull_diagnostics = false;                    // textDocument.diagnostic present (LSP 3.17 pull model)
  bool diagnostics_refresh = false;                 // workspace.diagnostics.refreshSupport
  bool code_lens_refresh = false;                   // workspace.codeLens.refreshSupport
  bool hover_plaintext = false;                     // textDocument.hover.contentFormat is given and lacks "markdown"
  bool code_action_literals = false;                // textDocument.codeAction.codeActionLiteralSupport (else Commands)
  bool utf8_positions = false;                      // general.positionEncodings offers "utf-8"
  bool semantic_tokens_refresh = false;             // workspace.semanticTokens.refreshSupport
  bool inlay_hint_refresh = false;                  // workspace.inlayHint.refreshSupport
};

struct InitializeParams {
  std::optional<int64_t> processId;  // the editor's process: the server exits when it is gone
  std::optional<std::string> rootUri;
  std::optional<std::string> rootPath;
  std::vector<WorkspaceFolder> workspaceFolders;
  json initializationOptions;  // null when absent; read by Settings
  ClientCapabilities capabilities;
};
void from_json(const json& j, InitializeParams& p);

struct InitializeResult {
  std::string server_version;
  // diagnosticProvider (pull, LSP 3.17): only for clients that declare textDocument.diagnostic.
  bool pull_diagnostics = false;
  PositionEncoding position_encoding = PositionEncoding::Utf16;  // capabilities.positionEncoding
};
void to_json(json& j, const InitializeResult& r);

struct DidChangeConfigurationParams {
  json settings;
};
void from_json(const json& j, DidChangeConfigurationParams& p);

struct FileEvent {
  std::string uri;
  int type = 0;  // 1 created, 2 changed, 3 deleted
};
struct DidChangeWatchedFilesParams {
  std::vector<FileEvent> changes;
};
void from_json(const json& j, DidChangeWatchedFilesParams& p);

// ---- navigation and refactoring (references, symbols, links, code actions, rename) ----

struct ReferenceParams {
  TextDocumentIdentifier textDocument;
  Position position;
  bool includeDeclaration = false;  // context.includeDeclaration
};
void from_json(const json& j, ReferenceParams& p);

struct DocumentOnlyParams {  // documentSymbol, documentLink, codeLens
  TextDocumentIdentifier textDocument;
};
void from_json(const json& j, DocumentOnlyParams& p);
using DocumentSymbolParams = DocumentOnlyParams;
using DocumentLinkParams = DocumentOnlyParams;
using CodeLensParams = DocumentOnlyParams;

enum class SymbolKind : int { File = 1, Module = 2, Namespace = 3, String = 15, Key = 20 };

struct DocumentSymbol {
  std::string name;
  std::string detail;
  SymbolKind kind = SymbolKind::String;
  Range range;
  Range selectionRange;
  std::vector<DocumentSymbol> children;
};
void to_json(json& j, const DocumentSymbol& s);

struct SymbolInformation {
  std::string name;
  SymbolKind kind = SymbolKind::File;
  Location location;
  std::string containerName;
};
void to_json(json& j, const SymbolInformation& s);

// textDocument/documentSymbol answers either shape, depending on the client.
struct DocumentSymbolResult {
  std::vector<DocumentSymbol> hierarchical;
  std::optional<std::vector<SymbolInformation>> flat;  // set for clients without hierarchy support
};
void to_json(json& j, const DocumentSymbolResult& r);

struct WorkspaceSymbolParams {
  std::string query;
};
void from_json(const json& j, WorkspaceSymbolParams& p);

struct DocumentLink {
  Range range;
  std::optional<std::string> target;  // a URI
  std::string tooltip;
};
void to_json(json& j, const DocumentLink& l);

struct Command {
  std::string title;
  std::string command;
  json arguments;  // null when none
};
void to_json(json& j, const Command& c);

struct CodeLens {
  Range range;
  std::optional<Command> command;
};
void to_json(json& j, const CodeLens& c);

// One change of a WorkspaceEdit's documentChanges: edits to a document, or a file operation.
struct TextDocumentEdit {
  std::string uri;
  std::optional<int64_t> version;  // the open buffer's version; null for files on disk
  std::vector<TextEdit> edits;
};
struct CreateFile {
  std::string uri;
  bool overwrite = false;
  bool ignoreIfExists = true;
};
struct RenameFile {
  std::string oldUri;
  std::string newUri;
  bool overwrite = false;
  bool ignoreIfExists = false;
};
struct DocumentChange {
  enum class Kind { Edit, Create, Rename } kind = Kind::Edit;
  TextDocumentEdit edit;
  CreateFile create;
  RenameFile rename;
};
void to_json(json& j, const DocumentChange& c);

// Written as `documentChanges` when `use_document_changes`, else as the `changes` map
// (file operations cannot be expressed there and are left out).
struct WorkspaceEdit {
  std::vector<DocumentChange> documentChanges;
  bool use_document_changes = true;

  // A new file at `uri` holding `text`: a CreateFile, then the text as an edit of the empty
  // file (always two changes, so that callers can find the text to fill in). With
  // `ignore_if_exists` false the client refuses the whole edit when the file exists.
  void create_file(const std::string& uri, const std::string& text, bool ignore_if_exists = true);
};
void to_json(json& j, const WorkspaceEdit& e);

struct CodeActionParams {
  TextDocumentIdentifier textDocument;
  Range range;
  std::vector<std::string> only;  // context.only
};
void from_json(const json& j, CodeActionParams& p);

struct CodeAction {
  std::string title;
  std::string kind = "quickfix";
  bool isPreferred = false;
  std::optional<WorkspaceEdit> edit;
  // For clients without codeActionLiteralSupport: written as a Command that runs
  // kApplyEditCommand with the edit (workspace/executeCommand → workspace/applyEdit).
  bool as_command = false;
};
void to_json(json& j, const CodeAction& a);

// The commands the server executes. This one: arguments [WorkspaceEdit], applied by the client.
inline constexpr const char* kApplyEditCommand = "slipbox.applyEdit";
// Opens (creating it from its template when missing) the daily note; argument: days from today.
inline constexpr const char* kOpenDailyNoteCommand = "slipbox.openDailyNote";
struct ExecuteCommandParams {
  std::string command;
  json arguments = json::array();
};
void from_json(const json& j, ExecuteCommandParams& p);

struct RenameParams {
  TextDocumentIdentifier textDocument;
  Position position;
  std::string newName;
};
void from_json(const json& j, RenameParams& p);
using PrepareRenameParams = TextDocumentPositionParams;

struct PrepareRenameResult {
  Range range;
  std::string placeholder;
};
void to_json(json& j, const PrepareRenameResult& r);

struct FileRename {
  std::string oldUri;
  std::string newUri;
};
struct RenameFilesParams {
  std::vector<FileRename> files;
};
void from_json(const json& j, RenameFilesParams& p);

// ---- workspace folders and pull diagnostics (LSP 3.17) -------------------------------

struct DidChangeWorkspaceFoldersParams {
  std::vector<WorkspaceFolder> added;    // event.added
  std::vector<WorkspaceFolder> removed;  // event.removed
};
void from_json(const json& j, DidChangeWorkspaceFoldersParams& p);

struct DocumentDiagnosticParams {
  TextDocumentIdentifier textDocument;
  std::optional<std::string> previousResultId;
};
void from_json(const json& j, DocumentDiagnosticParams& p);

struct PreviousResultId {
  std::string uri;
  std::string value;
};
struct WorkspaceDiagnosticParams {
  std::vector<PreviousResultId> previousResultIds;
};
void from_json(const json& j, WorkspaceDiagnosticParams& p);

// A full or an unchanged report for one document. `uri` and `version` are written only in
// a workspace report (`version`: the open buffer's, null for a closed file).
struct DocumentDiagnosticReport {
  bool unchanged = false;  // kind "unchanged": the client's previousResultId still holds
  std::string resultId;
  std::vector<Diagnostic> items;  // kind "full" only
  std::string uri;
  std::optional<int64_t> version;
};
void to_json(json& j, const DocumentDiagnosticReport& r);  // textDocument/diagnostic
json workspace_report_json(const DocumentDiagnosticReport& r);

struct WorkspaceDiagnosticReport {
  std::vector<DocumentDiagnosticReport> items;
};
void to_json(json& j, const WorkspaceDiagnosticReport& r);

// ---- authoring: folding, selection ranges ---------------------------------

struct FoldingRangeParams {
  TextDocumentIdentifier textDocument;
};
void from_json(const json& j, FoldingRangeParams& p);

// Whole lines only (the server never sends startCharacter/endCharacter).
struct FoldingRange {
  uint32_t startLine = 0;
  uint32_t endLine = 0;
  std::optional<std::string> kind;  // "comment", "imports", "region"; absent for the rest
};
void to_json(json& j, const FoldingRange& r);

struct SelectionRangeParams {
  TextDocumentIdentifier textDocument;
  std::vector<Position> positions;
};
void from_json(const json& j, SelectionRangeParams& p);

// One position's chain, innermost first; written nested (`parent`) as LSP wants it.
struct SelectionRange {
  std::vector<Range> chain;
};
void to_json(json& j, const SelectionRange& r);

// ---- authoring: semantic tokens -------------------------------------------

struct SemanticTokensParams {
  TextDocumentIdentifier textDocument;
  std::optional<Range> range;  // textDocument/semanticTokens/range
};
void from_json(const json& j, SemanticTokensParams& p);

// LSP's relative encoding: five integers per token (line delta, start delta, length, type,
// modifier bits), lengths and starts in the negotiated PositionEncoding.
struct SemanticTokens {
  std::vector<uint32_t> data;
};
void to_json(json& j, const SemanticTokens& t);

// ---- authoring: inlay hints -----------------------------------------------

struct InlayHintParams {
  TextDocumentIdentifier textDocument;
  Range range;
};
void from_json(const json& j, InlayHintParams& p);

// Drawn after the link it belongs to (paddingLeft), as a "type" hint (kind 1): editors
// style those as a quiet annotation.
struct InlayHint {
  Position position;
  std::string label;
  std::string tooltip;
};
void to_json(json& j, const InlayHint& h);

// A result that may be JSON null (definition and hover with nothing to show).
template <typename T>
struct OrNull {
  std::optional<T> value;
};
template <typename T>
void to_json(json& j, const OrNull<T>& v) {
  if (v.value)
    j = *v.value;
  else
    j = nullptr;
}

}  // namespace slipbox::lsp
