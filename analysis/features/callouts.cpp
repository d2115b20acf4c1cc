#include "analysis/features/callouts.h"

namespace slipbox {

const std::vector<CalloutType>& callout_types() {
  static const std::vector<CalloutType> kTypes{
      {"note", {}},
      {"abstract", {"summary", "tldr"}},
      {"info", {}},
      {"todo", {}},
      {"tip", {"hint", "important"}},
      {"success", {"check", "done"}},
      {"question", {"help", "faq"}},
      {"warning", {"caution", "attention"}},
      {"failure", {"fail", "missing"}},
      {"danger", {"error"}},
      {"bug", {}},
      {"example", {}},
      {"quote", {"cite"}},
  };
  return kTypes;
}

std::optional<CalloutContext> callout_context(std::string_view text, uint32_t offset) {
  if (offset > text.size()) return std::nullopt;
  uint32_t start = offset;  // the partial type: letters, digits, '-' and '_'
  while (start > 0) {
    const char c = text[start - 1];
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) break;
    --start;
  }
  if (start < 2 || text[start - 1] != '!' || text[start - 2] != '[') return std::nullopt;
  // Only `>` and blanks before `[!` on the line, at least one `>`.
  uint32_t i = start - 2;
  bool quoted = false;
  while (i > 0 && text[i - 1] != '\n' && text[i - 1] != '\r') {
    const char c = text[i - 1];
    if (c == '>')
      quoted = true;
    else if (c != ' ' && c != '\t')
      return std::nullopt;
    --i;
  }
  if (!quoted) return std::nullopt;
  CalloutContext out;
  uint32_t end = offset;
  while (end < text.size() && text[end] != ']' && text[end] != '\n' && text[end] != '\r' && text[end] != ' ') ++end;
  out.close = !(end < text.size() && text[end] == ']');
  out.replace = {start, out.close ? offset : end + 1};
  return out;
}

}  // namespace slipbox
