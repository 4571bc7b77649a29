"""Damaged and forged checkpoints, replayed through `cogov resume` (issue 19): random bit
flips, out-of-range values, short columns, bogus queue offsets, another scenario's agent
columns, an edited stored scenario, steps_done too high or not a number. Each must be refused
with exit 2 (or, for a flip of an unused byte, resume to the uninterrupted run's output), and
never crash.

Edits are made with h5py the way a careless user would (the checksums are left as they were)
and, for the range checks behind the checksums, "sealed": every checksum recomputed as cogov
computes it (FNV-1a 64 of each dataset's bytes and of each attribute's text, listed in the
root attribute "checksums", whose own checksum is the attribute "checksum")."""

from __future__ import annotations

import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from harness import ACCEPTED, CRASH, SILENT, Outcome, attack, crashed, expect_refusal

try:
    import h5py
except ImportError:  # pragma: no cover - Debian's python3-h5py is a test dependency
    h5py = None

WORLD = """\
seed = 5
[population]
netizens = 3000
[time]
steps = 300
[risk.fraud]
attempt_rate = 0.3
[output]
snapshot_days = []
"""

OTHER = """\
seed = 6
[population]
netizens = 3500
[time]
steps = 300
[output]
snapshot_days = []
"""

# The root attributes a checkpoint is verified on (engine/run/src/checkpoint.cpp kAttributes).
ATTRIBUTES = ("format", "checkpoint_version", "layout_hash", "cogov_version", "git_hash",
              "scenario", "scenario_file", "output", "steps_done", "checkpoint_every",
              "command_line", "created", "social_hash", "platform_hash", "membership_hash")


