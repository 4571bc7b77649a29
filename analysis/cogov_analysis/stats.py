"""Intervals: t intervals for means over replicates, and percentile bootstrap intervals for
paired and unpaired differences. Bootstraps are seeded, so a report is reproducible."""
from __future__ import annotations

import numpy as np
from scipy import stats as sps

DEFAULT_LEVEL = 0.95
DEFAULT_BOOT = 10000
DEFAULT_SEED = 20261122


def mean_ci(x, level: float = DEFAULT_LEVEL) -> tuple[float, float, float]:
    """Mean and Student-t interval; bounds are NaN with fewer than two values."""
    x = np.asarray(x, dtype=float)
    mean = float(np.mean(x)) if x.size else float("nan")
    if x.size < 2:
        return mean, float("nan"), float("nan")
    half = sps.t.ppf(0.5 + level / 2, x.size - 1) * np.std(x, ddof=1) / np.sqrt(x.size)
    return mean, mean - half, mean + half


def _percentiles(samples: np.ndarray, level: float) -> tuple[float, float]:
    lo, hi = np.percentile(samples, [50 * (1 - level), 50 * (1 + level)])
    return float(lo), float(hi)


def bootstrap_mean_ci(x, level: float = DEFAULT_LEVEL, n_boot: int = DEFAULT_BOOT,
                      seed: int = DEFAULT_SEED) -> tuple[float, float]:
    """Percentile bootstrap interval of the mean of x (for paired differences: x = b - a)."""
    x = np.asarray(x, dtype=float)
    if x.size < 2:
        return float("nan"), float("nan")
    rng = np.random.default_rng(seed)
    means = x[rng.integers(0, x.size, size=(n_boot, x.size))].mean(axis=1)
    return _percentiles(means, level)


def bootstrap_unpaired_ci(a, b, level: float = DEFAULT_LEVEL, n_boot: int = DEFAULT_BOOT,
                          seed: int = DEFAULT_SEED) -> tuple[float, float]:
    """Percentile bootstrap interval of mean(a) - mean(b), resampling a and b independently
    (what the interval would be without pairing)."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if a.size < 2 or b.size < 2:
        return float("nan"), float("nan")
    rng = np.random.default_rng(seed)
    ma = a[rng.integers(0, a.size, size=(n_boot, a.size))].mean(axis=1)
    mb = b[rng.integers(0, b.size, size=(n_boot, b.size))].mean(axis=1)
    return _percentiles(ma - mb, level)


def bootstrap_rows_ci(rows: np.ndarray, statistic, level: float = DEFAULT_LEVEL,
                      n_boot: int = DEFAULT_BOOT, seed: int = DEFAULT_SEED) -> tuple[float, float]:
    """Percentile bootstrap of statistic(rows[sample]) resampling whole rows (e.g. the
    replicates of a factorial experiment, keeping each replicate's cells together)."""
    rows = np.asarray(rows, dtype=float)
    if rows.shape[0] < 2:
        return float("nan"), float("nan")
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, rows.shape[0], size=(n_boot, rows.shape[0]))
    values = np.array([statistic(rows[p]) for p in picks])
    return _percentiles(values, level)
