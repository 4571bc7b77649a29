#!/usr/bin/python3
"""The README's promise, tested as a student meets it: in a fresh clone, README command (a),
then every command of "A 5-minute tour", verbatim, in order.

The commands are read from README.md itself (the first ```sh block of "## Set-up: two
commands" for (a), the first ```sh block of "## A 5-minute tour" for the tour), so an edit to
the README is what gets tested. Each command must exit 0 within its time limit.

Usage: readme_tour.py SOURCE_DIR [--workdir DIR] [--keep] [--list]
  SOURCE_DIR  a git repository; its HEAD is cloned (uncommitted edits are not tested: the
              test says so when there are any)
  --list      print the commands that would run and exit
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

COMMAND_TIMEOUT_S = 1800  # command (a) builds the engine: minutes on 2 cores


def sh_block(readme: str, heading: str) -> str:
    """The first ```sh block after `heading` (a whole line), before the next `## `."""
    start = readme.find("\n" + heading + "\n")
    if start < 0:
        sys.exit(f"readme_tour: README.md has no section '{heading}'")
    section = readme[start + len(heading) + 2 :]
    end = section.find("\n## ")
    section = section if end < 0 else section[:end]
    m = re.search(r"```sh\n(.*?)```", section, re.S)
    if not m:
        sys.exit(f"readme_tour: section '{heading}' of README.md has no ```sh block")
    return m.group(1)


def commands(block: str) -> list[str]:
    """Shell commands of a block: comments and blank lines dropped, `\\` continuations joined."""
    out, current = [], ""
    for line in block.splitlines():
        stripped = line.strip()
        if not current and (not stripped or stripped.startswith("#")):
            continue
        if stripped.endswith("\\"):
            current += stripped[:-1].rstrip() + " "
            continue
        out.append(current + stripped)
        current = ""
    if current:
        out.append(current.strip())
    return out


def readme_commands(readme: str) -> tuple[str, list[str]]:
    setup = commands(sh_block(readme, "## Set-up: two commands"))
    if len(setup) != 2:
        sys.exit(f"readme_tour: expected commands (a) and (b) in the set-up block, found {setup}")
    return setup[0], commands(sh_block(readme, "## A 5-minute tour"))


def run(command: str, cwd: str) -> float:
    print(f"$ {command}", flush=True)
    t0 = time.monotonic()
    try:
        rc = subprocess.run(["bash", "-o", "pipefail", "-c", command], cwd=cwd,
                            stdin=subprocess.DEVNULL, timeout=COMMAND_TIMEOUT_S).returncode
    except subprocess.TimeoutExpired:
        sys.exit(f"readme_tour: FAILED: timed out after {COMMAND_TIMEOUT_S} s: {command}")
    elapsed = time.monotonic() - t0
    if rc != 0:
        sys.exit(f"readme_tour: FAILED: exit status {rc} after {elapsed:.0f} s: {command}")
    print(f"  (ok, {elapsed:.0f} s)", flush=True)
    return elapsed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("source")
    ap.add_argument("--workdir", help="where to clone (default: a new temporary directory)")
    ap.add_argument("--keep", action="store_true", help="keep the clone afterwards")
    ap.add_argument("--list", action="store_true", help="print the commands and exit")
    args = ap.parse_args()

    with open(os.path.join(args.source, "README.md"), encoding="utf-8") as f:
        command_a, tour = readme_commands(f.read())
    if args.list:
        print("\n".join([command_a] + tour))
        return
    if len(tour) < 5:
        sys.exit(f"readme_tour: the tour has only {len(tour)} commands; is the block intact?")

    if subprocess.run(["git", "-C", args.source, "rev-parse", "HEAD"],
                      capture_output=True).returncode != 0:
        print("readme_tour: skipped: the source is not a git repository with a commit")
        sys.exit(77)
    dirty = subprocess.run(["git", "-C", args.source, "status", "--porcelain",
                            "--untracked-files=no"], capture_output=True, text=True).stdout
    if dirty.strip():
        print("readme_tour: note: the source has uncommitted changes; this tests its HEAD",
              flush=True)
    workdir = args.workdir or tempfile.mkdtemp(prefix="cogov-tour-")
    clone = os.path.join(workdir, "cogov")
    shutil.rmtree(clone, ignore_errors=True)
    subprocess.run(["git", "clone", "-q", args.source, clone], check=True)
    try:
        total = run(command_a, clone)
        for command in tour:
            total += run(command, clone)
        print(f"readme_tour: command (a) and {len(tour)} tour commands passed in {total:.0f} s")
    finally:
        if not args.keep:
            shutil.rmtree(workdir if not args.workdir else clone, ignore_errors=True)


if __name__ == "__main__":
    main()
