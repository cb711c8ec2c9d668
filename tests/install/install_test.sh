#!/usr/bin/env bash
# `cmake --install` into a scratch DESTDIR with prefix /usr, as the Debian package does: the binary, the man page,
# the bash completion and the docs are where they belong, and the installed binary runs. Needs no root.
#   install_test.sh CMAKE BUILD_DIR
set -euo pipefail
source "$(dirname "$0")/installed_tree.sh"
cmake=$1
build=$2
dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT
DESTDIR=$dest "$cmake" --install "$build" --prefix /usr >"$dest/install.log" || {
  cat "$dest/install.log"
  exit 1
}
check_installed_tree "$dest" "cmake --install"
echo "cmake --install: /usr/bin/kreach ($installed_version), its man page, bash completion and docs"
