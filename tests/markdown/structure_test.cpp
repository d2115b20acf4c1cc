// Front matter, headings, tags and block ids as snapshots (docs/link-resolution.md §4, §5;
// parsed_note.h). Generated once from the parser and reviewed line by line.
#include "tests/markdown/note_snapshot.h"

namespace slipbox::testing {
namespace {

using namespace std::string_literals;

INSTANTIATE_TEST_SUITE_P(
    FrontMatter, NoteSnapshot,
    ::testing::Values(
        SnapshotCase{"flow_lists",
                     "---\n"
                     "aliases: [One, \"Two: x\"]\n"
                     "tags: [a, \"#b\", c/d]\n"
                     "---\n"
                     "# Body [[b]]\n"s,
                     "FM 0:0-3:3 body=54\n"
                     "ALIAS One\n"
                     "ALIAS Two: x\n"
                     "WL [[b]] path=\"b\" t=\"b\" 4:7-4:12\n"
                     "H1 \"Body [[b]]\" 4:0-4:12 text=4:2-4:12\n"
                     "TAG a 2:7-2:8 fm\n"
                     "TAG b 2:12-2:13 fm\n"
                     "TAG c/d 2:16-2:19 fm\n"},
        SnapshotCase{"json_flow_mapping",
                     "---\n"
                     "{\"dg-publish\":true,\"permalink\":\"/x/\",\"aliases\":\"Solo\",\"tags\":\"x, #y "
                     "z\",\"related\":\"[[Rel]]\"}\n"
                     "---\n"
                     "# Body [[b]]\n"s,
                     "FM 0:0-2:3 body=100\n"
                     "ALIAS Solo\n"
                     "WL [[Rel]] path=\"Rel\" t=\"Rel\" fm 1:82-1:89\n"
                     "WL [[b]] path=\"b\" t=\"b\" 3:7-3:12\n"
                     "H1 \"Body [[b]]\" 3:0-3:12 text=3:2-3:12\n"
                     "TAG x 1:62-1:63 fm\n"
                     "TAG y 1:66-1:67 fm\n"
                     "TAG z 1:68-1:69 fm\n"},
        SnapshotCase{"block_lists_and_property_links",
                     "---\n"
                     "aliases:\n"
                     "  - First\n"
                     "  - \"Second [[InAlias]]\"\n"
                     "tags:\n"
                     "  - 🛠-tools\n"
                     "  - \"#日本\"\n"
                     "up: \"[[Parent#Sec|P]]\"\n"
                     "list:\n"
                     "  - \"[[A]]\"\n"
                     "  - \"![[B.png]]\"\n"
                     "desc: >\n"
                     "  multi line\n"
                     "  folded [[Folded]]\n"
                     "---\n"
                     "# Body [[b]]\n"s,
                     "FM 0:0-14:3 body=186\n"
                     "ALIAS First\n"
                     "ALIAS Second [[InAlias]]\n"
                     "WL [[InAlias]] path=\"InAlias\" t=\"InAlias\" fm 3:12-3:23\n"
                     "WL [[Parent#Sec|P]] path=\"Parent\" sub=\"Sec\" h=[Sec] |=\"P\" t=\"Parent#Sec\" fm 7:5-7:21\n"
                     "WL [[A]] path=\"A\" t=\"A\" fm 9:5-9:10\n"
                     "WL ![[B.png]] path=\"B.png\" t=\"B.png\" fm 10:5-10:15\n"
                     "WL [[Folded]] path=\"Folded\" t=\"Folded\" fm 13:9-13:19\n"
                     "WL [[b]] path=\"b\" t=\"b\" 15:7-15:12\n"
                     "H1 \"Body [[b]]\" 15:0-15:12 text=15:2-15:12\n"
                     "TAG 🛠-tools 5:4-5:12 fm\n"
                     "TAG 日本 6:6-6:8 fm\n"},
        SnapshotCase{"scalars",
                     "---\n"
                     "aliases: Scalar Alias\n"
                     "tags: one two,three\n"
                     "---\n"
                     "# Body [[b]]\n"s,
                     "FM 0:0-3:3 body=50\n"
                     "ALIAS Scalar Alias\n"
                     "WL [[b]] path=\"b\" t=\"b\" 4:7-4:12\n"
                     "H1 \"Body [[b]]\" 4:0-4:12 text=4:2-4:12\n"
                     "TAG one 2:6-2:9 fm\n"
                     "TAG two 2:10-2:13 fm\n"
                     "TAG three 2:14-2:19 fm\n"},
        SnapshotCase{"multi_line_quoted_string",
                     "---\n"
                     "aliases:\n"
                     "  - \"a long\n"
                     "    alias\"\n"
                     "note: \"see\n"
                     "  [[Wrapped]]\"\n"
                     "---\n"
                     "# Body [[b]]\n"s,
                     "FM 0:0-6:3 body=66\n"
                     "ALIAS a long alias\n"
                     "WL [[Wrapped]] path=\"Wrapped\" t=\"Wrapped\" fm 5:2-5:13\n"
                     "WL [[b]] path=\"b\" t=\"b\" 7:7-7:12\n"
                     "H1 \"Body [[b]]\" 7:0-7:12 text=7:2-7:12\n"},
        SnapshotCase{"invalid_yaml_keeps_block_and_links",
                     "---\n"
                     "aliases: [unclosed\n"
                     "tags: {bad: [\n"
                     "link: \"[[StillFound]]\"\n"
                     "---\n"
                     "# Body [[b]]\n"s,
                     "FM 0:0-4:3 body=64\n"
                     "WL [[StillFound]] path=\"StillFound\" t=\"StillFound\" fm 3:7-3:21\n"
                     "WL [[b]] path=\"b\" t=\"b\" 5:7-5:12\n"
                     "H1 \"Body [[b]]\" 5:0-5:12 text=5:2-5:12\n"},
        SnapshotCase{"not_a_mapping",
                     "---\n"
                     "- just\n"
                     "- a list\n"
                     "---\n"
                     "# Body [[b]]\n"s,
                     "FM 0:0-3:3 body=24\n"
                     "WL [[b]] path=\"b\" t=\"b\" 4:7-4:12\n"
                     "H1 \"Body [[b]]\" 4:0-4:12 text=4:2-4:12\n"},
        SnapshotCase{"keys_any_case",
                     "---\n"
                     "Tags: [Upper]\n"
                     "ALIASES: [X]\n"
                     "---\n"
                     "# Body [[b]]\n"s,
                     "FM 0:0-3:3 body=35\n"
                     "ALIAS X\n"
                     "WL [[b]] path=\"b\" t=\"b\" 4:7-4:12\n"
                     "H1 \"Body [[b]]\" 4:0-4:12 text=4:2-4:12\n"
                     "TAG Upper 1:7-1:12 fm\n"},
        SnapshotCase{"yaml_comment_is_not_heading",
                     "---\n"
                     "# comment [[InComment]]\n"
                     "title: x\n"
                     "---\n"
                     "# Body [[b]]\n"s,
                     "FM 0:0-3:3 body=41\n"
                     "WL [[InComment]] path=\"InComment\" t=\"InComment\" fm 1:10-1:23\n"
                     "WL [[b]] path=\"b\" t=\"b\" 4:7-4:12\n"
                     "H1 \"Body [[b]]\" 4:0-4:12 text=4:2-4:12\n"},
        SnapshotCase{"empty_front_matter",
                     "---\n"
                     "---\n"
                     "Body"s,
                     "FM 0:0-1:3 body=8\n"},
        SnapshotCase{"dots_close",
                     "---\n"
                     "aliases: [D]\n"
                     "...\n"
                     "Body"s,
                     "FM 0:0-2:3 body=21\n"
                     "ALIAS D\n"},
        SnapshotCase{"unclosed_is_not_front_matter",
                     "---\n"
                     "aliases: [X]\n"
                     "# Heading"s,
                     "H1 \"Heading\" 2:0-2:9 text=2:2-2:9\n"},
        SnapshotCase{"must_be_first_line",
                     "\n"
                     "---\n"
                     "aliases: [X]\n"
                     "---\n"s,
                     "H2 \"aliases: [X]\" 2:0-3:3 text=2:0-2:12\n"},
        SnapshotCase{"closing_dashes_are_not_setext",
                     "---\n"
                     "a: 1\n"
                     "---\n"
                     "Body\n"
                     "---\n"s,
                     "FM 0:0-2:3 body=13\n"
                     "H2 \"Body\" 3:0-4:3 text=3:0-3:4\n"},
        SnapshotCase{"crlf_front_matter",
                     "---\r\n"
                     "aliases: [C]\r\n"
                     "tags: [t]\r\n"
                     "---\r\n"
                     "# H\r\n"s,
                     "FM 0:0-3:3 body=35\n"
                     "ALIAS C\n"
                     "H1 \"H\" 4:0-4:3 text=4:2-4:3\n"
                     "TAG t 2:7-2:8 fm\n"},
        SnapshotCase{"null_values",
                     "---\n"
                     "aliases:\n"
                     "tags:\n"
                     "\n"
                     "---\n"
                     "# Body [[b]]\n"s,
                     "FM 0:0-4:3 body=24\n"
                     "WL [[b]] path=\"b\" t=\"b\" 5:7-5:12\n"
                     "H1 \"Body [[b]]\" 5:0-5:12 text=5:2-5:12\n"},
        SnapshotCase{"trailing_spaces_on_delimiters",
                     "---  \n"
                     "aliases: [S]\n"
                     "--- \n"
                     "x"s,
                     "FM 0:0-2:4 body=24\n"
                     "ALIAS S\n"}),
    case_name);

INSTANTIATE_TEST_SUITE_P(Headings, NoteSnapshot,
                         ::testing::Values(SnapshotCase{"atx_levels",
                                                        "# One\n"
                                                        "## Two\n"
                                                        "###### Six\n"
                                                        "####### Seven"s,
                                                        "H1 \"One\" 0:0-0:5 text=0:2-0:5\n"
                                                        "H2 \"Two\" 1:0-1:6 text=1:3-1:6\n"
                                                        "H6 \"Six\" 2:0-2:10 text=2:7-2:10\n"},
                                           SnapshotCase{"closing_hashes_and_indent",
                                                        "  ## Indented ##   \n"
                                                        "### Closing #not-closing\n"
                                                        "#### Trailing \\#"s,
                                                        "H2 \"Indented\" 0:2-0:16 text=0:5-0:13\n"
                                                        "H3 \"Closing #not-closing\" 1:0-1:24 text=1:4-1:24\n"
                                                        "H4 \"Trailing \\#\" 2:0-2:16 text=2:5-2:16\n"
                                                        "TAG not-closing 1:12-1:24\n"},
                                           SnapshotCase{"no_space_is_a_tag",
                                                        "#NoSpace\n"
                                                        "\n"
                                                        "#"s,
                                                        "TAG NoSpace 0:0-0:8\n"},
                                           SnapshotCase{"four_spaces_is_code", "    # code"s, ""},
                                           SnapshotCase{"setext",
                                                        "Setext One\n"
                                                        "==========\n"
                                                        "\n"
                                                        "Setext *Two*\n"
                                                        "---"s,
                                                        "H1 \"Setext One\" 0:0-1:10 text=0:0-0:10\n"
                                                        "H2 \"Setext *Two*\" 3:0-4:3 text=3:0-3:12\n"},
                                           SnapshotCase{"setext_multi_line",
                                                        "Multi\n"
                                                        "line\n"
                                                        "==="s,
                                                        "H1 \"Multi\\nline\" 0:0-2:3 text=0:0-1:4\n"},
                                           SnapshotCase{"setext_starting_with_code",
                                                        "`code` head\n"
                                                        "---"s,
                                                        "H2 \"`code` head\" 0:0-1:3 text=0:0-0:11\n"},
                                           SnapshotCase{"thematic_break_after_blank",
                                                        "Para\n"
                                                        "\n"
                                                        "---\n"s,
                                                        ""},
                                           SnapshotCase{"in_quote_and_list",
                                                        "> # In quote\n"
                                                        "- ## In list"s,
                                                        "H1 \"In quote\" 0:2-0:12 text=0:4-0:12\n"
                                                        "H2 \"In list\" 1:2-1:12 text=1:5-1:12\n"},
                                           SnapshotCase{"crlf_headings",
                                                        "Para\r\n"
                                                        "---\r\n"
                                                        "# H #\r\n"s,
                                                        "H2 \"Para\" 0:0-1:3 text=0:0-0:4\n"
                                                        "H1 \"H\" 2:0-2:5 text=2:2-2:3\n"},
                                           SnapshotCase{"emoji_and_cjk",
                                                        "## 🛠 Verktøy\n"
                                                        "# 日本語の見出し"s,
                                                        "H2 \"🛠 Verktøy\" 0:0-0:13 text=0:3-0:13\n"
                                                        "H1 \"日本語の見出し\" 1:0-1:9 text=1:2-1:9\n"},
                                           SnapshotCase{"not_in_code_or_html",
                                                        "```\n"
                                                        "# no\n"
                                                        "```\n"
                                                        "<div>\n"
                                                        "# no\n"
                                                        "</div>\n"
                                                        "\n"
                                                        "# yes"s,
                                                        "H1 \"yes\" 7:0-7:5 text=7:2-7:5\n"}),
                         case_name);

INSTANTIATE_TEST_SUITE_P(
    Tags, NoteSnapshot,
    ::testing::Values(SnapshotCase{"basic_and_nested", "#tag and #project/alpha, #with-dash_under."s,
                                   "TAG tag 0:0-0:4\n"
                                   "TAG project/alpha 0:9-0:23\n"
                                   "TAG with-dash_under 0:25-0:41\n"},
                      SnapshotCase{"digits_only_is_not_a_tag", "#1984 #y1984 #2024-plan"s,
                                   "TAG y1984 0:6-0:12\n"
                                   "TAG 2024-plan 0:13-0:23\n"},
                      SnapshotCase{"needs_space_or_line_start", "a#b (#c) x #d"s, "TAG d 0:11-0:13\n"},
                      SnapshotCase{"unicode_and_emoji",
                                   "#日本語 #æøå #🛠-tools #👩"
                                   "\xE2\x80\x8D"
                                   "💻 end"s,
                                   "TAG 日本語 0:0-0:4\n"
                                   "TAG æøå 0:5-0:9\n"
                                   "TAG 🛠-tools 0:10-0:19\n"
                                   "TAG 👩"
                                   "\xE2\x80\x8D"
                                   "💻 0:20-0:26\n"},
                      SnapshotCase{
                          "not_in_links_or_urls", "[[Note#tag]] [x](y.md#tag) https://e.com/#frag #real"s,
                          "WL [[Note#tag]] path=\"Note\" sub=\"tag\" h=[tag] t=\"Note#tag\" 0:0-0:12\n"
                          "ML [x](y.md#tag) path=\"y.md\" sub=\"tag\" h=[tag] |=\"x\" t=\"y.md#tag\" 0:13-0:26\n"
                          "TAG real 0:47-0:52\n"},
                      SnapshotCase{"tags_not_in_code", "`#code` #real"s, "TAG real 0:8-0:13\n"},
                      SnapshotCase{"heading_markers_are_not_tags",
                                   "# Heading #inhead\n"
                                   "## #"s,
                                   "H1 \"Heading #inhead\" 0:0-0:17 text=0:2-0:17\n"
                                   "TAG inhead 0:10-0:17\n"},
                      SnapshotCase{"ends_at_punctuation", "#tag! #tag? #a.b #a,b"s,
                                   "TAG tag 0:0-0:4\n"
                                   "TAG tag 0:6-0:10\n"
                                   "TAG a 0:12-0:14\n"
                                   "TAG a 0:17-0:19\n"},
                      SnapshotCase{"crlf_tags",
                                   "#a\r\n"
                                   "#b\r\n"s,
                                   "TAG a 0:0-0:2\n"
                                   "TAG b 1:0-1:2\n"}),
    case_name);

INSTANTIATE_TEST_SUITE_P(
    BlockIds, NoteSnapshot,
    ::testing::Values(SnapshotCase{"paragraph_end", "Para one ^p1"s, "BLK ^p1 block=0:0-0:12 line=0 id=0:9-0:12\n"},
                      SnapshotCase{"paragraph_second_line",
                                   "Para two\n"
                                   "second line ^p2"s,
                                   "BLK ^p2 block=0:0-1:15 line=0 id=1:12-1:15\n"},
                      SnapshotCase{"id_alone_after_paragraph_line",
                                   "Para three\n"
                                   "^p3"s,
                                   "BLK ^p3 block=0:0-1:3 line=0 id=1:0-1:3\n"},
                      SnapshotCase{"not_at_paragraph_end",
                                   "Not at end ^mid\n"
                                   "continues"s,
                                   ""},
                      SnapshotCase{"list_items",
                                   "- item a ^li1\n"
                                   "- item b\n"
                                   "  - child ^li2"s,
                                   "BLK ^li1 block=0:0-0:13 line=0 id=0:9-0:13\n"
                                   "BLK ^li2 block=2:2-2:14 line=2 id=2:10-2:14\n"},
                      SnapshotCase{"after_list_with_blank_line",
                                   "- x\n"
                                   "- y\n"
                                   "\n"
                                   "^list1\n"
                                   "\n"
                                   "after"s,
                                   "BLK ^list1 block=0:0-1:3 line=0 id=3:0-3:6\n"},
                      SnapshotCase{"directly_after_list",
                                   "- m\n"
                                   "- n\n"
                                   "^list2"s,
                                   "BLK ^list2 block=0:0-2:6 line=0 id=2:0-2:6\n"},
                      SnapshotCase{"after_quote",
                                   "> quote\n"
                                   "> more\n"
                                   "\n"
                                   "^q1"s,
                                   "BLK ^q1 block=0:0-1:6 line=0 id=3:0-3:3\n"},
                      SnapshotCase{"last_line_of_quote",
                                   "> q2\n"
                                   "> last ^qline"s,
                                   "BLK ^qline block=0:0-1:13 line=0 id=1:7-1:13\n"},
                      SnapshotCase{"after_table",
                                   "| a | b |\n"
                                   "|---|---|\n"
                                   "| 1 | 2 |\n"
                                   "\n"
                                   "^tbl"s,
                                   "BLK ^tbl block=0:0-2:9 line=0 id=4:0-4:4\n"},
                      SnapshotCase{"after_fence",
                                   "```\n"
                                   "code\n"
                                   "```\n"
                                   "^code1"s,
                                   "BLK ^code1 block=0:0-2:3 line=0 id=3:0-3:6\n"},
                      SnapshotCase{"not_on_headings_or_in_tables",
                                   "# Heading ^nope\n"
                                   "\n"
                                   "| a ^x |\n"
                                   "|---|"s,
                                   "H1 \"Heading ^nope\" 0:0-0:15 text=0:2-0:15\n"},
                      SnapshotCase{"needs_space_before_caret", "trailing^nospace"s, ""},
                      SnapshotCase{"block_ids_not_in_code",
                                   "`^incode`\n"
                                   "\n"
                                   "```\n"
                                   "x ^c\n"
                                   "```"s,
                                   ""},
                      SnapshotCase{"id_charset",
                                   "a ^Ab-9\n"
                                   "\n"
                                   "b ^bad_id\n"
                                   "\n"
                                   "c ^ok "s,
                                   "BLK ^Ab-9 block=0:0-0:7 line=0 id=0:2-0:7\n"
                                   "BLK ^ok block=4:0-4:5 line=4 id=4:2-4:5\n"},
                      SnapshotCase{"emoji_column", "Emoji 🛠 ^emo"s, "BLK ^emo block=0:0-0:13 line=0 id=0:9-0:13\n"},
                      SnapshotCase{"crlf_block_ids",
                                   "Para ^c1\r\n"
                                   "\r\n"
                                   "- i ^c2\r\n"s,
                                   "BLK ^c1 block=0:0-0:8 line=0 id=0:5-0:8\n"
                                   "BLK ^c2 block=2:0-2:7 line=2 id=2:4-2:7\n"},
                      SnapshotCase{"first_line_of_longer_paragraph_is_not_standalone",
                                   "# H\n"
                                   "\n"
                                   "^start\n"
                                   "more text"s,
                                   "H1 \"H\" 0:0-0:3 text=0:2-0:3\n"}),
    case_name);

}  // namespace
}  // namespace slipbox::testing
