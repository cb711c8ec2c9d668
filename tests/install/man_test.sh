#!/usr/bin/env bash
# The generated man page is valid troff: groff reads it with every warning on (-ww) and says nothing, and man
# formats it. Skipped (exit 77) where groff is not installed (apt-get install groff-base man-db).
#   man_test.sh build/release/generated/kreach.1
set -uo pipefail
page=$1
command -v groff >/dev/null || { echo "groff not installed: skipped"; exit 77; }
warnings=$(groff -man -Tutf8 -ww -z "$page" 2>&1)
if [ -n "$warnings" ]; then
  echo "FAIL: groff -man -ww $page:"
  echo "$warnings"
  exit 1
fi
if command -v man >/dev/null; then
  head=$(MANWIDTH=80 man -l "$page" 2>&1 | head -n 4)
  grep -q '^NAME' <<<"$head" || { echo "FAIL: man -l $page starts with:"; echo "$head"; exit 1; }
fi
echo "man page: no groff warnings"
