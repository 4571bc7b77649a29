#!/usr/bin/python3
"""The benchmark harness: builds cogov in release mode and measures, for each size, graph and
workload, the step rate (agent-steps/s, edge visits/s, time per phase), the limit kernel on
the same CSR arrays, memory (state bytes per netizen and per directed edge, peak RSS), graph
generation time and the share of run time spent writing HDF5; optionally the peers. Prints
a Markdown section and, with --record, appends it to benchmarks/RESULTS.md with the machine,
date and commit.

usage: benchmarks/run.py [--sizes 1e5,1e6,1e7] [--graphs erdos_renyi,community]
                         [--workloads threshold,full] [--steps 20] [--repeats 5]
                         [--run-steps 100] [--peers] [--record] [--no-build]
"""
import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUILD = ROOT / "build" / "release"

# The two workloads: the pure threshold rule (the validation preset of Watts' model, with
# activity: 10% start participating and nobody stays on for ever) and the full model.
WORKLOADS = {
    "threshold": (ROOT / "scenarios/validation/watts_cascade.toml",
                  ["participation.initial_share=0.1", "participation.monotone=false"]),
    "full": (ROOT / "scenarios/baseline.toml", ["output.snapshot_days=[]"]),
}
GRAPHS = {
    "erdos_renyi": ["graph.model=erdos_renyi", "graph.erdos_renyi.mean_degree=10"],
    "community": ["graph.model=community"],
}


def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, text=True, capture_output=True, **kw).stdout


def machine():
    cpu = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem = int(Path("/proc/meminfo").read_text().split()[1]) / 2**20
    compiler = sh(["c++", "--version"]).splitlines()[0]
    return f"{os.cpu_count()} cores ({cpu}), {mem:.0f} GiB RAM, {platform.platform()}, {compiler}"


def commit():
    head = sh(["git", "-C", str(ROOT), "rev-parse", "--short=12", "HEAD"]).strip()
    dirty = sh(["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no"]).strip()
    return head + ("-dirty" if dirty else "")


def sets(values):
    return [a for v in values for a in ("--set", v)]


def bench(size, graph, workload, steps, repeats):
    scenario, extra = WORKLOADS[workload]
    cmd = [str(BUILD / "bench_scale"), str(scenario), *sets(extra + GRAPHS[graph]),
           "--set", f"population.netizens={int(size)}", "--steps", str(steps),
           "--repeats", str(repeats)]
    result = json.loads(sh(cmd).strip().splitlines()[-1])
    result.update(graph=graph, workload=workload)
    return result


def run_share(size, graph, steps, workload="full", threads=None):
    """A real `cogov run`: wall time, HDF5 writing share, phases, peak RSS."""
    scenario, extra = WORKLOADS[workload]
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "run.h5"
        cmd = [str(BUILD / "cogov"), "run", str(scenario), *sets(extra + GRAPHS[graph]),
               "--set", f"population.netizens={int(size)}", "--set", f"time.steps={steps}",
               "-o", str(out), "--quiet"] + (["--threads", str(threads)] if threads else [])
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(proc.pid, 0)
        if status != 0:
            raise RuntimeError(f"{' '.join(cmd)} failed: {proc.stderr.read().decode()}")
        import h5py

        with h5py.File(out) as f:
            prov = dict(f["provenance"].attrs)
        wall = float(prov["wall_seconds"])
        phases = {k[len("seconds_"):]: float(v) for k, v in prov.items()
                  if k.startswith("seconds_")}
        return {"netizens": int(size), "graph": graph, "steps": steps, "wall_s": wall,
                "phases": phases,
                "write_s": float(prov["seconds_write"]), "record_s": float(prov["seconds_record"]),
                "write_share": float(prov["seconds_write"]) / wall,
                "peak_rss_mb": usage.ru_maxrss / 1024}


def peers(size, steps, repeats):
    out = sh(["/usr/bin/python3", str(ROOT / "benchmarks/peers/threshold_peers.py"), str(size),
              "--steps", str(steps), "--repeats", str(repeats)])
    return [json.loads(line) for line in out.splitlines() if line.startswith("{")]


def whole_run_ratio(r):
    """Total model step time over total limit step time, all repeats."""
    return sum(r["step_ms_each"]) / sum(r["limit_ms_each"])


