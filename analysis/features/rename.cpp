#include "analysis/features/rename.h"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include "analysis/features/references.h"
#include "analysis/text/unicode.h"
#include "analysis/text/vault_path.h"
#include "analysis/vault/file_kinds.h"

namespace slipbox {
namespace {

// Characters a file name cannot hold, or that would break the links to it
// (docs/link-resolution.md §1.7).
bool valid_note_name(std::string_view name) {
  if (trim_blanks(name).empty()) return false;
  for (const char c : name)
    if (c == '\\' || c == ':' || c == '*' || c == '?' || c == '"' || c == '<' || c == '>' || c == '|' || c == '#' ||
        c == '^' || c == '[' || c == ']' || c == '\n' || c == '\r')
      return false;
  for (size_t start = 0; start <= name.size();) {
    size_t end = name.find('/', start);
    if (end == std::string_view::npos) end = name.size();
    const std::string_view segment = name.substr(start, end - start);
    if (segment.empty() || segment == "." || segment == ".." || segment.front() == '.') return false;
    start = end + 1;
  }
  return true;
}

bool valid_tag(std::string_view tag) {
  if (tag.empty()) return false;
  bool non_digit = false;
  for (const char c : tag) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '#' || c == ',' || c == '[' || c == ']' || c == '"' ||
        c == '\'' || c == '|')
      return false;
    if (!(c >= '0' && c <= '9')) non_digit = true;
  }
  return non_digit && tag.front() != '/' && tag.back() != '/';
}

// Collects changes per file, once per range.
class Edits {
 public:
  void add(std::optional<FileId> file, TextChange change) {
    auto& changes = by_file_[file];
    for (const TextChange& existing : changes)
      if (existing.range == change.range) return;
    changes.push_back(std::move(change));
  }
  std::vector<FileEdits> take() {
    std::vector<FileEdits> out;
    for (auto& [file, changes] : by_file_) {
      std::sort(changes.begin(), changes.end(),
                [](const TextChange& a, const TextChange& b) { return a.range.begin < b.range.begin; });
      out.push_back(FileEdits{file, std::move(changes)});
    }
    return out;
  }

 private:
  std::map<std::optional<FileId>, std::vector<TextChange>> by_file_;
};

// Texts of the notes, read once.
class Texts {
 public:
  Texts(const NoteContext* note, const ReadText& read_text) : note_(note), read_text_(read_text) {}
  const std::string* get(FileId source) {
    if (source == LinkGraph::kUnresolved) return note_ ? &current_ : nullptr;
    auto it = cache_.find(source);
    if (it == cache_.end()) {
      std::optional<std::string> text;
      if (note_ && current_id_ && *current_id_ == source)
        text = std::string(note_->text);
      else if (read_text_)
        text = read_text_(source);
      it = cache_.emplace(source, std::move(text)).first;
    }
    return it->second ? &*it->second : nullptr;
  }
  void set_current(std::optional<FileId> id) {
    current_id_ = id;
    if (note_) current_ = std::string(note_->text);
  }

 private:
  const NoteContext* note_;
  const ReadText& read_text_;
  std::optional<FileId> current_id_;
  std::string current_;
  std::map<FileId, std::optional<std::string>> cache_;
};

bool range_fits(const std::string& text, ByteRange range) {
  return range.begin <= range.end && range.end <= text.size();
}

std::optional<FileId> current_id(const NoteContext& note) {
  if (note.vault_path.empty()) return std::nullopt;
  return note.vault.find_path(note.vault_path);
}

// The end of the heading's section: the next heading of the same or a higher rank.
uint32_t section_end(const ParsedNote& parsed, const Heading& heading) {
  bool after = false;
  for (const Heading& other : parsed.headings) {
    if (&other == &heading) {
      after = true;
      continue;
    }
    if (after && other.level <= heading.level) return other.range.begin;
  }
  return UINT32_MAX;
}

