# What an installed kreach looks like under a root folder (a cmake --install DESTDIR, an unpacked .deb): the
# binary, its man page, the bash completion and the docs, each usable. Sourced by install_test.sh and deb_test.sh.
#   check_installed_tree ROOT HOW     HOW names what installed it, for the messages ("cmake --install", "the .deb")
check_installed_tree() {
  local root=$1 how=$2 f status=0
  for f in usr/bin/kreach usr/share/man/man1/kreach.1.gz usr/share/bash-completion/completions/kreach \
           usr/share/doc/kreach/README.md usr/share/doc/kreach/docs/cli.md usr/share/doc/kreach/docs/tutorial.md \
           usr/share/doc/kreach/docs/teaching.md; do
    [ -f "$root/$f" ] || { echo "FAIL: $how did not install /$f"; status=1; }
  done
  [ $status -eq 0 ] || exit 1
  [ -x "$root/usr/bin/kreach" ] || { echo "FAIL: $how: /usr/bin/kreach is not executable"; exit 1; }
  installed_version=$("$root/usr/bin/kreach" --version)
  [[ $installed_version =~ ^kreach\ [0-9A-Za-z] ]] ||
    { echo "FAIL: $how: kreach --version printed '$installed_version'"; exit 1; }
  gzip -dc "$root/usr/share/man/man1/kreach.1.gz" | grep -q '^\.TH KREACH 1 ' ||
    { echo "FAIL: $how: kreach.1.gz is not the kreach(1) man page"; exit 1; }
  bash -n "$root/usr/share/bash-completion/completions/kreach" ||
    { echo "FAIL: $how: the installed completion is not valid bash"; exit 1; }
}
