#!/usr/bin/env bash
# Writes CHANGELOG.md as a Debian changelog (for the .deb's /usr/share/doc/slipbox/changelog.gz).
# Each "## <version> — <YYYY-MM-DD>" section becomes one entry; its paragraphs and "- " items
# become "  * " items, wrapped at 78 columns.
# Usage: packaging/debian-changelog.sh CHANGELOG.md "Name <email>" > changelog
set -euo pipefail
in="$1" maintainer="$2"
awk -v maint="$maintainer" '
  function flush_item() {
    if (item == "") return
    n = split(item, words, " "); line = "  *"
    for (i = 1; i <= n; i++) {
      if (length(line) + 1 + length(words[i]) > 78) { print line; line = "   " }
      line = line " " words[i]
    }
    print line; item = ""
  }
  function close_entry(   cmd, when) {
    flush_item()
    if (version == "") return
    cmd = "date -uR -d \"" day " 12:00\""; cmd | getline when; close(cmd)
    print ""; print " -- " maint "  " when
    version = ""
  }
  /^## / {
    close_entry()
    if (printed) print ""
    version = $2; day = $NF; printed = 1
    print "slipbox (" version ") unstable; urgency=medium"; print ""
    next
  }
  version == "" { next }
  /^[[:space:]]*$/ { flush_item(); next }
  /^- / { flush_item(); item = substr($0, 3); next }
  { sub(/^[[:space:]]+/, ""); item = (item == "" ? $0 : item " " $0) }
  END { close_entry() }
' "$in"
