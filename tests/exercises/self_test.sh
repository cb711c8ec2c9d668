#!/usr/bin/env bash
# run_exercise.sh must catch what it promises to catch (tests/exercises/README.md): a wrong answer that passes,
# a wrong answer without its `# WRONG:` line, a wrong answer that fails other expectations than its golden pins,
# and an exercise without wrong answers. Each case runs a copy of run_exercise.sh beside made-up wrong/ folders.
#   self_test.sh KREACH_BINARY
set -u
binary=$1
here=$(cd "$(dirname "$0")" && pwd)
exercise=scenarios/exercises/02-allow-one-app
name=$(basename "$exercise")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0

setup() {
  rm -rf "$tmp/t"
  mkdir -p "$tmp/t/goldens" "$tmp/t/wrong/$name"
  cp "$here/run_exercise.sh" "$tmp/t/"
  cp "$here/goldens/$name.golden" "$tmp/t/goldens/"
}
# expect_failure CASE PATTERN: run_exercise.sh exits 1 and prints PATTERN
expect_failure() {
  "$tmp/t/run_exercise.sh" "$binary" "$exercise" >"$tmp/out" 2>&1
  code=$?
  if [ "$code" -ne 1 ] || ! grep -q -- "$2" "$tmp/out"; then
    echo "FAIL: $1: expected exit 1 and '$2', got exit $code:"
    cat "$tmp/out"
    failures=$((failures + 1))
  fi
}

setup
expect_failure "no wrong answers" "no wrong answers in"

setup
mkdir "$tmp/t/wrong/$name/passes"
{ echo "# WRONG: the solution itself, which must be caught as not failing"; cat "$exercise/solution/shop-policies.yaml"; } \
  >"$tmp/t/wrong/$name/passes/shop-policies.yaml"
expect_failure "a wrong answer that passes" "wrong answer passes should fail"

setup
cp -r "$here/wrong/$name/no-ports" "$tmp/t/wrong/$name/"
cp "$here/wrong/$name/no-ports.golden" "$tmp/t/wrong/$name/"
sed -i 1d "$tmp/t/wrong/$name/no-ports/shop-policies.yaml"
expect_failure "a wrong answer without its # WRONG: line" "does not start with '# WRONG: <the mistake>'"

setup
cp -r "$here/wrong/$name/no-ports" "$tmp/t/wrong/$name/"
cp "$here/wrong/$name/allow-all.golden" "$tmp/t/wrong/$name/no-ports.golden"
expect_failure "a golden that pins other expectations" "fails other expectations than"

setup
cp -r "$here/wrong/$name/no-ports" "$tmp/t/wrong/$name/"
cp "$here/wrong/$name/no-ports.golden" "$tmp/t/wrong/$name/"
"$tmp/t/run_exercise.sh" "$binary" "$exercise" >"$tmp/out" 2>&1 ||
  { echo "FAIL: the real no-ports wrong answer should pass the check:"; cat "$tmp/out"; failures=$((failures + 1)); }

[ "$failures" -eq 0 ] || exit 1
echo "ok: run_exercise.sh catches passing, unlabelled and mispinned wrong answers"
