#!/usr/bin/env bash
# Grades one classroom exercise both ways (tests/exercises/README.md):
#   run_exercise.sh KREACH_BINARY scenarios/exercises/NN-slug
# 1. The folder is complete: README.md, exercise.yaml (with `submission:`), manifests/, solution/.
# 2. The starting state fails: `check exercise.yaml` exits 1, and its explained output (--explain --max-paths 2)
#    equals tests/exercises/goldens/NN-slug.golden, which pins which expectations fail at the start and what the
#    student is told. Every failing expectation gets at least one Hint.
# 3. The solution passes: `check exercise.yaml --submission DIR/solution` exits 0.
# 4. Every wrong answer fails: each folder tests/exercises/wrong/NN-slug/MISTAKE/ is a complete replacement for
#    manifests/ that makes one mistake (the README's hints and common mistakes, allow-all, lock-everything-down),
#    named in the first line of each of its files (`# WRONG: ...`). `check exercise.yaml --submission` on it must
#    exit 1 (expectations fail) or 2 (the submission is refused), and its exit code, FAIL and error lines must
#    equal tests/exercises/wrong/NN-slug/MISTAKE.golden (which expectations catch the mistake). An exercise must
#    have at least one wrong answer.
# Set KREACH_UPDATE_GOLDEN=1 to rewrite the golden from the actual output (then review the diff).
set -u
binary=$1
dir=${2%/}
name=$(basename "$dir")
golden="$(dirname "$0")/goldens/$name.golden"
fail() { echo "FAIL: $name: $*"; exit 1; }

for f in README.md exercise.yaml manifests solution; do
  [ -e "$dir/$f" ] || fail "missing $dir/$f"
done
grep -q '^submission:' "$dir/exercise.yaml" || fail "$dir/exercise.yaml has no submission: key"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$binary" check "$dir/exercise.yaml" --explain --max-paths 2 >"$tmp/start" 2>&1
code=$?
[ "$code" -eq 1 ] || { cat "$tmp/start"; fail "the starting state should fail (exit 1), got exit $code"; }
# Every FAIL line of an expectation is followed by a Hint before the next expectation.
awk '/^(PASS|FAIL)  / { if (open) missing++; open = ($1 == "FAIL" && $2 != "expectMatrix") ; next }
     /^  Hint: / { open = 0 }
     END { if (open) missing++; exit missing > 0 }' "$tmp/start" ||
  fail "a failing expectation of the starting state has no Hint (see: $binary check $dir/exercise.yaml --explain)"

"$binary" check "$dir/exercise.yaml" --submission "$dir/solution" >"$tmp/solution" 2>&1
code=$?
[ "$code" -eq 0 ] || { cat "$tmp/solution"; fail "the solution should pass every expectation (exit 0), got exit $code"; }

wrong_dir="$(dirname "$0")/wrong/$name"
wrong_count=0
failures=0
for submission in "$wrong_dir"/*/; do
  [ -d "$submission" ] || continue
  mistake=$(basename "$submission")
  wrong_count=$((wrong_count + 1))
  for f in "$submission"*; do
    head -n 1 "$f" | grep -q '^# WRONG: ' || { echo "FAIL: $name: $f does not start with '# WRONG: <the mistake>'"; failures=$((failures + 1)); }
  done
  "$binary" check "$dir/exercise.yaml" --submission "$submission" >"$tmp/wrong" 2>&1
  code=$?
  # 1: expectations fail; 2: the submission is refused (e.g. outside the exercise's submissionScope)
  if [ "$code" -ne 1 ] && [ "$code" -ne 2 ]; then
    cat "$tmp/wrong"
    echo "FAIL: $name: wrong answer $mistake should fail (exit 1, or 2 if refused), got exit $code"
    failures=$((failures + 1))
    continue
  fi
  # Paths in error lines are relative to the exercise's wrong/ folder, however the script was called.
  { echo "exit: $code"; grep -E '^(FAIL  |error: )' "$tmp/wrong" | sed "s|$wrong_dir/||g"; } >"$tmp/wrong.fails"
  if [ "${KREACH_UPDATE_GOLDEN:-0}" = 1 ]; then
    cp "$tmp/wrong.fails" "$wrong_dir/$mistake.golden"
  elif ! diff -u "$wrong_dir/$mistake.golden" "$tmp/wrong.fails"; then
    echo "FAIL: $name: wrong answer $mistake fails other expectations than $wrong_dir/$mistake.golden pins (KREACH_UPDATE_GOLDEN=1 to accept)"
    failures=$((failures + 1))
  fi
done
[ "$wrong_count" -gt 0 ] || fail "no wrong answers in $wrong_dir (each mistake the README names needs one)"
for pinned in "$wrong_dir"/*.golden; do
  [ -d "${pinned%.golden}" ] || { echo "FAIL: $name: $pinned has no wrong answer folder"; failures=$((failures + 1)); }
done
[ "$failures" -eq 0 ] || fail "$failures wrong-answer check(s) failed"

if [ "${KREACH_UPDATE_GOLDEN:-0}" = 1 ]; then
  cp "$tmp/start" "$golden"
  echo "updated $golden and $wrong_count wrong-answer golden(s)"
  exit 0
fi
[ -f "$golden" ] || { cat "$tmp/start"; fail "missing $golden (KREACH_UPDATE_GOLDEN=1 writes it)"; }
diff -u "$golden" "$tmp/start" || fail "the starting state's output differs from $golden (KREACH_UPDATE_GOLDEN=1 to accept)"
echo "ok: $name: start fails as pinned, solution passes, $wrong_count wrong answers fail as pinned"
