// Templates (Obsidian's core plugin): "Create note" for a broken link, once more per template.
#include "analysis/features/templates.h"
#include "analysis/text/vault_path.h"
#include "lsp/features.h"
#include "lsp/link_settings.h"

namespace slipbox::lsp {

namespace {
// A folder of many templates would bury the other fixes.
constexpr size_t kMaxTemplateActions = 20;
}  // namespace

void add_template_actions(const NoteSnapshot& note, const std::string& new_note_path, const Workspace& workspace,
                          std::vector<CodeAction>& out) {
  if (out.empty() || !note.in_folder || !note.environment) return;
  const CodeAction base = out.back();
  // The create action: CreateFile, then the new note's text.
  if (!base.edit || base.edit->documentChanges.size() < 2 ||
      base.edit->documentChanges[0].kind != DocumentChange::Kind::Create ||
      base.edit->documentChanges[1].edit.edits.size() != 1)
    return;
  const auto settings = note.environment->vault_settings->get(note.vault->root());
  const std::vector<FileId> templates = template_files(*note.vault, settings->templates);
  if (templates.empty()) return;
  std::string title(basename_of(new_note_path));
  if (title.size() > 3) title.resize(title.size() - 3);
  const TemplateValues values{title, note.environment->now(), settings->templates.date_format,
                              settings->templates.time_format};
  size_t added = 0;
  for (const FileId file : templates) {
    if (added == kMaxTemplateActions) break;
    const auto text = workspace.read_text(*note.vault, file);
    if (!text) continue;
    CodeAction action = base;
    action.title = "Create note '" + title + "' from template '" + template_name(*note.vault, file) + "'";
    action.isPreferred = false;
    action.edit->documentChanges[1].edit.edits[0].newText = fill_template(*text, values);
    out.push_back(std::move(action));
    ++added;
  }
}

}  // namespace slipbox::lsp
