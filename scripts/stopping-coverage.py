#!/usr/bin/python3
"""Coverage of the 95% t interval after the stopping rule of `cogov sweep --until` stopped
(docs/analysis.md, "Enough replicates"): simulated adaptive sweeps of paired differences
with sd 1 and true mean 0, tolerance a multiple of the sd. Prints the table in the docs.
The rule is the engine's (engine/run/src/stopping.cpp): stop when at least `min_replicates`
pairs give a t half-width <= tolerance, or at the maximum; tests/run/test_stopping.cpp
checks the normal rows from C++.

    /usr/bin/python3 scripts/stopping-coverage.py [--sweeps 6000]
"""
import argparse

import numpy as np
from scipy import stats

LOGNORMAL_SD = np.sqrt((np.exp(0.25) - 1) * np.exp(0.25))
DATA = {
    "normal": lambda rng, shape: rng.normal(0, 1, shape),
    "t, 5 degrees of freedom": lambda rng, shape: rng.standard_t(5, shape) / np.sqrt(5 / 3),
    "lognormal(0, 0.5), skewness 1.75":
        lambda rng, shape: (rng.lognormal(0, 0.5, shape) - np.exp(0.125)) / LOGNORMAL_SD,
}
TOLERANCES = (0.25, 0.4, 0.6, 0.8, 1.0, 1.3)


def half_width(x):
    n = len(x)
    return stats.t.ppf(0.975, n - 1) * x.std(ddof=1) / np.sqrt(n)


def adaptive(x, first, step, minimum, tolerance, most):
    n = first
    while not ((n >= minimum and half_width(x[:n]) <= tolerance) or n >= most):
        n = min(most, n + step)
    return x[:n]


def coverage(data, sweeps, seed, first=4, step=4, minimum=8, tolerance=None, most=400, fixed=None):
    rng = np.random.default_rng(seed)
    xs = DATA[data](rng, (sweeps, most))
    covered, used = 0, 0
    for x in xs:
        y = x[:fixed] if fixed else adaptive(x, first, step, minimum, tolerance, most)
        covered += abs(y.mean()) <= half_width(y)
        used += len(y)
    return covered / sweeps, used / sweeps


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sweeps", type=int, default=6000)
    a = ap.parse_args()
    print("| differences | " + " | ".join(f"±{t:g} sd" for t in TOLERANCES) + " |")
    print("|---" * (len(TOLERANCES) + 1) + "|")
    rows = [(d, {}) for d in DATA] + [("normal", dict(first=2, step=2, minimum=2))]
    for k, (data, rule) in enumerate(rows):
        cells = [coverage(data, a.sweeps, 10 + k, tolerance=t, **rule) for t in TOLERANCES]
        name = data if not rule else "normal, allowed to stop at 2 pairs (rounds of 2)"
        print(f"| {name} | " + " | ".join(f"{c:.3f} ({n:.0f})" for c, n in cells) + " |")
    for n in (8, 10):
        c, _ = coverage("lognormal(0, 0.5), skewness 1.75", a.sweeps, 99, fixed=n)
        print(f"fixed n = {n}, lognormal(0, 0.5): {c:.3f}")


if __name__ == "__main__":
    main()
