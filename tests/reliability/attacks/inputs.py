"""A careless or hostile user's inputs: special files where a file is expected, impossible
values (graph parameters the population cannot meet, inf and nan, counts that wrap), command
line values out of range, experiments that plan nothing or break the index, data files that
only `run` used to read, and huge keys echoed in full. Each must be refused with exit 2 and a
message that says what is allowed; nothing may hang, crash or run."""

from __future__ import annotations

import os
import re

from harness import SILENT, TINY, Outcome, attack, expect_refusal, expect_success

AREA = "inputs"
# A special file must be refused before it is read: well under this.
QUICK = 15


def fifo(ctx, name="pipe.toml"):
    p = ctx.path(name)
    os.mkfifo(p)
    return p


def experiment(ctx, body, name="exp.toml", base=None):
    """An experiment over the tiny world (`base`: its scenario file)."""
    base = base or ctx.scenario("base")
    p = ctx.path(name)
    p.write_text(f'[experiment]\nbase = "{base.name}"\n{body}')
    return p


# 1. Special files where a scenario, base, experiment or edge list is expected.

@attack(AREA, "special files as scenario: directory, FIFO, /dev/zero, symlink to a FIFO")
def special_scenarios(ctx):
    out = ctx.path("out.h5")
    link = ctx.path("link.toml")
    link.symlink_to(fifo(ctx))
    return [
        expect_refusal(ctx.run("run", ctx.tmp, "-o", out, timeout=QUICK),
                       ["must be a regular file", "directory"], leaves=[out]),
        expect_refusal(ctx.run("run", ctx.path("pipe.toml"), "-o", out, timeout=QUICK),
                       ["must be a regular file", "FIFO"], leaves=[out]),
        expect_refusal(ctx.run("validate", "/dev/zero", timeout=QUICK),
                       ["must be a regular file", "device"]),
        expect_refusal(ctx.run("validate", link, timeout=QUICK), ["must be a regular file"]),
        expect_refusal(ctx.run("explain", ctx.tmp, timeout=QUICK), ["must be a regular file"]),
    ]


@attack(AREA, "special files as `extends` base and experiment file")
def special_bases(ctx):
    pipe = fifo(ctx, "base-pipe.toml")
    child = ctx.scenario("child", f'extends = "{pipe.name}"\n')
    dev = ctx.scenario("dev", 'extends = "/dev/zero"\n')
    folder = ctx.path("folder.toml")
    folder.mkdir()
    into_dir = ctx.scenario("dir", 'extends = "folder.toml"\n')
    exp_dir = ctx.path("exp-dir")
    exp_dir.mkdir()
    exp_pipe = fifo(ctx, "exp-pipe.toml")
    exp_base = experiment(ctx, "", name="exp-base.toml", base=pipe)
    return [
        expect_refusal(ctx.run("validate", child, timeout=QUICK), ["extends", "regular file"]),
        expect_refusal(ctx.run("validate", dev, timeout=QUICK), ["extends", "regular file"]),
        expect_refusal(ctx.run("validate", into_dir, timeout=QUICK), ["extends", "regular file"]),
        expect_refusal(ctx.run("plan", exp_dir, timeout=QUICK), ["regular file", "experiment"]),
        expect_refusal(ctx.run("plan", exp_pipe, timeout=QUICK), ["regular file"]),
        expect_refusal(ctx.run("plan", "/dev/zero", timeout=QUICK), ["regular file"]),
        expect_refusal(ctx.run("plan", exp_base, timeout=QUICK), ["regular file"]),
    ]


@attack(AREA, "scenario file above the 16 MiB cap")
def huge_scenario(ctx):
    p = ctx.path("huge.toml")
    with open(p, "w") as f:
        f.write(TINY)
        line = "# " + "x" * 1022 + "\n"
        for _ in range(17 * 1024):
            f.write(line)
    return expect_refusal(ctx.run("validate", p, timeout=QUICK), ["16 MiB"])


@attack(AREA, "special files as edge list: /dev/zero, FIFO, directory (run, validate, graph)")
def special_edge_lists(ctx):
    pipe = fifo(ctx, "edges.txt")
    folder = ctx.path("edges-dir")
    folder.mkdir()
    out = ctx.path("out.h5")
    results = []
    for path in ("/dev/zero", pipe, folder):
        s = ctx.scenario("file-graph", TINY + f'[graph]\nmodel = "file"\nfile.path = "{path}"\n')
        results.append(expect_refusal(ctx.run("run", s, "-o", out, timeout=QUICK),
                                      ["regular file"], leaves=[out]))
        results.append(expect_refusal(ctx.run("validate", s, timeout=QUICK), ["regular file"]))
    results.append(expect_refusal(ctx.run("graph", s, timeout=QUICK), ["regular file"]))
    return results


