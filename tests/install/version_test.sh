#!/usr/bin/env bash
# Where `kreach --version` comes from (cmake/kreach_version.cmake): runs the version script on a scratch git
# repository through each case of its rule — no tag, a tag, commits after it, a dirty tree, a tag that is not v*,
# the override and a refused override, a checkout nested inside another repository — and checks the header it
# writes, and that an unchanged version leaves both files untouched.
#   version_test.sh CMAKE SCRIPT
set -uo pipefail
cmake=$1
script=$2
command -v git >/dev/null || { echo "SKIP: no git"; exit 77; }
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
status=0

version_of() {  # version_of SOURCE_DIR [OVERRIDE]: the version the script writes for SOURCE_DIR
  local out="$scratch/out"
  rm -rf "$out" && mkdir -p "$out"
  "$cmake" -DSOURCE_DIR="$1" -DOUTPUT_DIR="$out" -DFALLBACK_VERSION=0.1.0 -DOVERRIDE="${2:-}" \
    -DGIT_EXECUTABLE="$(command -v git)" -P "$script" >/dev/null 2>"$scratch/err" || { echo "(failed)"; return; }
  sed -n 's/^#define KREACH_VERSION_STRING "\(.*\)"$/\1/p' "$out/kreach_version.h"
}
expect() {  # expect WHAT EXPECTED GOT; EXPECTED may be a bash pattern
  # shellcheck disable=SC2053
  if [[ "$3" == $2 ]]; then echo "ok: $1: $3"; else echo "FAIL: $1: got '$3', expected '$2'"; status=1; fi
}

repo="$scratch/repo"
mkdir -p "$repo"
g() { git -C "$repo" -c init.defaultBranch=main -c user.name=t -c user.email=t@example.invalid -c commit.gpgsign=false -c tag.gpgsign=false "$@" >/dev/null; }
g init -q
echo one >"$repo/file"
g add file && g commit -q -m one

expect "no tag" "0.1.0-g[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]" "$(version_of "$repo")"
g tag release-1
expect "a tag that is not v*" "0.1.0-g???????" "$(version_of "$repo")"
g tag v0.2.0
expect "on tag v0.2.0" "0.2.0" "$(version_of "$repo")"
g tag -a v0.2.1 -m "annotated"
expect "on annotated tag v0.2.1" "0.2.1" "$(version_of "$repo")"
echo two >"$repo/file"
expect "tag, dirty tree" "0.2.1-dirty" "$(version_of "$repo")"
g commit -q -am two
g commit -q --allow-empty -m three
expect "two commits after the tag" "0.2.1-2-g???????" "$(version_of "$repo")"
expect "override" "9.9.9~rc1" "$(version_of "$repo" "9.9.9~rc1")"
expect "override with a space is refused" "(failed)" "$(version_of "$repo" "1.0 beta")"
grep -q "use only letters" "$scratch/err" || { echo "FAIL: the refused override does not say why"; status=1; }

# A source tree unpacked inside another repository takes the fallback, not that repository's tags.
mkdir -p "$repo/vendor/kreach"
expect "nested in another repository" "0.1.0" "$(version_of "$repo/vendor/kreach")"
# No git at all: the fallback.
out="$scratch/nogit" && mkdir -p "$out"
"$cmake" -DSOURCE_DIR="$repo" -DOUTPUT_DIR="$out" -DFALLBACK_VERSION=0.1.0 -P "$script" >/dev/null 2>&1
expect "without git" "0.1.0" "$(sed -n 's/^#define KREACH_VERSION_STRING "\(.*\)"$/\1/p' "$out/kreach_version.h")"

# Unchanged version: the files keep their time stamps (the build recompiles nothing).
out="$scratch/keep" && mkdir -p "$out"
run() { "$cmake" -DSOURCE_DIR="$repo" -DOUTPUT_DIR="$out" -DFALLBACK_VERSION=0.1.0 \
          -DGIT_EXECUTABLE="$(command -v git)" -P "$script" >/dev/null 2>&1; }
run && touch -d '2000-01-01' "$out/kreach_version.h" "$out/kreach_version.cmake" && run
for f in kreach_version.h kreach_version.cmake; do
  [ "$(stat -c %Y "$out/$f")" = "$(date -d 2000-01-01 +%s)" ] || { echo "FAIL: $f rewritten with the same version"; status=1; }
done
grep -q 'set(KREACH_VERSION "0.2.1-2-g' "$out/kreach_version.cmake" || { echo "FAIL: kreach_version.cmake lacks the version"; status=1; }
exit $status
