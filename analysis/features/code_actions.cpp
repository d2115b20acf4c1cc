#include "analysis/features/code_actions.h"

#include <algorithm>

#include "analysis/features/closest_names.h"
#include "analysis/features/mojibake.h"
#include "analysis/features/suggestions.h"
#include "analysis/text/unicode.h"
#include "analysis/text/vault_path.h"
#include "analysis/vault/file_kinds.h"

namespace slipbox {
namespace {

bool overlaps(const ByteRange& link, const ByteRange& selection) {
  return link.touches(selection.begin) || link.touches(selection.end) ||
         (selection.begin <= link.begin && link.end <= selection.end);
}

// How a fixed link reads, for titles: `[[target]]` or `[…](target)`.
std::string shown(const Link& link, std::string_view target) {
  return link.syntax == LinkSyntax::Wiki ? "[[" + std::string(target) + "]]" : "(" + std::string(target) + ")";
}

class Fixer {
 public:
  Fixer(const NoteContext& note, const CodeActionOptions& options) : note_(note), options_(options) {}

  void fix(const Link& link) {
    if (link.external) return;
    const LinkTarget target = resolve_link(note_.vault, note_.source(), link);
    const WrittenTarget written = written_target(note_.text, link);
    switch (target.status) {
      case LinkStatus::UnresolvedNote:
      case LinkStatus::UnresolvedAttachment:
        repair_encoding(link, written);
        closest_files_for(link, written, target.status == LinkStatus::UnresolvedAttachment);
        if (target.status == LinkStatus::UnresolvedNote) create_note(link);
        break;
      case LinkStatus::UnresolvedHeading:
        if (target.file) closest_heading(link, written, *target.file, target.is_self);
        break;
      case LinkStatus::UnresolvedBlock:
        if (target.file) closest_block(link, written, *target.file, target.is_self);
        break;
      case LinkStatus::Resolved:
        qualify(link, written);
        break;
      case LinkStatus::External:
        break;
    }
  }

  std::vector<QuickFix> take() { return std::move(fixes_); }

 private:
  std::string_view written_text(ByteRange range) const { return note_.text.substr(range.begin, range.size()); }

  const ParsedNote* parse_of(FileId file, bool is_self) const {
    if (is_self) return &note_.parsed;
    if (!note_.vault_path.empty() && note_.vault.find_path(note_.vault_path) == file) return &note_.parsed;
    return note_.vault.note(file);
  }

  void add(QuickFix fix) {
    for (const QuickFix& existing : fixes_)
      if (existing.changes == fix.changes && existing.create_path == fix.create_path) return;
    fixes_.push_back(std::move(fix));
  }

  // The whole written target decoded through each code page; kept when it names a file.
  void repair_encoding(const Link& link, const WrittenTarget& written) {
    const std::string_view target_text = written_text(link.target_range);
    std::vector<std::string> candidates = mojibake_repairs(target_text);
    if (link.syntax == LinkSyntax::Markdown) {
      // Percent-encoded damage: repair the decoded text, write it encoded again.
      for (std::string& repaired : mojibake_repairs(percent_decode(target_text))) {
        const size_t hash = repaired.find('#');
        std::string encoded = percent_encode_link(repaired.substr(0, hash));
        if (hash != std::string::npos) encoded += "#" + percent_encode_link(repaired.substr(hash + 1));
        candidates.push_back(std::move(encoded));
      }
    }
    for (const std::string& repaired : candidates) {
      const size_t hash = repaired.find('#');
      std::string path = repaired.substr(0, hash);
      if (link.syntax == LinkSyntax::Markdown) path = percent_decode(path);
      const auto file = resolve_linkpath(note_.vault, note_.vault_path, trim_blanks(path));
      if (!file) continue;
      QuickFix fix;
      fix.title = "Repair the text encoding: " + shown(link, repaired);
      fix.preferred = true;
      fix.changes.push_back(TextChange{link.target_range, repaired});
      if (link.display() && link.syntax == LinkSyntax::Wiki) {
        // `[[target|display]]`: the display was damaged with the target.
        const auto display_repairs = mojibake_repairs(*link.display());
        if (!display_repairs.empty()) {
          const uint32_t display_begin = link.range.end - 2 - static_cast<uint32_t>(link.display()->size());
          if (note_.text.substr(display_begin, link.display()->size()) == *link.display())
            fix.changes.push_back(
                TextChange{ByteRange{display_begin, display_begin + static_cast<uint32_t>(link.display()->size())},
                           display_repairs.front()});
        }
      }
      add(std::move(fix));
    }
  }