# 2. Impossible values.

def refused_key(ctx, sets, mentions, text=TINY):
    s = ctx.scenario("impossible", text)
    args = [a for kv in sets for a in ("--set", kv)]
    return expect_refusal(ctx.run("validate", s, *args, timeout=QUICK), mentions)


@attack(AREA, "graph parameters the population cannot meet (BA m, WS k, mean degree)")
def graph_limits(ctx):
    n = ["population.netizens=50"]
    written = ctx.scenario("ba-written", TINY.replace("netizens = 2000", "netizens = 30") +
                           '[graph]\nmodel = "barabasi_albert"\nbarabasi_albert.m = 40\n')
    # The key written is the one pointed at: here population.netizens (m is the default 5).
    small = ctx.scenario("ba-small", TINY.replace("netizens = 2000", "netizens = 4") +
                         '[graph]\nmodel = "barabasi_albert"\n')
    at_line = ctx.run("validate", small, timeout=QUICK)
    return [
        refused_key(ctx, n + ["graph.model=barabasi_albert", "graph.barabasi_albert.m=50"],
                    ["graph.barabasi_albert.m", "population.netizens"]),
        refused_key(ctx, n + ["graph.model=watts_strogatz", "graph.watts_strogatz.k=60"],
                    ["graph.watts_strogatz.k", "population.netizens"]),
        refused_key(ctx, n + ["graph.model=erdos_renyi", "graph.erdos_renyi.mean_degree=50"],
                    ["graph.erdos_renyi.mean_degree", "population.netizens"]),
        refused_key(ctx, n + ["graph.model=gnm", "graph.gnm.mean_degree=1e300"],
                    ["graph.gnm.mean_degree", "population.netizens"]),
        refused_key(ctx, n + ["graph.model=configuration", "graph.configuration.min_degree=80",
                              "graph.configuration.max_degree=90"],
                    ["graph.configuration.min_degree", "population.netizens"]),
        expect_refusal(ctx.run("validate", written, timeout=QUICK),
                       ["ba-written.toml:10", "graph.barabasi_albert.m", "population.netizens"]),
        expect_refusal(at_line, ["ba-small.toml:3", "population.netizens", "barabasi_albert.m"]),
        # At the limit is fine: m = n - 1, mean degree = n - 1.
        expect_success(ctx.run("validate", ctx.scenario("ok"), *[
            a for kv in n + ["graph.model=erdos_renyi", "graph.erdos_renyi.mean_degree=49"]
            for a in ("--set", kv)], timeout=QUICK)),
    ]


@attack(AREA, "inf, -inf and nan for number keys (scalars and arrays)")
def non_finite(ctx):
    cases = [("enterprise.per_100k=inf", "enterprise.per_100k"),
             ("ngo.per_100k=inf", "ngo.per_100k"),
             ("government.budget=inf", "government.budget"),
             ("time.step_hours=nan", "time.step_hours"),
             ("graph.erdos_renyi.mean_degree=inf", "mean_degree"),
             ("policy.x.cost_per_day=-inf", "cost_per_day")]
    results = []
    for kv, key in cases:
        if kv.startswith("policy"):
            text = TINY + '[[policy]]\nkind = "campaign"\nname = "x"\n'
            results.append(refused_key(ctx, [kv], [key, "finite number"], text))
        else:
            results.append(refused_key(ctx, [kv], [key, "finite number"]))
    arr = ctx.scenario("arr", TINY + "[enterprise]\ntype_shares = [0.3, inf, 0.2, 0.1]\n")
    results.append(expect_refusal(ctx.run("validate", arr, timeout=QUICK),
                                  ["type_shares", "finite number"]))
    nan = ctx.run("validate", ctx.scenario("nan"), "--set", "territory.urban_share=nan",
                  timeout=QUICK)
    results.append(expect_refusal(nan, ["finite number"]))
    if "any number" in nan.text:
        results[-1] = Outcome(SILENT, "says 'any number': " + nan.text)
    return results


@attack(AREA, "derived counts that wrap: enterprise.per_100k = 1e15, ngo.per_100k = 1e12")
def wrapping_counts(ctx):
    return [
        refused_key(ctx, ["enterprise.per_100k=1e15"],
                    ["enterprise.per_100k", "population.netizens", "at most 100000000"]),
        refused_key(ctx, ["ngo.per_100k=1e12"], ["ngo.per_100k", "at most 100000000"]),
        refused_key(ctx, ["population.netizens=4000000000", "enterprise.per_100k=5000"],
                    ["enterprise.per_100k", "at most"]),
    ]


# 3. Command-line values.

