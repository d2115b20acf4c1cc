#include "analysis/features/extract_note.h"

#include "analysis/features/note_regions.h"

#include <map>

#include "analysis/text/unicode.h"
#include "analysis/text/vault_path.h"

namespace slipbox {
namespace {

uint32_t line_start(std::string_view text, uint32_t at) {
  while (at > 0 && text[at - 1] != '\n') --at;
  return at;
}

uint32_t next_line_start(std::string_view text, uint32_t at) {
  while (at < text.size() && text[at] != '\n') ++at;
  return at < text.size() ? at + 1 : at;
}

// What moves: the heading's section under the cursor, or the selected lines.
std::optional<ByteRange> moved_range(const NoteContext& note, ByteRange selection, bool& is_section) {
  const std::string_view text = note.text;
  if (selection.end > text.size() || selection.begin > selection.end) return std::nullopt;
  if (!selection.empty()) {
    is_section = false;
    const uint32_t begin = line_start(text, selection.begin);
    // A selection ending at a line's start leaves that line alone.
    const uint32_t end =
        selection.end > begin && text[selection.end - 1] == '\n' ? selection.end : next_line_start(text, selection.end);
    if (trim_blanks(text.substr(begin, end - begin)).empty()) return std::nullopt;
    return ByteRange{begin, end};
  }
  is_section = true;
  for (const Heading& heading : note.parsed.headings)
    if (heading.range.touches(selection.begin)) return section_range(note.parsed, heading, text.size());
  return std::nullopt;
}

// A note name from a heading or a line: without the characters names cannot hold.
std::string name_from(std::string_view line) {
  std::string out;
  bool space = false;
  for (const char c : line) {
    const bool dropped = c == '\\' || c == '/' || c == ':' || c == '*' || c == '?' || c == '"' || c == '<' ||
                         c == '>' || c == '|' || c == '#' || c == '^' || c == '[' || c == ']' || c == '`';
    if (dropped || c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  while (!out.empty() && out.front() == '.') out.erase(0, 1);
  // Keep names short enough for every file system, cut at a character boundary.
  constexpr size_t kMaxNameBytes = 120;
  if (out.size() > kMaxNameBytes) {
    size_t cut = kMaxNameBytes;
    while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;
    out.resize(cut);
    while (!out.empty() && out.back() == ' ') out.pop_back();
  }
  return out.empty() ? std::string("Untitled") : out;
}

std::string title_of(const NoteContext& note, ByteRange range) {
  for (const Heading& heading : note.parsed.headings)
    if (heading.range.begin >= range.begin && heading.range.begin < range.end) return name_from(heading.text);
  const std::string_view moved = note.text.substr(range.begin, range.size());
  size_t start = 0;
  while (start < moved.size()) {
    size_t end = moved.find('\n', start);
    if (end == std::string_view::npos) end = moved.size();
    std::string_view line = trim_blanks(moved.substr(start, end - start));
    while (!line.empty() && (line.front() == '>' || line.front() == '-' || line.front() == '*' || line.front() == '+' ||
                             line.front() == ' '))
      line.remove_prefix(1);
    if (!line.empty()) return name_from(line);
    start = end + 1;
  }
  return "Untitled";
}

bool inside(ByteRange range, ByteRange outer) { return range.begin >= outer.begin && range.end <= outer.end; }

class Extraction {
 public:
  Extraction(const NoteContext& note, const LinkGraph& graph, const ReadText& read_text, const RefactorOptions& options,
             ByteRange moved, std::string new_path)
      : note_(note),
        graph_(graph),
        read_text_(read_text),
        options_(options),
        moved_(moved),
        new_path_(std::move(new_path)) {
    const std::string_view moved_text = note.text.substr(moved.begin, moved.size());
    after_ = note.vault.with_file(new_path_, std::make_shared<const ParsedNote>(parse_note(moved_text)));
    new_id_ = *after_->find_path(new_path_);
    current_after_ = *after_->find_path(note.vault_path);
  }

  // The link or embed left in place of the moved text.
  std::string placeholder(bool embed) const {
    return write_link(*after_, note_.vault_path, new_id_, options_.style, {}, {}, embed);
  }

  void rewrite_links() {
    const std::optional<FileId> current = note_.vault.find_path(note_.vault_path);
    for (const Link& link : note_.parsed.links) rewrite_own(link, current);
    if (!current) return;
    for (const LinkRef& ref : graph_.links_to(*current)) {
      if (ref.source == *current) continue;  // the buffer's links were done above
      const ParsedNote* parsed = graph_.vault().note(ref.source);
      if (!parsed || ref.link >= parsed->links.size()) continue;
      const Link& link = parsed->links[ref.link];
      if (!points_into_moved(link)) continue;
      const std::string* text = text_of(ref.source);
      if (!text) continue;
      const WrittenTarget written = written_target(*text, link);
      if (written.path.end > text->size() || written.path.empty()) continue;
      const std::string& source_path = graph_.vault().file(ref.source).path;
      const bool path_form = trim_blanks(link.path()).find('/') != std::string_view::npos;
      const std::string linkpath = linkpath_for(*after_, source_path, new_id_, path_form);
      const std::string_view written_path = std::string_view(*text).substr(written.path.begin, written.path.size());
      other_[ref.source].push_back(TextChange{written.path, spell_linkpath(link, written_path, linkpath, true)});
    }
  }

  std::string new_note_text() const {
    std::string out = apply_changes(note_.text.substr(moved_.begin, moved_.size()), moved_changes_);
    if (!out.empty() && out.back() != '\n') out += '\n';
    return out;
  }
  const std::vector<TextChange>& staying_changes() const { return staying_changes_; }
  std::vector<FileEdits> other_notes() const {
    std::vector<FileEdits> out;
    for (const auto& [file, changes] : other_) out.push_back(FileEdits{file, changes});
    return out;
  }

 private:
  const std::string* text_of(FileId id) {
    auto it = texts_.find(id);
    if (it == texts_.end()) it = texts_.emplace(id, read_text_ ? read_text_(id) : std::nullopt).first;
    return it->second ? &*it->second : nullptr;
  }

  // The link names a heading or block of this note that moves.
  bool points_into_moved(const Link& link) const {
    if (!link.block_id().empty()) {
      const BlockAnchor* block = find_block(note_.parsed, link.block_id());
      return block && block->block_range.begin >= moved_.begin && block->block_range.begin < moved_.end;
    }
    if (link.headings().empty()) return false;
    const Heading* heading = find_heading(note_.parsed, link.headings());
    return heading && heading->range.begin >= moved_.begin && heading->range.begin < moved_.end;
  }

  void rewrite_own(const Link& link, std::optional<FileId> current) {
    if (link.external) return;
    const WrittenTarget written = written_target(note_.text, link);
    if (written.path.end > note_.text.size()) return;
    const bool in_moved = inside(link.range, moved_);
    const std::string_view path = trim_blanks(link.path());
    const LinkTarget target = resolve_link(note_.vault, note_.source(), link);
    const bool to_this_note = path.empty() || (current && target.file == current);
    const std::string_view written_path = note_.text.substr(written.path.begin, written.path.size());
    const auto repath = [&](FileId after_target, std::string_view source_path) {
      const bool path_form = path.find('/') != std::string_view::npos;
      const std::string linkpath = linkpath_for(*after_, source_path, after_target, path_form);
      TextChange change{written.path, spell_linkpath(link, written_path, linkpath, after_->file(after_target).is_note)};
      if (in_moved) {
        change.range.begin -= moved_.begin;
        change.range.end -= moved_.begin;
        moved_changes_.push_back(std::move(change));
      } else {
        staying_changes_.push_back(std::move(change));
      }
    };
    if (to_this_note) {
      const bool into_moved = points_into_moved(link);
      if (in_moved && into_moved) {
        if (!path.empty()) repath(new_id_, new_path_);  // `[[Old#Moved]]` inside the moved text
      } else if (into_moved) {
        repath(new_id_, note_.vault_path);
      } else if (in_moved && (path.empty() || resolve_linkpath(*after_, new_path_, path) != current_after_)) {
        repath(current_after_, new_path_);  // `[[#Staying]]` now lives in another note
      }
      return;
    }
    // A link moving to another folder may resolve elsewhere from there.
    if (!in_moved || path.empty() || !target.file || target.outside_vault) return;
    const std::optional<FileId> after_target = after_->find_path(note_.vault.file(*target.file).path);
    if (!after_target || resolve_linkpath(*after_, new_path_, path) == after_target) return;
    repath(*after_target, new_path_);
  }

  const NoteContext& note_;
  const LinkGraph& graph_;
  const ReadText& read_text_;
  const RefactorOptions& options_;
  ByteRange moved_;
  std::string new_path_;
  std::shared_ptr<const Vault> after_;
  FileId new_id_ = 0;
  FileId current_after_ = 0;
  std::vector<TextChange> moved_changes_;    // offsets into the moved text
  std::vector<TextChange> staying_changes_;  // offsets into the note's text
  std::map<FileId, std::vector<TextChange>> other_;
  std::map<FileId, std::optional<std::string>> texts_;
};

}  // namespace

std::vector<Refactor> extract_note_actions(const NoteContext& note, ByteRange selection, const LinkGraph& graph,
                                           const ReadText& read_text, const RefactorOptions& options) {
  std::vector<Refactor> out;
  if (note.vault_path.empty() || !note.vault.find_path(note.vault_path)) return out;  // no vault to put it in
  bool is_section = false;
  const std::optional<ByteRange> moved = moved_range(note, selection, is_section);
  if (!moved || moved->begin < note.parsed.body_begin) return out;

  const std::string name = title_of(note, *moved);
  const std::string folder =
      options.new_note_next_to_source ? std::string(folder_of(note.vault_path)) : options.new_note_folder;
  std::string new_path;
  for (int attempt = 0; attempt < 100; ++attempt) {
    const std::string candidate = name + (attempt == 0 ? "" : " " + std::to_string(attempt)) + ".md";
    const auto normalised = normalise_vault_path(folder.empty() ? candidate : folder + "/" + candidate);
    if (!normalised || normalised->empty()) return out;
    if (!note.vault.find_path(*normalised)) {
      new_path = to_nfc(*normalised);
      break;
    }
  }
  if (new_path.empty() || note.vault.leads_outside_on_disk(new_path)) return out;

  Extraction extraction(note, graph, read_text, options, *moved, new_path);
  extraction.rewrite_links();
  const std::string_view moved_text = note.text.substr(moved->begin, moved->size());
  const bool ends_line = !moved_text.empty() && moved_text.back() == '\n';
  const bool text_follows = moved->end < note.text.size();
  for (const bool embed : {false, true}) {
    Refactor action;
    action.title = std::string(is_section ? "Extract section" : "Extract selection") + " to " + new_path +
                   (embed ? " and embed it" : "");
    action.kind = "refactor.extract";
    action.create_path = new_path;
    action.create_text = extraction.new_note_text();
    std::string placeholder = extraction.placeholder(embed);
    if (ends_line) placeholder += '\n';
    if (is_section && text_follows) placeholder += '\n';  // a blank line before the next heading
    action.changes = extraction.staying_changes();
    action.changes.push_back(TextChange{*moved, std::move(placeholder)});
    action.other_notes = extraction.other_notes();
    out.push_back(std::move(action));
  }
  return out;
}

}  // namespace slipbox
