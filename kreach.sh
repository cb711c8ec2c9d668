#!/usr/bin/env bash
# kreach set-up and everyday commands on Debian 12 (run as root, or with sudo available, for the install step).
#   ./kreach.sh demo    install what is missing, build, run the bundled scenarios
#   ./kreach.sh test    install what is missing, build, run every test (unit, property, conformance, CLI golden),
#                       then all of them again under AddressSanitizer + UBSan (asan preset), then a short
#                       libFuzzer round (KREACH_FUZZ_SECONDS per target, default 45; 0 skips it)
#   ./kreach.sh quick   the release build and its tests only
#   ./kreach.sh format  reformat every C++ source with clang-format (.clang-format); `test` fails on unformatted ones
#   ./kreach.sh deps    only install the Debian packages kreach needs (test-deps: also the sanitizer and fuzz ones)
#   ./kreach.sh build   only build (release preset, build/release/kreach)
#   ./kreach.sh package build, then make the Debian package build/release/kreach_VERSION_ARCH.deb and print its
#                       path (install it with `sudo apt install ./build/release/kreach_*.deb`)
set -euo pipefail
cd "$(dirname "$0")"

packages=(cmake ninja-build g++ nlohmann-json3-dev libyaml-cpp-dev libboost-graph-dev
          libboost-program-options-dev libsimdjson-dev catch2 graphviz)
# The sanitizer build, the fuzzers, the man page check, the Debian package check and the format check
# (./kreach.sh test).
test_packages=(clang-14 libclang-rt-14-dev groff-base dpkg-dev clang-format)
# The Debian package (./kreach.sh package): dpkg-shlibdeps works out its Depends.
package_packages=(dpkg-dev)

deps() {
  local missing=()
  for p in "${packages[@]}" "$@"; do
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
    scenarios/services/*.yaml scenarios/real-world/*.yaml || status=$?
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
  echo "== kreach check --submission: every classroom exercise graded against its solution (scenarios/exercises/)"
  local exercise
  for exercise in scenarios/exercises/*/; do
    exercise=${exercise%/}
    "$kreach" check --quiet --summary "$exercise/exercise.yaml" --submission "$exercise/solution" | sed -n 2p ||
      status=$?
  done
  echo
  echo "== kreach check --explain: exercise 03 as a student starts it (the lesson of its first failure)"
  # The starting state fails on purpose (exit 1): that is not a failure of the demo.
  { "$kreach" check --quiet --explain --max-paths 1 scenarios/exercises/03-cross-namespace-and-or/exercise.yaml ||
      true; } | sed -n '/^FAIL/,/^  Paths:/p' | sed -n '1,/^  Paths:/p'
  echo
  echo "== kreach matrix --group: a generated cluster of 10,000 pods (kreach generate --preset L2), workload level"
  "$kreach" generate --preset L2 | "$kreach" matrix - --level workload --group --quiet | sed -n '1,12p'
  echo "   ... (docs/cli.md explains the grouped form, docs/performance.md the scale benchmark)"
  return $status
}

package() {
  local log=build/release/cpack.log
  if ! (cd build/release && cpack -G DEB) >"$log" 2>&1; then
    cat "$log" >&2
    return 1
  fi
  # CPack: - package: /path/kreach_0.1.0_amd64.deb generated.
  sed -n 's/^CPack: - package: \(.*\) generated\.$/\1/p' "$log"
}

tests() {
  ctest --preset release
}

# Every tracked C++ source as clang-format (Debian 12: version 14) lays it out with the repository's .clang-format.
format_check() {
  echo "== clang-format: every C++ source is formatted (./kreach.sh format fixes it)"
  git ls-files -z '*.h' '*.cc' | xargs -0 clang-format --dry-run --Werror
}

format_sources() {
  git ls-files -z '*.h' '*.cc' | xargs -0 clang-format -i
}

# The asan preset builds with clang, the sanitizers and libFuzzer's coverage hooks, so that one compile of the
# library serves both the sanitizer tests and the fuzz round; it builds only what they run (kreach, the test
# binary, the fuzz targets) and skips the release.* tests (installing, packaging: nothing a sanitizer checks).
sanitized_tests() {
  echo "== the same tests under AddressSanitizer + UndefinedBehaviorSanitizer (asan preset)"
  cmake --preset asan >/dev/null
  cmake --build --preset asan
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --preset asan
}

fuzz_round() {
  local seconds=${KREACH_FUZZ_SECONDS:-45}
  [ "$seconds" -gt 0 ] || return 0
  echo "== a short fuzzing round: every libFuzzer target for $seconds s (tests/fuzz/README.md)"
  KREACH_FUZZ_SEED=${KREACH_FUZZ_SEED:-1} tests/fuzz/run.sh --build build/asan --seconds "$seconds"
}

case "${1:-}" in
  deps) deps ;;
  test-deps) deps "${test_packages[@]}" ;;
  build) deps; build ;;
  demo) deps; build; demo ;;
  test) deps "${test_packages[@]}"; format_check; build; tests; sanitized_tests; fuzz_round ;;
  format) deps clang-format; format_sources ;;
  quick) deps; build; tests ;;
  package) deps "${package_packages[@]}"; build; package ;;
  *) echo "usage: ./kreach.sh demo|test|quick|deps|test-deps|build|package|format" >&2; exit 2 ;;
esac
