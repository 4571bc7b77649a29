"""Memory: absurd sizes are refused before anything is allocated or written, with the part
to lower named (docs/reliability.md, memory). The estimate itself is compared with measured
peak RSS by tests/run/memory_estimate_test.py."""

from __future__ import annotations

import os
import time

from harness import ACCEPTED, EXIT_BAD_INPUT, EXIT_FAILURE, SILENT, Outcome, attack, \
    expect_refusal, expect_success

ER = ['graph.model="erdos_renyi"']


def sets(*pairs: str) -> list[str]:
    out: list[str] = []
    for p in pairs:
        out += ["--set", p]
    return out


@attack("memory", "erdos_renyi.mean_degree = 1e300 refused, not '0 MB'")
def mean_degree_1e300(ctx):
    """1e300 is beyond any population (exit 2 naming the key, before any estimate); the
    densest graph a population allows (mean degree n - 1) is refused by the estimate naming
    the social graph, never wrapped to '0 MB'."""
    scenario = ctx.scenario()
    out = ctx.path("dense.h5")
    outcomes = []
    leaves = [out, ctx.path("dense.h5.part")]
    for n in (10_000_000, 4_000_000_000):
        r = ctx.run("run", scenario, "-o", out, "--quiet",
                    *sets("population.netizens=" + str(n), *ER,
                          "graph.erdos_renyi.mean_degree=1e300"))
        outcomes.append(expect_refusal(r, mentions=["graph.erdos_renyi.mean_degree"],
                                       leaves=leaves))
    for n in (10_000_000, 2_000_000_000):
        r = ctx.run("run", scenario, "-o", out, "--quiet",
                    *sets("population.netizens=" + str(n), *ER,
                          f"graph.erdos_renyi.mean_degree={n - 1}"))
        o = expect_refusal(r, mentions=["social graph", "graph.erdos_renyi.mean_degree"],
                           codes=(EXIT_FAILURE,), leaves=leaves)
        if o.kind != SILENT and (" 0 MB" in r.text or "0.00 GiB" in r.text):
            o = Outcome(SILENT, f"the estimate wrapped: {r.describe()}")
        outcomes.append(o)
    return outcomes


@attack("memory", "a run above --memory-limit refused before any file is written")
def above_limit(ctx):
    scenario = ctx.scenario()
    outcomes = []
    # The kinds of runs that reached 209-687 MB under --memory-limit 100M: a dense graph,
    # many enterprises, per-grid series of a long run.
    cases = {
        "dense graph": ("social graph", ["population.netizens=1000000", *ER,
                                         "graph.erdos_renyi.mean_degree=40"]),
        "enterprises": ("enterprises", ["population.netizens=1000000",
                                        "enterprise.per_100k=100000",
                                        "enterprise.platforms_per_netizen=20"]),
        "per-grid series": ("series history", ["population.netizens=50000",
                                               "territory.grid_size=1",
                                               "territory.rural_grid_size=1",
                                               "output.by_grid=true", "time.steps=365"]),
    }
    for name, (part, pairs) in cases.items():
        out = ctx.path(name.replace(" ", "_") + ".h5")
        r = ctx.run("run", scenario, "-o", out, "--quiet", "--memory-limit", "100M", *sets(*pairs))
        o = expect_refusal(r, mentions=[part, "--memory-limit"], codes=(EXIT_FAILURE,),
                           leaves=[out, out.with_suffix(".h5.part"), out.with_suffix(".h5.ckpt")])
        outcomes.append(Outcome(o.kind, f"{name}: {o.detail}"))
    # A run the limit allows runs, and stays under it (peak RSS of the child).
    out = ctx.path("small.h5")
    pid = os.fork()
    if pid == 0:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 1)
        os.dup2(null, 2)
        os.execv(str(ctx.cogov), [str(ctx.cogov), "run", str(scenario), "-o", str(out),
                                  "--quiet", "--memory-limit", "100M"])
    _, status, usage = os.wait4(pid, 0)
    rc = os.waitstatus_to_exitcode(status)
    peak = usage.ru_maxrss / 1024
    if rc != 0 or not out.exists():
        outcomes.append(Outcome(SILENT, f"a tiny run under --memory-limit 100M failed: exit {rc}"))
    elif peak > 100:
        outcomes.append(Outcome(SILENT, f"allowed run peaked at {peak:.0f} MiB > 100M"))
    else:
        outcomes.append(Outcome(ACCEPTED, f"tiny run under --memory-limit 100M: {peak:.0f} MiB"))
    return outcomes


@attack("memory", "cogov graph of a huge world refused before building")
def graph_huge(ctx):
    scenario = ctx.scenario()
    start = time.monotonic()
    r = ctx.run("graph", scenario, *sets("population.netizens=4000000000", *ER,
                                          "graph.erdos_renyi.mean_degree=1000"), timeout=30)
    o = expect_refusal(r, mentions=["social graph", "mean_degree"], codes=(EXIT_FAILURE,))
    if o.kind != SILENT and time.monotonic() - start > 5:
        o = Outcome(SILENT, f"refused only after {time.monotonic() - start:.1f} s: {r.describe()}")
    return o


def _huge_experiment(ctx, kind: str):
    scenario = ctx.scenario()
    replicates = 10 if kind == "grid" else 10000
    text = f'[experiment]\nname = "huge"\nbase = "{scenario}"\nreplicates = {replicates}\n'
    if kind == "grid":
        # 10^8 points x 10 replicates: 10^9 runs from a 2 kB file (else 10^5 x 10^4).
        text += '[sweep]\nkind = "grid"\n'
        keys = ["participation.herding", "participation.altruism", "participation.baseline",
                "participation.fatigue_weight", "participation.inertia_prob",
                "participation.initial_share", "fatigue.gain_rate", "fatigue.recovery_rate"]
        for key in keys:
            text += f'[[sweep.parameter]]\nkey = "{key}"\nvalues = {[0.1 * k for k in range(1, 11)]}\n'
    else:
        text += ('[sweep]\nkind = "latin_hypercube"\nsamples = 100000\n[[sweep.parameter]]\n'
                 'key = "participation.herding"\nmin = 1.0\nmax = 2.0\n')
    path = ctx.path(f"huge-{kind}.toml")
    path.write_text(text)
    return path


@attack("memory", "cogov plan / sweep of ~10^9 runs refused quickly, naming the plan")
def plan_huge(ctx):
    outcomes = []
    for kind in ("grid", "latin_hypercube"):
        experiment = _huge_experiment(ctx, kind)
        for command in ("plan", "sweep"):
            outdir = ctx.path(f"out-{kind}-{command}")
            extra = ["--outdir", outdir] if command == "sweep" else []
            start = time.monotonic()
            r = ctx.run(command, experiment, *extra, timeout=60)
            took = time.monotonic() - start
            o = expect_refusal(r, mentions=["plan", "runs"], codes=(EXIT_FAILURE, EXIT_BAD_INPUT),
                               leaves=[outdir / "index.csv"])
            if o.kind != SILENT and took > 5:
                o = Outcome(SILENT, f"refused only after {took:.1f} s: {r.describe()}")
            outcomes.append(Outcome(o.kind, f"{command} {kind}: {o.detail}"))
    return outcomes


@attack("memory", "cogov validate reports a saturated estimate, never a wrapped one")
def validate_estimate(ctx):
    scenario = ctx.scenario()
    r = ctx.run("validate", scenario, *sets("population.netizens=4000000000", *ER,
                                             "graph.erdos_renyi.mean_degree=3999999999"))
    def check():
        return "the estimate wrapped to 0 MB" if "about 0 MB" in r.text else None
    return expect_success(r, check)
