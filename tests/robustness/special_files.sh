#!/usr/bin/env bash
# Inputs that cannot be committed to git (tests/robustness/README.md): unreadable folders and files, FIFOs and
# device links inside input folders, a file truncated while kreach reads it.
#   special_files.sh KREACH_BINARY
# Permission cases run as an unprivileged user (nobody, through setpriv) when this runs as root, who reads
# everything: they are never skipped. Each case compares the exit code and the whole stderr.
set -u
src=$(realpath "$1")
tmp=$(mktemp -d)
trap 'chmod -R u+rwx "$tmp" 2>/dev/null; kill $(jobs -p) 2>/dev/null; rm -rf "$tmp"' EXIT
chmod 755 "$tmp"
cp "$src" "$tmp/kreach" && chmod 755 "$tmp/kreach"
kreach=$tmp/kreach
failed=0

as_user=()
[ "$(id -u)" = 0 ] && as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)

# check NAME EXPECTED_EXIT EXPECTED_STDERR -- COMMAND...   (run from $tmp, with a 20 s guard against hangs)
check() {
  local name=$1 want_code=$2 want_err=$3
  shift 4
  local err code
  err=$(cd "$tmp" && timeout 20 "$@" 2>&1 >/dev/null </dev/null)
  code=$?
  if [ "$code" != "$want_code" ] || [ "$err" != "$want_err" ]; then
    echo "FAIL $name: exit $code (want $want_code)"
    diff <(printf '%s\n' "$want_err") <(printf '%s\n' "$err")
    failed=1
  else
    echo "ok   $name"
  fi
}

ns() { printf 'apiVersion: v1\nkind: Namespace\nmetadata: {name: %s}\n' "$1"; }
deny='apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-all, namespace: a}
spec: {podSelector: {}, policyTypes: [Ingress]}'

# 1. A deny-all in a folder nobody may read: an error naming the folder, not "everything allowed".
mkdir -p "$tmp/in/locked"
ns a >"$tmp/in/ns.yaml"
printf '%s\n' "$deny" >"$tmp/in/locked/deny.yaml"
chmod -R a+rX "$tmp/in"
chmod 000 "$tmp/in/locked"
check unreadable_subfolder 2 "error: in/locked: cannot read folder: Permission denied
1 error in the input" -- "${as_user[@]}" "$kreach" lint in
check unreadable_folder_named 2 "error: in/locked: cannot read folder: Permission denied
1 error in the input" -- "${as_user[@]}" "$kreach" lint in/locked
chmod 755 "$tmp/in/locked"
chmod 000 "$tmp/in/locked/deny.yaml"
check unreadable_file_in_folder 2 "error: in/locked/deny.yaml: cannot read file: Permission denied
1 error in the input" -- "${as_user[@]}" "$kreach" lint in
chmod 644 "$tmp/in/locked/deny.yaml"

# 2. check on a folder of scenarios, one of them unreadable: an error naming it, not "1 passed".
mkdir -p "$tmp/sc/locked"
printf 'name: ok\nresources:\n  - {apiVersion: v1, kind: Namespace, metadata: {name: a}}\nexpect: []\n' >"$tmp/sc/ok.yaml"
cp "$tmp/sc/ok.yaml" "$tmp/sc/locked/hidden.yaml"
cp "$tmp/sc/ok.yaml" "$tmp/sc/unreadable.yaml"
chmod -R a+rX "$tmp/sc"
chmod 000 "$tmp/sc/locked" "$tmp/sc/unreadable.yaml"
check check_unreadable_entries 2 "error: kreach check: sc/locked: cannot read folder: Permission denied
error: kreach check: sc/unreadable.yaml: cannot read file: Permission denied" -- "${as_user[@]}" "$kreach" check sc
chmod 755 "$tmp/sc/locked"
chmod 644 "$tmp/sc/unreadable.yaml"

# 3. A FIFO and a link to /dev/zero named *.yaml in an input folder: errors naming them, no hang, no endless read.
mkdir -p "$tmp/odd"
ns a >"$tmp/odd/ns.yaml"
mkfifo "$tmp/odd/student.yaml"
ln -s /dev/zero "$tmp/odd/zero.yaml"
check fifo_and_device_in_folder 2 "error: odd/student.yaml: not a regular file (a FIFO): only regular files are read from folders
error: odd/zero.yaml: not a regular file (a character device): only regular files are read from folders
2 errors in the input" -- "$kreach" lint odd
mkdir -p "$tmp/scfifo"
cp "$tmp/sc/ok.yaml" "$tmp/scfifo/ok.yaml"
mkfifo "$tmp/scfifo/student.yaml"
check check_fifo_in_folder 2 "error: kreach check: scfifo/student.yaml: not a regular file (a FIFO): only regular files are read from folders" -- "$kreach" check scfifo
mkdir -p "$tmp/subs"
mkfifo "$tmp/subs/student.yaml"
check submissions_fifo 2 "error: kreach check: --submissions subs/student.yaml: not a regular file (a FIFO): only regular files are read from folders" -- "$kreach" check sc/ok.yaml --submissions subs

# 4. A FIFO named on the command line is still read as a pipe.
mkfifo "$tmp/named.yaml"
(ns a >"$tmp/named.yaml") &
check fifo_named 0 "" -- "$kreach" list named.yaml

# 5. A file truncated and rewritten while it is read: an error or a result, never a signal (it was mapped, and a
#    truncated mapping raised SIGBUS).
"$kreach" generate --preset L1 >"$tmp/big.json"
cp "$tmp/big.json" "$tmp/churn.json"
(while :; do : >"$tmp/churn.json"; cat "$tmp/big.json" >"$tmp/churn.json"; done) &
churn=$!
for i in $(seq 1 15); do
  "$kreach" list "$tmp/churn.json" >/dev/null 2>&1
  code=$?
  if [ "$code" -ge 128 ]; then
    echo "FAIL truncated_while_read: run $i ended with signal $((code - 128))"
    failed=1
    break
  fi
done
kill "$churn" 2>/dev/null
wait "$churn" 2>/dev/null
[ "$failed" = 0 ] && echo "ok   truncated_while_read"
exit "$failed"
