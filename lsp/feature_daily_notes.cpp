// slipbox.openDailyNote: the daily note of today (plus an offset in days), created from the
// daily-notes template when it does not exist yet, then shown. The server never writes the
// file itself: it asks the client to create it (workspace/applyEdit) and to show it
// (window/showDocument).
#include <fstream>
#include <sstream>

#include "analysis/features/daily_notes.h"
#include "analysis/features/templates.h"
#include "analysis/text/vault_path.h"
#include "lsp/server.h"
#include "lsp/uri.h"

namespace slipbox::lsp {

namespace fs = std::filesystem;

namespace {

fs::path on_disk(const fs::path& root, const std::string& vault_path) {
  return root / fs::path(std::u8string(vault_path.begin(), vault_path.end()));
}

// The template's text: its open buffer, else the file; nullopt when it cannot be read.
std::optional<std::string> read_template(const Workspace& workspace, const fs::path& file) {
  if (const auto open = workspace.document(uri_from_path(file))) return open->text;
  std::error_code error;
  if (!fs::is_regular_file(file, error) || fs::file_size(file, error) > (16u << 20)) return std::nullopt;
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

}  // namespace

void Server::open_daily_note(const ExecuteCommandParams& params, Reply<NullResult> reply) {
  long offset = 0;
  if (params.arguments.size() > 1 || (params.arguments.size() == 1 && !params.arguments[0].is_number_integer()))
    return reply.error(ErrorCode::InvalidParams,
                       std::string(kOpenDailyNoteCommand) + " takes one argument: days from today");
  if (params.arguments.size() == 1) offset = params.arguments[0].get<long>();
  if (offset < -100000 || offset > 100000) return reply.error(ErrorCode::InvalidParams, "offset out of range");
  const std::vector<fs::path> folders = workspace_.folders();
  if (folders.empty()) return reply.error(ErrorCode::RequestFailed, "no workspace folder to keep daily notes in");
  const fs::path& root = folders.front();
  const auto options = workspace_.query_environment();
  const auto settings = options->vault_settings->get(root);
  const LocalDateTime day = add_days(options->now(), offset);
  const std::string vault_path = daily_note_path(settings->daily_notes, day);
  const std::string uri = uri_from_path(on_disk(root, vault_path));

  const auto show = [this, uri, reply] {
    endpoint_.call("window/showDocument", json{{"uri", uri}, {"takeFocus", true}},
                   [reply, uri](const std::optional<json>& result, const std::optional<json>& error) {
                     if (error)
                       return reply.error(ErrorCode::RequestFailed,
                                          "the client cannot show " + uri + ": " + error->dump());
                     if (result && result->is_object() && result->value("success", true) == false)
                       return reply.error(ErrorCode::RequestFailed, "the client did not show " + uri);
                     reply(NullResult{});
                   });
  };
  std::error_code error;
  if (workspace_.document(uri) || fs::exists(on_disk(root, vault_path), error)) return show();

  // A client that offers the "create" resource operation applies documentChanges (Neovim
  // offers it without saying documentChanges).
  if (!client_.resource_create)
    return reply.error(ErrorCode::RequestFailed, "the client cannot create files (workspace edits with a CreateFile)");
  std::string text;
  if (const auto template_path = daily_note_template_path(settings->daily_notes)) {
    const auto template_text = read_template(workspace_, on_disk(root, *template_path));
    if (!template_text)
      return reply.error(ErrorCode::RequestFailed, "cannot read the daily-note template " + *template_path);
    std::string title(basename_of(vault_path));
    title.resize(title.size() - 3);
    text = fill_template(*template_text,
                         TemplateValues{title, day, settings->daily_notes.format, settings->templates.time_format});
  }
  WorkspaceEdit edit;
  edit.use_document_changes = true;
  edit.create_file(uri, text);
  endpoint_.call(
      "workspace/applyEdit", json{{"label", "Create the daily note"}, {"edit", edit}},
      [reply, show](const std::optional<json>& result, const std::optional<json>& failure) {
        if (failure)
          return reply.error(ErrorCode::RequestFailed, "the client could not create the note: " + failure->dump());
        if (result && result->is_object() && result->value("applied", true) == false)
          return reply.error(
              ErrorCode::RequestFailed,
              "the client did not create the note: " + result->value("failureReason", std::string("no reason given")));
        show();
      });
}

}  // namespace slipbox::lsp
