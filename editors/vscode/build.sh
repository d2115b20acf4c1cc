#!/usr/bin/env bash
# Builds the Slipbox VS Code extension into editors/vscode/dist/slipbox.vsix:
# installs the locked npm packages, type-checks, bundles with esbuild, packages with vsce.
# Usage: editors/vscode/build.sh   (needs Node.js 20+ and npm)
set -euo pipefail
cd "$(dirname "$0")"

if [[ ! -d node_modules ]] || [[ package-lock.json -nt node_modules/.package-lock.json ]]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
rm -rf dist
npx --no-install tsc --noEmit -p .
npx --no-install esbuild src/extension.ts --bundle --platform=node --format=cjs --target=node18 \
  --external:vscode --outfile=dist/extension.js --minify --log-level=warning
npx --no-install vsce package --no-dependencies --skip-license --allow-missing-repository \
  --out dist/slipbox.vsix >&2
echo "$(pwd)/dist/slipbox.vsix"
