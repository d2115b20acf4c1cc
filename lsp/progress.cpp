#include "lsp/progress.h"

#include <algorithm>

namespace slipbox::lsp {

using json = nlohmann::json;

WorkDoneProgress::WorkDoneProgress(Endpoint& endpoint, std::string token, std::string title,
                                   std::optional<std::string> message)
    : endpoint_(endpoint), token_(std::move(token)), title_(std::move(title)), begin_message_(std::move(message)) {}

std::shared_ptr<WorkDoneProgress> WorkDoneProgress::start(Endpoint& endpoint, std::string token, std::string title,
                                                          std::optional<std::string> message) {
  auto progress = std::make_shared<WorkDoneProgress>(endpoint, std::move(token), std::move(title), std::move(message));
  // A strong reference: the work may end (and its owner let go) before the client accepts
  // the token, and the held begin/end must still go out then. The endpoint that holds this
  // callback outlives it, and the object is small.
  endpoint.call(
      "window/workDoneProgress/create", json{{"token", progress->token_}},
      [progress](const std::optional<json>&, const std::optional<json>& error) { progress->on_created(!error); });
  return progress;
}

void WorkDoneProgress::on_created(bool accepted) {
  if (state_ != State::Creating) return;
  if (!accepted) {
    state_ = State::Refused;
    return;
  }
  state_ = State::Active;
  // percentage 0: a client shows the percentages of later reports only when begin has one.
  json begin{{"kind", "begin"}, {"title", title_}, {"cancellable", false}, {"percentage", 0}};
  if (begin_message_) begin["message"] = *begin_message_;
  send(std::move(begin));
  if (held_report_ && !end_requested_) send(std::move(*held_report_));
  held_report_.reset();
  if (end_requested_) {
    end_requested_ = false;
    end(end_message_);
  }
}

void WorkDoneProgress::report(std::string message, std::optional<unsigned> percentage) {
  json value{{"kind", "report"}, {"message", std::move(message)}};
  if (percentage) value["percentage"] = std::min(*percentage, 100u);
  switch (state_) {
    case State::Creating:
      held_report_ = std::move(value);
      break;
    case State::Active:
      send(std::move(value));
      break;
    case State::Refused:
    case State::Ended:
      break;
  }
}

void WorkDoneProgress::end(std::optional<std::string> message) {
  switch (state_) {
    case State::Creating:
      end_requested_ = true;
      end_message_ = std::move(message);
      return;
    case State::Active: {
      state_ = State::Ended;
      json value{{"kind", "end"}};
      if (message) value["message"] = *message;
      send(std::move(value));
      return;
    }
    case State::Refused:
    case State::Ended:
      return;
  }
}

void WorkDoneProgress::send(json value) {
  endpoint_.notify("$/progress", json{{"token", token_}, {"value", std::move(value)}});
}

}  // namespace slipbox::lsp
