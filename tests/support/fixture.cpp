#include "tests/support/fixture.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <limits>

#include "analysis/text/line_index.h"

namespace slipbox::testing {
namespace {

constexpr std::string_view kCursor = "$0";
constexpr std::string_view kOpen = "\u27E6";   // ⟦
constexpr std::string_view kClose = "\u27E7";  // ⟧
constexpr std::string_view kHeader = "//- ";

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start <= text.size()) {
    const size_t newline = text.find('\n', start);
    if (newline == std::string_view::npos) {
      lines.push_back(text.substr(start));
      break;
    }
    lines.push_back(text.substr(start, newline - start));
    start = newline + 1;
  }
  return lines;
}

bool is_blank(std::string_view line) { return line.find_first_not_of(" \t\r") == std::string_view::npos; }

}  // namespace

std::string dedent(std::string_view text) {
  if (!text.empty() && text.front() == '\n') text.remove_prefix(1);
  const auto lines = split_lines(text);
  size_t indent = std::numeric_limits<size_t>::max();
  for (const auto line : lines) {
    if (is_blank(line)) continue;
    indent = std::min(indent, line.find_first_not_of(" \t"));
  }
  if (indent == std::numeric_limits<size_t>::max()) indent = 0;
  std::string out;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (!is_blank(lines[i])) out.append(lines[i].substr(indent));
    if (i + 1 < lines.size()) out += '\n';
  }
  return out;
}

AnnotatedText parse_annotated(std::string_view annotated) {
  AnnotatedText result;
  std::vector<size_t> open_ranges;  // indices into result.ranges still waiting for ⟧
  for (size_t i = 0; i < annotated.size();) {
    const std::string_view rest = annotated.substr(i);
    const auto here = static_cast<uint32_t>(result.text.size());
    if (rest.starts_with(kCursor)) {
      EXPECT_FALSE(result.cursor.has_value()) << "fixture has more than one $0";
      result.cursor = here;
      i += kCursor.size();
    } else if (rest.starts_with(kOpen)) {
      open_ranges.push_back(result.ranges.size());
      result.ranges.push_back(ByteRange{here, here});
      i += kOpen.size();
    } else if (rest.starts_with(kClose)) {
      EXPECT_FALSE(open_ranges.empty()) << "fixture has ⟧ without ⟦";
      if (!open_ranges.empty()) {
        result.ranges[open_ranges.back()].end = here;
        open_ranges.pop_back();
      }
      i += kClose.size();
    } else {
      result.text += annotated[i];
      ++i;
    }
  }
  EXPECT_TRUE(open_ranges.empty()) << "fixture has ⟦ without ⟧";
  return result;
}

Fixture::Fixture(std::string_view annotated_vault) {
  const std::string text = dedent(annotated_vault);
  std::string path = "Note.md";
  std::string body;
  bool has_body = false;  // text before the first header only makes a file when non-blank
  const auto flush = [&] {
    if (has_body) files_.push_back(FixtureFile{path, parse_annotated(body)});
    body.clear();
  };
  const auto lines = split_lines(text);
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string_view line = lines[i];
    if (line.starts_with(kHeader)) {
      flush();
      std::string_view header = line.substr(kHeader.size());
      while (!header.empty() && (header.back() == ' ' || header.back() == '\r')) header.remove_suffix(1);
      if (header.starts_with('/')) header.remove_prefix(1);
      path = std::string(header);
      has_body = true;
      continue;
    }
    body.append(line);
    if (i + 1 < lines.size()) body += '\n';
    if (!is_blank(line)) has_body = true;
  }
  flush();

  std::vector<Vault::InMemoryFile> memory;
  int cursors = 0;
  for (const auto& file : files_) {
    memory.push_back(Vault::InMemoryFile{file.path, file.text()});
    cursors += file.annotated.cursor.has_value();
  }
  EXPECT_LE(cursors, 1) << "fixture has more than one $0";
  vault_ = Vault::from_memory("/vault", std::move(memory));
}

const FixtureFile& Fixture::cursor_file() const {
  for (const auto& file : files_)
    if (file.annotated.cursor) return file;
  ADD_FAILURE() << "fixture has no $0";
  static const FixtureFile empty{"Note.md", {}};
  return files_.empty() ? empty : files_.front();
}

uint32_t Fixture::cursor() const { return cursor_file().annotated.cursor.value_or(0); }

const FixtureFile& Fixture::file(std::string_view path) const {
  if (path.starts_with('/')) path.remove_prefix(1);
  for (const auto& file : files_)
    if (file.path == path) return file;
  ADD_FAILURE() << "fixture has no file " << path;
  static const FixtureFile empty{"", {}};
  return empty;
}

FileId Fixture::id(std::string_view path) const {
  if (path.starts_with('/')) path.remove_prefix(1);
  const auto found = vault_->find_path(path);
  if (!found) {
    ADD_FAILURE() << "vault has no file " << path;
    return std::numeric_limits<FileId>::max();
  }
  return *found;
}

ByteRange Fixture::range(size_t index) const { return range_in(cursor_file().path, index); }

ByteRange Fixture::range_in(std::string_view path, size_t index) const {
  const auto& ranges = file(path).annotated.ranges;
  if (index >= ranges.size()) {
    ADD_FAILURE() << "file " << path << " has no range #" << index;
    return {};
  }
  return ranges[index];
}

NoteContext Fixture::context() const {
  const FixtureFile& file = cursor_file();
  const FileId note = id(file.path);
  static const ParsedNote empty;
  const ParsedNote* parsed = note < vault_->file_count() ? vault_->note(note) : nullptr;
  if (!parsed) {
    ADD_FAILURE() << "cursor file " << file.path << " is not a parsed note";
    parsed = &empty;
  }
  return NoteContext{*vault_, file.path, file.text(), *parsed};
}

ReadText Fixture::read_text() const {
  // Copies the texts so the callback outlives nothing it points to.
  std::vector<std::pair<std::string, std::string>> texts;
  for (const auto& file : files_) texts.emplace_back(file.path, file.text());
  std::shared_ptr<const Vault> vault = vault_;
  return [vault, texts = std::move(texts)](FileId id) -> std::optional<std::string> {
    if (id >= vault->file_count()) return std::nullopt;
    for (const auto& [path, text] : texts)
      if (vault->find_path(path) == id) return text;
    return std::nullopt;
  };
}

std::string Fixture::render(std::string_view path, ByteRange range) const {
  return render_range(file(path).text(), range);
}

std::string Fixture::render(ByteRange range) const { return render_range(cursor_file().text(), range); }

std::string render_position(std::string_view text, uint32_t offset) {
  const LineIndex index(text);
  const LineColumnUtf16 position = index.position_of(offset);
  return std::to_string(position.line) + ":" + std::to_string(position.column_utf16);
}

std::string render_range(std::string_view text, ByteRange range) {
  return render_position(text, range.begin) + "-" + render_position(text, range.end);
}

}  // namespace slipbox::testing
