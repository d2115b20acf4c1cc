#include "tests/markdown/note_snapshot.h"

namespace slipbox::testing {

TEST_P(NoteSnapshot, MatchesExpected) {
  const SnapshotCase& c = GetParam();
  EXPECT_EQ(snapshot(c.text), c.expected) << "input:\n" << c.text;
}

}  // namespace slipbox::testing