def fmt_rate(x):
    return f"{x:.3g}"


def table(title, header, rows):
    """Markdown lines: a title, the header, one line per row (cells already formatted)."""
    lines = [title, ""] if title else []
    lines += ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(map(str, row)) + " |" for row in rows]
    return lines + [""]


def markdown(args, results, shares, peer_results, cogov_er):
    lines = [f"## {dt.date.today()} — benchmark harness, commit {commit()}", "",
             f"Machine: {machine()}.", "",
             f"Command: `benchmarks/run.py {' '.join(sys.argv[1:])}` ({args.steps} steps x "
             f"{args.repeats} repeats after one warm-up step; medians, spread = (max - min) / "
             "median; all threads).", ""]
    lines += table(None, ["workload", "graph", "netizens", "directed edges", "graph gen s",
                          "build s", "ms/step (spread)", "agent-steps/s", "edge visits/s",
                          "limit ms/step", "limit edge visits/s", "edge rate vs limit",
                          "step / limit step", "state B/netizen", "B/directed edge",
                          "peak RSS MB"],
                   [[r["workload"], r["graph"], f"{r['netizens']:.0e}",
                     f"{r['directed_edges']:.3g}", f"{r['build.graph']:.2f}",
                     f"{r['build_seconds']:.2f}",
                     f"{r['step_ms']:.2f} ({100 * r['step_spread']:.1f}%)",
                     fmt_rate(r["agent_steps_per_s"]), fmt_rate(r["edge_visits_per_s"]),
                     f"{r['limit_step_ms']:.2f}", fmt_rate(r["limit_edge_visits_per_s"]),
                     f"{100 * r['limit_step_ms'] / r['step_ms']:.0f}%",
                     f"{r['step_to_limit']:.2f}x",
                     f"{r['state_bytes_per_netizen'] + 8 * (r['netizens'] + 1) / r['netizens']:.1f}",
                     "4.0", f"{r['rss_peak_bytes'] / 2**20:.0f}"] for r in results])
    lines += ["Step / limit step: the median over repeats of each repeat's model step over the "
              "limit kernel's step timed right after it (a shared machine's speed drifts). "
              "State B/netizen: the netizen columns, the cached primary platform (4 + 1) and the "
              "social layer's 8-byte CSR offset; B/directed edge: the 4-byte CSR target. Peak RSS includes the "
              "platform and membership layers, organisations and the transient edge list of "
              "graph generation.", ""]
    full = [r for r in results if r["workload"] == "full"]
    if full:
        # The full model's cost follows its state (a spreading rumour costs more), so each
        # repeat of S steps covers other steps: the whole run's ratio and each window's.
        # (Step 1 is the warm-up; the first repeat times steps 2..S.)
        days = [f"steps {max(2, 1 + k * args.steps)}–{(k + 1) * args.steps}"
                for k in range(args.repeats)]
        lines += table("Full model, step / limit step over the whole run (total model time over "
                       "total limit time) and by window of steps (each repeat's steps, the limit "
                       "kernel timed right after them):",
                       ["graph", "netizens", "whole run"] + days,
                       [[r["graph"], f"{r['netizens']:.0e}", f"{whole_run_ratio(r):.2f}x"] +
                        [f"{s / l:.2f}x" for s, l in zip(r["step_ms_each"], r["limit_ms_each"])]
                        for r in full])
        phases = sorted({k for r in full for k in r if k.startswith("ms_per_step.")})
        lines += table("Full model, ms per step by phase:",
                       ["graph", "netizens"] + [p.split(".", 2)[2] for p in phases],
                       [[r["graph"], f"{r['netizens']:.0e}"] +
                        [f"{r.get(p, 0):.3f}" for p in phases] for r in full])
    if shares:
        lines += table("Output cost, full model, `cogov run` to an HDF5 file:",
                       ["graph", "netizens", "steps", "wall s", "HDF5 write s", "write share",
                        "recording s", "peak RSS MB"],
                       [[s["graph"], f"{s['netizens']:.0e}", s["steps"], f"{s['wall_s']:.2f}",
                         f"{s['write_s']:.3f}", f"{100 * s['write_share']:.2f}%",
                         f"{s['record_s']:.3f}", f"{s['peak_rss_mb']:.0f}"] for s in shares])
    if peer_results:
        rows = []
        for p in peer_results:
            mine = cogov_er.get(p["netizens"])
            if "missing" in p:
                rows.append([f"{p['netizens']:.0e}", p["peer"], "not installed", "", ""])
                continue
            ratio = f"{p['ms_per_step'] / mine['step_ms']:.1f}x" if mine else ""
            rows.append([f"{p['netizens']:.0e}", p["peer"], f"{p['ms_per_step']:.2f}",
                         fmt_rate(p["edge_visits_per_s"]), ratio])
        for size, mine in sorted(cogov_er.items()):
            rows.append([f"{size:.0e}", "cogov (this run)", f"{mine['step_ms']:.2f}",
                         fmt_rate(mine["edge_visits_per_s"]), "1x"])
        lines += table("Threshold rule on Erdős–Rényi graphs (mean degree 10), cogov against "
                       "peers:", ["netizens", "implementation", "ms/step", "edge visits/s",
                                  "cogov speed-up"], rows)
    return "\n".join(lines) + "\n"


