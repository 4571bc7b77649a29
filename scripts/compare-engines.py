#!/usr/bin/python3
"""Runs a fixed set of scenarios with two cogov binaries and compares the outputs bit for bit.

usage: scripts/compare-engines.py OLD_COGOV NEW_COGOV [--workdir DIR] [--quick] [--only NAME]

Every dataset outside /provenance is compared (series, snapshots, grid series, graph
summary), with its attributes (units, description, labels); the root's attributes are
compared except those that name the run (time, host, version, git hash, command line).
A refactoring that claims "outputs unchanged" must print "identical" for every case; a
model change lists what moved. The set: every scenario in scenarios/ at 150 steps with a
snapshot and per-grid series, the validation presets, and two larger worlds (--quick
leaves the larger worlds out).
"""
import argparse
import pathlib
import subprocess
import sys

import h5py
import numpy as np

ROOT = pathlib.Path(__file__).resolve().parent.parent
# Root attributes that differ between any two runs, whatever the engine computes.
RUN_ATTRIBUTES = {"created", "finished", "wall_seconds", "host", "git_hash", "cogov_version",
                  "command_line", "threads", "output", "scenario_file", "timings"}


def cases(quick):
    common = ["--set", "time.steps=150", "--set", "output.snapshot_days=[75]",
              "--set", "output.by_grid=true"]
    for path in sorted((ROOT / "scenarios").glob("*.toml")):
        yield path.stem, path, common
    for name in ["watts_cascade", "sir_er", "sir_configuration", "brock_durlauf",
                 "fraud_protection", "generators"]:
        yield "validation-" + name, ROOT / "scenarios/validation" / f"{name}.toml", \
            ["--set", "output.snapshot_days=[]"]
    if quick:
        return
    yield "baseline-1e6", ROOT / "scenarios/baseline.toml", \
        ["--set", "population.netizens=1000000", "--set", "time.steps=60",
         "--set", "output.snapshot_days=[30]"]
    yield "hybrid-ws-3e5", ROOT / "scenarios/hybrid_mobilisation.toml", \
        ["--set", "population.netizens=300000", "--set", "time.steps=60",
         "--set", 'graph.model="watts_strogatz"', "--set", "output.snapshot_days=[]"]


def attributes(obj, skip=()):
    """Attributes as comparable values; dimension-scale references become the names of the
    datasets they point to (the references themselves are file addresses)."""
    out = {}
    for key, value in obj.attrs.items():
        if key in skip:
            continue
        if key in ("DIMENSION_LIST", "REFERENCE_LIST"):
            out[key] = sorted(str(x) for x in _referenced_names(obj.file, value))
        else:
            out[key] = value.tolist() if isinstance(value, np.ndarray) else value
    return out


def _referenced_names(f, value):
    for item in np.asarray(value).ravel():
        if isinstance(item, np.ndarray):
            yield from _referenced_names(f, item)
        elif isinstance(item, h5py.Reference):
            yield f[item].name
        elif isinstance(item, (tuple, np.void)):
            yield (f[item[0]].name, int(item[1]))
        else:
            yield item


def datasets(f):
    found = {}

    def visit(name, obj):
        if isinstance(obj, h5py.Dataset) and not name.startswith("provenance"):
            found[name] = obj
    f.visititems(visit)
    return found


def compare(a_path, b_path):
    problems = []
    with h5py.File(a_path, "r") as a, h5py.File(b_path, "r") as b:
        if attributes(a, RUN_ATTRIBUTES) != attributes(b, RUN_ATTRIBUTES):
            problems.append("root attributes differ")
        da, db = datasets(a), datasets(b)
        for name in sorted(set(da) | set(db)):
            if name not in da or name not in db:
                problems.append(f"{name} only in {'old' if name in da else 'new'}")
                continue
            x, y = da[name][()], db[name][()]
            if x.dtype != y.dtype or x.shape != y.shape or \
                    x.tobytes() != y.tobytes():
                problems.append(f"{name} differs")
            elif attributes(da[name]) != attributes(db[name]):
                problems.append(f"{name}: attributes differ")
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old")
    parser.add_argument("new")
    parser.add_argument("--workdir", default="/tmp/cogov-compare")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--only", action="append", default=[])
    parser.add_argument("--threads", default="2")
    args = parser.parse_args()
    work = pathlib.Path(args.workdir)
    work.mkdir(parents=True, exist_ok=True)
    failed = 0
    for name, scenario, extra in cases(args.quick):
        if args.only and name not in args.only:
            continue
        outputs = []
        for label, binary in (("old", args.old), ("new", args.new)):
            out = work / f"{name}.{label}.h5"
            out.unlink(missing_ok=True)
            run = subprocess.run([binary, "run", str(scenario), "-o", str(out), "--quiet",
                                  "--threads", args.threads, *extra],
                                 capture_output=True, text=True)
            if run.returncode != 0:
                print(f"{name}: {label} run failed ({run.returncode}): {run.stderr.strip()}")
                failed += 1
                break
            outputs.append(out)
        if len(outputs) < 2:
            continue
        problems = compare(*outputs)
        print(f"{name}: " + ("identical" if not problems else "; ".join(problems[:12])))
        failed += bool(problems)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
