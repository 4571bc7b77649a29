#!/usr/bin/env python3
"""The memory estimate against the measured peak RSS of `cogov run` (docs/reliability.md).

For each configuration (generators, sizes, enterprises, per-grid series, a long run, an
edge-list file, snapshots, checkpoints) the estimate is read from the refusal of `--memory-limit 1K`
(the same check a real run makes), then the run is made and its peak RSS measured with
wait4 (ru_maxrss of the child). The estimate includes a fixed process overhead (libraries,
thread pool, HDF5), so the measured RSS is compared whole, not minus a baseline. Each must
hold 0.9 x measured <= estimate <= 1.5 x measured; and `--memory-limit 100M` must refuse
every run measured above 100 MiB / 0.9 before writing anything.

usage: memory_estimate_test.py COGOV [--only NAME]...
"""
from __future__ import annotations

import os
import random
import re
import subprocess
import sys
import tempfile
from pathlib import Path

UNITS = {"bytes": 1, "KiB": 2**10, "MiB": 2**20, "GiB": 2**30, "TiB": 2**40}
LOW, HIGH = 0.9, 1.5
MIB = 2**20

BASE = """\
seed = 7
[population]
netizens = 2000
[time]
steps = 10
[output]
snapshot_days = []
"""

# name: --set overrides. Sizes keep the whole test near 30 s on 2 cores while what scales
# (graph, agents, series) dominates the fixed overhead.
CONFIGS = {
    "community 3e5": ["population.netizens=300000"],
    "erdos_renyi 2e5 d50": ["population.netizens=200000", 'graph.model="erdos_renyi"',
                            "graph.erdos_renyi.mean_degree=50"],
    "barabasi_albert 1.5e5 m20": ["population.netizens=150000", 'graph.model="barabasi_albert"',
                                  "graph.barabasi_albert.m=20"],
    "watts_strogatz 2e5 k40": ["population.netizens=200000", 'graph.model="watts_strogatz"',
                               "graph.watts_strogatz.k=40"],
    "configuration 1.5e5": ["population.netizens=150000", 'graph.model="configuration"',
                            "graph.configuration.min_degree=10"],
    "stochastic_block 1e5": ["population.netizens=100000", 'graph.model="stochastic_block"',
                             "graph.stochastic_block.probabilities=[[0.0008,0.0001],[0.0001,0.0008]]"],
    "edge-list file 1e5": ["population.netizens=100000", 'graph.model="file"',
                           'graph.file.path="{edges}"'],
    "enterprises 5e4 x10": ["population.netizens=100000", "enterprise.per_100k=50000",
                            "enterprise.platforms_per_netizen=10"],
    "per-grid series 2e4 grids": ["population.netizens=20000", "territory.grid_size=1",
                                  "territory.rural_grid_size=1", "output.by_grid=true",
                                  "time.steps=200"],
    "long run, per-grid, 3000 steps": ["population.netizens=4000", "territory.grid_size=4",
                                       "territory.rural_grid_size=4", "output.by_grid=true",
                                       "time.steps=3000", "output.flush_every=500"],
    "snapshots 2e5": ["population.netizens=200000", "output.snapshot_days=[2, 5, 10]"],
    # Each checkpoint copies the series history (items starting with -- are options).
    "checkpoints, per-grid 2e4 grids": ["--checkpoint-every", "50", "population.netizens=20000",
                                        "territory.grid_size=1", "territory.rural_grid_size=1",
                                        "output.by_grid=true", "time.steps=200"],
}


def estimate(cogov: str, args: list[str]) -> tuple[float, str]:
    r = subprocess.run([cogov, *args, "--memory-limit", "1K"], capture_output=True, text=True)
    m = re.search(r"needs (?:about )?([\d.]+) (\w+)", r.stderr)
    if r.returncode != 1 or not m:
        raise AssertionError(f"--memory-limit 1K was not refused with an estimate: "
                             f"exit {r.returncode}: {r.stderr.strip()}")
    part = r.stderr.split("the largest part is ", 1)[-1].split(";")[0].strip()
    return float(m.group(1)) * UNITS[m.group(2)], part


def peak_rss(cogov: str, args: list[str]) -> tuple[int, float]:
    """(exit status, peak RSS in bytes) of a child run."""
    pid = os.fork()
    if pid == 0:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 1)
        os.dup2(null, 2)
        os.execv(cogov, [cogov, *args])
    _, status, usage = os.wait4(pid, 0)
    return os.waitstatus_to_exitcode(status), usage.ru_maxrss * 1024.0


def write_edge_list(path: Path, n: int, edges: int):
    rng = random.Random(5)
    with open(path, "w") as f:
        f.write("# random edge list for the memory test\n")
        f.writelines(f"{rng.randrange(n)} {rng.randrange(n)}\n" for _ in range(edges))


def main(argv: list[str]) -> int:
    cogov = str(Path(argv[1]).resolve())
    only = [argv[i + 1] for i, a in enumerate(argv) if a == "--only"]
    failures = []
    with tempfile.TemporaryDirectory(prefix="cogov-memory-") as tmp:
        tmp = Path(tmp)
        base = tmp / "base.toml"
        base.write_text(BASE)
        edges = tmp / "edges.txt"
        write_edge_list(edges, 100000, 1500000)
        print(f"{'configuration':32s} {'measured':>10s} {'estimate':>10s} {'ratio':>6s}  largest part")
        for name, sets in CONFIGS.items():
            if only and not any(o in name for o in only):
                continue
            out = tmp / "out.h5"
            args = ["run", str(base), "-o", str(out), "--force", "--quiet", "--threads", "2"]
            items = iter(sets)
            for s in items:
                if s.startswith("--"):
                    args += [s, next(items)]
                else:
                    args += ["--set", s.replace("{edges}", str(edges))]
            est, part = estimate(cogov, args)
            rc, rss = peak_rss(cogov, args)
            ratio = est / rss
            ok = rc == 0 and LOW <= ratio <= HIGH
            print(f"{name:32s} {rss / MIB:8.1f} M {est / MIB:8.1f} M {ratio:6.2f}  {part[:50]}"
                  + ("" if ok else "   <-- FAIL"), flush=True)
            if rc != 0:
                failures.append(f"{name}: the run failed (exit {rc})")
            elif not ok:
                failures.append(f"{name}: estimate {est / MIB:.1f} MiB is {ratio:.2f} x the "
                                f"measured {rss / MIB:.1f} MiB (allowed {LOW}-{HIGH})")
            if rss > 100 * MIB / LOW:
                for p in tmp.glob("limited.h5*"):
                    p.unlink()
                limited = [a if a != str(out) else str(tmp / "limited.h5") for a in args]
                r = subprocess.run([cogov, *limited, "--memory-limit", "100M"],
                                   capture_output=True, text=True)
                left = list(tmp.glob("limited.h5*"))
                if r.returncode != 1 or "memory-limit" not in r.stderr or left:
                    failures.append(f"{name}: measured {rss / MIB:.0f} MiB but --memory-limit "
                                    f"100M gave exit {r.returncode} ({r.stderr.strip()[:200]}), "
                                    f"left {left}")
    for f in failures:
        print("FAIL " + f)
    print("ok" if not failures else f"{len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
