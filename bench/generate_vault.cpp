// slipbox-bench-gen: writes a deterministic, realistic Obsidian-style vault for benchmarks.
//
// Same arguments → byte-identical vault (own PRNG, no std distributions, no unordered
// iteration). Every link the generator writes either resolves under the rules of
// docs/link-resolution.md or is one of the deliberately broken ones it counts, so
// `slipbox check` on the vault can be compared with "expected broken links".
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace fs = std::filesystem;

namespace {

// splitmix64: tiny, fast, identical everywhere (std::uniform_*_distribution is not).
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  // Uniform in [lo, hi].
  size_t range(size_t lo, size_t hi) { return lo + static_cast<size_t>(next() % (hi - lo + 1)); }
  bool chance(double p) { return static_cast<double>(next() >> 11) * (1.0 / 9007199254740992.0) < p; }
  template <typename T>
  const T& pick(const std::vector<T>& v) {
    return v[range(0, v.size() - 1)];
  }

 private:
  uint64_t state_;
};

// ---- vocabulary -------------------------------------------------------------------

const std::vector<std::string> kNorwegian = {
    "agile",
    "metoder",
    "møte",
    "prosjekt",
    "ærlig",
    "tilbakemelding",
    "søknad",
    "økonomi",
    "bærekraft",
    "å",
    "lære",
    "kunnskap",
    "hvordan",
    "skrive",
    "gode",
    "notater",
    "fjellet",
    "sjøen",
    "hytta",
    "tur",
    "brød",
    "kaffe",
    "læring",
    "ferdigheter",
    "produktivitet",
    "strategi",
    "årsrapport",
    "budsjett",
    "forelesning",
    "kapittel",
    "og",
    "med",
    "for",
    "om",
    "til",
    "i",
    "på",
    "er",
    "det",
    "som",
    "vi",
    "må",
    "når",
    "hvorfor",
    "alltid",
    "aldri",
    "små",
    "store",
    "skritt",
    "vaner",
    "tankene",
    "mine",
    "samarbeid",
    "i team",
    "ledelse",
    "kvalitet",
    "erfaringer",
    "fra",
    "høsten",
    "våren",
    "styremøte",
    "oppsummering",
    "mål",
    "rammer",
    "løsning",
    "utfordringer",
    "arkitektur",
    "dokumentasjon",
    "brukerhistorier",
};
const std::vector<std::string> kEnglish = {
    "why",       "notes",    "should",      "be",         "atomic",     "building", "a",         "second",
    "brain",     "with",     "links",       "spaced",     "repetition", "works",    "because",   "of",
    "retrieval", "practice", "distributed", "systems",    "consensus",  "the",      "art",       "of",
    "writing",   "clear",    "code",        "reading",    "list",       "for",      "next",      "year",
    "how",       "to",       "run",         "better",     "meetings",   "lessons",  "learned",   "from",
    "shipping",  "small",    "changes",     "often",      "and",        "in",       "review",    "weekly",
    "planning",  "design",   "decisions",   "trade-offs", "latency",    "memory",   "every",     "day",
    "thinking",  "tools",    "habits",      "that",       "stick",      "research", "questions",
};
const std::vector<std::string> kJapanese = {
    "日本語", "勉強", "ノート", "読書メモ", "東京", "会議", "議事録", "アイデア", "プロジェクト", "知識",
    "学習",   "習慣", "設計",   "振り返り", "目標", "旅行", "計画",   "料理",     "レシピ",       "研究",
};
const std::vector<std::string> kJapaneseParticles = {"の", "と", "について", "における", "から見た"};

const std::vector<std::string> kTopFolders = {
    "🛠 Ressurser", "Prosjekter", "Områder",       "Arkiv",   "日記", "Møtenotater", "📚 Litteratur",
    "Zettelkasten",   "Journal",    "Kunnskapsbase", "🌱 Ideer", "Work", "Personlig",
};
const std::vector<std::string> kSubFolders = {
    "Slipbox", "Agile",    "Økonomi", "Helse",    "Bøker",      "Artikler",   "2023",         "2024",   "Kunder",
    "Ledelse", "Språk",    "研究",    "読書",     "Arkitektur", "Design",     "Team Ålesund", "Reiser", "Oppskrifter",
    "Kurs",    "Foredrag", "Drafts",  "Meetings", "People",     "🗂 Maler", "Tema",
};
const std::vector<std::string> kHeadingWords = {
    "Bakgrunn", "Mål",          "Rammer", "Status",   "Neste steg",     "Oppsummering",   "Kilder",  "Notater",
    "Spørsmål", "Beslutninger", "Risiko", "Context",  "Summary",        "Open questions", "Details", "References",
    "Ideas",    "背景",         "まとめ", "参考文献", "Læringspunkter", "Erfaringer",
};
const std::vector<std::string> kTags = {
    "prosjekt",      "læring", "område/helse", "møte", "idé",     "bok",          "artikkel", "status/aktiv",
    "status/ferdig", "日本語", "zettel",       "todo", "økonomi", "ledelse/team", "design",
};
const std::vector<std::string> kAttachmentNames = {
    "Figur", "diagram",           "skjermbilde", "スクリーンショット", "whiteboard", "bilde",
    "kart",  "arkitektur-skisse", "rapport",     "kvittering",
};