  void replace_path(const Link& link, const WrittenTarget& written, FileId file, bool keep_path_form,
                    const std::string& title_prefix, bool preferred) {
    const VaultFile& target = note_.vault.file(file);
    // A qualified link keeps naming the path; other fixes follow links.format / newLinkFormat.
    const std::string linkpath = keep_path_form
                                     ? linkpath_for(note_.vault, note_.vault_path, file, true)
                                     : linkpath_in_format(note_.vault, note_.vault_path, file, options_.link_format);
    const std::string spelled = spell_linkpath(link, written_text(written.path), linkpath, target.is_note);
    QuickFix fix;
    fix.title = title_prefix + shown(link, spelled);
    fix.preferred = preferred;
    fix.changes.push_back(TextChange{written.path, spelled});
    add(std::move(fix));
  }

  void closest_files_for(const Link& link, const WrittenTarget& written, bool attachment) {
    std::string wanted = std::string(basename_of(trim_blanks(link.path())));
    if (!attachment && wanted.size() > 3 && is_note_extension(file_extension(wanted))) wanted.resize(wanted.size() - 3);
    for (const FileId file : suggest_files(note_.vault, wanted, folder_of(note_.vault_path), options_.max_suggestions))
      replace_path(link, written, file, false, "Change to ", false);
  }

  void create_note(const Link& link) {
    if (note_.vault_path.empty()) return;  // no vault to create it in
    std::string path = std::string(trim_blanks(link.path()));
    std::optional<std::string> vault_path;
    if (path.starts_with("./") || path.starts_with("../")) {
      vault_path = normalise_vault_path(std::string(folder_of(note_.vault_path)) + "/" + path);
    } else if (path.find('/') != std::string::npos) {
      vault_path = normalise_vault_path(path);  // the folder the link names, from the vault root
    } else {
      const std::string folder =
          options_.new_note_next_to_source ? std::string(folder_of(note_.vault_path)) : options_.new_note_folder;
      vault_path = normalise_vault_path(folder + "/" + path);
    }
    if (!vault_path || vault_path->empty()) return;
    if (!is_note_extension(file_extension(*vault_path))) *vault_path += ".md";
    if (note_.vault.find_path(*vault_path)) return;
    if (note_.vault.leads_outside_on_disk(*vault_path)) return;  // through a symlink out: never written
    std::string title(basename_of(*vault_path));
    title.resize(title.size() - 3);
    QuickFix fix;
    fix.title = "Create note " + *vault_path;
    fix.create_path = *vault_path;
    fix.create_text = "# " + title + "\n";
    add(std::move(fix));
  }

  void closest_heading(const Link& link, const WrittenTarget& written, FileId file, bool is_self) {
    const ParsedNote* parsed = parse_of(file, is_self);
    if (!parsed || link.headings().empty() || !written.has_subpath) return;
    std::vector<std::string> texts;
    for (const Heading& heading : parsed->headings) texts.emplace_back(heading.text);
    for (const size_t index : closest_strings(texts, link.headings().back(), options_.max_suggestions)) {
      const std::string spelled = spell_heading(link, texts[index]);
      QuickFix fix;
      fix.title = "Change heading to #" + spelled;
      fix.changes.push_back(TextChange{written.subpath, spelled});
      add(std::move(fix));
    }
  }

  void closest_block(const Link& link, const WrittenTarget& written, FileId file, bool is_self) {
    const ParsedNote* parsed = parse_of(file, is_self);
    if (!parsed || !written.has_subpath) return;
    std::vector<std::string> ids;
    for (const BlockAnchor& block : parsed->blocks) ids.emplace_back(block.id);
    for (const size_t index : closest_strings(ids, link.block_id(), options_.max_suggestions)) {
      QuickFix fix;
      fix.title = "Change block to #^" + ids[index];
      fix.changes.push_back(TextChange{written.subpath, "^" + ids[index]});
      add(std::move(fix));
    }
  }

  void qualify(const Link& link, const WrittenTarget& written) {
    if (trim_blanks(link.path()).empty()) return;
    if (!linkpath_is_ambiguous(note_.vault, note_.vault_path, link.path())) return;
    bool first = true;
    for (const FileId file : linkpath_candidates(note_.vault, note_.vault_path, link.path())) {
      replace_path(link, written, file, true, "Qualify as ", first);
      first = false;
    }
  }

  const NoteContext& note_;
  const CodeActionOptions& options_;
  std::vector<QuickFix> fixes_;
};

}  // namespace

std::vector<QuickFix> quick_fixes(const NoteContext& note, ByteRange selection, const CodeActionOptions& options) {
  Fixer fixer(note, options);
  for (const Link& link : note.parsed.links)
    if (overlaps(link.range, selection)) fixer.fix(link);
  return fixer.take();
}

}  // namespace slipbox