@attack(AREA, "--seed -5 and other bad seeds are refused, not ignored")
def cli_seed(ctx):
    s = ctx.scenario()
    out = ctx.path("out.h5")
    return [
        expect_refusal(ctx.run("run", s, "--seed", "-5", "-o", out, "--quiet", timeout=QUICK),
                       ["--seed"], leaves=[out]),
        expect_refusal(ctx.run("validate", s, "--seed", "abc", timeout=QUICK), ["--seed"]),
        expect_refusal(ctx.run("validate", s, "--seed", "1.5", timeout=QUICK), ["--seed"]),
        expect_refusal(ctx.run("validate", s, "--seed", "18446744073709551615", timeout=QUICK),
                       ["--seed", "9223372036854775807"]),
        expect_success(ctx.run("validate", s, "--seed", "0", timeout=QUICK)),
    ]


@attack(AREA, "--checkpoint-every and --memory-limit: huge, wrapping, nan, inf")
def cli_numbers(ctx):
    s = ctx.scenario()
    results = []
    for k, value in enumerate(("1e300", "4294967296", "nan", "inf", "-inf", "-1")):
        out = ctx.path(f"ckpt{k}.h5")
        results.append(expect_refusal(
            ctx.run("run", s, "-o", out, "--quiet", "--checkpoint-every", value, timeout=QUICK),
            ["--checkpoint-every"], leaves=[out, ctx.path(f"ckpt{k}.h5.ckpt")]))
    results.append(expect_refusal(
        ctx.run("resume", ctx.path("none.ckpt"), "--checkpoint-every", "nan", timeout=QUICK),
        ["--checkpoint-every"]))
    for k, value in enumerate(("nan", "inf", "infG", "1e30T", "0.1")):
        out = ctx.path(f"mem{k}.h5")
        results.append(expect_refusal(
            ctx.run("run", s, "-o", out, "--quiet", "--memory-limit", value, timeout=QUICK),
            ["--memory-limit"], leaves=[out]))
    return results


@attack(AREA, "sweep --task-count -1, --task-index -1, --jobs -1, --threads -1, plan --max-replicates -1")
def cli_counts(ctx):
    exp = experiment(ctx, "")
    results = []
    for k, opt in enumerate((["--task-count", "-1"], ["--task-index", "-1", "--task-count", "2"],
                             ["--jobs", "-1"], ["--jobs", "0"], ["--threads", "-1"])):
        d = ctx.path(f"sweep{k}")
        results.append(expect_refusal(ctx.run("sweep", exp, "--outdir", d, *opt, timeout=QUICK),
                                      [opt[0]], leaves=[d]))
    results.append(expect_refusal(ctx.run("plan", exp, "--max-replicates", "-1", timeout=QUICK),
                                  ["--max-replicates"]))
    return results


# 4. Experiments.

@attack(AREA, "experiments that plan 0 runs, sample without bounds, or min > max")
def experiment_sweeps(ctx):
    def plan(body, mentions):
        return expect_refusal(ctx.run("plan", experiment(ctx, body), timeout=QUICK),
                              ["the experiment has"] + mentions)
    return [
        plan('[sweep]\nkind = "grid"\n[[sweep.parameter]]\nkey = "seed"\nvalues = []\n',
             ["plans 0 runs", "sweep.parameter[0].values"]),
        plan('[sweep]\nkind = "zip"\n[[sweep.parameter]]\nkey = "seed"\nvalues = []\n',
             ["plans 0 runs"]),
        plan('[sweep]\nkind = "random"\n[[sweep.parameter]]\nkey = "territory.urban_share"\n',
             ["min and max", "required"]),
        plan('[sweep]\nkind = "latin_hypercube"\n[[sweep.parameter]]\n'
             'key = "territory.urban_share"\nmin = 0.2\n', ["min and max"]),
        plan('[sweep]\nkind = "random"\n[[sweep.parameter]]\nkey = "territory.urban_share"\n'
             'min = 0.9\nmax = 0.1\n', ["sweep.parameter[0].min", "<= max"]),
        plan('[sweep]\nkind = "random"\n[[sweep.parameter]]\nkey = "territory.urban_share"\n'
             'min = 0\nmax = inf\n', ["finite number"]),
    ]


