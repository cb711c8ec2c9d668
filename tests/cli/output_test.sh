#!/usr/bin/env bash
# The output side of kreach (docs/robustness.md, "Output, case by case"), through the real binary:
#   output_test.sh KREACH_BINARY      (run from the repository root)
# 1. A write to standard output that fails (/dev/full, a closed descriptor) is exit 3 with a message, for every
#    command; SIGPIPE from `| head` stays quiet.
# 2. No output replaces a file the run read: named, included by a scenario, a submission, standard input.
# 3. An output that is not a regular file is written through: a symbolic link's file is replaced (not the link),
#    a FIFO and a device are written into (a device that is full: exit 3), never renamed over.
# 4. SIGTERM and SIGINT during `render` leave no temporary file and no Graphviz behind.
# Prints FAIL lines; exits 1 when any check failed.
set -u
kreach=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(pwd)
tmp=$(mktemp -d)
children=()
trap 'for p in "${children[@]}"; do kill "$p" 2>/dev/null; done; rm -rf "$tmp"' EXIT
failures=0
fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}
# expect CODE STDERR_PATTERN DESCRIPTION -- runs "$@" after the description, stdout as redirected by the caller.
check_code() {
  local want=$1 got=$2 what=$3
  [ "$got" = "$want" ] || fail "$what: exit $got, want $want ($(head -c 300 "$tmp/err"))"
}

scenario=scenarios/shop.yaml
# --- 1. standard output that cannot be written
commands=(
  "generate --preset L2"
  "generate --list-presets"
  "matrix $scenario"
  "matrix $scenario -o csv"
  "list $scenario"
  "lint $scenario"
  "query $scenario --from deployment/shop/web --to deployment/shop/api --port 8080"
  "check $scenario"
  "check $scenario --junit -"
  "render $scenario -o -"
  "help"
  "version"
)
for c in "${commands[@]}"; do
  read -r -a args <<<"$c"
  "$kreach" "${args[@]}" >/dev/full 2>"$tmp/err"
  check_code 3 $? "kreach $c >/dev/full"
  grep -q "error: cannot write standard output" "$tmp/err" || fail "kreach $c >/dev/full: no message"
  "$kreach" "${args[@]}" >&- 2>"$tmp/err"
  check_code 3 $? "kreach $c >&-"
  grep -q "error: cannot write standard output (it is closed)" "$tmp/err" || fail "kreach $c >&-: no message"
done
# A closed standard output is never reused for a file kreach opens: the JUnit file holds XML only.
(cd "$tmp" && "$kreach" check "$root/$scenario" --junit closed.xml >&- 2>"$tmp/err")
check_code 3 $? "check --junit FILE >&-"
head -c 5 "$tmp/closed.xml" | grep -q '^<?xml' || fail "check --junit FILE >&-: the JUnit file does not start with XML"
grep -q "passed" "$tmp/closed.xml" && fail "check --junit FILE >&-: the text report went into the JUnit file"
# A reader that stops early: SIGPIPE, quietly.
"$kreach" generate --preset L3 2>"$tmp/err" | head -c 100 >/dev/null
code=${PIPESTATUS[0]}
[ "$code" = 141 ] || [ "$code" = 0 ] || fail "generate | head: exit $code, want 141 (SIGPIPE) or 0"
[ -s "$tmp/err" ] && fail "generate | head: a message on stderr: $(head -c 300 "$tmp/err")"
# The same with SIGPIPE ignored (inherited from a CI runner): the write fails with EPIPE; still quiet.
(
  trap '' PIPE
  "$kreach" generate --preset L3 2>"$tmp/err" | head -c 100 >/dev/null
  code=${PIPESTATUS[0]}
  [ "$code" = 141 ] || [ "$code" = 0 ] || echo "FAIL: generate | head, SIGPIPE ignored: exit $code, want 141 or 0"
  [ -s "$tmp/err" ] && echo "FAIL: generate | head, SIGPIPE ignored: a message: $(head -c 300 "$tmp/err")"
) >"$tmp/sigpipe"
[ -s "$tmp/sigpipe" ] && fail "$(cat "$tmp/sigpipe")"

