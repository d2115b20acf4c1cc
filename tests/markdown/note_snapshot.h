#pragma once
#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <string_view>

#include "analysis/markdown/parsed_note.h"

namespace slipbox::testing {

// One line per thing parse_note found, in a compact, reviewable form:
//   FM 0:0-2:3 body=24
//   ALIAS Other name
//   WL ![[Note#A#B|x]] path="Note" sub="A#B" h=[A,B] |="x" t="Note#A#B" 3:0-3:17
//   ML [t](a%20b.md#x) path="a b.md" sub="x" h=[x] |="t" t="a%20b.md#x" 4:0-4:17
//   H2 "Title" 5:0-5:8 text=5:3-5:8
//   TAG project/alpha 6:0-6:14
//   BLK ^id block=7:0-7:12 line=7 id=7:13-7:16
// Positions are line:column in UTF-16 units (via LineIndex), so a snapshot checks byte
// ranges and the protocol columns at once; `WL`/`ML` show the range's raw text.
std::string snapshot(std::string_view text, const ParsedNote& note);
std::string snapshot(std::string_view text);

// A data-driven case: a note and the snapshot parse_note must give for it. Suites
// instantiate `NoteSnapshot` with tables of these (see *_test.cpp).
struct SnapshotCase {
  std::string name;
  std::string text;
  std::string expected;
  friend std::ostream& operator<<(std::ostream& out, const SnapshotCase& c) { return out << c.name; }
};

class NoteSnapshot : public ::testing::TestWithParam<SnapshotCase> {};

inline std::string case_name(const ::testing::TestParamInfo<SnapshotCase>& info) { return info.param.name; }

}  // namespace slipbox::testing
