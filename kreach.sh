#!/usr/bin/env bash
# kreach set-up and everyday commands on Debian 12 (run as root, or with sudo available, for the install step).
#   ./kreach.sh demo    install what is missing, build, run the bundled scenarios
#   ./kreach.sh test    install what is missing, build, run every test (unit, property, conformance, CLI golden)
#   ./kreach.sh deps    only install the Debian packages kreach needs
#   ./kreach.sh build   only build (release preset, build/release/kreach)
set -euo pipefail
cd "$(dirname "$0")"

packages=(cmake ninja-build g++ nlohmann-json3-dev libyaml-cpp-dev libboost-graph-dev
          libboost-program-options-dev libsimdjson-dev catch2 graphviz)

deps() {
  local missing=()
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "kreach.sh: installing ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

build() {
  cmake --preset release >/dev/null
  cmake --build --preset release
}

demo() {
  local kreach=build/release/kreach
  echo "== kreach check: every bundled scenario"
  local status=0
  "$kreach" check --quiet scenarios/*.yaml scenarios/netpol/*.yaml scenarios/netpol/*.json \
    scenarios/services/*.yaml || status=$?
  echo
  echo "== kreach query: an external client through the ingress controller to the shop's web pods"
  "$kreach" query --quiet scenarios/shop.yaml --from 203.0.113.7 --to http://shop.example.com/ || status=$?
  echo
  echo "== kreach matrix --to-services: the shop's workloads to every Service port"
  "$kreach" matrix --quiet scenarios/shop/ --to-services || status=$?
  echo
  echo "== kreach matrix: the shop example, workload level, TCP/8080"
  "$kreach" matrix --quiet scenarios/shop/ --level workload --port 8080
  echo
  echo "== kreach lint: the shop example"
  "$kreach" lint --quiet scenarios/shop/
  echo
  echo "== kreach matrix --group: a generated cluster of 10,000 pods (kreach generate --preset L2), workload level"
  "$kreach" generate --preset L2 | "$kreach" matrix - --level workload --group --quiet | sed -n '1,12p'
  echo "   ... (docs/cli.md explains the grouped form, docs/performance.md the scale benchmark)"
  return $status
}

tests() {
  ctest --preset release
}

case "${1:-}" in
  deps) deps ;;
  build) deps; build ;;
  demo) deps; build; demo ;;
  test) deps; build; tests ;;
  *) echo "usage: ./kreach.sh demo|test|deps|build" >&2; exit 2 ;;
esac
