#!/usr/bin/env bash
# Renders every picture of docs/tutorial.md, as PNG (shown in the tutorial) and SVG (zoomable, with tooltips),
# into docs/tutorial/.
#   docs/tutorial/make.sh [KREACH_BINARY]        (default: build/release/kreach)
# Run it from anywhere; the commands run from the repository root, exactly as the tutorial prints them. Names are
# fixed, so running it again replaces the same files; the DOT text is deterministic, so unchanged input gives
# unchanged pictures. Commit the result.
set -euo pipefail
if [ $# -gt 1 ]; then
  echo "usage: docs/tutorial/make.sh [KREACH_BINARY]" >&2
  exit 2
fi
root=$(cd "$(dirname "$0")/../.." && pwd)
binary=${1:-build/release/kreach}
case "$binary" in
  /*) ;;
  *) [ -e "$binary" ] || binary=$root/$binary ;;  # relative to the working directory, else to the repository root
esac
if [ ! -x "$binary" ]; then
  echo "make.sh: no kreach binary at $binary (build it with ./kreach.sh build, or pass its path)" >&2
  exit 2
fi
kreach=$(cd "$(dirname "$binary")" && pwd)/$(basename "$binary")
cd "$root"
out=docs/tutorial

# name | kreach render arguments (without -o); the tutorial shows each command with -o docs/tutorial/NAME.png
entries=(
  # minute 0-3: the cluster as it is drawn from the plain manifests
  "01-architecture|scenarios/tutorial/manifests/"
  # minute 6-10: the api before and after the NetworkPolicy, with what it refuses (red, dashed)
  "02-reachability-before|scenarios/tutorial/manifests/ --view reachability --focus shop/api --denied"
  "03-reachability-after|scenarios/tutorial/manifests/ scenarios/tutorial/solution/ --view reachability --focus shop/api --denied"
  # the path model: a Service name, a blocked DNS lookup, a NodePort with SNAT, an Ingress
  "04-path-service-name|scenarios/tutorial/manifests/ scenarios/tutorial/solution/ --view path --from shop/web --to api --port 80"
  "05-path-dns-blocked|scenarios/services/e27-dns-egress.yaml --view path --from app/client --to db --port 5432"
  "06-path-nodeport-snat|scenarios/services/nodeport.yaml --view path --from 198.51.100.7 --to node/node-2 --port 30080"
  "07-path-ingress|scenarios/shop.yaml --view path --from 203.0.113.7 --to http://shop.example.com/"
)

status=0
for entry in "${entries[@]}"; do
  IFS='|' read -r name args <<<"$entry"
  read -r -a argv <<<"$args"
  for ext in png svg; do
    if ! "$kreach" render "${argv[@]}" -o "$out/$name.$ext" 2>"$out/.stderr"; then
      echo "make.sh: failed: kreach render $args -o $out/$name.$ext" >&2
      status=1
    fi
    # pass on errors and notes (aggregation, a filter that matched nothing): the tutorial's pictures have none
    if [ -s "$out/.stderr" ]; then
      cat "$out/.stderr" >&2
    fi
  done
  echo "kreach render $args -o $out/$name.png"
done
rm -f "$out/.stderr"
exit $status
