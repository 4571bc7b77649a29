"""Intervals and tests over replicates.

By default every interval is a Student-t interval: for a mean over replicates, for the mean
paired difference (paired t), for an unpaired difference (Welch), and for any per-replicate
contrast (the factorial interaction). Bounded outcomes keep their bounds: a mean of a share
(or any value in [lo, hi]) gets a t interval on the logit scale, a mean of a non-negative
value (counts, yuan) one on the log scale, both by the delta method around the arithmetic
mean; differences of bounded values are clipped to the range a difference can take. A ratio
of paired means (cost per unit of harm averted) gets Fieller's interval, which says when it
is unbounded. The percentile bootstrap is gone; a BCa bootstrap is available as an option
(seeded, so a report is reproducible). P-values are t tests; holm() adjusts a family of
them. docs/analysis.md explains each choice and tests/analysis/test_coverage.py measures the
coverage of every interval the report prints.

The core functions work along the last axis of an array (one row per simulation or per
time step), so the coverage test and time-series bands call them once.
"""
from __future__ import annotations

import math
import warnings

import numpy as np
from scipy import stats as sps

DEFAULT_LEVEL = 0.95
DEFAULT_BOOT = 10000
DEFAULT_SEED = 20261122
DEFAULT_NEGLIGIBLE = 0.01   # practical threshold, relative to the baseline mean
FEW_PAIRS = 5               # fewer pairs (replicates) than this: the report warns
METHODS = ("t", "bca")


def _tq(level: float, df):
    return sps.t.ppf(0.5 + level / 2, df)


def _moments(x):
    x = np.asarray(x, dtype=float)
    n = x.shape[-1]
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = x.mean(axis=-1) if n else np.full(x.shape[:-1], np.nan)
        sd = x.std(axis=-1, ddof=1) if n > 1 else np.full(x.shape[:-1], np.nan)
    return x, n, mean, sd


def t_interval(x, level: float = DEFAULT_LEVEL):
    """Mean of x along the last axis and its Student-t interval; NaN bounds with fewer than
    two values. For paired differences pass x = variant - baseline (the paired t interval)."""
    x, n, mean, sd = _moments(x)
    if n < 2:
        nan = np.full_like(mean, np.nan)
        return mean, nan, nan.copy()
    half = _tq(level, n - 1) * sd / math.sqrt(n)
    return mean, mean - half, mean + half


def bounded_mean_interval(x, level: float = DEFAULT_LEVEL, low: float | None = None,
                          high: float | None = None):
    """Mean and a t interval that respects the bounds of the values.

    Both bounds: t interval for logit((mean - low) / (high - low)), standard error by the
    delta method, mapped back. Only a lower bound: the same on log(mean - low). No bounds:
    the plain t interval. Values all at a bound (sd 0) give the point itself."""
    x, n, mean, sd = _moments(x)
    if low is None and high is None:
        return t_interval(x, level)
    if n < 2:
        nan = np.full_like(mean, np.nan)
        return mean, nan, nan.copy()
    q = _tq(level, n - 1)
    se = sd / math.sqrt(n)
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        if low is not None and high is not None:
            span = high - low
            p = (mean - low) / span
            inside = (p > 0) & (p < 1) & (se > 0)
            pc = np.where(inside, p, 0.5)
            centre = np.log(pc / (1 - pc))
            half = q * se / span / (pc * (1 - pc))
            lo = low + span / (1 + np.exp(-(centre - half)))
            hi = low + span / (1 + np.exp(-(centre + half)))
        else:
            sign = 1.0 if low is not None else -1.0
            edge = low if low is not None else high
            v = sign * (mean - edge)  # distance from the bound, >= 0
            inside = (v > 0) & (se > 0)
            vc = np.where(inside, v, 1.0)
            half = q * se / vc
            a, b = edge + sign * vc * np.exp(-half), edge + sign * vc * np.exp(half)
            lo, hi = np.minimum(a, b), np.maximum(a, b)
        lo = np.where(inside, lo, mean)
        hi = np.where(inside, hi, mean)
    return mean, lo, hi