def fnv1a(data: bytes) -> str:
    h = 0xcbf29ce484222325
    for b in data:
        h = ((h ^ b) * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
    return f"{h:016x}"


def text(value) -> str:
    """An attribute as cogov reads it (io::read_attr): strings as they are, numbers in
    decimal."""
    if isinstance(value, bytes):
        return value.decode()
    if isinstance(value, np.bytes_):
        return bytes(value).decode()
    if isinstance(value, (np.integer, int)):
        return str(int(value))
    return str(value)


def put_text(obj, name: str, value: str) -> None:
    """A fixed-length string attribute, as cogov writes them."""
    if name in obj.attrs:
        del obj.attrs[name]
    obj.attrs.create(name, np.bytes_(value.encode() or b"\0"))


def seal(path: Path) -> None:
    """Recomputes every checksum (run::reseal_checkpoint), so that an edit reaches the
    range checks."""
    with h5py.File(path, "r+") as f:
        old = text(f.attrs["checksums"])
        lines = [f"@{a}\t{fnv1a(text(f.attrs[a]).encode()) if a in f.attrs else fnv1a(b'')}"
                 for a in ATTRIBUTES]
        for line in old.splitlines():
            key = line.split("\t")[0]
            if key.startswith("@"):
                continue
            if key in f:
                sum_ = fnv1a(np.ascontiguousarray(f[key][()]).tobytes())
                put_text(f[key], "checksum", sum_)
            else:
                sum_ = line.split("\t")[1]
            lines.append(f"{key}\t{sum_}")
        listing = "".join(line + "\n" for line in lines)
        put_text(f, "checksums", listing)
        put_text(f, "checksum", fnv1a(listing.encode()))


def rewrite(path: Path, name: str, edit) -> None:
    """Replaces dataset `name` by edit(values) (same dtype, any length), as h5py users do."""
    with h5py.File(path, "r+") as f:
        values = f[name][()]
        values = edit(values.copy())
        del f[name]
        f.create_dataset(name, data=values)


def set_attr(path: Path, name: str, value: str) -> None:
    with h5py.File(path, "r+") as f:
        put_text(f, name, value)


def compare(ctx, a: Path, b: Path) -> str | None:
    r = subprocess.run([sys.executable, str(ctx.repo / "tests/cli/compare_outputs.py"), str(a),
                        str(b)], capture_output=True, text=True)
    return None if r.returncode == 0 else (r.stdout.strip() or r.stderr.strip())


class Stopped:
    """A run stopped by SIGTERM with its checkpoint, kept pristine aside; restore() puts the
    checkpoint and the partial output back before each attempt."""

    def __init__(self, ctx, name: str, body: str, with_reference: bool):
        self.ctx = ctx
        scenario = ctx.scenario(name, body)
        self.out = ctx.path(f"{name}.h5")
        self.ckpt = ctx.path(f"{name}.h5.ckpt")
        self.whole = None
        if with_reference:
            self.whole = ctx.path(f"{name}-whole.h5")
            r = ctx.run("run", scenario, "-o", self.whole, "--quiet")
            if r.rc != 0:
                raise RuntimeError(f"the uninterrupted run failed: {r.describe()}")
        for delay in (0.4, 0.2, 0.1, 0.05):
            for p in ctx.tmp.glob(f"{name}.h5*"):
                p.unlink()
            proc = ctx.start("run", scenario, "-o", self.out, "--quiet", "--threads", 1,
                             "--checkpoint-every", 1)
            time.sleep(delay)
            proc.send_signal(signal.SIGTERM)
            proc.communicate()
            if self.ckpt.exists():
                break
        else:
            raise RuntimeError("the run finished before it could be stopped")
        # The checkpoint and the stopped run's output (<name>.h5, marked incomplete).
        self.keep = ctx.path(f"{name}-pristine")
        self.keep.mkdir()
        for p in ctx.tmp.glob(f"{name}.h5*"):
            shutil.copy2(p, self.keep / p.name)
        self.ckpt_bytes = (self.keep / self.ckpt.name).stat().st_size

    def restore(self) -> Path:
        for p in self.ctx.tmp.glob(self.out.name + "*"):
            p.unlink()
        for p in self.keep.iterdir():
            shutil.copy2(p, self.ctx.tmp / p.name)
        return self.ckpt

    def resume(self):
        return self.ctx.run("resume", self.ckpt, "--quiet", "--threads", 1)

    def refused(self, what: str, mentions=()) -> Outcome:
        r = self.resume()
        o = expect_refusal(r, mentions=mentions, leaves=[Path(str(self.out) + ".old")])
        o.detail = f"{what}: {o.detail}"
        if o.kind == ACCEPTED or r.rc == 0:
            o.kind = SILENT
        return o


def need_h5py() -> None:
    if h5py is None:
        raise RuntimeError("h5py is missing (Debian python3-h5py)")


@attack("checkpoints", "40 random single-bit flips of a checkpoint, then resume")
def bit_flips(ctx):
    need_h5py()
    w = Stopped(ctx, "world", WORLD, with_reference=True)
    size = w.ckpt_bytes
    rng = random.Random(19)
    outcomes = []
    for k in range(40):
        byte = rng.randrange(size)
        bit = rng.randrange(8)
        w.restore()
        data = bytearray(w.ckpt.read_bytes())
        data[byte] ^= 1 << bit
        w.ckpt.write_bytes(bytes(data))
        r = w.resume()
        what = f"flip {k}: byte {byte} bit {bit}"
        if crashed(r):
            outcomes.append(Outcome(CRASH, f"{what}: {r.describe()}"))
        elif r.rc == 0:
            problem = compare(ctx, w.whole, w.out)
            outcomes.append(Outcome(SILENT if problem else ACCEPTED,
                                    f"{what}: resumed" + (f", differs: {problem}" if problem
                                                          else " identically (unused byte)")))
        else:
            o = expect_refusal(r)
            o.detail = f"{what}: {o.detail}"
            outcomes.append(o)
    return outcomes


@attack("checkpoints", "out-of-range, short and retyped columns, bogus queue offsets")
def forged_columns(ctx):
    need_h5py()
    w = Stopped(ctx, "world", WORLD, with_reference=False)
    outcomes = []

    def case(what, edit, sealed, mentions):
        ckpt = w.restore()
        edit(ckpt)
        if sealed:
            seal(ckpt)
        outcomes.append(w.refused(what + (" (checksums recomputed)" if sealed else ""),
                                  mentions))

    def grid_out(v):
        v[3] = 4000000000
        return v

    def age_out(v):
        v[7] = 9
        return v

    def offsets_bogus(v):
        v[1] = 2**40
        return v

    def offsets_backwards(v):
        v[2] = 0
        v[1] = v[-1]
        return v

    # Unsealed, the dataset's checksum names it; sealed, the range check says what is wrong.
    for sealed in (False, True):
        def says(name, why):
            return [name, why if sealed else "does not match its checksum"]

        case("netizen grid 4000000000", lambda p: rewrite(p, "netizens/grid", grid_out), sealed,
             says("netizens/grid", "row 3 is 4000000000"))
        case("netizen age group 9", lambda p: rewrite(p, "netizens/age", age_out), sealed,
             says("netizens/age", "row 7 is 9"))
        case("short trust column", lambda p: rewrite(p, "netizens/trust", lambda v: v[:-1]),
             sealed, says("netizens/trust", "rows; the scenario stored with it needs"))
        case("queue offsets past the batches",
             lambda p: rewrite(p, "government/queue_offsets", offsets_bogus), sealed,
             says("government/queue_offsets", "offsets must rise"))
    case("queue offsets going back", lambda p: rewrite(p, "government/queue_offsets",
                                                       offsets_backwards), True,
         ["government/queue_offsets"])
    case("age stored as 64-bit", lambda p: rewrite(p, "netizens/age",
                                                   lambda v: v.astype(np.uint64)), True,
         ["netizens/age", "is not of type u8"])
    case("NaN trust", lambda p: rewrite(p, "netizens/trust",
                                        lambda v: np.where(np.arange(v.size) == 0, np.nan, v)
                                        .astype(v.dtype)), True, ["netizens/trust row 0 is NaN"])
    return outcomes


@attack("checkpoints", "agent columns from another scenario's checkpoint")
def other_scenario(ctx):
    need_h5py()
    w = Stopped(ctx, "world", WORLD, with_reference=False)
    other = Stopped(ctx, "other", OTHER, with_reference=False)
    outcomes = []
    for sealed in (False, True):
        ckpt = w.restore()
        with h5py.File(other.keep / other.ckpt.name, "r") as src, h5py.File(ckpt, "r+") as dst:
            for name in list(dst["netizens"].keys()):
                del dst["netizens"][name]
                src.copy(src["netizens"][name], dst["netizens"], name)
        if sealed:
            seal(ckpt)
        outcomes.append(w.refused("netizen columns of a 3500-netizen world" +
                                  (" (checksums recomputed)" if sealed else ""),
                                  ["netizens/", "rows; the scenario stored with it needs 3000"
                                   if sealed else "does not match its checksum"]))
    return outcomes


@attack("checkpoints", "edited stored scenario, steps_done too high or not a number")
def edited_attributes(ctx):
    need_h5py()
    w = Stopped(ctx, "world", WORLD, with_reference=False)
    outcomes = []
    ckpt = w.restore()
    with h5py.File(ckpt, "r") as f:
        scenario = text(f.attrs["scenario"])
        steps_done = int(text(f.attrs["steps_done"]))
    edited = scenario.replace("attempt_rate = 0.3", "attempt_rate = 0.9", 1)
    if edited == scenario:
        raise RuntimeError("the stored scenario has no fraud.attempt_rate = 0.3 line")
    set_attr(ckpt, "scenario", edited)
    outcomes.append(w.refused("fraud.attempt_rate edited in the stored scenario",
                              ["scenario stored in the checkpoint was changed"]))
    for sealed in (False, True):
        for value, what in ((str(steps_done + 1), "one more than recorded"),
                            ("999", "beyond time.steps"), ("twelve", "not a number"),
                            ("-1", "negative"), ("1e3", "not a whole number")):
            ckpt = w.restore()
            set_attr(ckpt, "steps_done", value)
            if sealed:
                seal(ckpt)
            outcomes.append(w.refused(f"steps_done = {value} ({what})" +
                                      (" (checksums recomputed)" if sealed else ""),
                                      ["steps_done"]))
    return outcomes


@attack("checkpoints", "resume keeps the run's --checkpoint-every")
def resume_interval(ctx):
    need_h5py()
    # Short: the resumed run checkpoints (and fsyncs) every step to its end.
    w = Stopped(ctx, "world", WORLD.replace("steps = 300", "steps = 40"), with_reference=True)
    ckpt = w.restore()
    with h5py.File(ckpt, "r") as f:
        every = text(f.attrs["checkpoint_every"])
        first = int(text(f.attrs["steps_done"]))
    if every != "1":
        return Outcome(SILENT, f"checkpoint_every stored as {every!r}, not '1'")
    # The resumed run must keep checkpointing every day: watch its checkpoint move on.
    proc = ctx.start("resume", ckpt, "--quiet", "--threads", 1)
    later = first
    while proc.poll() is None:
        try:
            with h5py.File(w.ckpt, "r") as f:
                later = max(later, int(text(f.attrs["steps_done"])))
        except (OSError, KeyError, ValueError):
            pass  # being replaced, or removed at the end
        time.sleep(0.01)
    out, err = proc.communicate()
    if proc.returncode != 0:
        return Outcome(CRASH if proc.returncode < 0 or proc.returncode == 3 else SILENT,
                       f"resume: exit {proc.returncode}: {err.decode(errors='replace')[-200:]}")
    if later <= first:
        return Outcome(SILENT, f"the resumed run wrote no checkpoint after step {first}")
    problem = compare(ctx, w.whole, w.out)
    if problem:
        return Outcome(SILENT, f"resumed output differs: {problem}")
    return Outcome(ACCEPTED, f"resumed at {first}, checkpointed on to {later}; output identical")
