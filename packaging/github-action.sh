#!/usr/bin/env bash
# The body of action.yml: download the release tarball, verify it, run `slipbox check`.
# Environment (set by action.yml): SLIPBOX_VAULT, SLIPBOX_VERSION (empty: the action's tag
# vX.Y.Z, else the default below), SLIPBOX_ARGS, SLIPBOX_FAIL (true|false),
# SLIPBOX_ACTION_REPOSITORY (owner/name), SLIPBOX_RELEASE_BASE (instead of
# https://github.com/<repo>/releases/download/v<version>; a file:// folder for a local test).
set -euo pipefail
default_version=0.1.0
version="${SLIPBOX_VERSION:-}"
if [[ -z "$version" && "${SLIPBOX_ACTION_REF:-}" =~ ^v([0-9]+\.[0-9]+\.[0-9]+)$ ]]; then
  version="${BASH_REMATCH[1]}"
fi
version="${version:-$default_version}"
version="${version#v}"
base="${SLIPBOX_RELEASE_BASE:-https://github.com/${SLIPBOX_ACTION_REPOSITORY:?}/releases/download/v$version}"
name="slipbox-$version-linux-x86_64"
dir="${RUNNER_TEMP:-$(mktemp -d)}/slipbox-action"
mkdir -p "$dir"
curl -fsSL --retry 3 -o "$dir/$name.tar.gz" "$base/$name.tar.gz"
curl -fsSL --retry 3 -o "$dir/SHA256SUMS" "$base/SHA256SUMS"
(cd "$dir" && grep " $name.tar.gz\$" SHA256SUMS | sha256sum -c --quiet -) || { echo "::error::$name.tar.gz does not match SHA256SUMS"; exit 2; }
tar -xzf "$dir/$name.tar.gz" -C "$dir"
slipbox="$dir/$name/bin/slipbox"
"$slipbox" --version
status=0
# shellcheck disable=SC2086  # SLIPBOX_ARGS is a list of options
"$slipbox" check --format github ${SLIPBOX_ARGS:-} "${SLIPBOX_VAULT:-.}" || status=$?
echo "status=$status" >> "${GITHUB_OUTPUT:-/dev/null}"
if [[ $status -eq 1 && "${SLIPBOX_FAIL:-true}" == false ]]; then exit 0; fi
exit "$status"
