# Shared helpers for the editor tests. Sourced, not run.
# Everything downloaded goes to a cache outside the repository; nothing is installed
# system-wide except Debian packages through apt-get.

set -euo pipefail
# Paths and typed text are UTF-8 (emoji, ø): bash, tmux and the editors must agree.
export LC_ALL=C.UTF-8 LANG=C.UTF-8

EDITOR_TESTS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
EDITORS_DIR="$(cd "$EDITOR_TESTS_DIR/.." && pwd)"
REPO_DIR="$(cd "$EDITORS_DIR/.." && pwd)"
CACHE_DIR="${SLIPBOX_EDITOR_CACHE:-$HOME/.cache/slipbox-editor-tests}"
ARTIFACTS_DIR="${SLIPBOX_EDITOR_ARTIFACTS:-$REPO_DIR/tests/artifacts/editors}"
mkdir -p "$CACHE_DIR" "$ARTIFACTS_DIR"

log() { printf '[%s] %s\n' "${TEST_NAME:-editors}" "$*" >&2; }
die() { printf '[%s] FAIL: %s\n' "${TEST_NAME:-editors}" "$*" >&2; exit 1; }

# The slipbox binary: first argument, else $SLIPBOX_BIN, else `slipbox` on PATH.
resolve_slipbox() {
  local bin="${1:-${SLIPBOX_BIN:-}}"
  if [[ -z "$bin" ]]; then bin="$(command -v slipbox || true)"; fi
  [[ -n "$bin" ]] || die "no slipbox binary: pass its path as the first argument or set SLIPBOX_BIN"
  [[ -x "$bin" ]] || die "slipbox binary '$bin' is not executable"
  bin="$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")"
  printf '%s\n' "$bin"
}

# Runs a command with a time limit and a message if it overruns.
bounded() {
  local seconds="$1"; shift
  local rc=0
  timeout --kill-after=10 "$seconds" "$@" || rc=$?
  if [[ $rc -eq 124 || $rc -eq 137 ]]; then die "timed out after ${seconds}s: $*"; fi
  return $rc
}

apt_updated_flag="/tmp/.slipbox-editor-tests-apt-updated"
# Installs Debian packages of the machine's own suite when a command is missing.
ensure_apt() {
  local missing=()
  local pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  [[ ${#missing[@]} -eq 0 ]] && return 0
  log "apt-get install ${missing[*]}"
  if [[ ! -e "$apt_updated_flag" ]]; then
    bounded 300 apt-get update -qq >&2 && touch "$apt_updated_flag"
  fi
  DEBIAN_FRONTEND=noninteractive bounded 600 apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2 \
    || die "apt-get install ${missing[*]} failed"
}

# The machine's Debian mirror (first URI of the main sources), for private suites.
debian_mirror() {
  local uri
  uri="$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)"
  if [[ -z "$uri" ]]; then
    uri="$(awk '$1 == "deb" && $0 !~ /security/ {print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)"
  fi
  printf '%s\n' "${uri:-http://deb.debian.org/debian}"
}

# debian_unpack SUITE DEST PACKAGE... — downloads PACKAGEs of another Debian suite with
# their dependency closure and unpacks them into DEST (nothing installed system-wide).
# Programs then run through DEST's own loader: see run_unpacked.
debian_unpack() {
  local suite="$1" dest="$2"; shift 2
  if [[ -f "$dest/.complete" ]]; then return 0; fi
  local apt_dir="$CACHE_DIR/apt-$suite"
  mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial" "$apt_dir/debs"
  printf 'deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] %s %s main\n' \
    "$(debian_mirror)" "$suite" >"$apt_dir/sources.list"
  : >"$apt_dir/status"
  local opts=(-o "Dir::Etc::sourcelist=$apt_dir/sources.list" -o "Dir::Etc::sourceparts=-"
              -o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache=$apt_dir/cache"
              -o "Dir::State::status=$apt_dir/status" -o "APT::Get::List-Cleanup=0"
              -o "Debug::NoLocking=1" -o "APT::Sandbox::User=root" -o "APT::Architecture=amd64" -o "APT::Architectures=amd64")
  if [[ ! -f "$apt_dir/lists/.updated" ]] || [[ -n "$(find "$apt_dir/lists/.updated" -mmin +1440)" ]]; then
    log "apt-get update ($suite, private lists)"
    bounded 300 apt-get "${opts[@]}" update -qq >&2 || die "apt-get update for suite $suite failed"
    touch "$apt_dir/lists/.updated"
  fi
  local closure
  closure="$(apt-cache "${opts[@]}" depends --recurse --no-recommends --no-suggests --no-conflicts \
      --no-breaks --no-replaces --no-enhances "$@" | grep -v '^ ' | grep -v '^<' | sort -u)" \
    || die "apt-cache depends failed for $* ($suite)"
  log "downloading from $suite: $(echo $closure | wc -w) packages for $*"
  (cd "$apt_dir/debs" && bounded 600 apt-get "${opts[@]}" download -qq $closure >&2) \
    || die "apt-get download from $suite failed"
  rm -rf "$dest.tmp" && mkdir -p "$dest.tmp"
  local pkg deb
  for pkg in $closure; do
    deb="$(ls "$apt_dir/debs/${pkg}_"*.deb 2>/dev/null | sort -V | tail -n1)"
    [[ -n "$deb" ]] || die "download of $pkg ($suite) left no .deb"
    dpkg-deb -x "$deb" "$dest.tmp" || die "could not unpack $deb"
  done
  rm -rf "$dest" && mv "$dest.tmp" "$dest" && touch "$dest/.complete"
}

# run_unpacked DIR PROGRAM ARGS... — runs a program of an unpacked suite with its own libc.
run_unpacked() {
  local dir="$1" prog="$2"; shift 2
  "$dir/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2" --library-path "$dir/usr/lib/x86_64-linux-gnu:$dir/lib/x86_64-linux-gnu" "$prog" "$@"
}

# make_vault DEST — a fresh copy of the test vault (non-ASCII paths, a broken link).
make_vault() {
  local dest="$1"
  rm -rf "$dest" && mkdir -p "$dest"
  cp -a "$EDITOR_TESTS_DIR/vault/." "$dest/"
}
