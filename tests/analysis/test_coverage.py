"""Coverage of every interval the report prints by default, simulated.

For each method, normal and skewed data at n = 3, 4, 8 and 30 replicates: the share of
95% intervals that contain the true value must be at least 0.93. SIMULATIONS = 20000 per
case, so the Monte Carlo standard error of a coverage near 0.95 is
sqrt(0.95 x 0.05 / 20000) = 0.0015: 0.93 is 13 standard errors below the nominal 0.95, and
an interval with a true coverage of 0.92 would fail with near certainty. Fixed seeds; the
whole module runs in a few seconds because the interval functions work along the last
axis of an array (one row per simulation), the same code the report calls.

The skewed cases are moderate on purpose: gamma(8) noise (skewness 0.71) for values of any
sign, gamma(2) (skewness 1.41) for positive values and Beta(2, 18) (skewness 1.2) for
shares. No interval from 3 values can promise coverage for arbitrarily skewed data; the
measured coverage of the t interval under heavier skew is in docs/analysis.md. Run this file
directly to print the table of coverages.
"""
import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "analysis"))
from cogov_analysis.stats import (bounded_mean_interval, clip_interval,  # noqa: E402
                                  fieller_ratio, t_interval, welch_interval)

SIMULATIONS = 20000
LEVEL = 0.95
MINIMUM = 0.93
SIZES = (3, 4, 8, 30)
INTERACTION = (1, -1, -1, 1)   # weights on (neither, A, B, both), as in synergy.EFFECTS


def _skew(rng, shape, k=8.0):
    """Standardised gamma(k) noise: mean 0, sd 1, skewness 2 / sqrt(k)."""
    return (rng.gamma(k, 1.0, shape) - k) / np.sqrt(k)


def _covers(lo, hi, truth):
    return float(np.mean((lo <= truth) & (truth <= hi)))


def mean_t(rng, n, skewed):
    """Mean of an unbounded outcome over replicates: Student t."""
    noise = _skew(rng, (SIMULATIONS, n)) if skewed else rng.normal(size=(SIMULATIONS, n))
    _, lo, hi = t_interval(5.0 + 2.0 * noise, LEVEL)
    return _covers(lo, hi, 5.0)


def mean_log(rng, n, skewed):
    """Mean of a count or yuan amount (>= 0): t on the log scale (delta method)."""
    if skewed:
        x, truth = 50.0 * rng.gamma(2.0, 1.0, (SIMULATIONS, n)), 100.0
    else:
        x, truth = rng.normal(100.0, 15.0, (SIMULATIONS, n)), 100.0
    _, lo, hi = bounded_mean_interval(x, LEVEL, 0.0, None)
    return _covers(lo, hi, truth)


def mean_logit(rng, n, skewed):
    """Mean of a share in [0, 1]: t on the logit scale (delta method)."""
    a, b = (2.0, 18.0) if skewed else (40.0, 60.0)
    _, lo, hi = bounded_mean_interval(rng.beta(a, b, (SIMULATIONS, n)), LEVEL, 0.0, 1.0)
    return _covers(lo, hi, a / (a + b))


def mean_peak_day(rng, n, skewed):
    """Mean of a day in [0, 180] (peak_day): t on the logit scale of day / 180."""
    a, b = (2.0, 18.0) if skewed else (40.0, 60.0)
    _, lo, hi = bounded_mean_interval(180 * rng.beta(a, b, (SIMULATIONS, n)), LEVEL, 0.0, 180.0)
    return _covers(lo, hi, 180 * a / (a + b))


def paired_t(rng, n, skewed):
    """Mean paired difference (variant - baseline, same seed), clipped to the range of a
    difference of shares: paired t. The shared noise cancels; what is left may be skewed."""
    shared = rng.normal(0, 0.05, (SIMULATIONS, n))
    base = 0.3 + shared + rng.normal(0, 0.01, (SIMULATIONS, n))
    left = _skew(rng, (SIMULATIONS, n)) if skewed else rng.normal(size=(SIMULATIONS, n))
    other = base + 0.02 + 0.01 * left
    _, lo, hi = t_interval(other - base, LEVEL)
    lo, hi, _ = clip_interval(lo, hi, 0.0, 1.0)
    return _covers(lo, hi, 0.02)


def welch(rng, n, skewed):
    """Unpaired difference of means with unequal spreads: Welch t."""
    draw = (lambda s: _skew(rng, s)) if skewed else (lambda s: rng.normal(size=s))
    a = 12.0 + 1.0 * draw((SIMULATIONS, n))
    b = 10.0 + 3.0 * draw((SIMULATIONS, n))
    _, lo, hi = welch_interval(a, b, LEVEL)
    return _covers(lo, hi, 2.0)


def interaction_t(rng, n, skewed):
    """The factorial interaction y_both - y_A - y_B + y_neither per replicate (cells of a
    replicate share noise): t interval of its mean, as synergy_table computes it."""
    draw = (lambda s: _skew(rng, s)) if skewed else (lambda s: rng.normal(size=s))
    cells = np.array([0.0, 2.0, 1.0, 3.5])  # true interaction 0.5
    y = 10.0 + 3.0 * draw((SIMULATIONS, n, 1)) + cells + 0.3 * draw((SIMULATIONS, n, 4))
    _, lo, hi = t_interval(y @ np.array(INTERACTION, dtype=float), LEVEL)
    return _covers(lo, hi, 0.5)


def fieller(rng, n, skewed):
    """Extra spending per unit of harm averted over paired replicates: Fieller. A set that
    is unbounded counts as not covering (the report prints no interval then)."""
    draw = (lambda s: _skew(rng, s)) if skewed else (lambda s: rng.normal(size=s))
    common = draw((SIMULATIONS, n))
    averted = 10.0 + 1.5 * (0.6 * common + 0.8 * draw((SIMULATIONS, n)))
    cost = 1000.0 + 80.0 * (0.6 * common + 0.8 * draw((SIMULATIONS, n)))
    _, lo, hi, bounded = fieller_ratio(cost, averted, LEVEL)
    return float(np.mean(bounded & (lo <= 100.0) & (100.0 <= hi)))


METHODS = {"mean, t": mean_t, "mean of a count, t on the log scale": mean_log,
           "mean of a share, t on the logit scale": mean_logit,
           "mean peak day, t on the logit scale": mean_peak_day,
           "paired difference, paired t (clipped)": paired_t,
           "unpaired difference, Welch t": welch,
           "synergy interaction, t": interaction_t,
           "cost per unit averted, Fieller": fieller}


def coverage(method: str, n: int, skewed: bool) -> float:
    seed = [*METHODS].index(method) * 1000 + n * 10 + int(skewed)
    return METHODS[method](np.random.default_rng(seed), n, skewed)


@pytest.mark.parametrize("skewed", [False, True], ids=["normal", "skewed"])
@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize("method", list(METHODS))
def test_coverage_at_least_093(method, n, skewed):
    c = coverage(method, n, skewed)
    assert c >= MINIMUM, f"{method}, n = {n}, {'skewed' if skewed else 'normal'}: {c:.3f}"


if __name__ == "__main__":
    print("| interval | data | " + " | ".join(f"n = {n}" for n in SIZES) + " |")
    print("|---|---|" + "---|" * len(SIZES))
    for method in METHODS:
        for skewed in (False, True):
            cells = " | ".join(f"{coverage(method, n, skewed):.3f}" for n in SIZES)
            print(f"| {method} | {'skewed' if skewed else 'normal'} | {cells} |")