RenameResult rename_heading(const NoteContext& note, const SymbolAt& symbol, std::string_view new_name,
                            const LinkGraph& graph, const ReadText& read_text) {
  RenameResult result;
  const std::string name(trim_blanks(new_name));
  if (name.empty() || name.find('\n') != std::string::npos) {
    result.error = "A heading needs a one-line name";
    return result;
  }
  const Heading& heading = *symbol.heading;
  const ParsedNote& parsed = *symbol.parsed;
  const std::optional<FileId> current = current_id(note);
  Texts texts(&note, read_text);
  texts.set_current(current);
  Edits edits;
  // The heading itself.
  const std::optional<FileId> heading_file = symbol.is_current ? current : symbol.file;
  edits.add(heading_file, TextChange{heading.text_range, name});

  const std::string old_key = normalize_heading(heading.text);
  const uint32_t begin = heading.range.begin;
  const uint32_t end = section_end(parsed, heading);
  std::vector<LinkRef> refs;
  if (symbol.file) {
    refs = graph.links_to(*symbol.file);
  } else {
    for (uint32_t i = 0; i < note.parsed.links.size(); ++i)
      if (trim_blanks(note.parsed.links[i].path()).empty()) refs.push_back(LinkRef{LinkGraph::kUnresolved, i});
  }
  for (const LinkRef& ref : refs) {
    const bool in_current = ref.source == LinkGraph::kUnresolved || (current && ref.source == *current);
    const ParsedNote* source = in_current ? &note.parsed : graph.vault().note(ref.source);
    if (!source || ref.link >= source->links.size()) continue;
    const Link& link = source->links[ref.link];
    if (link.headings().empty() || !link.block_id().empty()) continue;
    const Heading* resolved = find_heading(parsed, link.headings());
    if (!resolved || resolved->range.begin < begin || resolved->range.begin >= end) continue;  // not in this section
    const std::string* text = texts.get(in_current && current ? *current : ref.source);
    if (!text) continue;
    const WrittenTarget written = written_target(*text, link);
    if (!written.has_subpath || !range_fits(*text, written.subpath)) continue;
    // Each chain element naming the heading: the last one when it is the heading itself,
    // earlier ones when the link goes to a heading inside its section.
    const std::string_view subpath = std::string_view(*text).substr(written.subpath.begin, written.subpath.size());
    size_t start = 0;
    size_t index = 0;
    const size_t count = link.headings().size();
    while (start <= subpath.size() && index < count) {
      size_t stop = subpath.find('#', start);
      if (stop == std::string_view::npos) stop = subpath.size();
      const bool last = index + 1 == count;
      std::string element(subpath.substr(start, stop - start));
      if (link.syntax == LinkSyntax::Markdown) element = percent_decode(element);
      const bool names_it = last ? resolved == &heading : normalize_heading(element) == old_key;
      if (names_it) {
        const uint32_t at = written.subpath.begin + static_cast<uint32_t>(start);
        edits.add(in_current ? current : std::optional<FileId>(ref.source),
                  TextChange{ByteRange{at, at + static_cast<uint32_t>(stop - start)}, spell_heading(link, name)});
      }
      start = stop + 1;
      ++index;
    }
  }
  result.edits = edits.take();
  return result;
}

RenameResult rename_tag(const NoteContext& note, const SymbolAt& symbol, std::string_view new_name) {
  RenameResult result;
  std::string name(trim_blanks(new_name));
  if (name.starts_with('#')) name.erase(0, 1);
  if (!valid_tag(name)) {
    result.error = "Not a valid tag: " + name;
    return result;
  }
  const std::string wanted = fold_key(symbol.tag);
  const size_t depth = static_cast<size_t>(std::count(symbol.tag.begin(), symbol.tag.end(), '/')) + 1;
  const std::optional<FileId> current = current_id(note);
  Edits edits;
  const auto rename_in = [&](const ParsedNote& parsed, std::optional<FileId> file, std::string_view text) {
    for (const Tag& tag : parsed.tags) {
      if (tag.range.empty() || !tag_covers(wanted, tag.name)) continue;
      // Keep the nested part: renaming `a` turns `#a/b` into `#new/b`.
      size_t cut = 0;
      for (size_t seen = 0; cut < tag.name.size(); ++cut)
        if (tag.name[cut] == '/' && ++seen == depth) break;
      std::string replacement = name + std::string(tag.name.substr(cut));
      // Inline tags are written with their '#' (the range starts at it); front matter without.
      if (!tag.in_front_matter) {
        if (!text.empty() && (tag.range.end > text.size() || text.substr(tag.range.begin, 1) != "#")) continue;
        replacement = "#" + replacement;
      }
      edits.add(file, TextChange{tag.range, std::move(replacement)});
    }
  };
  if (!current) rename_in(note.parsed, std::nullopt, note.text);
  for (FileId id = 0; id < note.vault.file_count(); ++id) {
    if (current && id == *current) {
      rename_in(note.parsed, id, note.text);
    } else if (const ParsedNote* parsed = note.vault.note(id)) {
      rename_in(*parsed, id, {});
    }
  }
  result.edits = edits.take();
  return result;
}

}  // namespace

