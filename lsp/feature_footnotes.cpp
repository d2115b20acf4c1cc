// Footnotes and callouts: completion after `[^` and `> [!`, definition and hover
// on a footnote reference, unresolved-footnote and unused-footnote diagnostics. All from the
// note alone.
#include "analysis/features/callouts.h"
#include "analysis/features/footnotes.h"

#include "lsp/convert.h"
#include "lsp/features.h"

namespace slipbox::lsp {

std::optional<CompletionList> authoring_completion(const NoteSnapshot& note, const Position& position) {
  const Document& document = *note.document;
  const uint32_t offset = cursor_offset(note, position);
  char sort[8];
  if (const auto footnotes = complete_footnote(*document.parsed, document.text, offset)) {
    CompletionList list;
    const Range replace = to_range(document.lines, footnotes->replace, note.encoding);
    for (const FootnoteCompletion& item : footnotes->items) {
      CompletionItem out;
      out.label = item.label;
      out.kind = CompletionItemKind::Reference;
      out.detail = item.defined ? item.detail : "referenced, not defined yet";
      std::snprintf(sort, sizeof sort, "%05zu", list.items.size());
      out.sortText = sort;
      out.filterText = item.label;
      out.textEdit = TextEdit{replace, item.label + (footnotes->close ? "]" : "")};
      list.items.push_back(std::move(out));
    }
    return list;
  }
  if (const auto callout = callout_context(document.text, offset)) {
    CompletionList list;
    const Range replace = to_range(document.lines, callout->replace, note.encoding);
    for (const CalloutType& type : callout_types()) {
      const auto add = [&](std::string_view name, std::string detail) {
        CompletionItem out;
        out.label = std::string(name);
        out.kind = CompletionItemKind::EnumMember;
        out.detail = std::move(detail);
        std::snprintf(sort, sizeof sort, "%05zu", list.items.size());
        out.sortText = sort;
        out.filterText = std::string(name);
        out.textEdit = TextEdit{replace, std::string(name) + "]"};
        list.items.push_back(std::move(out));
      };
      add(type.name, "callout");
      for (std::string_view alias : type.aliases) add(alias, "callout, as " + std::string(type.name));
    }
    return list;
  }
  return std::nullopt;
}

namespace {
// The footnote reference under the cursor with its definition, or nothing.
std::optional<std::pair<FootnoteMark, FootnoteMark>> reference_at(const NoteSnapshot& note, const Position& position) {
  const Document& document = *note.document;
  if (document.text.find("[^") == std::string::npos) return std::nullopt;
  const auto marks = find_footnotes(*document.parsed, document.text);
  const FootnoteMark* mark = footnote_at(marks, cursor_offset(note, position));
  if (!mark) return std::nullopt;
  const FootnoteMark* definition = mark->definition ? mark : footnote_definition(marks, mark->label);
  if (!definition) return std::nullopt;
  return std::pair{*mark, *definition};
}
}  // namespace

std::optional<Location> footnote_definition(const NoteSnapshot& note, const Position& position) {
  const auto found = reference_at(note, position);
  if (!found || found->first.definition) return std::nullopt;
  return Location{note.document->uri, to_range(note.document->lines, found->second.range, note.encoding)};
}

std::optional<Hover> footnote_hover(const NoteSnapshot& note, const Position& position,
                                    const ClientCapabilities& client) {
  const auto found = reference_at(note, position);
  if (!found || found->first.definition) return std::nullopt;
  const Document& document = *note.document;
  const FootnoteMark& definition = found->second;
  std::string body(document.text.substr(definition.body.begin, definition.body.size()));
  if (body.empty()) body = "(empty footnote)";
  return Hover{MarkupContent{client.hover_plaintext ? "plaintext" : "markdown", body},
               to_range(document.lines, found->first.range, note.encoding)};
}

std::vector<Diagnostic> footnote_diagnostics(const NoteSnapshot& note, const Settings& settings) {
  std::vector<Diagnostic> out;
  const Document& document = *note.document;
  if (document.text.find("[^") == std::string::npos) return out;
  const auto unresolved = settings.severity("unresolved-footnote", DiagnosticSeverity::Warning);
  const auto unused = settings.severity("unused-footnote", DiagnosticSeverity::Warning);
  if (!unresolved && !unused) return out;
  for (const FootnoteProblem& problem : footnote_problems(find_footnotes(*document.parsed, document.text))) {
    const auto severity = problem.unused ? unused : unresolved;
    if (!severity) continue;
    Diagnostic diagnostic;
    diagnostic.range = to_range(document.lines, problem.range, note.encoding);
    diagnostic.severity = *severity;
    diagnostic.code = problem.unused ? "unused-footnote" : "unresolved-footnote";
    diagnostic.message = problem.message;
    out.push_back(std::move(diagnostic));
  }
  return out;
}

}  // namespace slipbox::lsp
