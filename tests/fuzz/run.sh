#!/usr/bin/env bash
# Builds the libFuzzer targets into build/fuzz and runs them one at a time (tests/fuzz/README.md).
#   tests/fuzz/run.sh [--seconds N] [--rss-mb M] [--build DIR] [TARGET...]
#   TARGET: documents scenario endpoint selector cidr writers (default all); M: libFuzzer's memory limit in MB (2048)
#   DIR: a build tree already configured with the fuzz targets (./kreach.sh test passes build/asan, whose preset
#   has them, so the library is compiled once for the sanitizer tests and the fuzzers); default build/fuzz,
#   configured here on first use
# Prints one summary line per target; exits 1 when a target found a crash, leak, timeout or OOM (naming the
# artifact), 2 on a usage or build error.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
build="$root/build/fuzz"
given_build=""
all_targets=(documents scenario endpoint selector cidr writers)
seconds=60
rss_mb=2048  # libFuzzer's memory limit; rounds of more than an hour need more (tests/fuzz/README.md)
targets=()

usage() {
  echo "usage: tests/fuzz/run.sh [--seconds N] [--rss-mb M] [--build DIR] [TARGET...]  (targets: ${all_targets[*]})" >&2
  exit 2
}

while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) [ $# -ge 2 ] || usage; seconds="$2"; shift 2 ;;
    --seconds=*) seconds="${1#--seconds=}"; shift ;;
    --rss-mb) [ $# -ge 2 ] || usage; rss_mb="$2"; shift 2 ;;
    --rss-mb=*) rss_mb="${1#--rss-mb=}"; shift ;;
    --build) [ $# -ge 2 ] || usage; given_build="$2"; shift 2 ;;
    --build=*) given_build="${1#--build=}"; shift ;;
    -h|--help) usage ;;
    -*) echo "run.sh: unknown option $1" >&2; usage ;;
    *) targets+=("$1"); shift ;;
  esac
