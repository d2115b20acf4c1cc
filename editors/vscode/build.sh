#!/usr/bin/env bash
# Builds the Slipbox VS Code extension with `vsce package` (its `vscode:prepublish` script
# type-checks and bundles src/ with esbuild into dist/extension.js).
#
#   editors/vscode/build.sh             dist/slipbox.vsix: any platform, runs `slipbox` from
#                                       PATH or slipbox.server.path
#   editors/vscode/build.sh linux-x64   dist/slipbox-linux-x64.vsix: a platform extension with
#                                       the server inside (server/slipbox), used when
#                                       slipbox.server.path is unset and no slipbox is on PATH.
#                                       SLIPBOX_VSIX_SERVER names the binary to bundle: the
#                                       portable one (scripts/release passes it), since the
#                                       user's machine has none of the build's libraries.
# Prints the .vsix path last. Needs Node.js 20+ and npm.
set -euo pipefail
cd "$(dirname "$0")"
target="${1:-}"

if [[ ! -d node_modules ]] || [[ package-lock.json -nt node_modules/.package-lock.json ]]; then
  npm ci --no-audit --no-fund --loglevel=error >&2
fi
rm -rf dist server
cp ../../LICENSE LICENSE
args=(--no-dependencies --allow-missing-repository)
if [[ -n "$target" ]]; then
  server="${SLIPBOX_VSIX_SERVER:-}"
  [[ -n "$server" && -x "$server" ]] || { echo "build.sh: set SLIPBOX_VSIX_SERVER to the slipbox binary to bundle" >&2; exit 2; }
  mkdir -p server
  install -m 0755 "$server" server/slipbox
  out="dist/slipbox-$target.vsix"
  args+=(--target "$target")
else
  out="dist/slipbox.vsix"
fi
mkdir -p dist
npx --no-install vsce package "${args[@]}" --out "$out" >&2
rm -rf server
echo "$(pwd)/$out"