def welch_interval(a, b, level: float = DEFAULT_LEVEL):
    """mean(a) - mean(b) along the last axis with Welch's t interval (the two groups taken
    as independent: what the interval would be without pairing)."""
    a, na, ma, sa = _moments(a)
    b, nb, mb, sb = _moments(b)
    diff = ma - mb
    if na < 2 or nb < 2:
        nan = np.full_like(diff, np.nan)
        return diff, nan, nan.copy()
    va, vb = sa ** 2 / na, sb ** 2 / nb
    with np.errstate(invalid="ignore", divide="ignore"):
        df = (va + vb) ** 2 / (va ** 2 / (na - 1) + vb ** 2 / (nb - 1))
        df = np.where(np.isfinite(df), df, na + nb - 2)
    half = _tq(level, df) * np.sqrt(va + vb)
    return diff, diff - half, diff + half


def t_test_p(x):
    """Two-sided p-value of the one-sample t test of mean 0 along the last axis (for paired
    differences: the paired t test). Zero spread: p = 1 if every value is 0, else 0."""
    x, n, mean, sd = _moments(x)
    if n < 2:
        return np.full_like(mean, np.nan)
    with np.errstate(invalid="ignore", divide="ignore"):
        t = mean / (sd / math.sqrt(n))
        p = 2 * sps.t.sf(np.abs(t), n - 1)
    p = np.where(sd > 0, p, np.where(mean == 0, 1.0, 0.0))
    return p


def holm(p) -> np.ndarray:
    """Holm's step-down adjusted p-values for a family of tests (NaNs left out of the
    family and returned as NaN)."""
    p = np.asarray(p, dtype=float)
    out = np.full_like(p, np.nan)
    ok = np.flatnonzero(np.isfinite(p))
    m = ok.size
    if m == 0:
        return out
    order = ok[np.argsort(p[ok], kind="stable")]
    adjusted = np.minimum(1.0, np.maximum.accumulate((m - np.arange(m)) * p[order]))
    out[order] = adjusted
    return out


def clip_interval(lo, hi, low: float | None, high: float | None):
    """Clips a difference interval to what a difference of two values in [low, high] can be,
    [low - high, high - low]; returns (lo, hi, clipped?)."""
    if low is None or high is None:
        return lo, hi, np.zeros(np.shape(lo), dtype=bool)
    span = high - low
    clipped = (np.asarray(lo) < -span) | (np.asarray(hi) > span)
    return np.maximum(lo, -span), np.minimum(hi, span), clipped


def fieller_ratio(num, den, level: float = DEFAULT_LEVEL):
    """Ratio of means mean(num) / mean(den) over paired replicates (num_i, den_i) along the
    last axis, with Fieller's interval: the set of R with

        (mean(num) - R mean(den))^2 <= t^2 var(num_i - R den_i) / n,

    t with n - 1 degrees of freedom (exact when the pairs are normal). Returns (ratio, lo,
    hi, bounded): bounded is False when the denominator's own t interval includes 0; the set
    is then unbounded (the whole line or two half-lines) and lo, hi are NaN."""
    num, n, mn, _ = _moments(num)
    den = np.asarray(den, dtype=float)
    md = den.mean(axis=-1) if n else np.full(mn.shape, np.nan)
    with np.errstate(invalid="ignore", divide="ignore"):
        ratio = mn / md
    if n < 2:
        nan = np.full_like(ratio, np.nan)
        return ratio, nan, nan.copy(), np.zeros(np.shape(ratio), dtype=bool)
    cn, cd = num - mn[..., None], den - md[..., None]
    vnn = (cn * cn).sum(axis=-1) / (n - 1) / n
    vdd = (cd * cd).sum(axis=-1) / (n - 1) / n
    vnd = (cn * cd).sum(axis=-1) / (n - 1) / n
    q2 = _tq(level, n - 1) ** 2
    a = md * md - q2 * vdd
    b = mn * md - q2 * vnd
    c = mn * mn - q2 * vnn
    bounded = a > 0
    with np.errstate(invalid="ignore", divide="ignore"):
        root = np.sqrt(np.maximum(b * b - a * c, 0.0))
        lo = np.where(bounded, (b - root) / a, np.nan)
        hi = np.where(bounded, (b + root) / a, np.nan)
    return ratio, lo, hi, bounded


