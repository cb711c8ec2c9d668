#!/usr/bin/env bash
# How the cost of `kreach matrix --level workload --group` grows: two sweeps of generated clusters around L4
# (150,000 pods, 50 namespaces, 1,600 policies, 8,000 Services), one over pods with the policies fixed and one over
# policies with the pods fixed. Writes one row per run to a TSV and draws it (tests/bench/plot_growth.py).
#
#   tests/bench/growth.sh KREACH_BINARY [OUT.tsv [OUT.svg]]
#
# Defaults: build/bench-cache/growth.tsv and docs/performance-growth.svg. The generated clusters are cached in
# KREACH_BENCH_CACHE (default build/bench-cache); KREACH_BENCH_TIMEOUT (default 600) stops a run that runs away.
set -euo pipefail
if [ $# -lt 1 ]; then
  echo "usage: tests/bench/growth.sh KREACH_BINARY [OUT.tsv [OUT.svg]]" >&2
  exit 2
fi
kreach=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
cache=${KREACH_BENCH_CACHE:-build/bench-cache}
tsv=${2:-$cache/growth.tsv}
svg=${3:-docs/performance-growth.svg}
timeout_s=${KREACH_BENCH_TIMEOUT:-600}
mkdir -p "$cache"

value() {
  awk -v key="$1" '($1 == "timing:" || $1 == "count:") && $2 == key { v = $3 } END { print (v == "" ? "-" : v) }' "$2"
}

printf 'sweep\tpods\tpolicies\tparse\tmodel\tclasses\tselectors\tmatrix\taggregate\toutput\twall\trss_mb\tpod_classes\tcolumns\trow_groups\tcolumn_groups\n' >"$tsv"
run() {  # run SWEEP PODS POLICIES
  local sweep=$1 pods=$2 policies=$3
  local input="$cache/growth-p$pods-n$policies.json" log="$cache/growth-p$pods-n$policies.log"
  if [ ! -s "$input" ]; then
    "$kreach" generate --preset L4 --pods "$pods" --policies "$policies" --seed 1 -o "$input"
  fi
  local start end wall status=0
  start=$(date +%s.%N)
  timeout "$timeout_s" "$kreach" matrix "$input" --level workload --group --timings -q >/dev/null 2>"$log" || status=$?
  end=$(date +%s.%N)
  wall=$(echo "$end - $start" | bc -l)
  if [ "$status" -ne 0 ]; then
    echo "$sweep pods=$pods policies=$policies: kreach exited with $status ($log)" >&2
    return
  fi
  local rss=$(( $(value peak-rss-kib "$log") / 1024 ))
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%.3f\t%s\t%s\t%s\t%s\t%s\n' "$sweep" "$pods" "$policies" \
    "$(value parse "$log")" "$(value model "$log")" "$(value classes "$log")" "$(value selectors "$log")" \
    "$(value matrix "$log")" "$(value aggregate "$log")" "$(value output "$log")" "$wall" "$rss" \
    "$(value pod-classes "$log")" "$(value columns "$log")" "$(value row-groups "$log")" \
    "$(value column-groups "$log")" | tee -a "$tsv"
}

for pods in 18750 37500 75000 150000 300000; do run pods "$pods" 1600; done
for policies in 400 1600 6400 25600 102400; do run policies 150000 "$policies"; done
python3 "$(dirname "$0")/plot_growth.py" "$tsv" "$svg"
echo "wrote $tsv and $svg"
