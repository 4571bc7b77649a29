"""The analysis toolkit (analysis/cogov_analysis) as a careless user meets it: corrupt
output files, an index that does not decode, a report path that cannot be written must be
one line naming the file with exit 2 (never a traceback); failed runs must be named when
they are left out (docs/analysis.md)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time

from harness import ACCEPTED, CRASH, EXIT_BAD_INPUT, REFUSED, SILENT, Outcome, Result, attack

EXPERIMENT = """\
[experiment]
name = "attack"
base = "{base}"
replicates = 2
seed = 3
set = ["population.netizens=1200", "time.steps=15"]
[[variant]]
name = "baseline"
[[variant]]
name = "more_herding"
set = ["participation.herding=4.0"]
"""


def analysis(ctx, *args) -> Result:
    argv = [sys.executable, str(ctx.repo / "analysis" / "cogov-analysis"), *map(str, args)]
    start = time.monotonic()
    p = subprocess.run(argv, capture_output=True, text=True, cwd=ctx.tmp, timeout=120)
    return Result(argv, p.returncode, p.stdout, p.stderr, time.monotonic() - start)


def refusal(r: Result, *mentions: str) -> Outcome:
    """Exit 2, one line on stderr naming each of `mentions`, no traceback."""
    if "Traceback" in r.err or r.rc not in (0, EXIT_BAD_INPUT):
        return Outcome(CRASH, f"traceback / exit {r.rc}: {r.err.strip().splitlines()[-1:]}")
    if r.rc == 0:
        return Outcome(SILENT, r.describe())
    lines = r.err.strip().splitlines()
    missing = [m for m in mentions if m not in r.err]
    if len(lines) != 1 or missing:
        return Outcome(SILENT, f"wanted one line naming {missing or mentions}: {r.describe()}")
    return Outcome(REFUSED, r.describe())


def sweep(ctx):
    experiment = ctx.path("experiment.toml")
    experiment.write_text(EXPERIMENT.format(base=ctx.scenario()))
    out = ctx.path("sweep")
    r = ctx.run("sweep", experiment, "--outdir", out, "--quiet", "--jobs", 2, "--threads", 1)
    if r.rc != 0:
        raise RuntimeError(f"the sweep failed: {r.describe()}")
    return out


def fresh(ctx, base, name):
    target = ctx.path(name)
    shutil.copytree(base, target)
    return target


@attack("analysis", "corrupt .h5 (truncated, bit-flipped) -> exit 2 naming the file")
def corrupt_h5(ctx):
    base = sweep(ctx)
    outcomes = []
    truncated = fresh(ctx, base, "truncated")
    p = truncated / "runs" / "run-000001.h5"
    p.write_bytes(p.read_bytes()[:15000])
    outcomes.append(refusal(analysis(ctx, "summary", truncated), "run-000001.h5"))
    flipped = fresh(ctx, base, "flipped")
    p = flipped / "runs" / "run-000002.h5"
    data = bytearray(p.read_bytes())
    for i in range(2000, len(data), 97):
        data[i] ^= 0xFF
    p.write_bytes(bytes(data))
    outcomes.append(refusal(analysis(ctx, "compare", flipped), "run-000002.h5"))
    return outcomes


@attack("analysis", "undecodable or garbled index.csv -> exit 2 naming the index")
def bad_index(ctx):
    base = sweep(ctx)
    outcomes = []
    for name, content in {"binary": b"\xff\xfe\x00\x80garbage\x81\n",
                          "garbled run id": b"run_id,variant,point,replicate,seed,status,output\n"
                                            b"x1,baseline,0,0,1,done,runs/run-000000.h5\n"}.items():
        d = fresh(ctx, base, name.replace(" ", "_"))
        (d / "index.csv").write_bytes(content)
        o = refusal(analysis(ctx, "summary", d), "index.csv")
        outcomes.append(Outcome(o.kind, f"{name}: {o.detail}"))
    return outcomes


@attack("analysis", "unwritable report path -> exit 2 naming the path")
def unwritable_report(ctx):
    base = sweep(ctx)
    ctx.path("plain").write_text("a file")
    outcomes = []
    for target in (ctx.path("missing", "r.html"), ctx.path("plain", "r.html"),
                   "/proc/cogov-report.html"):
        outcomes.append(refusal(analysis(ctx, "report", base, "-o", target), str(target)))
    return outcomes


@attack("analysis", "summary / compare name the failed runs they leave out")
def failed_runs_named(ctx):
    base = sweep(ctx)
    d = fresh(ctx, base, "with_failures")
    index = d / "index.csv"
    lines = index.read_text().splitlines()
    header = lines[0].split(",")
    status, code = header.index("status"), header.index("exit_code")
    row = lines[2].split(",")
    row[status], row[code] = "stopped", "137"  # what the OOM killer leaves
    lines[2] = ",".join(row)
    index.write_text("\n".join(lines) + "\n")
    outcomes = []
    for command in ("summary", "compare"):
        r = analysis(ctx, command, d)
        if r.rc != 0 or "Traceback" in r.err:
            outcomes.append(Outcome(CRASH if "Traceback" in r.err else SILENT, r.describe()))
        elif "1 of 4 runs" in r.out and "run-000001 (killed by signal 9" in r.out:
            outcomes.append(Outcome(ACCEPTED, f"{command}: says the run left out and why"))
        else:
            outcomes.append(Outcome(SILENT, f"{command} dropped a failed run without saying so"))
    return outcomes
