"""The attack harness: runs cogov as a hostile or careless user would and sorts each attempt.

An attack module (attacks/<area>.py) registers functions with @attack; each function gets a
Context (the cogov binary, a fresh scratch directory, the repository) and returns one
Outcome or a list of them (an attack that tries many inputs, such as bit flips). The driver
(attack.py) prints one row per attack with the columns the reliability guarantee is stated
in (docs/reliability.md): attempts, refused clearly, accepted correctly, silently accepted,
crashes/hangs, data lost.
"""

from __future__ import annotations

import dataclasses
import os
import signal
import subprocess
import time
from pathlib import Path
from typing import Callable, Iterable, Sequence

REFUSED = "refused clearly"
ACCEPTED = "accepted correctly"
SILENT = "silently accepted"
CRASH = "crashes/hangs"
LOST = "data lost"
KINDS = (REFUSED, ACCEPTED, SILENT, CRASH, LOST)
BAD = (SILENT, CRASH, LOST)

# Exit statuses (docs/cli.md): 2 bad input or usage, 1 the environment failed (I/O,
# resources), 3 a bug; 128 + N a signal the run caught.
EXIT_BAD_INPUT = 2
EXIT_FAILURE = 1
EXIT_INTERNAL = 3


@dataclasses.dataclass
class Outcome:
    kind: str
    detail: str = ""


@dataclasses.dataclass
class Result:
    args: list[str]
    rc: int | None  # None: timed out (killed by the harness)
    out: str
    err: str
    seconds: float

    @property
    def text(self) -> str:
        return self.out + self.err

    def describe(self) -> str:
        status = "timeout" if self.rc is None else f"exit {self.rc}"
        tail = self.err.strip().splitlines()[-1:] or self.out.strip().splitlines()[-1:]
        return f"{' '.join(self.args[1:])[:120]}: {status}: {(tail or [''])[0][:200]}"


@dataclasses.dataclass
class Context:
    cogov: Path
    repo: Path
    tmp: Path  # a fresh directory for this attack

    def path(self, *parts: str) -> Path:
        return self.tmp.joinpath(*parts)

    def scenario(self, name: str = "tiny", text: str | None = None, **sets: object) -> Path:
        """A small scenario file in tmp: `text` as given, else the tiny default world
        (seconds to run) with `sets` applied as top-level TOML lines."""
        body = text if text is not None else TINY
        for key, value in sets.items():
            body += f"\n{key} = {value}\n"
        p = self.tmp / f"{name}.toml"
        p.write_text(body)
        return p

    def run(self, *args: object, timeout: float = 120, stdin: bytes | None = None,
            env: dict[str, str] | None = None, cwd: Path | None = None) -> Result:
        argv = [str(self.cogov), *map(str, args)]
        start = time.monotonic()
        proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
                                cwd=cwd or self.tmp, env={**os.environ, **(env or {})},
                                start_new_session=True)
        try:
            out, err = proc.communicate(stdin, timeout=timeout)
            rc: int | None = proc.returncode
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            out, err = proc.communicate()
            rc = None
        return Result(argv, rc, out.decode(errors="replace"), err.decode(errors="replace"),
                      time.monotonic() - start)

    def start(self, *args: object, cwd: Path | None = None) -> subprocess.Popen:
        """A cogov process left running (for concurrency and kill attacks)."""
        return subprocess.Popen([str(self.cogov), *map(str, args)], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                                cwd=cwd or self.tmp, start_new_session=True)


# A world that runs in well under a second: the default scenario, shrunk.
TINY = """\
seed = 7
[population]
netizens = 2000
[time]
steps = 40
[output]
snapshot_days = []
"""


def crashed(r: Result) -> bool:
    """A hang, a signal (negative rc), or 'internal error, please report'."""
    return r.rc is None or r.rc < 0 or r.rc == EXIT_INTERNAL


def expect_refusal(r: Result, mentions: Sequence[str] = (), codes: Iterable[int] = (EXIT_BAD_INPUT,),
                   leaves: Sequence[Path] = ()) -> Outcome:
    """The input is wrong: cogov must refuse it with one of `codes`, say each of `mentions`
    (case-insensitive), and leave none of `leaves` behind."""
    if crashed(r):
        return Outcome(CRASH, r.describe())
    if r.rc == 0:
        return Outcome(SILENT, r.describe())
    codes = tuple(codes)
    missing = [m for m in mentions if m.lower() not in r.text.lower()]
    if r.rc not in codes or missing:
        why = f"wanted exit {'/'.join(map(str, codes))}" + (
            f" naming {missing}" if missing else "")
        return Outcome(SILENT, f"{why}; got {r.describe()}")
    left = [str(p) for p in leaves if p.exists() or p.is_symlink()]
    if left:
        return Outcome(SILENT, f"refused but left {left}: {r.describe()}")
    return Outcome(REFUSED, r.describe())


def expect_success(r: Result, check: Callable[[], str | None] | None = None) -> Outcome:
    """The input is fine: cogov must succeed, and `check` (returning an error text or None)
    must pass."""
    if crashed(r):
        return Outcome(CRASH, r.describe())
    if r.rc != 0:
        return Outcome(SILENT, f"wanted success; got {r.describe()}")
    problem = check() if check else None
    if problem:
        return Outcome(SILENT, f"{problem}: {r.describe()}")
    return Outcome(ACCEPTED, r.describe())


@dataclasses.dataclass
class Attack:
    area: str
    name: str
    func: Callable[[Context], Outcome | list[Outcome]]
    slow: bool


REGISTRY: list[Attack] = []


def attack(area: str, name: str, slow: bool = False):
    """Registers an attack; `slow` ones (more than a few seconds) are skipped by --quick."""

    def register(func):
        REGISTRY.append(Attack(area, name, func, slow))
        return func

    return register
