#!/usr/bin/env bash
# `cmake --install` into a scratch DESTDIR with prefix /usr, as the Debian package does: the binary, the man page,
# the bash completion and the docs are where they belong, and the installed binary runs. Needs no root.
#   install_test.sh CMAKE BUILD_DIR
set -euo pipefail
cmake=$1
build=$2
dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT
DESTDIR=$dest "$cmake" --install "$build" --prefix /usr >"$dest/install.log" || {
  cat "$dest/install.log"
  exit 1
}
status=0
for f in usr/bin/kreach usr/share/man/man1/kreach.1.gz usr/share/bash-completion/completions/kreach \
         usr/share/doc/kreach/README.md usr/share/doc/kreach/docs/cli.md; do
  [ -f "$dest/$f" ] || { echo "FAIL: cmake --install did not install /$f"; status=1; }
done
[ $status -eq 0 ] || exit 1
[ -x "$dest/usr/bin/kreach" ] || { echo "FAIL: /usr/bin/kreach is not executable"; exit 1; }
version=$("$dest/usr/bin/kreach" --version)
[[ $version =~ ^kreach\ [0-9A-Za-z] ]] || { echo "FAIL: kreach --version printed '$version'"; exit 1; }
gzip -dc "$dest/usr/share/man/man1/kreach.1.gz" | grep -q '^\.TH KREACH 1 ' ||
  { echo "FAIL: kreach.1.gz is not the kreach(1) man page"; exit 1; }
bash -n "$dest/usr/share/bash-completion/completions/kreach" ||
  { echo "FAIL: the installed completion is not valid bash"; exit 1; }
echo "cmake --install: /usr/bin/kreach ($version), its man page, bash completion and docs"
