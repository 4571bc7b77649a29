#!/usr/bin/python3
"""Where the default world sits relative to its tipping points: participation against the
herding weight J, from a low start and from a high start.

usage: scripts/bifurcation.py [--cogov BIN] [--scenario FILE] [--herding 2,2.5,...]
                              [--seeds N] [--outdir DIR] [--markdown FILE] [--png FILE]

For each J, runs the scenario (default scenarios/baseline.toml, 365 days) twice per seed:
"up" from its own initial participation (1%) and "down" from participation.initial_share
= 0.9 with every grid group formed by the first step's count. The final participation (mean
of the last 60 days) of the two starts is the same where the world has one equilibrium and
differs where it has two: the gap marks the bistable range of J, and the J where the up
branch jumps is the tipping point. Prints a markdown table (mean over seeds; the up and
down values and their gap), and with --png draws the two branches.
"""
import argparse
import pathlib
import subprocess
import sys
import tempfile

import h5py
import numpy as np

ROOT = pathlib.Path(__file__).resolve().parent.parent


def final_participation(cogov, scenario, herding, start_high, seed, outdir):
    out = outdir / f"J{herding}_{'down' if start_high else 'up'}_{seed}.h5"
    cmd = [str(cogov), "run", str(scenario), "-o", str(out), "--force", "--quiet",
           "--seed", str(seed), "--set", f"participation.herding={herding}"]
    if start_high:
        cmd += ["--set", "participation.initial_share=0.9"]
    subprocess.run(cmd, check=True)
    with h5py.File(out, "r") as h:
        p = h["series/participation_share"][:]
        groups = h["series/formed_groups"][:]
    return float(p[-60:].mean()), float(groups[-60:].mean())


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--cogov", default=str(ROOT / "build/release/cogov"))
    p.add_argument("--scenario", default=str(ROOT / "scenarios/baseline.toml"))
    p.add_argument("--herding", default="1,2,2.5,3,3.5,4,4.5,5,6")
    p.add_argument("--seeds", type=int, default=3)
    p.add_argument("--outdir", help="keep the runs here (default: a temporary directory)")
    p.add_argument("--markdown", help="also write the table to this file")
    p.add_argument("--png", help="draw the two branches into this file")
    args = p.parse_args()

    tmp = None
    if args.outdir:
        outdir = pathlib.Path(args.outdir)
        outdir.mkdir(parents=True, exist_ok=True)
    else:
        tmp = tempfile.TemporaryDirectory()
        outdir = pathlib.Path(tmp.name)
    values = [float(x) for x in args.herding.split(",")]
    rows = []
    for j in values:
        up = [final_participation(args.cogov, args.scenario, j, False, s, outdir)
              for s in range(args.seeds)]
        down = [final_participation(args.cogov, args.scenario, j, True, s, outdir)
                for s in range(args.seeds)]
        rows.append((j, np.mean([u[0] for u in up]), np.mean([d[0] for d in down]),
                     np.mean([u[1] for u in up]), np.mean([d[1] for d in down])))
        print(f"J = {j}: up {rows[-1][1]:.3f}, down {rows[-1][2]:.3f}", file=sys.stderr)

    lines = ["| J | participation, low start | participation, high start | gap | "
             "formed groups, low start | formed groups, high start |",
             "|---|---|---|---|---|---|"]
    for j, up, down, gu, gd in rows:
        lines.append(f"| {j:g} | {up:.3f} | {down:.3f} | {down - up:+.3f} | {gu:.1f} | {gd:.1f} |")
    text = "\n".join(lines)
    print(text)
    if args.markdown:
        pathlib.Path(args.markdown).write_text(text + "\n")
    if args.png:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        fig, ax = plt.subplots(figsize=(5, 3.5))
        ax.plot(values, [r[1] for r in rows], "o-", label="from a low start (1%)")
        ax.plot(values, [r[2] for r in rows], "s--", label="from a high start (90%)")
        ax.set_xlabel("herding weight J")
        ax.set_ylabel("participation, last 60 days")
        ax.legend()
        fig.tight_layout()
        fig.savefig(args.png, dpi=120)
    if tmp:
        tmp.cleanup()


if __name__ == "__main__":
    main()