std::optional<PrepareRenameResult> prepare_rename(const NoteContext& note, uint32_t cursor) {
  const SymbolAt symbol = symbol_at(note, cursor, /*subpath_counts=*/true);
  switch (symbol.kind) {
    case SymbolKind::Note: {
      if (!symbol.file) return std::nullopt;  // outside the vault: nothing to rename it in
      const ByteRange range = symbol.range.empty() && !symbol.link ? ByteRange{cursor, cursor} : symbol.range;
      return PrepareRenameResult{range, note.vault.file(*symbol.file).name};
    }
    case SymbolKind::Heading:
      return PrepareRenameResult{symbol.range, std::string(symbol.heading->text)};
    case SymbolKind::Tag:
      return PrepareRenameResult{symbol.range, symbol.tag};
    case SymbolKind::Block:
    case SymbolKind::MissingNote:
    case SymbolKind::None:
      return std::nullopt;
  }
  return std::nullopt;
}

RenameResult rename_symbol(const NoteContext& note, uint32_t cursor, std::string_view new_name, const LinkGraph& graph,
                           const ReadText& read_text, const ReadAhead& read_ahead) {
  const SymbolAt symbol = symbol_at(note, cursor, /*subpath_counts=*/true);
  RenameResult result;
  switch (symbol.kind) {
    case SymbolKind::Note: {
      if (!symbol.file) {
        result.error = "This note is outside the vault";
        return result;
      }
      std::string name(trim_blanks(new_name));
      if (name.size() > 3 && is_note_extension(file_extension(name))) name.resize(name.size() - 3);
      if (!valid_note_name(name)) {
        result.error = "Not a valid note name: " + name;
        return result;
      }
      const VaultFile& file = note.vault.file(*symbol.file);
      std::string new_path = name.find('/') != std::string::npos
                                 ? clean_vault_path(name) + ".md"
                                 : (file.folder.empty() ? "" : file.folder + "/") + to_nfc(name) + ".md";
      if (!file.is_note) new_path = new_path.substr(0, new_path.size() - 3);
      if (note.vault.leads_outside_on_disk(new_path)) {  // a symlinked folder leading out
        result.error = "Renaming to " + new_path + " would move the note out of the vault";
        return result;
      }
      // Edits for the note under the cursor come from its current buffer.
      const ReadText reader = [&](FileId id) -> std::optional<std::string> {
        if (note.vault_path.size() && note.vault.find_path(note.vault_path) == id) return std::string(note.text);
        return read_text ? read_text(id) : std::nullopt;
      };
      return rename_files(graph, {FileMove{*symbol.file, new_path}}, reader, read_ahead);
    }
    case SymbolKind::Heading:
      return rename_heading(note, symbol, new_name, graph, read_text);
    case SymbolKind::Tag:
      return rename_tag(note, symbol, new_name);
    case SymbolKind::Block:
    case SymbolKind::MissingNote:
    case SymbolKind::None:
      break;
  }
  result.error = "Nothing to rename here";
  return result;
}

