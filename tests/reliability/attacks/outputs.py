"""Output files: one writer per output (run, resume, sweep), resume never replaces what is not
its own, the output path checked before the world is built, `graph --export` atomic on a full
disk, `info` refuses a damaged file."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import h5py

from harness import ACCEPTED, CRASH, LOST, REFUSED, SILENT, Outcome, attack, crashed, \
    expect_refusal, expect_success

AREA = "outputs"

# About 2 s of work: long enough to be caught while it writes.
LONG = """\
seed = 11
[population]
netizens = 20000
[time]
steps = 1500
[output]
snapshot_days = [2]
"""


def wait_for(paths, proc=None, timeout=30.0) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if all(Path(p).exists() for p in paths):
            return True
        if proc is not None and proc.poll() is not None:
            return False
        time.sleep(0.02)
    return False


def readable(path: Path) -> str | None:
    """None when every dataset of a cogov output reads back and it is marked complete."""
    try:
        with h5py.File(path, "r") as f:
            f.visititems(lambda name, obj: obj[()] if isinstance(obj, h5py.Dataset) else None)
            if int(f.attrs["complete"]) != 1:
                return f"{path.name}: not marked complete"
    except Exception as e:  # noqa: BLE001 - any failure to read is the finding
        return f"{path.name}: unreadable: {e}"
    return None


def interrupted_run(ctx, scenario: Path, out: Path, *extra) -> Path:
    """A run stopped by SIGTERM part-way: returns its checkpoint."""
    proc = ctx.start("run", scenario, "-o", out, "--quiet", *extra)
    out = ctx.tmp / out  # a relative path is relative to the run's directory
    if not wait_for([f"{out}.part"], proc):
        raise RuntimeError(f"the run to interrupt did not start: {proc.communicate()}")
    time.sleep(0.3)
    proc.send_signal(signal.SIGTERM)
    proc.communicate()
    ckpt = Path(f"{out}.ckpt")
    if not ckpt.exists():
        raise RuntimeError("the interrupted run left no checkpoint (finished too fast?)")
    return ckpt


@attack(AREA, "two cogov run on one output at once: the second is refused (exit 2, pid and "
              "host), the first's output intact")
def two_runs(ctx):
    scenario = ctx.scenario("long", LONG)
    out = ctx.path("shared.h5")
    first = ctx.start("run", scenario, "-o", out, "--quiet")
    if not wait_for([f"{out}.part"], first):
        return Outcome(CRASH, f"the first run did not start: {first.communicate()}")
    second = ctx.run("run", scenario, "-o", out, "--quiet", "--force")
    outcome = expect_refusal(second, [f"pid {first.pid}", f"host {socket.gethostname()}"])
    _, err = first.communicate()
    if first.returncode != 0:
        return Outcome(LOST, f"the first run failed: exit {first.returncode}: {err[-200:]!r}")
    problem = readable(out)
    if problem:
        return Outcome(LOST, f"the first run's output is damaged: {problem}")
    if Path(f"{out}.lock").exists():
        return Outcome(SILENT, "the lock file was left behind")
    return outcome


@attack(AREA, "kill -9 leaves a stale lock: the next run takes it over and says so")
def stale_lock(ctx):
    scenario = ctx.scenario("long", LONG)
    out = ctx.path("stale.h5")
    first = ctx.start("run", scenario, "-o", out, "--quiet")
    if not wait_for([f"{out}.part"], first):
        return Outcome(CRASH, "the first run did not start")
    first.kill()
    first.communicate()
    r = ctx.run("run", scenario, "-o", out, "--quiet", "--set", "time.steps=20")

    def check():
        if "stale lock" not in r.err or f"pid {first.pid}" not in r.err:
            return "the stale lock was not reported naming the dead pid"
        return readable(out)

    return expect_success(r, check)


SWEEP = """\
[experiment]
base = "long.toml"
replicates = 2
seed = 3
set = ["population.netizens=8000", "time.steps=300"]
[[variant]]
name = "a"
[[variant]]
name = "b"
set = ["participation.herding=4.5"]
"""


@attack(AREA, "two sweeps on one --outdir: the second is refused, every run of the first intact")
def two_sweeps(ctx):
    ctx.scenario("long", LONG)
    exp = ctx.path("exp.toml")
    exp.write_text(SWEEP)
    outdir = ctx.path("sweep")
    first = ctx.start("sweep", exp, "--outdir", outdir, "--jobs", 2, "--quiet")
    if not wait_for([outdir / "index.csv"], first):
        return Outcome(CRASH, f"the first sweep did not start: {first.communicate()}")
    time.sleep(0.3)
    second = ctx.run("sweep", exp, "--outdir", outdir, "--jobs", 2, "--quiet", "--resume")
    outcome = expect_refusal(second, [f"pid {first.pid}", "index.csv"])
    _, err = first.communicate()
    if first.returncode != 0:
        return Outcome(LOST, f"the first sweep failed: exit {first.returncode}: {err[-200:]!r}")
    runs = sorted((outdir / "runs").glob("run-*.h5"))
    problems = [p for p in map(readable, runs) if p]
    if len(runs) != 4 or problems:
        return Outcome(LOST, f"{len(runs)} of 4 runs, problems: {problems[:3]}")
    return outcome


@attack(AREA, "kill -9 of a sweep, then --resume while its orphaned runs still write: no run "
              "is corrupted or counted done unfinished")
def orphaned_runs(ctx):
    ctx.scenario("long", LONG)
    exp = ctx.path("exp.toml")
    exp.write_text(SWEEP)
    outdir = ctx.path("sweep")
    first = ctx.start("sweep", exp, "--outdir", outdir, "--jobs", 2, "--quiet")
    if not wait_for([outdir / "runs" / "run-000000.h5.part"], first):
        return Outcome(CRASH, f"the first sweep did not start: {first.communicate()}")
    first.kill()  # its child runs live on, orphaned
    first.communicate()
    r = ctx.run("sweep", exp, "--outdir", outdir, "--jobs", 2, "--quiet", "--resume")
    time.sleep(0.5)
    end = time.monotonic() + 60
    while any(p.suffix == ".part" for p in (outdir / "runs").iterdir()) and time.monotonic() < end:
        time.sleep(0.1)
    runs = sorted((outdir / "runs").glob("run-*.h5"))
    problems = [p for p in map(readable, runs) if p]
    if problems:
        return Outcome(LOST, f"damaged runs: {problems[:3]}")
    logs = "".join(p.read_text(errors="replace") for p in (outdir / "logs").glob("*.log"))
    if r.rc == 0:
        return expect_success(r)
    if r.rc == 1 and "another cogov is writing" in logs:
        return Outcome(REFUSED, "the orphans' runs were refused and recorded as failed; "
                                "every output intact")
    return Outcome(SILENT, f"unexpected: {r.describe()}")


@attack(AREA, "resume of an old checkpoint does not overwrite a newer complete output")
def resume_newer(ctx):
    scenario = ctx.scenario("long", LONG)
    out = ctx.path("r.h5")
    ckpt = interrupted_run(ctx, scenario, out)
    old = ctx.path("old.ckpt")
    shutil.copy(ckpt, old)
    r = ctx.run("run", scenario, "-o", out, "--quiet", "--force", "--set", "time.steps=30")
    if r.rc != 0:
        return Outcome(CRASH, f"the newer run failed: {r.describe()}")
    with h5py.File(out, "r") as f:
        created = f.attrs["created"]
    res = ctx.run("resume", old, "--quiet")
    outcome = expect_refusal(res, ["another run", "--force"])
    with h5py.File(out, "r") as f:
        if f.attrs["created"] != created or int(f.attrs["complete"]) != 1:
            return Outcome(LOST, "the newer complete output was replaced")
    return outcome


@attack(AREA, "a crafted checkpoint pointing at an arbitrary file does not overwrite it")
def crafted_checkpoint(ctx):
    scenario = ctx.scenario("long", LONG)
    ckpt = interrupted_run(ctx, scenario, ctx.path("c.h5"))
    victim = ctx.path("thesis.txt")
    victim.write_text("years of work\n")
    null = ctx.path("null.h5")
    null.symlink_to("/dev/null")
    outcomes = []
    for target, force in ((victim, False), (null, True)):
        crafted = ctx.path(f"crafted-{target.name}.ckpt")
        shutil.copy(ckpt, crafted)
        with h5py.File(crafted, "r+") as f:
            f.attrs["output"] = str(target)
        r = ctx.run("resume", crafted, "--quiet", *(["--force"] if force else []))
        outcome = expect_refusal(r, [str(target)])
        if victim.read_bytes() != b"years of work\n":
            outcome = Outcome(LOST, f"{victim.name} was overwritten: {r.describe()}")
        if not null.is_symlink():
            outcome = Outcome(LOST, f"the symlink to /dev/null was replaced: {r.describe()}")
        outcomes.append(outcome)
    return outcomes


@attack(AREA, "resume of an edge-list run from another directory finds the edge list, "
              "identical output")
def resume_file_graph(ctx):
    sc = ctx.path("sc")
    sc.mkdir()
    n = 20000
    (sc / "edges.txt").write_text("".join(f"{i} {(i + 1) % n}\n{i} {(i * 7919) % n}\n"
                                          for i in range(n)))
    scenario = sc / "f.toml"
    scenario.write_text(LONG + '[graph]\nmodel = "file"\n[graph.file]\npath = "edges.txt"\n')
    outd = ctx.path("outd")
    outd.mkdir()
    out = outd / "f.h5"
    ckpt = interrupted_run(ctx, Path("sc/f.toml"), Path("outd/f.h5"))
    r = ctx.run("resume", ckpt.resolve(), "--quiet", cwd=Path("/"))
    whole = ctx.path("whole.h5")
    ref = ctx.run("run", "sc/f.toml", "-o", whole, "--quiet")

    def check():
        if ref.rc != 0:
            return f"the uninterrupted run failed: {ref.describe()}"
        c = subprocess.run([sys.executable, str(ctx.repo / "tests/cli/compare_outputs.py"),
                            str(whole), str(out)], capture_output=True, text=True)
        return None if c.returncode == 0 else c.stdout.strip()

    return expect_success(r, check)


@attack(AREA, "-o <existing folder> --force is refused at once, the folder untouched")
def output_folder(ctx):
    scenario = ctx.scenario("long", LONG)
    folder = ctx.path("results")
    folder.mkdir()
    (folder / "keep.txt").write_text("x")
    r = ctx.run("run", scenario, "-o", folder, "--force", "--quiet")
    outcome = expect_refusal(r, ["is a directory"], leaves=[ctx.path("results.lock"),
                                                            ctx.path("results.part")])
    if sorted(p.name for p in folder.iterdir()) != ["keep.txt"]:
        return Outcome(LOST, f"the folder changed: {list(folder.iterdir())}")
    if outcome.kind == REFUSED and r.seconds > 1.5:
        return Outcome(SILENT, f"refused only after {r.seconds:.1f} s (the world was built?)")
    return outcome


@attack(AREA, "--force on a device node (a symlink to /dev/null) or a FIFO is refused")
def output_device(ctx):
    scenario = ctx.scenario("long", LONG)
    null = ctx.path("null.h5")
    null.symlink_to("/dev/null")
    fifo = ctx.path("fifo.h5")
    os.mkfifo(fifo)
    outcomes = []
    for target in (null, fifo):
        r = ctx.run("run", scenario, "-o", target, "--force", "--quiet", timeout=30)
        outcome = expect_refusal(r, ["not a regular file"])
        if not (null.is_symlink() and fifo.is_fifo()):
            outcome = Outcome(LOST, f"{target.name} was replaced by a regular file")
        outcomes.append(outcome)
    return outcomes


def mount_tmpfs(path: Path, options: str) -> bool:
    path.mkdir(exist_ok=True)
    return subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(path)],
                          capture_output=True).returncode == 0


def umount(path: Path) -> None:
    subprocess.run(["umount", str(path)], capture_output=True)


@attack(AREA, "an unwritable output directory is noticed before the world is built")
def output_unwritable(ctx):
    scenario = ctx.scenario("long", LONG)
    ro = ctx.path("ro")
    mounted = mount_tmpfs(ro, "ro,size=64k")
    target = (ro if mounted else Path("/proc")) / "out.h5"
    try:
        # 50 million netizens would take minutes (or the memory check) to reach the writer.
        r = ctx.run("run", scenario, "-o", target, "--quiet", "--set",
                    "population.netizens=50000000")
    finally:
        if mounted:
            umount(ro)
    outcome = expect_refusal(r, [str(target), "writable"], codes=(1,))
    if outcome.kind == REFUSED and "refused before allocating" in r.err:
        return Outcome(SILENT, f"the memory check came first: {r.describe()}")
    return outcome


@attack(AREA, "graph --export to a full disk: exit 1 naming the file, nothing under its name")
def export_full_disk(ctx):
    scenario = ctx.scenario("long", LONG)
    tiny = ctx.path("tiny")
    if mount_tmpfs(tiny, "size=200k"):
        try:
            target = tiny / "edges.txt"
            r = ctx.run("graph", scenario, "--export", target)
            left = list(tiny.iterdir())
        finally:
            umount(tiny)
        outcome = expect_refusal(r, [str(target), "disk full"], codes=(1,))
        if outcome.kind == REFUSED and left:
            return Outcome(LOST, f"left {[p.name for p in left]} on the full disk")
        return outcome
    r = ctx.run("graph", scenario, "--export", "/dev/full")
    return expect_refusal(r, ["/dev/full", "disk full"], codes=(1,))


def flipped(src: Path, dst: Path, offset: int, n: int = 8) -> Path:
    data = bytearray(src.read_bytes())
    for k in range(offset, offset + n):
        data[k] ^= 0xFF
    dst.write_bytes(bytes(data))
    return dst


@attack(AREA, "info on a truncated or damaged output (or a FIFO) refuses it (exit 2)")
def info_corrupt(ctx):
    scenario = ctx.scenario("long", LONG.replace("steps = 1500", "steps = 300"))
    good = ctx.path("good.h5")
    r = ctx.run("run", scenario, "-o", good, "--quiet")
    if r.rc != 0:
        raise RuntimeError(f"the run failed: {r.describe()}")
    size = good.stat().st_size
    with h5py.File(good, "r") as f:
        # The middle of the largest data chunk, and the object header of one series.
        chunks = []
        f.visititems(lambda name, o: chunks.extend(
            o.id.get_chunk_info(i) for i in range(o.id.get_num_chunks()))
            if isinstance(o, h5py.Dataset) and o.chunks else None)
        big = max(chunks, key=lambda c: c.size)
        header = h5py.h5o.get_info(f["series/participation_share"].id).addr
    cases = {
        "truncated to half": ctx.path("half.h5"),
        "8 bytes flipped in the middle of a data chunk": flipped(
            good, ctx.path("chunk.h5"), big.byte_offset + big.size // 2),
        "8 bytes flipped in a series' object header": flipped(
            good, ctx.path("header.h5"), header + 24),
    }
    ctx.path("half.h5").write_bytes(good.read_bytes()[: size // 2])
    outcomes = [expect_success(ctx.run("info", good))]
    for what, path in cases.items():
        o = expect_refusal(ctx.run("info", path), ["damaged"])
        outcomes.append(Outcome(o.kind, f"{what}: {o.detail}"))
    # An interrupted run's file (complete = 0) with a damaged chunk: summarised, damage said.
    inc = ctx.path("incomplete.h5")
    shutil.copy(good, inc)
    with h5py.File(inc, "r+") as f:
        f.attrs["complete"] = 0
    flipped(inc, inc, big.byte_offset + big.size // 2)
    r = ctx.run("info", inc)
    outcomes.append(expect_success(
        r, lambda: None if "INCOMPLETE" in r.out and "DAMAGED" in r.out
        else "the damage of an incomplete file is not said"))
    fifo = ctx.path("fifo.h5")
    os.mkfifo(fifo)  # would block an HDF5 open for ever
    o = expect_refusal(ctx.run("info", fifo, timeout=20), ["not a regular file"])
    outcomes.append(Outcome(o.kind, f"a FIFO: {o.detail}"))
    return outcomes