def scale_markdown(args, r):
    n = r["netizens"]
    phases = ", ".join(f"{k} {v:.1f}" for k, v in sorted(r["phases"].items(), key=lambda kv: -kv[1])
                       if v >= 0.05)
    return "\n".join([
        f"## {dt.date.today()} — scale demonstration, commit {commit()}", "",
        f"Machine: {machine()}.", "",
        f"Command: `benchmarks/run.py {' '.join(sys.argv[1:])}`: `cogov run "
        f"scenarios/baseline.toml` (full model, graph {r['graph']}) with {n:.0e} netizens, "
        f"{r['steps']} steps, output to HDF5.", "",
        f"- wall {r['wall_s']:.1f} s; peak RSS {r['peak_rss_mb'] / 1024:.2f} GiB "
        f"({r['peak_rss_mb'] * 2**20 / n:.0f} bytes per netizen, all layers and transients).",
        f"- phases (s): {phases}.", ""]) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1e5,1e6,1e7")
    ap.add_argument("--graphs", default="erdos_renyi,community")
    ap.add_argument("--workloads", default="threshold,full")
    ap.add_argument("--steps", type=int, default=20)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--run-steps", type=int, default=100, help="steps of the HDF5-share runs")
    ap.add_argument("--peers", action="store_true", help="also time NumPy/SciPy and graph-tool")
    ap.add_argument("--record", action="store_true", help="append to benchmarks/RESULTS.md")
    ap.add_argument("--no-build", action="store_true")
    ap.add_argument("--scale", type=float, help="instead: one full-model run of this many "
                    "netizens (the scale demonstration), e.g. 1e8")
    ap.add_argument("--scale-steps", type=int, default=5)
    args = ap.parse_args()
    if not args.no_build:
        sh(["cmake", "--preset", "release"], cwd=ROOT)
        sh(["cmake", "--build", "--preset", "release", "--target", "cogov", "bench_scale"], cwd=ROOT)
    if args.scale:
        r = run_share(args.scale, args.graphs.split(",")[-1], args.scale_steps)
        text = scale_markdown(args, r)
        print(text)
        if args.record:
            with open(ROOT / "benchmarks/RESULTS.md", "a") as f:
                f.write("\n" + text)
        return
    sizes = [float(s) for s in args.sizes.split(",")]
    results, shares, peer_results, cogov_er = [], [], [], {}
    for workload in args.workloads.split(","):
        for graph in args.graphs.split(","):
            for size in sizes:
                r = bench(size, graph, workload, args.steps, args.repeats)
                print(json.dumps(r), file=sys.stderr)
                results.append(r)
                if workload == "threshold" and graph == "erdos_renyi":
                    cogov_er[int(size)] = r
    if "full" in args.workloads:
        for size in sizes:
            shares.append(run_share(size, args.graphs.split(",")[-1], args.run_steps))
            print(json.dumps(shares[-1]), file=sys.stderr)
    if args.peers:
        for size in sizes:
            peer_results += peers(size, min(args.steps, 10), 3)
    text = markdown(args, results, shares, peer_results, cogov_er)
    print(text)
    if args.record:
        with open(ROOT / "benchmarks/RESULTS.md", "a") as f:
            f.write("\n" + text)


if __name__ == "__main__":
    main()
