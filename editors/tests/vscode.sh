#!/usr/bin/env bash
# VS Code editor test: builds the .vsix with editors/vscode/build.sh, installs it into
# code-server 4.100.3 (the real VS Code 1.100.3, served to a browser), and drives it with
# Debian's Chromium through playwright-core on a vault with non-ASCII paths: Problems panel,
# hover preview, completion after `[[`, F12, the output channel and the restart command.
# Screenshots go to tests/artifacts/editors/.
# Usage: editors/tests/vscode.sh [path/to/slipbox]   (or SLIPBOX_BIN)
#        SLIPBOX_VSCODE_VSIX=dist/slipbox-<v>-linux-x64.vsix editors/tests/vscode.sh
#          installs that platform .vsix instead and sets no server path, with no slipbox on
#          code-server's PATH: the bundled server must do everything (release test).
TEST_NAME=vscode
source "$(dirname "$0")/lib/common.sh"

BUNDLED_VSIX="${SLIPBOX_VSCODE_VSIX:-}"
if [[ -n "$BUNDLED_VSIX" ]]; then
  [[ -f "$BUNDLED_VSIX" ]] || die "no $BUNDLED_VSIX"
  BUNDLED_VSIX="$(cd "$(dirname "$BUNDLED_VSIX")" && pwd)/$(basename "$BUNDLED_VSIX")"
  SLIPBOX=""
  log "platform extension: $BUNDLED_VSIX (its bundled server, no server path, no slipbox on PATH)"
else
  SLIPBOX="$(resolve_slipbox "${1:-}")"
  log "slipbox: $SLIPBOX"
fi
command -v node >/dev/null || die "Node.js 20 is needed (code-server 4.100.3 runs on Node 20)"
command -v npm >/dev/null || die "npm is needed"
node_major="$(node -p 'process.versions.node.split(".")[0]')"
[[ "$node_major" == 20 ]] || log "warning: Node $node_major; code-server 4.100.3 expects Node 20"

ensure_apt chromium fonts-noto-color-emoji ripgrep curl python3 build-essential pkg-config libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev

CS_VERSION=4.100.3
CS_DIR="$CACHE_DIR/code-server-$CS_VERSION"
CS="$CS_DIR/node_modules/.bin/code-server"

# code-server from the npm registry. Its ripgrep package would download rg in a postinstall
# script, so scripts are skipped, Debian's rg is put in place and the native modules rebuilt.
install_code_server() {
  if [[ -f "$CS_DIR/.complete" ]]; then return 0; fi
  log "installing code-server $CS_VERSION into $CS_DIR"
  rm -rf "$CS_DIR" && mkdir -p "$CS_DIR"
  (
    set -e
    cd "$CS_DIR"
    export npm_config_unsafe_perm=true npm_config_nodedir=/usr npm_config_yes=true
    echo '{"private":true}' >package.json
    bounded 600 npm install --no-audit --no-fund --loglevel=error --ignore-scripts "code-server@$CS_VERSION"
    cd node_modules/code-server/lib/vscode
    bounded 600 npm install --no-audit --no-fund --loglevel=error --ignore-scripts --omit=dev
    mkdir -p node_modules/@vscode/ripgrep/bin
    cp /usr/bin/rg node_modules/@vscode/ripgrep/bin/rg
    bounded 900 npm rebuild --loglevel=error
    cd "$CS_DIR"
    npm_config_build_from_source=true bounded 600 npm rebuild argon2 --loglevel=error
    cd node_modules/code-server
    npm_config_user_agent="npm/$(npm --version) node/$(node --version) linux x64" bounded 600 sh postinstall.sh
  ) >"$CACHE_DIR/code-server-install.log" 2>&1 || { tail -n 40 "$CACHE_DIR/code-server-install.log" >&2; die "code-server install failed (log: $CACHE_DIR/code-server-install.log)"; }
  HOME="$CS_DIR" bounded 60 "$CS" --version >/dev/null 2>&1 || die "code-server does not run after install"
  touch "$CS_DIR/.complete"
}

# playwright-core, pinned by editors/tests/vscode/package-lock.json, installed outside the repo.
DRIVER_DEPS="$CACHE_DIR/vscode-driver"
install_driver_deps() {
  local lock="$EDITOR_TESTS_DIR/vscode/package-lock.json"
  if [[ -f "$DRIVER_DEPS/.complete" ]] && cmp -s "$lock" "$DRIVER_DEPS/package-lock.json"; then return 0; fi
  rm -rf "$DRIVER_DEPS" && mkdir -p "$DRIVER_DEPS"
  cp "$EDITOR_TESTS_DIR/vscode/package.json" "$lock" "$DRIVER_DEPS/"
  (cd "$DRIVER_DEPS" && bounded 300 npm ci --no-audit --no-fund --loglevel=error >&2) || die "npm ci of playwright-core failed"
  touch "$DRIVER_DEPS/.complete"
}

install_code_server
install_driver_deps
if [[ -n "$BUNDLED_VSIX" ]]; then
  VSIX="$BUNDLED_VSIX"
else
  log "building the extension"
  VSIX="$(bounded 600 bash "$EDITORS_DIR/vscode/build.sh" | tail -n1)" || die "editors/vscode/build.sh failed"
  [[ -f "$VSIX" ]] || die "build.sh did not produce a .vsix ($VSIX)"
fi

