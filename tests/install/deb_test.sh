#!/usr/bin/env bash
# The Debian package that `./kreach.sh package` makes: cpack builds it from this build tree into a scratch folder;
# its control fields say what kreach is, its Depends name the package of every shared library the binary needs
# (so it installs on a fresh Debian 12), it holds the stripped binary, the man page, the bash completion and the
# docs, apt accepts it (a simulated install), and the binary unpacked from it runs and grades an exercise.
# Skipped (exit 77) without dpkg-deb and dpkg-shlibdeps (apt-get install dpkg-dev).
#   deb_test.sh CPACK BUILD_DIR KREACH SOURCE_DIR
set -uo pipefail
source "$(dirname "$0")/installed_tree.sh"
cpack=$1
build=$2
kreach=$3
source=$4
for tool in dpkg-deb dpkg-shlibdeps readelf; do
  command -v "$tool" >/dev/null || { echo "$tool not installed: skipped (apt-get install dpkg-dev binutils)"; exit 77; }
done
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
fail() {
  echo "FAIL: $*"
  exit 1
}

"$cpack" --config "$build/CPackConfig.cmake" -G DEB -B "$scratch/out" >"$scratch/cpack.log" 2>&1 ||
  { cat "$scratch/cpack.log"; fail "cpack -G DEB failed"; }
debs=("$scratch"/out/*.deb)
[ ${#debs[@]} -eq 1 ] && [ -f "${debs[0]}" ] || fail "cpack made ${#debs[@]} packages, not one: ${debs[*]}"
deb=${debs[0]}
field() { dpkg-deb --field "$deb" "$1"; }

# The control fields. The version is the binary's, as a Debian version (0~ in front of one without a digit first).
version=$("$kreach" --version) || fail "kreach --version failed"
version=${version#kreach }
[[ $version =~ ^[0-9] ]] || version="0~$version"
[ "$(field Package)" = kreach ] || fail "Package: is '$(field Package)'"
[ "$(field Version)" = "$version" ] || fail "Version: is '$(field Version)', the binary says '$version'"
[ "$(field Architecture)" = "$(dpkg --print-architecture)" ] || fail "Architecture: is '$(field Architecture)'"
[ "$(field Section)" = net ] || fail "Section: is '$(field Section)'"
[ "$(field Suggests)" = graphviz ] || fail "Suggests: is '$(field Suggests)' (render needs dot)"
[ -n "$(field Description)" ] || fail "no Description:"
[ "$(basename "$deb")" = "kreach_${version}_$(dpkg --print-architecture).deb" ] ||
  fail "the package is named $(basename "$deb")"

# Every shared library the binary needs comes from a package that Depends: names.
depends=$(field Depends)
needed=$(readelf -d "$kreach" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
[ -n "$needed" ] || fail "readelf found no NEEDED libraries in $kreach"
for lib in $needed; do
  path=$(ldd "$kreach" | awk -v lib="$lib" '$1 == lib && $3 ~ /^\// { print $3 }')
  [ -n "$path" ] || fail "ldd does not resolve $lib"
  owner=$(dpkg -S "$path" 2>/dev/null || dpkg -S "$(readlink -f "$path")" 2>/dev/null) ||
    fail "no package owns $path ($lib)"
  owner=${owner%%:*}
  [[ ", $depends," == *", $owner "* || ", $depends," == *", $owner,"* ]] ||
    fail "$lib comes from $owner, which Depends: does not name: $depends"
done

# Nothing outside /usr (what it installs there is checked unpacked, below).
dpkg-deb --contents "$deb" | awk '{ print $NF }' >"$scratch/contents"
grep -v '^\./usr/' "$scratch/contents" | grep -v '^\./$' | grep -q . &&
  fail "the package installs outside /usr: $(grep -v '^\./usr/' "$scratch/contents" | grep -v '^\./$' | head -3)"

# apt takes it: a simulated install (as the README says: apt install ./kreach_*.deb) plans it without complaint.
if command -v apt-get >/dev/null; then
  apt-get install --simulate "$deb" >"$scratch/apt.log" 2>&1 ||
    { cat "$scratch/apt.log"; fail "apt-get install -s refused it"; }
  grep -qE "^Inst kreach |kreach is already the newest version" "$scratch/apt.log" ||
    { cat "$scratch/apt.log"; fail "apt-get install -s does not plan to install kreach"; }
fi

# Unpacked: what an install holds, a stripped binary of this build's version that grades exercise 01's solution.
dpkg-deb --extract "$deb" "$scratch/root" || fail "dpkg-deb --extract failed"
check_installed_tree "$scratch/root" "the .deb"
bin=$scratch/root/usr/bin/kreach
readelf -S "$bin" | grep -q '\.symtab' && fail "/usr/bin/kreach is not stripped"
[ "$installed_version" = "$("$kreach" --version)" ] || fail "the packaged binary says $installed_version"
exercise=$source/scenarios/exercises/01-default-deny
"$bin" check --quiet "$exercise/exercise.yaml" --submission "$exercise/solution" >"$scratch/check.log" 2>&1 ||
  { cat "$scratch/check.log"; fail "the packaged kreach does not pass exercise 01's solution"; }
echo "$(basename "$deb"): $(du -k "$deb" | cut -f1) KiB, Depends: $depends"