# --- 2. inputs are never outputs
mkdir -p "$tmp/sc/cluster" "$tmp/sc/sub"
cp scenarios/shop/*.yaml "$tmp/sc/cluster/"
cat >"$tmp/sc/sc.yaml" <<'YAML'
name: protected
include: [cluster/, namespace.dot]
submission: sub/
expect:
  - {from: deployment/shop/web, to: deployment/shop/api, port: 8080, result: allow}
YAML
printf 'apiVersion: v1\nkind: Namespace\nmetadata: {name: extra}\n' >"$tmp/sc/sub/extra.yaml"
printf 'apiVersion: v1\nkind: Namespace\nmetadata: {name: other}\n' >"$tmp/sc/namespace.dot"  # included by name
cp "$tmp/sc/namespace.dot" "$tmp/orig-dot"
included=$(ls "$tmp/sc/cluster" | head -n 1)
cp "$tmp/sc/cluster/$included" "$tmp/orig-included"
cp "$tmp/sc/sub/extra.yaml" "$tmp/orig-sub"
protect() {  # protect WHAT ORIGINAL FILE -- COMMAND...
  local what=$1 orig=$2 file=$3
  shift 4
  (cd "$tmp/sc" && "$@" >"$tmp/out" 2>"$tmp/err")
  check_code 2 $? "$what"
  grep -q "refusing to write" "$tmp/err" || fail "$what: no refusal naming the input ($(head -c 300 "$tmp/err"))"
  cmp -s "$orig" "$file" || fail "$what: the input was changed"
  [ -s "$tmp/out" ] && fail "$what: something was printed before the refusal"
}
protect "check --junit INCLUDED" "$tmp/orig-included" "$tmp/sc/cluster/$included" -- \
  "$kreach" check sc.yaml --junit "cluster/$included"
protect "check --junit SUBMISSION" "$tmp/orig-sub" "$tmp/sc/sub/extra.yaml" -- \
  "$kreach" check sc.yaml --junit sub/extra.yaml
protect "render -o INCLUDED" "$tmp/orig-dot" "$tmp/sc/namespace.dot" -- "$kreach" render sc.yaml -o namespace.dot
ln -s "$included" "$tmp/sc/cluster/link.dot"
protect "render -o LINK-TO-INCLUDED" "$tmp/orig-included" "$tmp/sc/cluster/$included" -- \
  "$kreach" render sc.yaml -o cluster/link.dot
rm "$tmp/sc/cluster/link.dot"
cp "$tmp/orig-included" "$tmp/sc/in.dot"
(cd "$tmp/sc" && "$kreach" render - -o in.dot <in.dot >"$tmp/out" 2>"$tmp/err")
check_code 2 $? "render - -o in.dot < in.dot"
grep -q "it is the input <stdin>" "$tmp/err" || fail "render - -o in.dot < in.dot: no refusal"
cmp -s "$tmp/orig-included" "$tmp/sc/in.dot" || fail "render - -o in.dot < in.dot: the input was changed"
"$kreach" check "$scenario" --junit '' >"$tmp/out" 2>"$tmp/err"
check_code 2 $? "check --junit ''"

# --- 3. outputs that are not regular files
echo old >"$tmp/real.json"
ln -s real.json "$tmp/link.json"
"$kreach" generate -o "$tmp/link.json" 2>"$tmp/err"
check_code 0 $? "generate -o SYMLINK"
[ -L "$tmp/link.json" ] || fail "generate -o SYMLINK: the link was replaced"
grep -q apiVersion "$tmp/real.json" || fail "generate -o SYMLINK: the file it points to was not written"
ln -s /dev/full "$tmp/full.json"
"$kreach" generate -o "$tmp/full.json" 2>"$tmp/err"
check_code 3 $? "generate -o LINK-TO-/dev/full"
grep -q "cannot write .*full.json: No space left on device" "$tmp/err" || fail "generate -o /dev/full: no message"
[ -L "$tmp/full.json" ] && [ -c /dev/full ] || fail "generate -o LINK-TO-/dev/full: the link or the device was replaced"
(cd "$tmp" && "$kreach" render "$root/$scenario" -o full.dot.dot 2>/dev/null)  # a plain file still works
[ -s "$tmp/full.dot.dot" ] || fail "render -o FILE.dot: nothing written"
ln -s /dev/full "$tmp/full.dot"
"$kreach" render "$scenario" -o "$tmp/full.dot" 2>"$tmp/err"
check_code 3 $? "render -o LINK-TO-/dev/full"
# A link to /proc/self/fd/1, as /dev/stdout is (its target, "pipe:[N]", is no path): written into the pipe, or into
# /dev/full (exit 3); the link stays. (Tested on a link of our own: a broken run must not replace /dev/stdout.)
ln -s /proc/self/fd/1 "$tmp/stdout.json"
bytes=$("$kreach" generate -o "$tmp/stdout.json" 2>"$tmp/err" | wc -c)
[ "$bytes" -gt 1000 ] || fail "generate -o LINK-TO-/proc/self/fd/1 | wc -c: $bytes bytes ($(head -c 300 "$tmp/err"))"
"$kreach" generate -o "$tmp/stdout.json" >/dev/full 2>"$tmp/err"
check_code 3 $? "generate -o LINK-TO-/proc/self/fd/1 >/dev/full"
[ -L "$tmp/stdout.json" ] || fail "generate -o LINK-TO-/proc/self/fd/1: the link was replaced"
mkfifo "$tmp/fifo.json"
cat "$tmp/fifo.json" >"$tmp/from-fifo" &
reader=$!
"$kreach" generate -o "$tmp/fifo.json" 2>"$tmp/err"
check_code 0 $? "generate -o FIFO"
wait "$reader"
[ -p "$tmp/fifo.json" ] || fail "generate -o FIFO: the FIFO was replaced"
grep -q apiVersion "$tmp/from-fifo" || fail "generate -o FIFO: the reader got nothing"
ls -a "$tmp" | grep -q '\.tmp-' && fail "a temporary file was left behind: $(ls -a "$tmp")"

# --- 4. signals during render: no temporary file, no orphaned Graphviz
mkdir -p "$tmp/bin" "$tmp/pics"
printf '#!/bin/sh\necho $$ >"%s/dot.pid"\nexec sleep 30\n' "$tmp" >"$tmp/bin/dot"
chmod +x "$tmp/bin/dot"
for sig in TERM INT; do
  rm -f "$tmp/dot.pid"
  # A background job of a script ignores SIGINT; start it with SIGINT at its default (bash: trap - INT).
  (trap - INT; exec env PATH="$tmp/bin:$PATH" "$kreach" render "$scenario" -o "$tmp/pics/out.svg" 2>"$tmp/err") &
  pid=$!
  children+=("$pid")
  for _ in $(seq 100); do [ -s "$tmp/dot.pid" ] && break; sleep 0.05; done
  [ -s "$tmp/dot.pid" ] || fail "render with a slow dot: dot never started"
  kill -s "$sig" "$pid"
  wait "$pid"
  code=$?
  want=$((128 + $(kill -l "$sig")))
  [ "$code" = "$want" ] || fail "render killed by SIG$sig: exit $code, want $want"
  dot_pid=$(cat "$tmp/dot.pid" 2>/dev/null)
  if [ -n "$dot_pid" ] && kill -0 "$dot_pid" 2>/dev/null; then
    fail "render killed by SIG$sig: dot ($dot_pid) still runs"
    kill "$dot_pid"
  fi
  [ -z "$(ls -A "$tmp/pics")" ] || fail "render killed by SIG$sig: left $(ls -A "$tmp/pics")"
done

[ "$failures" = 0 ] || exit 1
echo "output_test: every check passed"