def few_pairs_warning(n: int, what: str = "pairs") -> str:
    """The words the report and the command print next to a result from few replicates."""
    if n >= FEW_PAIRS:
        return ""
    return (f"Only {n} {what}: with fewer than {FEW_PAIRS} the interval rests on the "
            f"assumption that the {what}' values are roughly normal, which {n} values cannot "
            "check; treat the result as provisional and add replicates.")


# --- The bootstrap (an option: --interval bca) -------------------------------------------

def bca_interval(samples, statistic, level: float = DEFAULT_LEVEL, n_boot: int = DEFAULT_BOOT,
                 seed: int = DEFAULT_SEED, paired: bool = False) -> tuple[float, float]:
    """BCa bootstrap interval of statistic(*samples) (scipy.stats.bootstrap), seeded.
    paired=True resamples the samples' rows together (paired designs, factorial cells).
    NaN with fewer than two values, or when every resample gives the same value."""
    samples = tuple(np.asarray(s, dtype=float) for s in samples)
    if min(s.size for s in samples) < 2:
        return float("nan"), float("nan")
    if all(np.ptp(s) == 0 for s in samples):
        value = float(statistic(*samples))
        return value, value
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = sps.bootstrap(samples, statistic, n_resamples=n_boot, vectorized=True,
                            paired=paired, confidence_level=level, method="BCa",
                            random_state=np.random.default_rng(seed))
    lo, hi = res.confidence_interval
    return float(lo), float(hi)


def _mean_stat(x, axis=-1):
    return np.mean(x, axis=axis)


def _diff_stat(a, b, axis=-1):
    return np.mean(a, axis=axis) - np.mean(b, axis=axis)


def bootstrap_mean_ci(x, level: float = DEFAULT_LEVEL, n_boot: int = DEFAULT_BOOT,
                      seed: int = DEFAULT_SEED) -> tuple[float, float]:
    """BCa bootstrap interval of the mean of x (for paired differences: x = b - a)."""
    return bca_interval((x,), _mean_stat, level, n_boot, seed)


def bootstrap_unpaired_ci(a, b, level: float = DEFAULT_LEVEL, n_boot: int = DEFAULT_BOOT,
                          seed: int = DEFAULT_SEED) -> tuple[float, float]:
    """BCa bootstrap interval of mean(a) - mean(b), resampling a and b independently."""
    return bca_interval((a, b), _diff_stat, level, n_boot, seed)


# --- Scalar conveniences ----------------------------------------------------------------

def mean_ci(x, level: float = DEFAULT_LEVEL) -> tuple[float, float, float]:
    """Mean and Student-t interval of a 1-D sample; bounds NaN with fewer than two values."""
    return tuple(float(v) for v in t_interval(np.asarray(x, dtype=float), level))


def mean_interval(x, level: float = DEFAULT_LEVEL, bounds=(None, None), method: str = "t",
                  n_boot: int = DEFAULT_BOOT, seed: int = DEFAULT_SEED):
    """(mean, lo, hi) of a 1-D sample: bounded t interval, or BCa with method='bca'."""
    x = np.asarray(x, dtype=float)
    if method == "bca":
        lo, hi = bootstrap_mean_ci(x, level, n_boot, seed)
        return (float(x.mean()) if x.size else float("nan")), lo, hi
    return tuple(float(v) for v in bounded_mean_interval(x, level, *bounds))
