#!/usr/bin/python3
"""What a shock does over time: a shock scenario against the baseline, window by window.

usage: scripts/shock-profile.py [--outdir DIR] [--variant NAME] [--windows 0,60,120,180,365]

Reads a sweep of configs/scenario_effects.toml (scripts/scenario-effects.py --outdir DIR)
and, for the variant (default epidemic_shock) against the baseline with the same replicate
seed, prints per window of days the ratio of the variant's to the baseline's mean of each
series (new believers, rumour believers, fraud attempts, fraud successes, participation,
fatigue), with a Student-t 95% interval of the paired ratios over the replicates. A ratio
above 1 during the shock window is a surge; fatigue above 1 after it is the aftermath.
"""
import argparse
import csv
import math
import pathlib

import h5py
import numpy as np
from scipy import stats

SERIES = ["new_believers", "rumour_believers", "fraud_attempts", "fraud_successes",
          "participation_share", "mean_fatigue"]


def read(outdir, variant):
    out = {}
    with open(outdir / "index.csv") as f:
        for row in csv.DictReader(f):
            if row["variant"] == variant and row["status"] == "done":
                with h5py.File(outdir / row["output"], "r") as h:
                    day = h["series/day"][:]
                    out[int(row["replicate"])] = (day, {s: h["series"][s][:] for s in SERIES})
    return out


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--outdir", default="out/effects")
    p.add_argument("--variant", default="epidemic_shock")
    p.add_argument("--windows", default="0,60,120,180,365")
    args = p.parse_args()
    outdir = pathlib.Path(args.outdir)
    base, shock = read(outdir, "baseline"), read(outdir, args.variant)
    reps = sorted(set(base) & set(shock))
    edges = [float(x) for x in args.windows.split(",")]
    print(f"{args.variant} / baseline, mean of each series per window; paired ratio "
          f"[95% t interval], {len(reps)} replicates\n")
    print("| days | " + " | ".join(SERIES) + " |")
    print("|" + "---|" * (len(SERIES) + 1))
    for a, b in zip(edges, edges[1:]):
        cells = []
        for s in SERIES:
            ratios = []
            for r in reps:
                day, xb = base[r]
                _, xs = shock[r]
                w = (day > a) & (day <= b)
                ratios.append(xs[s][w].mean() / xb[s][w].mean())
            d = np.asarray(ratios)
            half = stats.t.ppf(0.975, len(d) - 1) * d.std(ddof=1) / math.sqrt(len(d))
            cells.append(f"{d.mean():.2f} [{d.mean() - half:.2f}, {d.mean() + half:.2f}]")
        print(f"| {a:g}–{b:g} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