RenameResult rename_files(const LinkGraph& graph, const std::vector<FileMove>& requested, const ReadText& read_text,
                          const ReadAhead& read_ahead) {
  RenameResult result;
  const Vault& vault = graph.vault();
  std::vector<FileMove> moves;
  std::map<FileId, std::string> new_path_by_id;
  for (const FileMove& move : requested) {
    if (move.file >= vault.file_count()) continue;
    FileMove cleaned{move.file, clean_vault_path(move.new_path)};
    if (cleaned.new_path.empty() || cleaned.new_path == vault.file(move.file).path) continue;
    new_path_by_id[move.file] = cleaned.new_path;
    moves.push_back(std::move(cleaned));
  }
  for (const FileMove& move : moves) {
    const auto existing = vault.find_path(move.new_path);
    if (existing && *existing != move.file && !new_path_by_id.contains(*existing)) {
      result.error = "A file already exists at " + move.new_path;
      return result;
    }
  }
  if (moves.empty()) return result;

  // The files as they will be: same ids, new paths (no copy of the vault).
  std::vector<std::pair<FileId, std::string>> paths;
  paths.reserve(moves.size());
  for (const FileMove& move : moves) paths.emplace_back(move.file, move.new_path);
  const MovedFiles after(vault, paths);

  // Links whose target could change: to a moved file, from a moved note (its folder
  // changed), and to files sharing a moved file's new name.
  std::set<LinkRef> candidates;
  for (const FileMove& move : moves) {
    for (const LinkRef& ref : graph.links_to(move.file)) candidates.insert(ref);
    if (const ParsedNote* parsed = vault.note(move.file))
      for (uint32_t i = 0; i < parsed->links.size(); ++i) candidates.insert(LinkRef{move.file, i});
    for (const FileId same_name : vault.files_with_basename(fold_key(basename_of(move.new_path))))
      for (const LinkRef& ref : graph.links_to(same_name)) candidates.insert(ref);
  }

  // First the links that would lead elsewhere (no text needed), then their texts, read
  // ahead in one batch.
  struct Stale {
    LinkRef ref;
    FileId target;
  };
  std::vector<Stale> stale;
  std::vector<FileId> sources;
  // A linkpath resolves the same from every note of a folder: many links to a moved note
  // are resolved (and spelled) once per folder.
  std::unordered_map<std::string, std::optional<FileId>> resolved;
  const auto resolves_after = [&](FileId source, std::string_view linkpath) {
    const std::string& source_path = after.file(source).path;
    std::string key = std::string(folder_of(source_path)) + '\0' + std::string(linkpath);
    const auto it = resolved.find(key);
    if (it != resolved.end()) return it->second;
    const std::optional<FileId> target = resolve_linkpath(after, source_path, linkpath);
    resolved.emplace(std::move(key), target);
    return target;
  };
  for (const LinkRef& ref : candidates) {
    const ParsedNote* parsed = vault.note(ref.source);
    if (!parsed || ref.link >= parsed->links.size()) continue;
    const Link& link = parsed->links[ref.link];
    if (link.external || trim_blanks(link.path()).empty()) continue;  // `[[#Heading]]` follows its note
    const auto targets = graph.targets_of(ref.source);
    if (ref.link >= targets.size() || targets[ref.link] == LinkGraph::kUnresolved) continue;
    const FileId expected = targets[ref.link];
    if (resolves_after(ref.source, link.path()) == expected) continue;  // still right
    stale.push_back(Stale{ref, expected});
    if (sources.empty() || sources.back() != ref.source) sources.push_back(ref.source);
  }
  if (read_ahead) read_ahead(sources);

  Texts texts(nullptr, read_text);
  Edits edits;
  std::unordered_map<std::string, std::string> linkpaths;  // (folder, target, path form) → linkpath
  for (const auto& [ref, expected] : stale) {
    const Link& link = vault.note(ref.source)->links[ref.link];
    const std::string& source_path = after.file(ref.source).path;
    const std::string* text = texts.get(ref.source);
    if (!text) continue;
    const WrittenTarget written = written_target(*text, link);
    if (!range_fits(*text, written.path) || written.path.empty()) continue;
    const std::string_view written_path = std::string_view(*text).substr(written.path.begin, written.path.size());
    const bool path_form = trim_blanks(link.path()).find('/') != std::string_view::npos;
    std::string key = std::string(folder_of(source_path)) + '\0' + std::to_string(expected) + (path_form ? "/" : "");
    auto spelled = linkpaths.find(key);
    if (spelled == linkpaths.end())
      spelled = linkpaths.emplace(std::move(key), linkpath_for(after, source_path, expected, path_form)).first;
    const std::string& linkpath = spelled->second;
    edits.add(ref.source,
              TextChange{written.path, spell_linkpath(link, written_path, linkpath, after.file(expected).is_note)});
  }
  result.edits = edits.take();
  result.moves = std::move(moves);
  return result;
}

}  // namespace slipbox
