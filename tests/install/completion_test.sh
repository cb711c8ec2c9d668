#!/usr/bin/env bash
# The bash completion as a shell sees it: load `kreach completion bash`, check `complete -p kreach`, then ask
# _kreach what it offers for a few command lines, as bash would on TAB. Run from the source root (file names).
#   completion_test.sh KREACH [INSTALLED_SCRIPT]
set -uo pipefail
kreach=$1
script=$("$kreach" completion bash) || { echo "FAIL: kreach completion bash failed"; exit 1; }
if [ $# -ge 2 ] && [ "$script" != "$(cat "$2")" ]; then
  echo "FAIL: $2 differs from kreach completion bash"
  exit 1
fi
eval "$script"
status=0
check() {  # check EXPECTED WORDS...: what _kreach offers for the command line WORDS (the last one being completed)
  local expected=$1
  shift
  COMP_WORDS=("$@")
  COMP_CWORD=$(($# - 1))
  COMPREPLY=()
  _kreach 2>/dev/null
  local got
  got=$(printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' ')
  expected=$(printf '%s\n' $expected | sort | tr '\n' ' ')
  if [ "$got" != "$expected" ]; then
    echo "FAIL: kreach ${*:2}<TAB> offers '$got', expected '$expected'"
    status=1
  fi
}
registered=$(complete -p kreach)
[ "$registered" = "complete -F _kreach kreach" ] || { echo "FAIL: complete -p kreach: $registered"; status=1; }
# The commands are those `kreach help` lists.
commands=$("$kreach" help | awk '/^commands:/ {on = 1; next} on && /^  [a-z]/ {print $1} /^$/ {on = 0}')
[ -n "$commands" ] || { echo "FAIL: no commands in kreach help"; exit 1; }
check "$commands --help --version" kreach ""
check "matrix" kreach ma
check "--level" kreach matrix --le
check "table truth csv json md" kreach matrix scenarios/shop/ -o ""
check "TCP UDP SCTP ICMP" kreach query x --protocol ""
check "txt json" kreach check --output ""
check "scenarios/netpol/e01-default-deny-ingress.yaml" kreach check scenarios/netpol/e01
check "--relaxed" kreach lint --rel
check "" kreach query x --port ""
check "bash" kreach completion ""
check "--man" kreach help --
[ $status -eq 0 ] && echo "completion: $(echo $commands | wc -w) commands and their options complete"
exit $status