// ---- small UTF-8 helpers ------------------------------------------------------------

// Upper-cases the first letter (ASCII and æøå only — enough for this vocabulary).
std::string capitalise(std::string s) {
  if (s.empty()) return s;
  if (s[0] >= 'a' && s[0] <= 'z') {
    s[0] = static_cast<char>(s[0] - 'a' + 'A');
  } else if (s.rfind("æ", 0) == 0) {
    s.replace(0, 2, "Æ");
  } else if (s.rfind("ø", 0) == 0) {
    s.replace(0, 2, "Ø");
  } else if (s.rfind("å", 0) == 0) {
    s.replace(0, 2, "Å");
  }
  return s;
}

// The key names collide under (case-insensitive): ASCII and ÆØÅ lower-cased.
std::string fold(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  for (auto [upper, lower] : {std::pair{"Æ", "æ"}, std::pair{"Ø", "ø"}, std::pair{"Å", "å"}}) {
    size_t at = 0;
    while ((at = out.find(upper, at)) != std::string::npos) out.replace(at, 2, lower);
  }
  return out;
}

// Percent-encodes a Markdown link destination. `all_non_ascii` also encodes UTF-8 bytes
// (the form VS Code writes); otherwise non-ASCII stays raw (the form Obsidian writes).
std::string percent_encode(std::string_view s, bool all_non_ascii) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    bool encode = c == ' ' || c == '%' || c == '(' || c == ')' || c == '#' || c == '^' || c == '<' || c == '>' ||
                  c == '[' || c == ']' || c < 0x20 || (all_non_ascii && c >= 0x80);
    if (encode) {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

// How Obsidian writes a heading into a link: link-breaking ':' dropped, spaces collapsed.
std::string heading_for_link(std::string_view heading) {
  std::string out;
  for (char c : heading) {
    if (c == ':') continue;
    if (c == ' ' && !out.empty() && out.back() == ' ') continue;
    out += c;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

// ---- the model ----------------------------------------------------------------------

struct Heading {
  int level;
  std::string text;
  int parent = -1;  // index of the nearest enclosing heading, for `#A#B` chains
  bool setext = false;
};

struct Note {
  std::string folder;  // vault-relative, '/' separated, "" = root
  std::string name;    // file name without ".md"
  std::vector<Heading> headings;
  std::vector<std::string> block_ids;
  std::vector<std::string> aliases;
  bool unique_name = true;  // basename unique in the vault (case-insensitively)
  std::string path() const { return folder.empty() ? name + ".md" : folder + "/" + name + ".md"; }
  std::string link_path() const { return folder.empty() ? name : folder + "/" + name; }
};

struct Attachment {
  std::string folder;
  std::string name;  // with extension
  std::string path() const { return folder.empty() ? name : folder + "/" + name; }
};

struct Stats {
  size_t notes = 0, folders = 0, attachments = 0, bytes = 0, note_bytes = 0, links = 0;
  size_t headings = 0, block_ids = 0, code_blocks = 0, comments = 0;
  std::map<std::string, size_t> links_by_form;
  std::map<std::string, size_t> broken_by_kind;
  size_t broken() const {
    size_t n = 0;
    for (auto& [_, c] : broken_by_kind) n += c;
    return n;
  }
};

struct Options {
  fs::path out_dir;
  size_t notes = 1000;
  uint64_t seed = 1;
  size_t big_note_links = 0;
  size_t hub_backlinks = 0;
  double broken_rate = 0.03;
  bool force = false;
  // Heavier notes (~2.4 KB, ~17 links each): more prose per section and a few more links.
  bool heavy = false;
};

constexpr const char* kMarker = ".slipbox-bench-vault";
constexpr const char* kBigNoteFolder = "🧪 Benchmark";

class Generator {
 public:
  Generator(const Options& options) : options_(options), rng_(options.seed * 0x2545F4914F6CDD1DULL + 17) {}

  void plan();
  void write();
  const Stats& stats() const { return stats_; }
  uint64_t checksum() const { return checksum_; }
  std::string big_note_path() const { return big_note_path_; }
  std::string hub_note_path() const { return hub_note_path_; }
  std::string index_probe_path() const { return notes_.empty() ? "" : sorted_last_path_; }

 private:
  std::string sentence_title();
  std::string heading_text(std::set<std::string>& used);
  std::string block_id();
  std::string link(const Note& source, bool allow_broken, std::string& form);
  std::string note_body(const Note& note, size_t link_target);
  std::string front_matter(const Note& note);
  std::string prose(size_t words);
  void emit(const std::string& relative_path, const std::string& content);

  Options options_;
  Rng rng_;
  std::vector<std::string> folders_;
  std::vector<Note> notes_;
  std::vector<Attachment> attachments_;
  Stats stats_;
  uint64_t checksum_ = 0xcbf29ce484222325ULL;
  std::string big_note_path_;
  std::string hub_note_path_;
  std::string sorted_last_path_;
};

std::string Generator::prose(size_t words) {
  const auto& vocab = rng_.chance(0.5) ? kNorwegian : kEnglish;
  std::string out;
  for (size_t i = 0; i < words; ++i) {
    std::string w = rng_.pick(vocab);
    if (i == 0) w = capitalise(w);
    if (!out.empty()) out += ' ';
    out += w;
    if (i + 1 < words && rng_.chance(0.08)) out += ',';
  }
  out += '.';
  return out;
}

std::string Generator::sentence_title() {
  size_t kind = rng_.range(0, 99);
  if (kind < 15) {  // Japanese, no spaces
    std::string t = rng_.pick(kJapanese) + rng_.pick(kJapaneseParticles) + rng_.pick(kJapanese);
    if (rng_.chance(0.4)) t += rng_.pick(kJapaneseParticles) + rng_.pick(kJapanese);
    return t;
  }
  if (kind < 22) {  // dated meeting note
    size_t month = rng_.range(1, 12);
    return "20" + std::to_string(rng_.range(19, 25)) + (month < 10 ? "-0" : "-") + std::to_string(month) + "-" +
           std::to_string(rng_.range(10, 28)) + " " + capitalise(rng_.pick(kNorwegian)) + " med " +
           rng_.pick(kNorwegian);
  }
  const auto& vocab = kind < 60 ? kNorwegian : kEnglish;
  // Mostly 3–9 words; one title in ten is a long sentence (often > 100 bytes).
  size_t words = rng_.chance(0.1) ? rng_.range(14, 22) : rng_.range(3, 9);
  std::string t;
  for (size_t i = 0; i < words; ++i) {
    if (!t.empty()) t += ' ';
    t += i == 0 ? capitalise(rng_.pick(vocab)) : rng_.pick(vocab);
    if (i + 2 < words && rng_.chance(0.05)) t += ',';
  }
  if (rng_.chance(0.05)) t += " (utkast)";
  if (rng_.chance(0.03)) t = "🚀 " + t;
  return t;
}

std::string Generator::heading_text(std::set<std::string>& used) {
  for (int attempt = 0;; ++attempt) {
    std::string t = rng_.pick(kHeadingWords);
    if (rng_.chance(0.5)) t += " " + rng_.pick(rng_.chance(0.5) ? kNorwegian : kEnglish);
    if (rng_.chance(0.15)) {  // a link drops the ':'
      t += ": ";
      t += std::to_string(rng_.range(2019, 2026));
    }
    if (attempt > 3) {
      t += ' ';
      t += std::to_string(attempt);
    }
    if (used.insert(fold(heading_for_link(t))).second) return t;
  }
}

std::string Generator::block_id() {
  static const char* alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  std::string id;
  for (int i = 0; i < 6; ++i) id += alphabet[rng_.range(0, 35)];
  return id;
}

void Generator::plan() {
  // Folders: depth 1–4 under a handful of top-level folders.
  size_t folder_count = std::max<size_t>(8, options_.notes / 40);
  std::set<std::string> folder_set;
  for (const auto& top : kTopFolders) folder_set.insert(top);
  std::vector<std::string> ordered(kTopFolders.begin(), kTopFolders.end());
  while (ordered.size() < folder_count) {
    const std::string& parent = rng_.pick(ordered);
    size_t depth = static_cast<size_t>(std::count(parent.begin(), parent.end(), '/')) + 1;
    if (depth >= 4) continue;
    std::string child = parent + "/" + rng_.pick(kSubFolders);
    if (rng_.chance(0.3)) child += " " + std::to_string(rng_.range(1, 99));
    if (folder_set.insert(child).second) ordered.push_back(child);
  }
  folders_ = ordered;

  // Notes: ~2% at the root, ~2% reuse a name that exists in another folder.
  std::set<std::pair<std::string, std::string>> taken;  // (folder, folded name)
  std::map<std::string, size_t> name_count;             // folded name → notes
  notes_.reserve(options_.notes);
  for (size_t i = 0; i < options_.notes; ++i) {
    Note note;
    note.folder = rng_.chance(0.02) ? "" : rng_.pick(folders_);
    bool duplicate = i > 10 && rng_.chance(0.02);
    for (int attempt = 0;; ++attempt) {
      note.name = duplicate && attempt < 5 ? notes_[rng_.range(0, notes_.size() - 1)].name : sentence_title();
      if (attempt > 8) note.name += " " + std::to_string(i);
      if (taken.insert({note.folder, fold(note.name)}).second) break;
    }
    ++name_count[fold(note.name)];
    std::set<std::string> used;
    size_t heading_count = rng_.range(2, 6);
    for (size_t h = 0; h < heading_count; ++h) {
      Heading heading;
      heading.level = h == 0 ? (rng_.chance(0.5) ? 1 : 2) : static_cast<int>(rng_.range(2, 3));
      heading.text = heading_text(used);
      heading.setext = heading.level <= 2 && rng_.chance(0.15);
      for (int p = static_cast<int>(note.headings.size()) - 1; p >= 0; --p)
        if (note.headings[p].level < heading.level) {
          heading.parent = p;
          break;
        }
      note.headings.push_back(heading);
    }
    size_t blocks = rng_.range(0, 3);
    for (size_t b = 0; b < blocks; ++b) note.block_ids.push_back(block_id());
    std::sort(note.block_ids.begin(), note.block_ids.end());
    note.block_ids.erase(std::unique(note.block_ids.begin(), note.block_ids.end()), note.block_ids.end());
    if (rng_.chance(0.3)) {
      size_t n = rng_.range(1, 2);
      for (size_t a = 0; a < n; ++a)
        note.aliases.push_back(capitalise(rng_.pick(kNorwegian)) + " " + rng_.pick(kEnglish));
    }
    notes_.push_back(std::move(note));
  }
  for (auto& note : notes_) note.unique_name = name_count[fold(note.name)] == 1;

  // Attachments: one per ~20 notes, in attachment folders and next to notes.
  size_t attachment_count = std::max<size_t>(4, options_.notes / 20);
  std::set<std::string> attachment_set;
  static const std::vector<std::string> exts = {"png", "png", "jpg", "svg", "pdf"};
  while (attachments_.size() < attachment_count) {
    Attachment a;
    a.folder = rng_.chance(0.6) ? (rng_.chance(0.5) ? "Vedlegg" : "🛠 Ressurser/Bilder") : rng_.pick(folders_);
    a.name = rng_.pick(kAttachmentNames) + " " + std::to_string(attachments_.size() + 1) + "." + rng_.pick(exts);
    if (attachment_set.insert(fold(a.name)).second) attachments_.push_back(a);
  }

  std::vector<std::string> paths;
  for (const auto& n : notes_) paths.push_back(n.path());
  std::sort(paths.begin(), paths.end());
  sorted_last_path_ = paths.empty() ? "" : paths.back();
}

// One link from `source` to somewhere; `form` names the link form for the statistics.
std::string Generator::link(const Note& source, bool allow_broken, std::string& form) {
  if (allow_broken && rng_.chance(options_.broken_rate)) {
    const Note& t = notes_[rng_.range(0, notes_.size() - 1)];
    switch (rng_.range(0, 4)) {
      case 0:
        form = "broken-note";
        ++stats_.broken_by_kind["unresolved-link"];
        return "[[" + sentence_title() + " som ikke finnes]]";
      case 1:
        form = "broken-heading";
        ++stats_.broken_by_kind["unresolved-heading"];
        return "[[" + t.link_path() + "#Overskrift som mangler]]";
      case 2:
        form = "broken-block";
        ++stats_.broken_by_kind["unresolved-block"];
        return "[[" + t.link_path() + "#^missing" + block_id().substr(0, 4) + "]]";  // real ids are 6 chars
      case 3:
        form = "broken-attachment";
        ++stats_.broken_by_kind["unresolved-attachment"];
        return "![[manglende bilde " + std::to_string(rng_.range(1, 999)) + ".png]]";
      default:
        form = "broken-markdown";
        ++stats_.broken_by_kind["unresolved-link"];
        return "[lenke](" + percent_encode("Ingensteds/" + sentence_title() + ".md", false) + ")";
    }
  }

  const Note& t = notes_[rng_.range(0, notes_.size() - 1)];
  // Bare names only when the name is unique; otherwise the full vault path (exact match).
  std::string target = t.unique_name && rng_.chance(0.7) ? t.name : t.link_path();
  if (t.unique_name && !t.folder.empty() && rng_.chance(0.1)) {
    // A path-suffix link: last folder + name.
    size_t slash = t.folder.rfind('/');
    target = (slash == std::string::npos ? t.folder : t.folder.substr(slash + 1)) + "/" + t.name;
  }
  size_t kind = rng_.range(0, 99);
  if (kind < 35) {
    form = target == t.name ? "bare" : "path";
    return "[[" + target + "]]";
  }
  if (kind < 45) {
    form = "alias";
    return "[[" + target + "|" + rng_.pick(kNorwegian) + " " + rng_.pick(kEnglish) + "]]";
  }
  if (kind < 57) {
    form = "heading";
    const Heading& h = rng_.pick(t.headings);
    return "[[" + target + "#" + heading_for_link(h.text) + "]]";
  }
  if (kind < 61) {
    const Heading& h = rng_.pick(t.headings);
    if (h.parent >= 0) {
      form = "heading-chain";
      return "[[" + target + "#" + heading_for_link(t.headings[h.parent].text) + "#" + heading_for_link(h.text) + "]]";
    }
    form = "heading";
    return "[[" + target + "#" + heading_for_link(h.text) + "]]";
  }
  if (kind < 68 && !t.block_ids.empty()) {
    form = "block";
    return "[[" + target + "#^" + rng_.pick(t.block_ids) + "]]";
  }
  if (kind < 76) {
    form = "embed-attachment";
    const Attachment& a = rng_.pick(attachments_);
    bool image = !a.name.ends_with(".pdf");
    std::string size = image && rng_.chance(0.3) ? "|" + std::to_string(rng_.range(100, 600)) : "";
    return "![[" + a.name + size + "]]";
  }
  if (kind < 79) {
    form = "embed-note";
    return "![[" + target + "]]";
  }
  if (kind < 82 && !source.headings.empty()) {
    form = "self-heading";
    return "[[#" + heading_for_link(rng_.pick(source.headings).text) + "]]";
  }
  if (kind < 95) {
    form = "markdown";
    bool encode_all = rng_.chance(0.3);
    std::string dest = percent_encode(t.path(), encode_all);
    if (rng_.chance(0.2)) dest += "#" + percent_encode(heading_for_link(rng_.pick(t.headings).text), encode_all);
    return "[" + rng_.pick(kNorwegian) + " " + rng_.pick(kEnglish) + "](" + dest + ")";
  }
  form = "markdown-attachment";
  const Attachment& a = rng_.pick(attachments_);
  return "![" + rng_.pick(kEnglish) + "](" + percent_encode(a.path(), false) + ")";
}

std::string Generator::front_matter(const Note& note) {
  if (rng_.chance(0.2)) return "";
  std::string fm = "---\n";
  if (!note.aliases.empty()) {
    if (note.aliases.size() == 1 && rng_.chance(0.4)) {
      fm += "aliases: " + note.aliases[0] + "\n";  // scalar form
    } else {
      fm += "aliases:\n";
      for (const auto& a : note.aliases) fm += "  - " + a + "\n";
    }
  }
  size_t tag_count = rng_.range(0, 3);
  if (tag_count > 0) {
    if (rng_.chance(0.5)) {
      fm += "tags: [";
      for (size_t i = 0; i < tag_count; ++i) fm += (i ? ", " : "") + rng_.pick(kTags);
      fm += "]\n";
    } else {
      fm += "tags:\n";
      for (size_t i = 0; i < tag_count; ++i) fm += "  - " + rng_.pick(kTags) + "\n";
    }
  }
  fm += "created: 20" + std::to_string(rng_.range(19, 25)) + "-0" + std::to_string(rng_.range(1, 9)) + "-1" +
        std::to_string(rng_.range(0, 9)) + "\n";
  if (rng_.chance(0.4)) {
    const Note& t = notes_[rng_.range(0, notes_.size() - 1)];
    fm += "related: \"[[" + (t.unique_name ? t.name : t.link_path()) + "]]\"\n";
    ++stats_.links;
    ++stats_.links_by_form["property"];
  }
  if (rng_.chance(0.2))
    fm += "meta: {status: " + std::string(rng_.chance(0.5) ? "utkast" : "ferdig") +
          ", prioritet: " + std::to_string(rng_.range(1, 5)) + "}\n";
  fm += "---\n";
  return fm;
}

std::string Generator::note_body(const Note& note, size_t link_target) {
  std::string body = front_matter(note);
  size_t links_written = 0;
  size_t blocks_written = 0;
  auto add_link = [&](std::string& line) {
    std::string form;
    line += ' ' + link(note, true, form) + ' ';
    ++links_written;
    ++stats_.links;
    ++stats_.links_by_form[form];
  };
  size_t per_heading = link_target / note.headings.size() + 1;
  for (size_t h = 0; h < note.headings.size(); ++h) {
    const Heading& heading = note.headings[h];
    ++stats_.headings;
    if (heading.setext) {
      body += "\n" + heading.text + "\n" + (heading.level == 1 ? "=====" : "-----") + "\n\n";
    } else {
      body += "\n" + std::string(static_cast<size_t>(heading.level), '#') + " " + heading.text + "\n\n";
    }
    size_t section_links = std::min(per_heading, link_target - std::min(link_target, links_written));
    while (section_links > 0) {
      bool as_list = rng_.chance(0.3);
      size_t items = as_list ? rng_.range(2, 4) : 1;
      for (size_t item = 0; item < items; ++item) {
        std::string line = as_list ? "- " : "";
        line += prose(rng_.range(2, 7));
        size_t here = std::min<size_t>(section_links, rng_.range(1, 3));
        for (size_t l = 0; l < here; ++l) {
          add_link(line);
          line += prose(rng_.range(1, 5));
        }
        section_links -= here;
        if (rng_.chance(0.25)) line += " #" + rng_.pick(kTags);
        if (blocks_written < note.block_ids.size() && rng_.chance(0.5)) {
          line += " ^" + note.block_ids[blocks_written++];
          ++stats_.block_ids;
        }
        body += line + "\n";
        if (section_links == 0) break;
      }
      body += "\n";
    }
    if (options_.heavy) body += prose(rng_.range(6, 16)) + "\n\n";
    if (rng_.chance(0.12)) {
      ++stats_.code_blocks;
      body += "```markdown\nEksempel: [[Ikke en lenke]] og [tekst](ikke/en/lenke.md) og ![[ikke.png]]\n```\n\n";
    }
    if (rng_.chance(0.08)) {
      ++stats_.comments;
      body += "%% TODO: lenk til [[Et notat som ikke finnes ennå]] %%\n\n";
    }
    if (rng_.chance(0.05)) body += "Inline kode: `[[Heller ikke en lenke]]` er bare tekst.\n\n";
  }
  // Block ids not placed yet go on their own paragraphs at the end.
  while (blocks_written < note.block_ids.size()) {
    body += prose(rng_.range(6, 12)) + " ^" + note.block_ids[blocks_written++] + "\n\n";
    ++stats_.block_ids;
  }
  return body;
}

void Generator::emit(const std::string& relative_path, const std::string& content) {
  fs::path p = options_.out_dir / fs::path(relative_path);
  fs::create_directories(p.parent_path());
  std::FILE* f = std::fopen(p.c_str(), "wb");
  if (!f || std::fwrite(content.data(), 1, content.size(), f) != content.size()) {
    std::fprintf(stderr, "slipbox-bench-gen: cannot write %s: %s\n", p.c_str(), std::strerror(errno));
    std::exit(1);
  }
  std::fclose(f);
  stats_.bytes += content.size();
  // FNV-1a over path and content: a fingerprint to confirm two runs agree.
  for (std::string_view s : {std::string_view(relative_path), std::string_view(content)})
    for (unsigned char c : s) checksum_ = (checksum_ ^ c) * 0x100000001b3ULL;
}

void Generator::write() {
  std::set<std::string> made_folders;
  // The hub: one note that `hub_backlinks` notes, spread over the vault, link to and tag
  // alike (large answers: references, tag references, rename). Appended without drawing
  // random numbers, so the rest of the vault is the same with or without it.
  const size_t hub_sources = std::min(options_.hub_backlinks, notes_.size());
  const size_t hub_step = hub_sources ? notes_.size() / hub_sources : 0;
  const std::string hub_name = "Knutepunkt for store svar";
  for (size_t index = 0; index < notes_.size(); ++index) {
    const Note& note = notes_[index];
    std::string body = note_body(note, rng_.range(options_.heavy ? 14 : 10, 20));
    if (hub_step && index % hub_step == 0 && index / hub_step < hub_sources) {
      body += "\nSe også [[" + hub_name + "]] #knutepunkt\n";
      ++stats_.links;
      ++stats_.links_by_form["hub"];
    }
    stats_.note_bytes += body.size();
    emit(note.path(), body);
    ++stats_.notes;
    if (!note.folder.empty()) made_folders.insert(note.folder);
  }
  // A tiny PNG (header + IHDR is enough for anything that sniffs types); others are text.
  static const unsigned char png[] = {0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 0,    0,    0,
                                      0x0d, 'I', 'H', 'D', 'R',  0,    0,    0,    1,    0,    0,
                                      0,    1,   8,   6,   0,    0,    0,    0x1f, 0x15, 0xc4, 0x89};
  for (const auto& a : attachments_) {
    std::string content = a.name.ends_with(".png") ? std::string(reinterpret_cast<const char*>(png), sizeof png)
                                                   : "bench attachment " + a.name + "\n";
    emit(a.path(), content);
    ++stats_.attachments;
    if (!a.folder.empty()) made_folders.insert(a.folder);
  }
  if (options_.big_note_links > 0) {
    // The didChange benchmark note. Its first link always resolves (exact vault path), so a
    // client can break and repair it and see the diagnostics change.
    Note big;
    big.folder = kBigNoteFolder;
    big.name = "Stor note med " + std::to_string(options_.big_note_links) + " lenker";
    std::string body = "Første lenke: [[" + notes_[notes_.size() / 2].link_path() + "]]\n\n# Lenker\n\n";
    ++stats_.links;
    ++stats_.links_by_form["path"];
    for (size_t i = 1; i < options_.big_note_links; ++i) {
      std::string form;
      body += "- " + std::to_string(i) + ": " + link(big, true, form) + "\n";
      ++stats_.links;
      ++stats_.links_by_form[form];
    }
    emit(big.path(), body);
    big_note_path_ = big.path();
    ++stats_.notes;
    made_folders.insert(big.folder);
  }
  if (hub_sources) {
    Note hub;
    hub.folder = kBigNoteFolder;
    hub.name = hub_name;
    emit(hub.path(), "# " + hub_name + "\n\nAlle notater som lenker hit er merket #knutepunkt\n");
    hub_note_path_ = hub.path();
    ++stats_.notes;
    made_folders.insert(hub.folder);
  }
  emit(".obsidian/app.json",
       "{\n  \"newLinkFormat\": \"shortest\",\n  \"useMarkdownLinks\": false,\n  \"attachmentFolderPath\": "
       "\"Vedlegg\"\n}\n");
  stats_.folders = made_folders.size();
}

int usage() {
  std::fprintf(stderr,
               "usage: slipbox-bench-gen OUT_DIR --notes N [--seed S] [--big-note-links L] [--hub-backlinks H]\n"
               "                         [--broken-rate R] [--heavy] [--force]\n"
               "  Writes a deterministic vault of N notes (plus one note with L links when L > 0, and one\n"
               "  note that H notes link to and share the tag #knutepunkt with when H > 0).\n"
               "  --heavy: ~2.4 KB and ~17 links per note instead of ~1.9 KB and ~15.\n"
               "  OUT_DIR must be empty or absent; --force replaces a vault this tool made before.\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  bool have_out = false;
  try {
    for (int i = 1; i < argc; ++i) {
      std::string_view arg = argv[i];
      auto value = [&]() -> std::string {
        if (i + 1 >= argc) throw std::invalid_argument(std::string(arg) + " needs a value");
        return argv[++i];
      };
      if (arg == "--notes")
        options.notes = std::stoull(value());
      else if (arg == "--seed")
        options.seed = std::stoull(value());
      else if (arg == "--big-note-links")
        options.big_note_links = std::stoull(value());
      else if (arg == "--hub-backlinks")
        options.hub_backlinks = std::stoull(value());
      else if (arg == "--broken-rate")
        options.broken_rate = std::stod(value());
      else if (arg == "--force")
        options.force = true;
      else if (arg == "--heavy")
        options.heavy = true;
      else if (arg == "-h" || arg == "--help")
        return usage();
      else if (!arg.starts_with("--") && !have_out) {
        options.out_dir = fs::path(std::string(arg));
        have_out = true;
      } else
        throw std::invalid_argument("unknown argument " + std::string(arg));
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "slipbox-bench-gen: %s\n", e.what());
    return usage();
  }
  if (!have_out || options.notes == 0) return usage();

  std::error_code ec;
  if (fs::exists(options.out_dir) && !fs::is_empty(options.out_dir)) {
    if (!options.force || !fs::exists(options.out_dir / kMarker)) {
      std::fprintf(stderr, "slipbox-bench-gen: %s is not empty%s\n", options.out_dir.c_str(),
                   options.force ? " and was not made by slipbox-bench-gen; refusing to delete it"
                                 : " (use --force to replace a generated vault)");
      return 1;
    }
    fs::remove_all(options.out_dir, ec);
    if (ec) {
      std::fprintf(stderr, "slipbox-bench-gen: cannot clear %s: %s\n", options.out_dir.c_str(), ec.message().c_str());
      return 1;
    }
  }
  fs::create_directories(options.out_dir, ec);

  auto start = std::chrono::steady_clock::now();
  Generator gen(options);
  gen.plan();
  gen.write();
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const Stats& s = gen.stats();

  // The marker lets --force recognise the vault and lets slipbox-bench-lsp compare counts.
  {
    std::string marker = "{\n  \"generator\": \"slipbox-bench-gen 1\",\n  \"notes\": " + std::to_string(s.notes) +
                         ",\n  \"seed\": " + std::to_string(options.seed) +
                         (options.heavy ? ",\n  \"heavy\": true" : "") + ",\n  \"links\": " + std::to_string(s.links) +
                         ",\n  \"expected_broken_links\": " + std::to_string(s.broken()) + ",\n  \"big_note\": \"" +
                         gen.big_note_path() + "\"" + ",\n  \"hub_note\": \"" + gen.hub_note_path() + "\"\n}\n";
    std::ofstream(options.out_dir / kMarker, std::ios::binary) << marker;
  }

  std::printf("vault           %s\n", options.out_dir.c_str());
  std::printf("seed            %llu\n", static_cast<unsigned long long>(options.seed));
  std::printf("notes           %zu%s\n", s.notes, options.big_note_links ? " (including the big note)" : "");
  std::printf("folders         %zu (with notes or attachments)\n", s.folders);
  std::printf("attachments     %zu\n", s.attachments);
  std::printf("headings        %zu\n", s.headings);
  std::printf("block ids       %zu\n", s.block_ids);
  std::printf("code blocks     %zu (with fake links)\n", s.code_blocks);
  std::printf("%%%% comments     %zu (with links that must not be reported)\n", s.comments);
  std::printf("links           %zu (%.1f per note)\n", s.links, s.notes ? double(s.links) / double(s.notes) : 0.0);
  for (const auto& [form, count] : s.links_by_form) std::printf("  %-20s %zu\n", form.c_str(), count);
  std::printf("expected broken %zu\n", s.broken());
  for (const auto& [kind, count] : s.broken_by_kind) std::printf("  %-20s %zu\n", kind.c_str(), count);
  size_t regular_notes = s.notes - (options.big_note_links ? 1 : 0) - (gen.hub_note_path().empty() ? 0 : 1);
  std::printf("bytes           %zu in all; notes %.0f bytes on average\n", s.bytes,
              regular_notes ? double(s.note_bytes) / double(regular_notes) : 0.0);
  if (!gen.big_note_path().empty()) std::printf("big note        %s\n", gen.big_note_path().c_str());
  if (!gen.hub_note_path().empty()) std::printf("hub note        %s\n", gen.hub_note_path().c_str());
  std::printf("last note       %s (in sorted order)\n", gen.index_probe_path().c_str());
  std::printf("checksum        %016llx\n", static_cast<unsigned long long>(gen.checksum()));
  std::printf("time            %.2f s\n", seconds);
  return 0;
}
