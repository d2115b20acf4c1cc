#pragma once
#include <memory>
#include <optional>
#include <string>

#include "lsp/endpoint.h"

namespace slipbox::lsp {

// Work-done progress for one server-initiated task ("Indexing 12,345 notes"), for clients
// that announce `window.workDoneProgress`: a `window/workDoneProgress/create` request, then
// `$/progress` begin / report / end once the client accepted the token. Reports and the end
// that come before the client answered are held back and sent after `begin`; a client that
// refuses the token gets nothing more. Strand-only (the create answer arrives there too).
class WorkDoneProgress : public std::enable_shared_from_this<WorkDoneProgress> {
 public:
  // Sends the create request; `title` goes into `begin`.
  static std::shared_ptr<WorkDoneProgress> start(Endpoint& endpoint, std::string token, std::string title,
                                                 std::optional<std::string> message = std::nullopt);
  WorkDoneProgress(Endpoint& endpoint, std::string token, std::string title, std::optional<std::string> message);

  // Only the latest report is kept while the token is not yet created.
  void report(std::string message, std::optional<unsigned> percentage = std::nullopt);
  // Idempotent: a second end() is ignored.
  void end(std::optional<std::string> message = std::nullopt);

  const std::string& token() const { return token_; }

 private:
  enum class State { Creating, Active, Refused, Ended };
  void on_created(bool accepted);
  void send(nlohmann::json value);

  Endpoint& endpoint_;
  const std::string token_;
  const std::string title_;
  std::optional<std::string> begin_message_;
  State state_ = State::Creating;
  std::optional<nlohmann::json> held_report_;
  bool end_requested_ = false;
  std::optional<std::string> end_message_;
};

}  // namespace slipbox::lsp