@attack(AREA, "experiment seed overflow is refused at plan time")
def experiment_seed(ctx):
    top = 9223372036854775807
    bad = experiment(ctx, f"seed = {top}\nreplicates = 2\n", name="bad.toml")
    ok = experiment(ctx, f"seed = {top - 1}\nreplicates = 2\n", name="ok.toml")
    stopping = experiment(ctx, f"seed = {top - 5}\nreplicates = 2\n[stopping]\n"
                          'until = ["participants:mean=±5%"]\n', name="stop.toml")
    return [
        expect_refusal(ctx.run("plan", bad, timeout=QUICK), ["experiment.seed", "at most"]),
        expect_refusal(ctx.run("sweep", bad, "--outdir", ctx.path("d"), timeout=QUICK),
                       ["experiment.seed"], leaves=[ctx.path("d")]),
        expect_refusal(ctx.run("plan", stopping, timeout=QUICK), ["experiment.seed"]),
        expect_success(ctx.run("plan", ok, timeout=QUICK)),
    ]


@attack(AREA, "variant and experiment names that would break index.csv")
def experiment_names(ctx):
    results = []
    for name in ('"two\\nlines"', '"a,b"', '"quo\\"te"', '"tab\\there"', '" lead"',
                 '"' + "x" * 65 + '"'):
        body = f"[[variant]]\nname = {name}\n"
        results.append(expect_refusal(ctx.run("plan", experiment(ctx, body), timeout=QUICK),
                                      ["variant", "letters, digits"]))
    grid = experiment(ctx, '[sweep]\nkind = "grid"\n[[sweep.parameter]]\n'
                      'key = "description"\nvalues = ["a\\nb"]\n', name="values.toml")
    results.append(expect_refusal(ctx.run("plan", grid, timeout=QUICK), ["control character"]))
    fine = experiment(ctx, '[[variant]]\nname = "base line-2.0_x"\n', name="fine.toml")
    results.append(expect_success(ctx.run("plan", fine, timeout=QUICK)))
    return results


@attack(AREA, "experiment errors are headed 'the experiment has N problems'")
def experiment_heading(ctx):
    outcomes = []
    # A problem of the file itself, and one of its stopping rule that the sweep finds.
    for body, command in [("replicates = 0\n", "plan"),
                          ("replicates = 4\n[stopping]\nuntil = [\"participants:final=±1%\"]\n"
                           "max_replicates = 2\n", "sweep")]:
        exp = experiment(ctx, body)
        r = ctx.run(command, exp, *(["--outdir", ctx.path("sweep")] if command == "sweep" else []),
                    timeout=QUICK)
        out = expect_refusal(r, ["the experiment has 1 problem", exp.name])
        if "the scenario has" in r.text:
            out = Outcome(SILENT, "headed as a scenario: " + r.describe())
        outcomes.append(out)
    return outcomes


# 5. validate and plan read the edge list.

@attack(AREA, "validate and plan refuse an edge list that run refuses")
def data_files(ctx):
    edges = ctx.path("edges.csv")
    edges.write_text("source,target\n0,1\n1,2\n")
    s = ctx.scenario("file-graph", TINY + '[graph]\nmodel = "file"\nfile.path = "edges.csv"\n')
    exp = experiment(ctx, "", base=s)
    good = ctx.path("good.txt")
    good.write_text("0 1\n1 2\n")
    ok = ctx.scenario("ok-graph", TINY + '[graph]\nmodel = "file"\nfile.path = "good.txt"\n')
    return [
        expect_refusal(ctx.run("validate", s, timeout=QUICK), ["edges.csv:1"]),
        expect_refusal(ctx.run("plan", exp, timeout=QUICK), ["edges.csv:1"]),
        expect_refusal(ctx.run("validate", ok, "--set", "population.netizens=2", timeout=QUICK),
                       ["good.txt:2", "outside the population"]),
        expect_success(ctx.run("validate", ok, timeout=QUICK),
                       lambda: None if "2 edges" in ctx.run("validate", ok).out else "no edge count"),
    ]


# 6. Huge keys and values are not echoed in full.

@attack(AREA, "a 1 MiB unknown key or value, or a 100 kB --set, is echoed cut to ~80 characters")
def huge_key(ctx):
    key = "k" * (1 << 20)
    s = ctx.scenario("bigkey", f"{key} = 1\n" + TINY +
                     f"[enterprise]\nper_100k = \"{'v' * (1 << 20)}\"\n")
    r = ctx.run("validate", s, timeout=QUICK)
    out = expect_refusal(r, ["unknown key", "expected a number", "characters)"])
    longest = max((len(line) for line in r.err.splitlines()), default=0)
    if longest > 2000:
        out = Outcome(SILENT, f"a message line of {longest} characters")
    # One command-line argument holds at most 128 KiB.
    r2 = ctx.run("validate", ctx.scenario(), "--set", "k" * 100000 + "=1", timeout=QUICK)
    out2 = expect_refusal(r2, ["unknown key"])
    longest = max((len(line) for line in r2.err.splitlines()), default=0)
    if longest > 2000:
        out2 = Outcome(SILENT, f"--set: a message line of {longest} characters")
    return [out, out2]
