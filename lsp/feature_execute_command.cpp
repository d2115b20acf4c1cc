// workspace/executeCommand: the Commands that stand in for code actions on clients without
// codeActionLiteralSupport. The command carries its WorkspaceEdit; the server hands it back
// with workspace/applyEdit and answers once the client has applied it (or refused).
#include "lsp/server.h"

namespace slipbox::lsp {

void Server::on_execute_command(const ExecuteCommandParams& params, Reply<NullResult> reply) {
  if (params.command == kOpenDailyNoteCommand) return open_daily_note(params, std::move(reply));
  if (params.command != kApplyEditCommand)
    return reply.error(ErrorCode::InvalidParams, "unknown command: " + params.command);
  if (params.arguments.size() != 1 || !params.arguments[0].is_object())
    return reply.error(ErrorCode::InvalidParams,
                       std::string(kApplyEditCommand) + " takes one argument: a WorkspaceEdit");
  endpoint_.call(
      "workspace/applyEdit", json{{"edit", params.arguments[0]}},
      [reply](const std::optional<json>& result, const std::optional<json>& error) {
        if (error)
          return reply.error(ErrorCode::RequestFailed, "the client could not apply the edit: " + error->dump());
        if (result && result->is_object() && result->value("applied", true) == false)
          return reply.error(
              ErrorCode::RequestFailed,
              "the client did not apply the edit: " + result->value("failureReason", std::string("no reason given")));
        reply(NullResult{});
      });
}

}  // namespace slipbox::lsp
