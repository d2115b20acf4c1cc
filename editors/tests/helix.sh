#!/usr/bin/env bash
# Helix editor test: Debian 13's Helix, unpacked privately, driven in tmux with the shipped
# editors/helix/languages.toml and the real slipbox binary, on a vault with non-ASCII paths
# inside a git repository. Checks: `hx --health markdown` accepts the file; the server's
# root is the .obsidian folder; the diagnostics gutter; the hover popup; `gd`; the
# completion menu after `[[` and accepting an item.
# Usage: editors/tests/helix.sh [path/to/slipbox]   (or SLIPBOX_BIN)
TEST_NAME=helix
source "$(dirname "$0")/lib/common.sh"

SLIPBOX="$(resolve_slipbox "${1:-}")"
log "slipbox: $SLIPBOX"
ensure_apt tmux
HX_DIR="$CACHE_DIR/hx-trixie"
debian_unpack trixie "$HX_DIR" hx

work="$(mktemp -d /tmp/slipbox-helix-test.XXXXXX)"
socket="$work/tmux.sock"
cleanup() {
  tmux -S "$socket" kill-server >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

# A user's set-up: slipbox on PATH, the shipped languages.toml as ~/.config/helix/languages.toml.
mkdir -p "$work/bin" "$work/config/helix" "$work/repo/.git"
ln -s "$SLIPBOX" "$work/bin/slipbox"
cp "$EDITORS_DIR/helix/languages.toml" "$work/config/helix/languages.toml"
vault="$work/repo/Notater ✓"
make_vault "$vault"
cat >"$work/hx" <<EOF
#!/bin/sh
exec "$HX_DIR/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2" --library-path "$HX_DIR/usr/lib/x86_64-linux-gnu" "$HX_DIR/usr/lib/hx/hx" "\$@"
EOF
chmod +x "$work/hx"
hx_env=(env -i HOME="$work" LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=xterm-256color PATH="$work/bin:/usr/bin:/bin"
        HELIX_RUNTIME="$HX_DIR/usr/lib/hx/runtime" XDG_CONFIG_HOME="$work/config"
        XDG_CACHE_HOME="$work/cache" XDG_DATA_HOME="$work/data")
hx_log="$work/helix.log"
step=0
passed=0
ok() { log "ok   $1"; passed=$((passed + 1)); }

# 1. Helix parses the shipped file and finds the server.
health="$("${hx_env[@]}" timeout 30 "$work/hx" --health markdown 2>&1 | sed 's/\x1b\[[0-9;]*m//g')" || true
printf '%s\n' "$health" >"$ARTIFACTS_DIR/helix-health.txt"
if grep -q 'Error parsing' <<<"$health"; then die "hx --health markdown rejects languages.toml: $health"; fi
grep -q '✓ slipbox' <<<"$health" || die "hx --health markdown does not list slipbox as found: $health"
if grep -q 'marksman' <<<"$health"; then die "the built-in markdown servers are still configured: $health"; fi
ok "hx --health markdown"

screen() { tmux -S "$socket" capture-pane -p -t hx 2>/dev/null || true; }
save_screen() {
  step=$((step + 1))
  screen >"$ARTIFACTS_DIR/helix-$(printf '%02d' $step)-$1.txt"
}
fail_with_screen() {
  log "screen:"; screen >&2
  log "last lines of Helix's log:"; tail -n 15 "$hx_log" 2>/dev/null | cut -c1-400 >&2 || true
  save_screen failure
  die "$1"
}
# wait_for SECONDS WHAT REGEX — polls the screen until a line matches (extended regex).
wait_for() {
  local seconds="$1" what="$2" regex="$3"
  local deadline=$((SECONDS + seconds))
  while ((SECONDS < deadline)); do
    if screen | grep -Eq -- "$regex"; then return 0; fi
    tmux -S "$socket" has-session -t hx 2>/dev/null || fail_with_screen "Helix exited while waiting for $what"
    sleep 0.2
  done
  fail_with_screen "no $what within ${seconds}s (looked for /$regex/)"
}
keys() { tmux -S "$socket" send-keys -t hx "$@"; }
# A pause after Escape, so that Helix does not read Escape plus the next key as Alt+key.
escape() { keys Escape; sleep 0.2; }
# Types text one key at a time, as a person does: Helix 25.01 can send didChange
# notifications out of order when keys arrive in one burst.
type_slowly() {
  local text="$1" i ch
  for ((i = 0; i < ${#text}; i++)); do
    ch="${text:i:1}"
    tmux -S "$socket" send-keys -t hx -l -- "$ch"
    sleep 0.08
  done
}
search() { escape; keys g g; keys /; tmux -S "$socket" send-keys -t hx -l -- "$1"; keys Enter; sleep 0.3; }

# 2. Open the vault's index from the repository root, as someone working in the repo would.
tmux -u -S "$socket" -f /dev/null new-session -d -s hx -x 140 -y 40 -c "$work/repo" \
  "${hx_env[*]@Q} $work/hx -v --log $hx_log 'Notater ✓/Index.md'"
wait_for 20 "Helix window" 'Index\.md'

# Diagnostics gutter: a mark on the broken link's line, and only there.
wait_for 20 "diagnostic mark in the gutter on the broken link" '^●.*Broken: \[\[Ingen slik notat\]\]'
if screen | grep -E '^●' | grep -vq 'Ingen slik notat'; then fail_with_screen "a diagnostic mark on a line without a broken link"; fi
save_screen diagnostics
ok "diagnostics gutter"

# The server runs in the vault (.obsidian), not in the enclosing git repository.
grep -q '"rootUri":"file://[^"]*/repo/Notater%20%E2%9C%93"' "$hx_log" \
  || die "the server's rootUri is not the vault: $(grep -o '"rootUri":"[^"]*"' "$hx_log" | head -1)"
ok "root is the vault"

# 3. Hover popup on a link to a note in a non-ASCII folder.
search 'Budsjett'
keys Space k
wait_for 15 "hover popup with the note's text" 'Tall for året'
save_screen hover
ok "hover popup"
escape

# 4. gd on a link after an emoji opens the note in the emoji folder.
search 'Agile'
keys g d
wait_for 15 "the target note after gd" 'Ressurser/Slipbox/Agile Metoder\.md'
wait_for 5 "the target note's text after gd" 'Smidig utvikling er målet'
save_screen goto-definition
ok "gd"
keys g a
wait_for 10 "Index.md again after ga" 'Notater ✓/Index\.md'

# 5. Completion menu after `[[` (Helix auto-pairs the brackets), then accept the item.
escape; keys g e; keys o
type_slowly 'Mer 🫐: [[Agi'
wait_for 15 "completion menu listing Agile Metoder" '^[^[]*Agile Metoder'
save_screen completion-menu
ok "completion menu"
keys Tab
sleep 0.3
keys Enter
wait_for 10 "accepted completion in the buffer" 'Mer 🫐: \[\[Agile Metoder\]\]'
save_screen completion-accepted
# The server saw the same text: the new link is not reported broken.
deadline=$((SECONDS + 10))
while screen | grep -Eq '^●.*Mer 🫐: \[\[Agile'; do
  ((SECONDS < deadline)) || fail_with_screen "the completed link is still marked broken"
  sleep 0.2
done
ok "completion accepted"

escape
keys : ; tmux -S "$socket" send-keys -t hx -l 'q!'; keys Enter
deadline=$((SECONDS + 10))
while tmux -S "$socket" has-session -t hx 2>/dev/null; do
  ((SECONDS < deadline)) || die "Helix did not quit"
  sleep 0.2
done
cp "$hx_log" "$ARTIFACTS_DIR/helix.log" 2>/dev/null || true
echo "helix: $passed passed, 0 failed"
