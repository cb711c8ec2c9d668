#!/usr/bin/env bash
# Runs one CLI golden case through the real binary and compares with the committed expectation.
#   run_golden.sh KREACH_BINARY tests/cli/cases/NAME.cmd
# NAME.cmd holds the arguments after `kreach` on one line (shell words; run from the repository root, with
# stdin from NAME.stdin when that file exists). NAME.golden holds the expected result:
#   exit: N
#   --- stdout
#   ...
#   --- stderr
#   ...
# Set KREACH_UPDATE_GOLDEN=1 to rewrite NAME.golden from the actual output (then review the diff).
set -u
binary=$1
cmd_file=$2
golden=${cmd_file%.cmd}.golden
stdin_file=${cmd_file%.cmd}.stdin
[ -f "$stdin_file" ] || stdin_file=/dev/null

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
eval "args=($(head -n 1 "$cmd_file"))"
"$binary" "${args[@]}" <"$stdin_file" >"$tmp/stdout" 2>"$tmp/stderr"
code=$?
{
  echo "exit: $code"
  echo "--- stdout"
  cat "$tmp/stdout"
  echo "--- stderr"
  cat "$tmp/stderr"
} >"$tmp/actual"

if [ "${KREACH_UPDATE_GOLDEN:-0}" = 1 ]; then
  cp "$tmp/actual" "$golden"
  echo "updated $golden"
  exit 0
fi
if [ ! -f "$golden" ]; then
  echo "missing $golden; actual output:"
  cat "$tmp/actual"
  exit 1
fi
if ! diff -u "$golden" "$tmp/actual"; then
  echo "FAIL: $(basename "$cmd_file" .cmd) differs from $golden (KREACH_UPDATE_GOLDEN=1 to accept)"
  exit 1
fi
