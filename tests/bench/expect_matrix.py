#!/usr/bin/env python3
"""Writes a scenario with an N x N expectMatrix that fails in every cell but the diagonal (issue 24, item 13).

    tests/bench/expect_matrix.py 300 > /tmp/m300.yaml
    time build/release/kreach check /tmp/m300.yaml > /dev/null     # exit 1: the table does not hold

N pods in one namespace under a deny-all ingress policy; the table expects every cell allowed. `--as-list`
writes the same cells as plain `expect` items instead, for comparison.
"""
import sys


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    as_list = "--as-list" in sys.argv[1:]
    n = int(args[0]) if args else 300
    names = [f"p{i}" for i in range(n)]
    out = ["name: a failing expectMatrix of %d x %d cells" % (n, n), "resources:"]
    for name in names:
        out.append(
            "  - {apiVersion: v1, kind: Pod, metadata: {name: %s, namespace: m, labels: {app: %s}}, "
            "spec: {containers: [{name: c, image: x, ports: [{containerPort: 80}]}]}}" % (name, name))
    out.append("  - {apiVersion: networking.k8s.io/v1, kind: NetworkPolicy, metadata: {name: deny, namespace: m}, "
               "spec: {podSelector: {}, policyTypes: [Ingress]}}")
    if as_list:
        out.append("expect:")
        for a in names:
            for b in names:
                out.append("  - {from: m/%s, to: m/%s, port: 80, result: allow}" % (a, b))
    else:
        out += ["expectMatrix:", "  - port: 80", "    table: |"]
        out.append("      TCP/80 " + " ".join("m/" + b for b in names))
        for a in names:
            out.append("      m/%s " % a + " ".join("." for _ in names))
    print("\n".join(out))


if __name__ == "__main__":
    main()
