// Daily-note links completed from `[[today`, weekday names and ISO dates, and templates.
#include "analysis/features/daily_notes.h"

#include <gtest/gtest.h>

#include "analysis/features/link_edit.h"
#include "analysis/features/templates.h"
#include "tests/support/fixture.h"

namespace slipbox {
namespace {

using testing::Fixture;

// Monday 7 December 2026, 09:30.
constexpr LocalDateTime kToday{2026, 12, 7, 9, 30, 0};

CompletionResult daily_items(const Fixture& f, const DailyNoteSettings& settings, LinkStyle style = {}) {
  CompletionResult result;
  add_daily_note_items(f.context(), f.cursor(), settings, kToday, style, result);
  return result;
}

std::vector<std::string> labels(const CompletionResult& result) {
  std::vector<std::string> out;
  for (const CompletionItem& item : result.items) out.push_back(item.label);
  return out;
}

std::string accept(const Fixture& f, const CompletionItem& item) {
  return apply_changes(f.cursor_file().text(), {TextChange{item.replace_range, item.insert_text}});
}

TEST(DailyNotes, TodayYesterdayTomorrowInTheDefaultFormat) {
  const Fixture f("//- /Note.md\nSee [[tod$0\n");
  const CompletionResult today = daily_items(f, {});
  ASSERT_EQ(labels(today), (std::vector<std::string>{"today → 2026-12-07"}));
  EXPECT_EQ(accept(f, today.items[0]), "See [[2026-12-07]]\n");
  EXPECT_EQ(today.items[0].kind, CompletionKind::PlannedNote) << "not created yet";
  EXPECT_EQ(today.items[0].detail, "Monday 7 December 2026 · daily note, not created yet");
  EXPECT_EQ(today.items[0].filter_text, "today");

  const Fixture yesterday("//- /Note.md\nSee [[Yesterday$0]] there\n");
  const CompletionResult items = daily_items(yesterday, {});
  ASSERT_EQ(labels(items), (std::vector<std::string>{"yesterday → 2026-12-06"}));
  EXPECT_EQ(accept(yesterday, items.items[0]), "See [[2026-12-06]] there\n") << "the closing ]] is not doubled";
}

TEST(DailyNotes, FolderAndFormatFromTheSettings) {
  const Fixture f(R"(
    //- /Projects/Note.md
    [[tomorrow$0
    //- /Journal/2026/12/08 Tuesday.md
    # Tuesday
    //- /Other/08 Tuesday.md
  )");
  DailyNoteSettings settings;
  settings.folder = "Journal";
  settings.format = "YYYY/MM/DD dddd";
  const CompletionResult result = daily_items(f, settings);
  ASSERT_EQ(labels(result), (std::vector<std::string>{"tomorrow → 08 Tuesday"}));
  EXPECT_EQ(result.items[0].kind, CompletionKind::Note) << "it exists";
  EXPECT_EQ(result.items[0].file, f.id("Journal/2026/12/08 Tuesday.md"));
  EXPECT_EQ(accept(f, result.items[0]), "[[Journal/2026/12/08 Tuesday]]\n") << "the name is taken twice: the path";
}

TEST(DailyNotes, ANoteNotCreatedYetGetsItsFolderOnlyWhenNeeded) {
  DailyNoteSettings settings;
  settings.folder = "Daily";
  const Fixture unique("//- /Notes/Note.md\n[[today$0\n");
  EXPECT_EQ(accept(unique, daily_items(unique, settings).items.at(0)), "[[2026-12-07]]\n");
  EXPECT_EQ(accept(unique, daily_items(unique, settings, LinkStyle{false, LinkFormat::Absolute}).items.at(0)),
            "[[Daily/2026-12-07]]\n");
  EXPECT_EQ(accept(unique, daily_items(unique, settings, LinkStyle{false, LinkFormat::Relative}).items.at(0)),
            "[[../Daily/2026-12-07]]\n");
  const Fixture taken("//- /Notes/Note.md\n[[today$0\n//- /Old/2026-12-07.md\n");
  EXPECT_EQ(accept(taken, daily_items(taken, settings).items.at(0)), "[[Daily/2026-12-07]]\n");
}

TEST(DailyNotes, MarkdownLinks) {
  DailyNoteSettings settings;
  settings.folder = "My Daily";
  const Fixture f("//- /Note.md\nSee [[today$0\n");
  EXPECT_EQ(accept(f, daily_items(f, settings, LinkStyle{true, LinkFormat::Absolute}).items.at(0)),
            "See [2026-12-07](My%20Daily/2026-12-07.md)\n");
}

TEST(DailyNotes, Weekdays) {
  // Today is a Monday: `monday` is today, `next monday` a week on, `last monday` a week ago.
  const Fixture monday("//- /Note.md\n[[monday$0\n");
  EXPECT_EQ(labels(daily_items(monday, {})), (std::vector<std::string>{"monday → 2026-12-07"}));
  const Fixture next("//- /Note.md\n[[next mon$0\n");
  EXPECT_EQ(labels(daily_items(next, {})), (std::vector<std::string>{"next monday → 2026-12-14"}));
  const Fixture last("//- /Note.md\n[[last fri$0\n");
  EXPECT_EQ(labels(daily_items(last, {})), (std::vector<std::string>{"last friday → 2026-12-04"}));
  const Fixture friday("//- /Note.md\n[[friday$0\n");
  EXPECT_EQ(labels(daily_items(friday, {})), (std::vector<std::string>{"friday → 2026-12-11"}));
  const Fixture t("//- /Note.md\n[[tue$0\n");
  EXPECT_EQ(labels(daily_items(t, {})), (std::vector<std::string>{"tuesday → 2026-12-08"}));
}

TEST(DailyNotes, IsoDates) {
  DailyNoteSettings settings;
  settings.format = "D MMMM YYYY";
  const Fixture f("//- /Note.md\n[[2026-12-24$0\n");
  const CompletionResult result = daily_items(f, settings);
  ASSERT_EQ(labels(result), (std::vector<std::string>{"2026-12-24 → 24 December 2026"}));
  EXPECT_EQ(accept(f, result.items[0]), "[[24 December 2026]]\n");
  const Fixture same("//- /Note.md\n[[2026-12-24$0\n");
  EXPECT_EQ(labels(daily_items(same, {})), (std::vector<std::string>{"2026-12-24"})) << "the date is the name";
}

TEST(DailyNotes, NothingForOtherWordsOrPlaces) {
  for (const char* text :
       {"[[to$0", "[[todo$0", "[[2026-13-01$0", "[[today#$0", "[[Note|tod$0", "[x](tod$0", "today$0"}) {
    const Fixture f(std::string("//- /Note.md\n") + text + "\n");
    EXPECT_TRUE(daily_items(f, {}).items.empty()) << text;
  }
}

TEST(DailyNotes, TheyComeFirst) {
  const Fixture f("//- /Note.md\n[[tod$0\n");
  CompletionResult result;
  CompletionItem note;
  note.label = "Todo";
  note.sort_text = "0000";
  result.items.push_back(note);
  add_daily_note_items(f.context(), f.cursor(), {}, kToday, {}, result);
  ASSERT_EQ(labels(result), (std::vector<std::string>{"today → 2026-12-07", "Todo"}));
  EXPECT_LT(result.items[0].sort_text, result.items[1].sort_text);
}

TEST(DailyNotes, Paths) {
  DailyNoteSettings settings;
  EXPECT_EQ(daily_note_path(settings, kToday), "2026-12-07.md");
  settings.folder = "Journal/Daily";
  settings.format = "GGGG/[W]WW/YYYY-MM-DD";
  EXPECT_EQ(daily_note_path(settings, kToday), "Journal/Daily/2026/W50/2026-12-07.md");
  EXPECT_EQ(daily_note_template_path(settings), std::nullopt);
  settings.template_path = "Templates/Daily";
  EXPECT_EQ(daily_note_template_path(settings), "Templates/Daily.md");
}

TEST(Templates, ObsidianVariables) {
  const TemplateValues values{"Weekly sync", LocalDateTime{2026, 12, 7, 14, 5, 0}, "DD.MM.YYYY", "HH:mm"};
  EXPECT_EQ(fill_template("# {{title}}\nCreated {{date}} at {{time}}\n", values),
            "# Weekly sync\nCreated 07.12.2026 at 14:05\n");
  EXPECT_EQ(fill_template("{{date:YYYY-MM-DD dddd}} {{time:h:mm A}}", values), "2026-12-07 Monday 2:05 PM");
  EXPECT_EQ(fill_template("{{ Title }} {{DATE : YYYY}}", values), "Weekly sync 2026") << "case and blanks";
  EXPECT_EQ(fill_template("{{date+1d:YYYY-MM-DD}} {{date-1w:YYYY-MM-DD}}", values), "2026-12-08 2026-11-30");
  EXPECT_EQ(fill_template("{{unknown}} {{date:}} {{{title}}} {{title", values),
            "{{unknown}} {{date:}} {Weekly sync} {{title");
}

TEST(Templates, TheFolderListsItsNotes) {
  const Fixture f(R"(
    //- /Note.md
    //- /Templates/Meeting.md
    //- /Templates/Sub/Daily.md
    //- /Templates/image.png
    //- /Templates.md
  )");
  TemplateSettings settings;
  EXPECT_TRUE(template_files(f.vault(), settings).empty());
  settings.folder = "/Templates/";
  std::vector<std::string> names;
  for (const FileId file : template_files(f.vault(), settings)) names.push_back(template_name(f.vault(), file));
  EXPECT_EQ(names, (std::vector<std::string>{"Meeting", "Daily"}));
}

}  // namespace
}  // namespace slipbox