work="$(mktemp -d /tmp/slipbox-vscode-test.XXXXXX)"
cs_pid=""
cleanup() {
  if [[ -n "$cs_pid" ]]; then kill -- "-$cs_pid" 2>/dev/null || kill "$cs_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

vault="$work/Notater ✓"
make_vault "$vault"
# A multi-line Obsidian comment at the end of the index, for the folding check.
printf '\n%%%% Utkast:\nikke ferdig ennå\n%%%%\n' >>"$vault/Index.md"
mkdir -p "$work/home" "$work/user-data/User" "$work/extensions"
cs_env=(env HOME="$work/home" XDG_CONFIG_HOME="$work/home/.config" XDG_DATA_HOME="$work/home/.local/share"
        XDG_CACHE_HOME="$work/home/.cache" LANG=C.UTF-8)
if [[ -n "$BUNDLED_VSIX" ]]; then
  # PATH without any folder that has a slipbox, so only the bundled server can answer.
  clean_path=""
  IFS=: read -ra path_dirs <<<"$PATH"
  for d in "${path_dirs[@]}"; do
    [[ -n "$d" && ! -e "$d/slipbox" ]] && clean_path="${clean_path:+$clean_path:}$d"
  done
  cs_env+=(PATH="$clean_path")
  PATH="$clean_path" command -v slipbox >/dev/null && die "a slipbox is still on the cleaned PATH"
fi
cs_dirs=(--user-data-dir "$work/user-data" --extensions-dir "$work/extensions")
printf 'bind-addr: 127.0.0.1:0\nauth: none\ncert: false\n' >"$work/config.yaml"

# A user's settings: the server path, an error severity for broken links, and no autosave
# (VS Code for the web autosaves by default, which would write the typing into the vault).
# SLIPBOX_TEST_TRACE=1 adds the message trace to the output channel (and its artifact).
SLIPBOX="$SLIPBOX" node -e '
  const settings = {
    ...(process.env.SLIPBOX ? { "slipbox.server.path": process.env.SLIPBOX } : {}),
    "slipbox.diagnostics.severity": { "unresolved-link": "error" },
    "slipbox.codeLens.backlinks": true,
    "slipbox.trace.server": process.env.SLIPBOX_TEST_TRACE ? "messages" : "off",
    "files.autoSave": "off",
    "workbench.startupEditor": "none",
    "workbench.tips.enabled": false,
    "telemetry.telemetryLevel": "off",
    "extensions.autoCheckUpdates": false,
    "extensions.autoUpdate": false,
    "update.mode": "none",
    "workbench.enableExperiments": false,
    "security.workspace.trust.enabled": false,
  };
  require("fs").writeFileSync(process.argv[1], JSON.stringify(settings, null, 2));
' "$work/user-data/User/settings.json"

log "installing $(basename "$VSIX") into code-server"
install_out="$(bounded 120 "${cs_env[@]}" "$CS" "${cs_dirs[@]}" --install-extension "$VSIX" 2>&1)" \
  || die "code-server --install-extension failed: $install_out"
grep -qi 'successfully installed' <<<"$install_out" || die "the .vsix did not install: $install_out"

port="$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
# setsid: code-server and everything it starts form one process group, ended together.
"${cs_env[@]}" setsid "$CS" "${cs_dirs[@]}" --config "$work/config.yaml" --bind-addr "127.0.0.1:$port" \
  --auth none --disable-telemetry --disable-update-check --disable-workspace-trust \
  --disable-getting-started-override "$vault" >"$ARTIFACTS_DIR/code-server.log" 2>&1 &
cs_pid=$!
deadline=$((SECONDS + 90))
until curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; do
  kill -0 "$cs_pid" 2>/dev/null || { tail -n 30 "$ARTIFACTS_DIR/code-server.log" >&2; die "code-server exited during start-up"; }
  ((SECONDS < deadline)) || { tail -n 30 "$ARTIFACTS_DIR/code-server.log" >&2; die "code-server did not answer on port $port within 90s"; }
  sleep 0.5
done
log "code-server $CS_VERSION on 127.0.0.1:$port"

rm -f "$ARTIFACTS_DIR"/vscode-*
rc=0
CODE_SERVER_URL="http://127.0.0.1:$port" SLIPBOX_TEST_VAULT="$vault" ARTIFACTS_DIR="$ARTIFACTS_DIR" \
  DRIVER_DEPS="$DRIVER_DEPS" VSCODE_LOGS_DIR="$work/user-data/logs" bounded 300 node "$EDITOR_TESTS_DIR/vscode/driver.cjs" || rc=$?
# The extension's output channel (server log and message trace), kept as an artifact.
find "$work/user-data/logs" -name '*Slipbox*' -exec cat {} + >"$ARTIFACTS_DIR/vscode-slipbox-output.log" 2>/dev/null || true
if [[ $rc -eq 0 && -n "$BUNDLED_VSIX" ]]; then
  started="$(grep -m1 'Server started\.' "$ARTIFACTS_DIR/vscode-slipbox-output.log" || true)"
  log "output channel: $started"
  [[ "$started" == *"/extensions/"*"/server/slipbox"* ]] || { log "the server that ran is not the bundled one"; rc=1; }
fi
if [[ $rc -ne 0 ]]; then
  tail -n 30 "$ARTIFACTS_DIR/vscode-slipbox-output.log" >&2 || true
  log "code-server log: $ARTIFACTS_DIR/code-server.log; Slipbox output: $ARTIFACTS_DIR/vscode-slipbox-output.log; screenshots: $ARTIFACTS_DIR/vscode-*.png"
  die "VS Code test failed"
fi
