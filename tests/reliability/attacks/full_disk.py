"""A disk that fills up during a run: the checkpoint write fails cleanly (exit 1 naming the
file), its half-written temporary is removed (it would keep the disk full), and the output
keeps its .part name. Needs a small tmpfs: skipped (no attempt counted) where mount is not
allowed."""

from __future__ import annotations

import subprocess

from harness import ACCEPTED, EXIT_FAILURE, SILENT, Outcome, attack, expect_refusal

WORLD = """\
seed = 3
[population]
netizens = 40000
[time]
steps = 30
[output]
snapshot_days = []
"""


@attack("disk", "a checkpoint write on a full disk leaves no .ckpt.tmp behind")
def checkpoint_on_full_disk(ctx):
    disk = ctx.path("tiny")
    disk.mkdir()
    # The output's first rows fit in 400 KiB; a checkpoint of 40 000 netizens does not.
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=400k", "tmpfs", str(disk)],
                      capture_output=True).returncode != 0:
        return []
    try:
        scenario = ctx.scenario("world", WORLD)
        out = disk / "run.h5"
        r = ctx.run("run", scenario, "-o", out, "--quiet", "--checkpoint-every", 1)
        o = expect_refusal(r, mentions=[str(out) + ".ckpt.tmp"], codes=(EXIT_FAILURE,))
        left = sorted(p.name for p in disk.iterdir())
        if o.kind == SILENT:
            return o
        if "run.h5.ckpt.tmp" in left:
            return Outcome(SILENT, f"the failed checkpoint's temporary is left: {left}")
        if "run.h5" in left:
            return Outcome(SILENT, f"an interrupted output lost its .part name: {left}")
        return Outcome(o.kind, f"{o.detail}; left {left}")
    finally:
        subprocess.run(["umount", str(disk)], capture_output=True)
