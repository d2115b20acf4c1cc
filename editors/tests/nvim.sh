#!/usr/bin/env bash
# Neovim editor test: the shipped editors/nvim config in real Neovim, headless, with the real
# slipbox binary, on a vault with non-ASCII paths.
#   0.12 (Debian unstable): lsp/slipbox.lua + vim.lsp.enable, and require('slipbox').setup()
#   0.10 (Debian 13):       require('slipbox').setup() → FileType autocmd + vim.lsp.start
# Usage: editors/tests/nvim.sh [path/to/slipbox]   (or SLIPBOX_BIN)
TEST_NAME=nvim
source "$(dirname "$0")/lib/common.sh"

SLIPBOX="$(resolve_slipbox "${1:-}")"
log "slipbox: $SLIPBOX"

NVIM_SID="$CACHE_DIR/nvim-sid"
NVIM_TRIXIE="$CACHE_DIR/nvim-trixie"
debian_unpack sid "$NVIM_SID" neovim
debian_unpack trixie "$NVIM_TRIXIE" neovim

work="$(mktemp -d /tmp/slipbox-nvim-test.XXXXXX)"
trap 'rm -rf "$work"' EXIT
passed=0
failed=0

# run_case NAME NVIM_DIR SETUP(native|plugin) EXPECT_SEVERITY
run_case() {
  local name="$1" dir="$2" setup="$3" severity="$4"
  local case_dir="$work/$name"
  # The vault sits in a git repository, under a non-ASCII folder name: the root must be
  # the folder with .obsidian, not the repository.
  local repo="$case_dir/repo"
  local vault="$repo/Notater ✓"
  mkdir -p "$repo/.git" "$case_dir/config/nvim" "$case_dir/data" "$case_dir/state" "$case_dir/cache"
  make_vault "$vault"
  # Daily notes in a folder, made from a template (Obsidian's core plugins' files).
  mkdir -p "$vault/Maler"
  printf '{"folder": "Dagbok", "format": "YYYY-MM-DD", "template": "Maler/Dag"}' >"$vault/.obsidian/daily-notes.json"
  printf '# {{title}}\n\nSkrevet {{date:dddd}}.\n' >"$vault/Maler/Dag.md"

  local init="$case_dir/config/nvim/init.lua"
  case "$setup" in
    native)
      # As a 0.11+ user would: the shipped file in ~/.config/nvim/lsp/, then enable it.
      mkdir -p "$case_dir/config/nvim/lsp"
      cp "$EDITORS_DIR/nvim/lsp/slipbox.lua" "$case_dir/config/nvim/lsp/slipbox.lua"
      # slipbox on PATH, so the shipped cmd is used as it is.
      mkdir -p "$case_dir/bin"
      ln -sf "$SLIPBOX" "$case_dir/bin/slipbox"
      cat >"$init" <<'LUA'
vim.lsp.enable('slipbox')
vim.lsp.config('slipbox', {
  init_options = { diagnostics = { severity = { ['unresolved-link'] = 'error' } } },
})
LUA
      ;;
    plugin)
      # As a plugin: editors/nvim in a pack/*/start folder, then setup().
      mkdir -p "$case_dir/data/nvim/site/pack/slipbox/start"
      cp -r "$EDITORS_DIR/nvim" "$case_dir/data/nvim/site/pack/slipbox/start/slipbox.nvim"
      if [[ "$severity" == ERROR ]]; then
        cat >"$init" <<'LUA'
require('slipbox').setup({
  cmd = { os.getenv('SLIPBOX_BIN'), 'lsp' },
  init_options = { diagnostics = { severity = { ['unresolved-link'] = 'error' } } },
})
LUA
      else
        cat >"$init" <<'LUA'
require('slipbox').setup({ cmd = { os.getenv('SLIPBOX_BIN'), 'lsp' } })
LUA
      fi
      ;;
  esac

  local rc=0
  # Debian's Neovim finds its tree-sitter parsers in /usr/lib/nvim: point it at the unpacked copy.
  (
    cd "$case_dir"
    env -i PATH="$case_dir/bin:/usr/bin:/bin" HOME="$case_dir" LANG=C.UTF-8 \
      XDG_CONFIG_HOME="$case_dir/config" XDG_DATA_HOME="$case_dir/data" \
      XDG_STATE_HOME="$case_dir/state" XDG_CACHE_HOME="$case_dir/cache" \
      VIMRUNTIME="$dir/usr/share/nvim/runtime" \
      SLIPBOX_BIN="$SLIPBOX" SLIPBOX_TEST_VAULT="$vault" SLIPBOX_TEST_EXPECT_SEVERITY="$severity" \
      SLIPBOX_TEST_RESULT="$ARTIFACTS_DIR/nvim-$name.json" \
      timeout --kill-after=5 120 \
      "$dir/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2" --library-path "$dir/usr/lib/x86_64-linux-gnu" \
      "$dir/usr/bin/nvim" --headless -n -i NONE \
      --cmd "set rtp+=$dir/usr/lib/nvim" -S "$EDITOR_TESTS_DIR/nvim/driver.lua"
  ) >"$case_dir/out.txt" 2>&1 || rc=$?
  cat "$case_dir/out.txt" >&2
  if [[ $rc -eq 0 ]] && grep -q '^PASS' "$case_dir/out.txt"; then
    log "ok   $name"
    passed=$((passed + 1))
  else
    [[ $rc -eq 124 || $rc -eq 137 ]] && log "Neovim did not finish within 120 s"
    log "FAIL $name (exit $rc); Neovim's LSP log:"
    tail -n 40 "$case_dir/state/nvim/lsp.log" >&2 2>/dev/null || true
    failed=$((failed + 1))
  fi
}

run_case nvim-0.12-native "$NVIM_SID" native ERROR
run_case nvim-0.12-plugin "$NVIM_SID" plugin WARN
run_case nvim-0.10-plugin "$NVIM_TRIXIE" plugin ERROR

echo "nvim: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
