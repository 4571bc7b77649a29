#!/usr/bin/env python3
"""Replays every reliability attack (tests/reliability/attacks/) against a cogov binary and
prints a table: attempts, refused clearly, accepted correctly, silently accepted,
crashes/hangs, data lost. Exits 1 when any of the last three is not zero (docs/reliability.md).

usage: attack.py --cogov build/release/cogov [--only TEXT] [--quick] [--verbose] [--keep DIR]
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import shutil
import sys
import tempfile
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import harness  # noqa: E402
import attacks  # noqa: E402


def load_all() -> None:
    for info in sorted(pkgutil.iter_modules(attacks.__path__), key=lambda m: m.name):
        importlib.import_module(f"attacks.{info.name}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cogov", required=True, type=Path)
    ap.add_argument("--repo", type=Path, default=HERE.parents[1])
    ap.add_argument("--only", default="", help="run attacks whose area/name contains this")
    ap.add_argument("--quick", action="store_true", help="skip the slow attacks")
    ap.add_argument("--verbose", "-v", action="store_true", help="print every attempt")
    ap.add_argument("--keep", type=Path, help="keep scratch directories under this one")
    a = ap.parse_args()
    load_all()
    cogov = a.cogov.resolve()
    root = Path(tempfile.mkdtemp(prefix="cogov-attack-", dir=a.keep))
    rows = []
    totals = dict.fromkeys(harness.KINDS, 0)
    bad_details = []
    started = time.monotonic()
    for i, atk in enumerate(harness.REGISTRY):
        label = f"{atk.area}/{atk.name}"
        if a.only and a.only not in label or (a.quick and atk.slow):
            continue
        tmp = root / f"{i:03d}"
        tmp.mkdir()
        t0 = time.monotonic()
        try:
            got = atk.func(harness.Context(cogov, a.repo.resolve(), tmp))
        except Exception:  # a broken attack is a failure of the harness, shown as such
            got = harness.Outcome(harness.CRASH, "attack raised:\n" + traceback.format_exc())
        outcomes = got if isinstance(got, list) else [got]
        counts = dict.fromkeys(harness.KINDS, 0)
        for o in outcomes:
            counts[o.kind] += 1
            totals[o.kind] += 1
            if o.kind in harness.BAD:
                bad_details.append(f"{label}: {o.kind}: {o.detail}")
            elif a.verbose:
                print(f"  {label}: {o.kind}: {o.detail}", flush=True)
        rows.append((label, len(outcomes), counts, time.monotonic() - t0))
        if a.verbose:
            print(f"{label}: {len(outcomes)} attempt(s), {time.monotonic() - t0:.1f} s", flush=True)
    width = max([len(r[0]) for r in rows] + [6])
    head = f"{'attack':<{width}}  attempts  " + "  ".join(k for k in harness.KINDS)
    print(head)
    print("-" * len(head))
    for label, n, counts, _ in rows:
        print(f"{label:<{width}}  {n:>8}  " + "  ".join(f"{counts[k]:>{len(k)}}" for k in harness.KINDS))
    print("-" * len(head))
    total = sum(totals.values())
    print(f"{'total':<{width}}  {total:>8}  " + "  ".join(f"{totals[k]:>{len(k)}}" for k in harness.KINDS))
    print(f"{len(rows)} attacks in {time.monotonic() - started:.0f} s")
    for d in bad_details:
        print(d)
    if not a.keep:
        shutil.rmtree(root, ignore_errors=True)
    return 1 if any(totals[k] for k in harness.BAD) or not rows else 0


if __name__ == "__main__":
    sys.exit(main())
