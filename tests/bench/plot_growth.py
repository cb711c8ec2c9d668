#!/usr/bin/env python3
"""Draws tests/bench/growth.sh's TSV as an SVG: seconds against pods and against policies, log-log, one line per
part of the run (load = parse + model, engine = classes + selectors + matrix, aggregate + output, wall).
Standard library only.   usage: plot_growth.py GROWTH.tsv OUT.svg"""
import csv
import math
import sys

SERIES = [
    ("wall", "#222222", lambda r: r["wall"]),
    ("load (parse + model)", "#1f77b4", lambda r: r["parse"] + r["model"]),
    ("engine (classes + selectors + matrix)", "#d62728", lambda r: r["classes"] + r["selectors"] + r["matrix"]),
    ("aggregate + output", "#2ca02c", lambda r: r["aggregate"] + r["output"]),
]
W, H = 460, 340
LEFT, RIGHT, TOP, BOTTOM = 60, 46, 40, 50


def read(path):
    rows = []
    with open(path) as f:
        for r in csv.DictReader(f, delimiter="\t"):
            try:
                rows.append({k: (v if k == "sweep" else float(v)) for k, v in r.items()})
            except ValueError:
                continue  # a run that reported no phase
    return rows


def panel(out, x0, rows, xkey, title, fixed):
    rows = sorted(rows, key=lambda r: r[xkey])
    if not rows:
        return
    xs = [r[xkey] for r in rows]
    ys = [max(f(r), 1e-3) for _, _, f in SERIES for r in rows]
    lx0, lx1 = math.log10(min(xs)), math.log10(max(xs))
    ly0, ly1 = math.floor(math.log10(min(ys))), math.ceil(math.log10(max(ys)))
    if lx1 == lx0:
        lx1 = lx0 + 1
    pw, ph = W - LEFT - RIGHT, H - TOP - BOTTOM

    def px(x):
        return x0 + LEFT + (math.log10(x) - lx0) / (lx1 - lx0) * pw

    def py(y):
        return TOP + ph - (math.log10(max(y, 1e-3)) - ly0) / (ly1 - ly0) * ph

    out.append(f'<text x="{x0 + W / 2}" y="22" text-anchor="middle" font-size="14" font-weight="bold">{title}</text>')
    out.append(f'<text x="{x0 + W / 2}" y="36" text-anchor="middle" font-size="11" fill="#555">{fixed}</text>')
    out.append(f'<rect x="{x0 + LEFT}" y="{TOP}" width="{pw}" height="{ph}" fill="none" stroke="#999"/>')
    for e in range(ly0, ly1 + 1):
        y = TOP + ph - (e - ly0) / (ly1 - ly0) * ph
        label = f"{10 ** e:g} s"
        out.append(f'<line x1="{x0 + LEFT}" x2="{x0 + LEFT + pw}" y1="{y}" y2="{y}" stroke="#eee"/>')
        out.append(f'<text x="{x0 + LEFT - 6}" y="{y + 4}" text-anchor="end" font-size="10">{label}</text>')
    for x in xs:
        out.append(f'<line x1="{px(x)}" x2="{px(x)}" y1="{TOP}" y2="{TOP + ph}" stroke="#f3f3f3"/>')
        out.append(f'<text x="{px(x)}" y="{TOP + ph + 14}" text-anchor="middle" font-size="10">{int(x):,}</text>')
    out.append(f'<text x="{x0 + LEFT + pw / 2}" y="{H - 12}" text-anchor="middle" font-size="11">{xkey}</text>')
    for name, color, f in SERIES:
        pts = " ".join(f"{px(r[xkey]):.1f},{py(f(r)):.1f}" for r in rows)
        out.append(f'<polyline points="{pts}" fill="none" stroke="{color}" stroke-width="2"/>')
        for r in rows:
            out.append(f'<circle cx="{px(r[xkey]):.1f}" cy="{py(f(r)):.1f}" r="3" fill="{color}"/>')


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: plot_growth.py GROWTH.tsv OUT.svg")
    rows = read(sys.argv[1])
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{2 * W}" height="{H + 40}" font-family="sans-serif">',
           f'<rect width="{2 * W}" height="{H + 40}" fill="white"/>']
    panel(out, 0, [r for r in rows if r["sweep"] == "pods"], "pods", "kreach matrix --level workload --group",
          "50 namespaces, 1,600 policies, 8,000 Services")
    panel(out, W, [r for r in rows if r["sweep"] == "policies"], "policies", "kreach matrix --level workload --group",
          "150,000 pods, 50 namespaces, 8,000 Services")
    x = 70
    for name, color, _ in SERIES:
        out.append(f'<rect x="{x}" y="{H + 14}" width="14" height="4" fill="{color}"/>')
        out.append(f'<text x="{x + 20}" y="{H + 20}" font-size="11">{name}</text>')
        x += 20 + 7 * len(name) + 24  # about 7 px a character at 11 px
    out.append("</svg>")
    with open(sys.argv[2], "w") as f:
        f.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