done
[[ "$seconds" =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: --seconds needs a positive integer, not '$seconds'" >&2; exit 2; }
[[ "$rss_mb" =~ ^[1-9][0-9]*$ ]] ||
  { echo "run.sh: --rss-mb needs a positive integer (megabytes), not '$rss_mb'" >&2; exit 2; }
[ ${#targets[@]} -gt 0 ] || targets=("${all_targets[@]}")
for t in "${targets[@]}"; do
  [[ " ${all_targets[*]} " == *" $t "* ]] || { echo "run.sh: unknown target '$t'" >&2; usage; }
done

# The build's Debian packages, clang and libFuzzer among them, installed where missing.
"$root/kreach.sh" test-deps

if [ -n "$given_build" ]; then
  build="$(cd "$given_build" 2>/dev/null && pwd)" ||
    { echo "run.sh: --build $given_build: no such folder" >&2; exit 2; }
  grep -q '^KREACH_FUZZ:BOOL=ON$' "$build/CMakeCache.txt" 2>/dev/null ||
    { echo "run.sh: --build $given_build is not a build tree configured with -DKREACH_FUZZ=ON" >&2; exit 2; }
elif [ ! -f "$build/build.ninja" ]; then
  CC=clang-14 CXX=clang++-14 cmake -S "$root" -B "$build" -G Ninja -DKREACH_FUZZ=ON -DKREACH_BUILD_TESTS=OFF \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -gline-tables-only" \
    "-DCMAKE_CXX_FLAGS=-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer" >/dev/null ||
    { echo "run.sh: configuring $build failed" >&2; exit 2; }
fi
cmake --build "$build" --target fuzz_targets -- -j 2 >"$build/build.log" 2>&1 ||
  { tail -n 40 "$build/build.log" >&2; echo "run.sh: building the fuzz targets failed ($build/build.log)" >&2; exit 2; }

# Seed corpora: the hand-written seeds, plus for the document readers every manifest kreach ships or checks.
max_len_of() { case "$1" in documents|scenario) echo 65536 ;; writers) echo 4096 ;; *) echo 512 ;; esac; }
seed_corpus() {
  local t="$1" dir="$build/corpus/$1" max_len
  max_len="$(max_len_of "$t")"
  mkdir -p "$dir"
  local f
  for f in "$root/tests/fuzz/seeds/$t"/* "$root/tests/fuzz/regressions/$t"/*; do
    [ -f "$f" ] && cp -f "$f" "$dir/seed-$(basename "$f")"
  done
  if [ "$t" = documents ] || [ "$t" = scenario ]; then
    local n=0
    while IFS= read -r -d '' f; do
      [ "$(stat -c %s "$f")" -le "$max_len" ] || continue
      n=$((n + 1))
      cp -f "$f" "$dir/ext-$n-$(basename "$f")"
    done < <(find "$root/scenarios" "$root/../shared/conformance/netpol-analyzer/cases" \
                  "$root/../shared/conformance/netpol-analyzer/bad-inputs" \
                  -type f \( -name '*.yaml' -o -name '*.yml' -o -name '*.json' \) -print0 2>/dev/null | sort -z)
  fi
}

status=0
summary=()
for t in "${targets[@]}"; do
  seed_corpus "$t"
  corpus="$build/corpus/$t"
  artifacts="$build/artifacts/$t"
  mkdir -p "$artifacts"
  log="$build/logs/$t.log"
  mkdir -p "$(dirname "$log")"
  args=(-max_total_time="$seconds" -max_len="$(max_len_of "$t")" -timeout=10 -rss_limit_mb="$rss_mb"
        -print_final_stats=1 -artifact_prefix="$artifacts/")
  case "$t" in documents|scenario) args+=(-dict="$root/tests/fuzz/kreach.dict") ;; esac
  # KREACH_FUZZ_SEED fixes libFuzzer's random seed (CI's short round), so that a run can be repeated.
  [ -z "${KREACH_FUZZ_SEED:-}" ] || args+=(-seed="$KREACH_FUZZ_SEED")
  before="$(ls -A "$artifacts" | wc -l)"
  # The scenario target resolves includes against the working directory: run every target from an empty one.
  work="$(mktemp -d)"
  echo "run.sh: $t for ${seconds}s (log $log)"
  started=$SECONDS
  set +e
  (cd "$work" && "$build/tests/fuzz/fuzz_$t" "${args[@]}" "$corpus") >"$log" 2>&1
  rc=$?
  set -e
  elapsed=$((SECONDS - started))
  rmdir "$work" 2>/dev/null || rm -rf "$work"
  execs="$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | tail -n 1 | grep -o '[0-9]*$' || true)"
  last="$(grep -E '^#[0-9]+' "$log" | grep -E ' cov: ' | tail -n 1 || true)"
  cov="$(sed -nE 's/.* cov: ([0-9]+).*/\1/p' <<<"$last")"
  ft="$(sed -nE 's/.* ft: ([0-9]+).*/\1/p' <<<"$last")"
  size="$(ls -A "$corpus" | wc -l)"
  line="$(printf '%-10s seconds=%s execs=%s cov=%s ft=%s corpus=%s' "$t" "$elapsed" "${execs:-?}" "${cov:-?}" \
          "${ft:-?}" "$size")"
  if [ "$rc" -ne 0 ] || [ "$(ls -A "$artifacts" | wc -l)" -gt "$before" ]; then
    status=1
    found="$(grep -oE 'Test unit written to [^ ]+' "$log" | tail -n 1 | sed 's/Test unit written to //' || true)"
    [ -n "$found" ] || found="$(ls -At "$artifacts" | head -n 1 | sed "s|^.|$artifacts/&|")"
    kind="$(grep -oE 'ERROR: (AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|libFuzzer): [a-z-]+' "$log" |
            head -n 1 || true)"
    line+="  FOUND ${kind:-exit $rc}: ${found:-no artifact (exit $rc, see $log)}"
  fi
  summary+=("$line")
  echo "$line"
done

echo "---- summary ----"
printf '%s\n' "${summary[@]}"
exit "$status"
