#!/usr/bin/python3
"""The scenario effects table: every scenario against the baseline, paired by seed.

usage: scripts/scenario-effects.py [--outdir DIR] [--cogov BIN] [--jobs N] [--no-run]
                                   [--against OTHER_DIR] [--markdown FILE]

Runs configs/scenario_effects.toml (every scenario in scenarios/, 10 replicates with the
same seeds in every variant) with `cogov sweep`, then prints, for each scenario, the paired
difference from the baseline of a few outcomes with a Student-t 95% interval over the
replicates. With --against, a second sweep of the same experiment (say, by the engine
before a model change) is read too, and the table shows how much each effect moved: the
replicate-by-replicate difference of the two effects, with its interval. Model changes are
measured with this table (docs/scenario-effects.md).
"""
import argparse
import csv
import math
import pathlib
import subprocess
import sys

import h5py
import numpy as np
from scipy import stats

ROOT = pathlib.Path(__file__).resolve().parent.parent


def per_year(run, x):
    return x * 365.0 / run["days"]


# name, units, how it is made from one run (arrays of the series, netizens n, days)
METRICS = [
    ("participation", "share", lambda r: r["participation_share"][1:].mean()),
    ("participation_final", "share", lambda r: r["participation_share"][-1]),
    ("victims", "per 1e5 per year",
     lambda r: per_year(r, r["fraud_successes"].sum() / r["n"] * 1e5)),
    ("losses", "yuan per netizen per year",
     lambda r: per_year(r, r["fraud_losses"].sum() / r["n"])),
    ("victims_seniors", "per 1e5 per year",
     lambda r: per_year(r, r["fraud_victims_by_age"][:, 3].sum() / r["n"] * 1e5)),
    ("losses_seniors", "yuan per netizen per year",
     lambda r: per_year(r, r["fraud_losses_by_age"][:, 3].sum() / r["n"])),
    ("rumour_reach", "share ever believing", lambda r: r["rumour_reach"][-1] / r["n"]),
    ("reports", "per 1e5 per day", lambda r: r["reports_filed"][1:].mean() / r["n"] * 1e5),
    ("handled", "per 1e5 per day", lambda r: r["reports_handled"][1:].mean() / r["n"] * 1e5),
    ("delay", "hours, filing to handling",
     lambda r: r["handling_hours_by_channel"].sum() / max(r["reports_handled_by_channel"].sum(), 1)
     if "handling_hours_by_channel" in r else float("nan")),
    ("gov_delay", "hours, local and central channels",
     lambda r: r["handling_hours_by_channel"][:, 1:].sum()
     / max(r["reports_handled_by_channel"][:, 1:].sum(), 1)
     if "handling_hours_by_channel" in r else float("nan")),
    ("trust", "mean at the end", lambda r: r["mean_trust"][-1]),
    ("security", "firms' mean at the end", lambda r: r["mean_security"][-1]),
    ("removed", "firms removed by the end, per 1e5", lambda r: r["sanction_levels"][-1, 3] / r["n"] * 1e5),
    ("relief", "yuan per netizen per year",
     lambda r: per_year(r, r["relief_paid"].sum() / r["n"]) if "relief_paid" in r else float("nan")),
    ("spending", "yuan", lambda r: r["spending_total"][-1]),
]
SERIES = ["participation_share", "fraud_successes", "fraud_losses", "fraud_victims_by_age",
          "fraud_losses_by_age", "rumour_reach", "reports_filed", "reports_handled", "mean_trust",
          "spending_total", "handling_hours_by_channel", "reports_handled_by_channel",
          "mean_security", "sanction_levels", "relief_paid"]


def read_runs(outdir):
    """{(variant, replicate): {metric: value}} for the finished runs of a sweep."""
    out = {}
    with open(outdir / "index.csv") as f:
        for row in csv.DictReader(f):
            if row["status"] != "done":
                continue
            with h5py.File(outdir / row["output"], "r") as h:
                # Series an older engine did not write are left out (their metric is NaN).
                run = {s: h["series"][s][:] for s in SERIES if s in h["series"]}
                run["n"] = float(h.attrs["netizens"])
                run["days"] = float(h["series/day"][-1])
            out[(row["variant"], int(row["replicate"]))] = {
                name: float(make(run)) for name, _, make in METRICS}
    return out


def interval(diffs):
    d = np.asarray(diffs, dtype=float)
    n = len(d)
    mean = d.mean()
    if n < 2:
        return mean, math.nan, math.nan
    half = stats.t.ppf(0.975, n - 1) * d.std(ddof=1) / math.sqrt(n)
    return mean, mean - half, mean + half


def effects(runs, variant, metric):
    reps = sorted(r for (v, r) in runs if v == variant and ("baseline", r) in runs)
    return {r: runs[(variant, r)][metric] - runs[("baseline", r)][metric] for r in reps}


def fmt(x):
    if math.isnan(x):
        return "nan"
    a = abs(x)
    if a == 0:
        return "0"
    if a >= 1000:
        return f"{x:.3g}"
    if a >= 1:
        return f"{x:.3g}"
    return f"{x:.2g}"


def cell(mean, lo, hi):
    return f"{fmt(mean)} [{fmt(lo)}, {fmt(hi)}]"


def table(runs, against=None):
    variants = sorted({v for (v, _) in runs if v != "baseline"})
    head = "| scenario | " + " | ".join(f"{m} ({u})" for m, u, _ in METRICS) + " |"
    lines = [head, "|" + "---|" * (len(METRICS) + 1)]
    base_row = ["baseline (level)"]
    for m, _, _ in METRICS:
        vals = [runs[k][m] for k in runs if k[0] == "baseline"]
        base_row.append(cell(*interval(vals)))
    lines.append("| " + " | ".join(base_row) + " |")
    for v in variants:
        row = [v]
        for m, _, _ in METRICS:
            e = effects(runs, v, m)
            if against is None:
                row.append(cell(*interval(list(e.values()))))
            else:
                e0 = effects(against, v, m)
                common = sorted(set(e) & set(e0))
                row.append(cell(*interval([e[r] - e0[r] for r in common])))
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--outdir", default="out/effects")
    p.add_argument("--cogov", default=str(ROOT / "build/release/cogov"))
    p.add_argument("--experiment", default=str(ROOT / "configs/scenario_effects.toml"))
    p.add_argument("--jobs", default="2")
    p.add_argument("--no-run", action="store_true", help="read an existing sweep")
    p.add_argument("--against", help="a second sweep of the same experiment: show the change")
    p.add_argument("--markdown", help="also write the table to this file")
    args = p.parse_args()
    outdir = pathlib.Path(args.outdir)
    if not args.no_run:
        cmd = [args.cogov, "sweep", args.experiment, "--outdir", str(outdir), "--jobs", args.jobs,
               "--quiet"]
        if (outdir / "index.csv").exists():
            cmd.append("--resume")
        if subprocess.run(cmd).returncode != 0:
            sys.exit("scenario-effects: the sweep failed (see its index and logs)")
    runs = read_runs(outdir)
    against = read_runs(pathlib.Path(args.against)) if args.against else None
    title = ("Change of each effect (this sweep minus the other), paired by replicate"
             if against else "Effect of each scenario: paired difference from the baseline")
    text = (f"{title}; mean [95% t interval] over the replicates "
            f"({len({r for (_, r) in runs})} seeds).\n\n" + table(runs, against))
    print(text)
    if args.markdown:
        pathlib.Path(args.markdown).write_text(text + "\n")


if __name__ == "__main__":
    main()
