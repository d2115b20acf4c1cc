// The protocol-side feature functions on workspace snapshots, without the server.
#include "lsp/features.h"

#include <gtest/gtest.h>

#include "lsp/uri.h"
#include "tests/lsp/temp_vault.h"
#include "tests/lsp/utf16_oracle.h"
#include "tests/support/fixture.h"

namespace slipbox::lsp {
namespace {

using testing::oracle_position;
using testing::TempVault;

std::shared_ptr<const Document> document_at(const std::filesystem::path& path, std::string text) {
  return std::make_shared<const Document>(uri_from_path(path), path, 1, std::move(text));
}

// While the first scan runs, requests are answered from what exists: never an error, and
// completion says the list is incomplete; diagnostics wait (no false "broken link").
TEST(Features, DuringIndexingEverythingAnswersAndNothingIsBroken) {
  TempVault vault;
  Workspace workspace;
  workspace.set_folders({vault.root()});
  const Workspace::UpdateTicket scan = workspace.begin_update(vault.root());
  const auto note = slipbox::testing::parse_annotated("[[Finnes kanskje]] og [[$0\n");
  const auto document = document_at(vault.root() / "Plan.md", note.text);
  workspace.open(document);

  const auto snapshot = workspace.snapshot(document->uri);
  ASSERT_TRUE(snapshot);
  EXPECT_TRUE(snapshot->in_folder);
  EXPECT_FALSE(snapshot->vault_ready);
  EXPECT_EQ(snapshot->vault_path, "Plan.md");
  const Position cursor = oracle_position(note.text, *note.cursor);
  EXPECT_TRUE(completion(*snapshot, cursor).isIncomplete);
  EXPECT_FALSE(definition(*snapshot, Position{0, 4}, workspace));
  EXPECT_NO_THROW(hover(*snapshot, Position{0, 4}, workspace, ClientCapabilities{}));
  EXPECT_TRUE(diagnostics(*snapshot, Settings{}).empty());

  // Once the vault is in, the same note is judged.
  workspace.set_vault(vault.root(), Vault::from_memory(vault.root(), {{"Annet.md", "# Annet\n"}}));
  workspace.end_update(scan);
  const auto ready = workspace.snapshot(document->uri);
  ASSERT_TRUE(ready && ready->vault_ready);
  EXPECT_FALSE(completion(*ready, cursor).isIncomplete);
  EXPECT_EQ(diagnostics(*ready, Settings{}).size(), 1u);
}

TEST(Features, VaultPathOfANoteInAnEmojiFolderIsNfc) {
  TempVault vault;
  Workspace workspace;
  workspace.set_folders({vault.root()});
  // "Kjøpe" with a decomposed "ø" is not possible, so use "é" as e + U+0301 (NFD, as macOS writes).
  const auto path = vault.root() / std::filesystem::path(u8"🛠 Ressurser/Cafe\u0301.md");
  const auto document = document_at(path, "# Café\n");
  workspace.open(document);
  const auto snapshot = workspace.snapshot(document->uri);
  ASSERT_TRUE(snapshot);
  EXPECT_EQ(snapshot->vault_path, "🛠 Ressurser/Café.md");
}

TEST(Features, NotesInNestedFoldersBelongToTheInnermost) {
  TempVault vault;
  Workspace workspace;
  workspace.set_folders({vault.root(), vault.root() / "Indre"});
  const auto document = document_at(vault.root() / "Indre" / "Note.md", "x");
  workspace.open(document);
  EXPECT_EQ(workspace.snapshot(document->uri)->vault_path, "Note.md");
  const auto outside = document_at("/somewhere/else/Note.md", "x");
  workspace.open(outside);
  EXPECT_FALSE(workspace.snapshot(outside->uri)->in_folder);
  EXPECT_EQ(workspace.snapshot(outside->uri)->vault_path, "");
}

TEST(Features, SettingsMapSeverities) {
  Settings settings;
  std::string problems;
  settings.merge(json::parse(R"({"diagnostics":{"severity":{
      "unresolved-link":"error","unresolved-attachment":"hint","unresolved-heading":"off","unresolved-block":"loud"}}})"),
                 &problems);
  EXPECT_EQ(settings.severity(DiagnosticKind::UnresolvedLink), DiagnosticSeverity::Error);
  EXPECT_EQ(settings.severity(DiagnosticKind::UnresolvedAttachment), DiagnosticSeverity::Hint);
  EXPECT_EQ(settings.severity(DiagnosticKind::UnresolvedHeading), std::nullopt);
  EXPECT_EQ(settings.severity(DiagnosticKind::UnresolvedBlock), DiagnosticSeverity::Warning);  // bad value ignored
  EXPECT_NE(problems.find("unresolved-block"), std::string::npos);
  EXPECT_EQ(Settings{}.severity(DiagnosticKind::UnresolvedLink), DiagnosticSeverity::Warning);
}

}  // namespace
}  // namespace slipbox::lsp
