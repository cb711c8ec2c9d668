#!/usr/bin/env bash
# The scale benchmark of issue 5: generates each level of the ladder once (cached), runs
# `kreach matrix FILE --level workload --group` on it with --timings, and prints one table row per level:
# wall time, peak RSS, the phase breakdown and the sizes kreach reports.
#
#   tests/bench/bench.sh KREACH_BINARY [LEVEL...]      (default levels: L0 L1 L2 L3 L4 L5 L6 L7)
#   cmake --build build/release --target bench         (the same, all levels)
#
# Environment: KREACH_BENCH_CACHE (default build/bench-cache) holds the generated clusters;
# KREACH_BENCH_TIMEOUT (seconds, default 600) stops a level that runs away; KREACH_BENCH_SEED (default 1);
# KREACH_BENCH_LEVEL (default workload) is the matrix level (pod, workload, namespace); KREACH_BENCH_RUNS (default 3)
# how many times each level runs (the row is the run of median wall time);
# KREACH_BENCH_REF_PAIRS (default 20000) is how many pod pairs the exactness check compares at L0-L2 (all of them
# when the cluster has fewer), with every probe port, against the reference evaluator.
set -euo pipefail
if [ $# -lt 1 ]; then
  echo "usage: tests/bench/bench.sh KREACH_BINARY [LEVEL...]" >&2
  exit 2
fi
kreach=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
shift
levels=("$@")
[ ${#levels[@]} -gt 0 ] || levels=(L0 L1 L2 L3 L4 L5 L6 L7)
cache=${KREACH_BENCH_CACHE:-build/bench-cache}
timeout_s=${KREACH_BENCH_TIMEOUT:-600}
seed=${KREACH_BENCH_SEED:-1}
matrix_level=${KREACH_BENCH_LEVEL:-workload}
runs=${KREACH_BENCH_RUNS:-3}
mkdir -p "$cache"

# value NAME FILE: the number after "timing: NAME" or "count: NAME" in a --timings log ("-" when absent).
value() {
  awk -v key="$1" '($1 == "timing:" || $1 == "count:") && $2 == key { v = $3 } END { print (v == "" ? "-" : v) }' "$2"
}

echo "kreach matrix FILE --level $matrix_level --group; phase times in seconds (--timings), median of $runs runs"
printf '%-3s %7s %6s %6s %6s %4s | %6s %6s %7s %9s %6s %9s %6s | %6s %6s | %6s %5s %5s %6s %6s %6s %12s\n' \
  level pods ns netpol svc MB parse model classes selectors matrix aggregate output wall-s rss-MB \
  classes ports ips columns rowgr colgr allowed-cells
for level in "${levels[@]}"; do
  input="$cache/$level-seed$seed.json"
  if [ ! -s "$input" ]; then
    "$kreach" generate --preset "$level" --seed "$seed" -o "$input"
  fi
  # KREACH_BENCH_RUNS runs; the row shows the run with the median wall time (its phases and memory).
  status=0
  walls=()
  for run in $(seq 1 "$runs"); do
    start=$(date +%s.%N)
    timeout "$timeout_s" "$kreach" matrix "$input" --level "$matrix_level" --group --timings -q >/dev/null \
      2>"$cache/$level-seed$seed.run$run.log" || status=$?
    end=$(date +%s.%N)
    walls+=("$(echo "$end - $start" | bc -l) $run")
    [ "$status" -eq 0 ] || break
  done
  if [ "$status" -ne 0 ]; then
    printf '%-3s stopped: kreach exited with %s (%s; 124 = KREACH_BENCH_TIMEOUT)\n' \
      "$level" "$status" "$cache/$level-seed$seed.run$run.log"
    continue
  fi
  median=$(printf '%s\n' "${walls[@]}" | sort -n | sed -n "$(( (${#walls[@]} + 1) / 2 ))p")
  wall=${median% *}
  log="$cache/$level-seed$seed.log"
  cp "$cache/$level-seed$seed.run${median#* }.log" "$log"
  rss_kib=$(value peak-rss-kib "$log")
  rss_mb=$([ "$rss_kib" = "-" ] && echo "-" || echo $((rss_kib / 1024)))
  size_mb=$(( $(stat -c %s "$input") / 1000000 ))
  printf '%-3s %7s %6s %6s %6s %4s | %6s %6s %7s %9s %6s %9s %6s | %6.2f %6s | %6s %5s %5s %6s %6s %6s %12s\n' \
    "$level" "$(value pods "$log")" "$(value namespaces "$log")" "$(value policies "$log")" \
    "$(value services "$log")" "$size_mb" "$(value parse "$log")" "$(value model "$log")" \
    "$(value classes "$log")" "$(value selectors "$log")" "$(value matrix "$log")" "$(value aggregate "$log")" \
    "$(value output "$log")" \
    "$wall" "$rss_mb" "$(value pod-classes "$log")" "$(value port-atoms "$log")" "$(value ip-atoms "$log")" \
    "$(value columns "$log")" "$(value row-groups "$log")" "$(value column-groups "$log")" \
    "$(value allowed-cells "$log")"
done

# Exactness: the whole-cluster engine against the rule-by-rule reference evaluator, L0-L2 (the build's
# tests/kreach_reference_check, beside the kreach binary's build tree).
reference="$(dirname "$kreach")/tests/kreach_reference_check"
if [ -x "$reference" ]; then
  for level in "${levels[@]}"; do
    case "$level" in L0|L1|L2) ;; *) continue ;; esac
    echo "$level exactness: $("$reference" "$cache/$level-seed$seed.json" --max-pairs "${KREACH_BENCH_REF_PAIRS:-20000}" \
      | tr '\n' ' ')"
  done
else
  echo "(no $reference: build the tests to run the exactness check)"
fi
