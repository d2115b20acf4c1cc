// HTML blocks (CommonMark 0.31 §4.6) hide links, tags and headings; nothing else does.
// One case per start condition (what opens it, what ends it), the lookalikes that open
// nothing (`<[[Note]]` above all, which real notes write), and the places md4c 0.4.8 differs from 0.31.
// Each case has a link or heading inside the block (hidden) and after it (shown).
#include "tests/markdown/note_snapshot.h"

namespace slipbox::testing {
namespace {

using namespace std::string_literals;

INSTANTIATE_TEST_SUITE_P(HtmlBlockStarts, NoteSnapshot,
                         ::testing::Values(
                             // 1: <pre, <script, <style, <textarea; blank lines do not end it, any of the four
                             // end tags does.
                             SnapshotCase{"c1_pre_runs_over_blank_lines",
                                          "<pre\n"
                                          "[[in]]\n"
                                          "\n"
                                          "# Hidden\n"
                                          "</pre> [[still]]\n"
                                          "[[after]]"s,
                                          "WL [[after]] path=\"after\" t=\"after\" 5:0-5:9\n"},
                             SnapshotCase{"c1_script_ended_by_style_end_tag",
                                          "<SCRIPT type=x>\n"
                                          "\n"
                                          "[[in]]\n"
                                          "</style>\n"
                                          "[[after]]"s,
                                          "WL [[after]] path=\"after\" t=\"after\" 4:0-4:9\n"},
                             SnapshotCase{"c1_textarea_runs_over_blank_lines",
                                          "<textarea>\n"
                                          "\n"
                                          "[[in]]\n"
                                          "</textarea>\n"
                                          "[[after]]"s,
                                          "WL [[after]] path=\"after\" t=\"after\" 4:0-4:9\n"},
                             SnapshotCase{"c1_needs_a_delimiter_after_the_name",  // md4c 0.4.8 matches a prefix
                                          "<prefix [[a]]\n"
                                          "\n"
                                          "# Shown\n"
                                          "<scripture> [[b]]\n"
                                          "\n"
                                          "<stylesheet>\n"
                                          "[[hidden by condition 7]]\n"
                                          "\n"
                                          "[[c]]"s,
                                          "WL [[a]] path=\"a\" t=\"a\" 0:8-0:13\n"
                                          "WL [[b]] path=\"b\" t=\"b\" 3:12-3:17\n"
                                          "WL [[c]] path=\"c\" t=\"c\" 8:0-8:5\n"
                                          "H1 \"Shown\" 2:0-2:7 text=2:2-2:7\n"},
                             // 2: <!-- … -->
                             SnapshotCase{"c2_comment",
                                          "<!-- [[in]]\n"
                                          "\n"
                                          "# Hidden\n"
                                          "--> [[still]]\n"
                                          "[[after]]"s,
                                          "WL [[after]] path=\"after\" t=\"after\" 4:0-4:9\n"},
                             SnapshotCase{"c2_empty_comment_ends_on_its_line",
                                          "<!-->\n"
                                          "[[after]]"s,
                                          "WL [[after]] path=\"after\" t=\"after\" 1:0-1:9\n"},
                             // 3: <? … ?>
                             SnapshotCase{"c3_processing_instruction",
                                          "<?php [[in]]\n"
                                          "\n"
                                          "# Hidden\n"
                                          "?>\n"
                                          "[[after]]"s,
                                          "WL [[after]] path=\"after\" t=\"after\" 4:0-4:9\n"},
                             SnapshotCase{"c3_not_ended_by_link_brackets",
                                          "<?x\n"
                                          "[[in]]>\n"
                                          "?>\n"
                                          "[[after]]"s,
                                          "WL [[after]] path=\"after\" t=\"after\" 3:0-3:9\n"},
                             // 4: <! and an ASCII letter (either case since 0.31) … >
                             SnapshotCase{"c4_declaration",
                                          "<!DOCTYPE html [[in]]\n"
                                          "\n"
                                          "[[in2]] >\n"
                                          "[[after]]"s,
                                          "WL [[after]] path=\"after\" t=\"after\" 3:0-3:9\n"},
                             SnapshotCase{"c4_declaration_lower_case",
                                          "<!doctype [[in]]\n"
                                          "[[in2]] >\n"
                                          "[[after]]"s,
                                          "WL [[after]] path=\"after\" t=\"after\" 2:0-2:9\n"},
                             // 5: <![CDATA[ … ]]>
                             SnapshotCase{"c5_cdata",
                                          "<![CDATA[ [[in]]\n"
                                          "\n"
                                          "# Hidden\n"
                                          "]]>\n"
                                          "[[after]]"s,
                                          "WL [[after]] path=\"after\" t=\"after\" 4:0-4:9\n"},
                             SnapshotCase{"c5_cdata_not_ended_by_a_link",
                                          "<![CDATA[\n"
                                          "[[in]]\n"
                                          "x ]]>\n"
                                          "[[after]]"s,
                                          "WL [[after]] path=\"after\" t=\"after\" 3:0-3:9\n"},
                             // 6: a block tag name, open or closing, anything after it; ends at a blank line;
                             // may interrupt a paragraph.
                             SnapshotCase{"c6_div_ends_at_blank_line",
                                          "<div class=\"x\"> [[in]]\n"
                                          "# Hidden\n"
                                          "\n"
                                          "# Shown [[after]]"s,
                                          "WL [[after]] path=\"after\" t=\"after\" 3:8-3:17\n"
                                          "H1 \"Shown [[after]]\" 3:0-3:17 text=3:2-3:17\n"},
                             SnapshotCase{"c6_closing_tag_interrupts_a_paragraph",
                                          "[[para]]\n"
                                          "</TABLE> [[in]]\n"
                                          "\n"
                                          "[[after]]"s,
                                          "WL [[para]] path=\"para\" t=\"para\" 0:0-0:8\n"
                                          "WL [[after]] path=\"after\" t=\"after\" 3:0-3:9\n"},
                             SnapshotCase{"c6_search_is_a_block_tag_since_0_31",
                                          "<search> [[in]]\n"
                                          "\n"
                                          "[[after]]"s,
                                          "WL [[after]] path=\"after\" t=\"after\" 2:0-2:9\n"},
                             SnapshotCase{"c6_source_is_not_a_block_tag_in_0_31",
                                          "<source> [[shown]]\n"
                                          "\n"
                                          "[[after]]"s,
                                          "WL [[shown]] path=\"shown\" t=\"shown\" 0:9-0:18\n"
                                          "WL [[after]] path=\"after\" t=\"after\" 2:0-2:9\n"},
                             // 7: one complete tag alone on its line; ends at a blank line; cannot interrupt a
                             // paragraph.
                             SnapshotCase{"c7_complete_tag_alone",
                                          "<my-widget data-x='1'>\n"
                                          "[[in]]\n"
                                          "\n"
                                          "[[after]]"s,
                                          "WL [[after]] path=\"after\" t=\"after\" 3:0-3:9\n"},
                             SnapshotCase{"c7_tag_with_text_after_is_inline",
                                          "<span> [[shown]]\n"
                                          "\n"
                                          "[[after]]"s,
                                          "WL [[shown]] path=\"shown\" t=\"shown\" 0:7-0:16\n"
                                          "WL [[after]] path=\"after\" t=\"after\" 2:0-2:9\n"},
                             SnapshotCase{"c7_cannot_interrupt_a_paragraph",
                                          "[[para]]\n"
                                          "<span>\n"
                                          "[[shown]]"s,
                                          "WL [[para]] path=\"para\" t=\"para\" 0:0-0:8\n"
                                          "WL [[shown]] path=\"shown\" t=\"shown\" 2:0-2:9\n"}),
                         case_name);

INSTANTIATE_TEST_SUITE_P(
    NotHtml, NoteSnapshot,
    ::testing::Values(
        // A real note's `…<[[SRD-Battle Bond-v2.0|Battle Bond]]>`; `<[` opens no
        // HTML block and no inline HTML.
        SnapshotCase{"angle_before_wikilink_at_line_start",
                     "<[[Note]] is the hidden ability\n"
                     "\n"
                     "[[Broken]]\n"
                     "\n"
                     "# Heading"s,
                     "WL [[Note]] path=\"Note\" t=\"Note\" 0:1-0:9\n"
                     "WL [[Broken]] path=\"Broken\" t=\"Broken\" 2:0-2:10\n"
                     "H1 \"Heading\" 4:0-4:9 text=4:2-4:9\n"},
        SnapshotCase{"angle_wikilink_inline",
                     "a <[[M1]]> b\n"
                     "<[[SRD-Battle Bond-v2.0|Battle Bond]]> [[M2]]"s,
                     "WL [[M1]] path=\"M1\" t=\"M1\" 0:3-0:9\n"
                     "WL [[SRD-Battle Bond-v2.0|Battle Bond]] path=\"SRD-Battle Bond-v2.0\" |=\"Battle Bond\" "
                     "t=\"SRD-Battle Bond-v2.0\" 1:1-1:37\n"
                     "WL [[M2]] path=\"M2\" t=\"M2\" 1:39-1:45\n"},
        SnapshotCase{"angle_markdown_link",
                     "<[x](y.md)>\n"
                     "# Shown"s,
                     "ML [x](y.md) path=\"y.md\" |=\"x\" t=\"y.md\" 0:1-0:10\n"
                     "H1 \"Shown\" 1:0-1:7 text=1:2-1:7\n"},
        SnapshotCase{"lookalikes_open_nothing",
                     "< div> [[a]]\n"
                     "<1> [[b]]\n"
                     "<%%c%%> [[c]]\n"
                     "<! [[d]]\n"
                     "# Shown"s,
                     "WL [[a]] path=\"a\" t=\"a\" 0:7-0:12\n"
                     "WL [[b]] path=\"b\" t=\"b\" 1:4-1:9\n"
                     "WL [[c]] path=\"c\" t=\"c\" 2:8-2:13\n"
                     "WL [[d]] path=\"d\" t=\"d\" 3:3-3:8\n"
                     "H1 \"Shown\" 4:0-4:7 text=4:2-4:7\n"},
        SnapshotCase{"indented_four_is_code_not_html",
                     "    <div>\n"
                     "\n"
                     "[[after]]"s,
                     "WL [[after]] path=\"after\" t=\"after\" 2:0-2:9\n"},
        SnapshotCase{"block_in_quote_ends_with_the_quote",
                     "> <div>\n"
                     "> [[in]]\n"
                     "# Shown"s,
                     "H1 \"Shown\" 2:0-2:7 text=2:2-2:7\n"}),
    case_name);

}  // namespace
}  // namespace slipbox::testing
