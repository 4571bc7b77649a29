"""Policy comparison: every variant against a baseline, paired by replicate, at each sweep
point.

Replicate r of every variant (at the same sweep point) ran with the same seed, so the
difference variant - baseline within a replicate removes the noise both runs share. Each
sweep point is compared on its own (points are different worlds, never pooled as if they
were replicates). The interval of the mean paired difference is a paired Student-t interval
(or a BCa bootstrap with method='bca'); the unpaired Welch interval of the same runs is
reported beside it to show how much pairing narrows it. The p-value is the paired t test;
Holm's correction over every comparison of one metric (all variants and points against
their baseline) sets `significant`, and a difference smaller than the practical threshold
(negligible x |baseline mean|) is "negligible" rather than significant. The extra spending
per unit of improvement (yuan per victim averted, ...) has Fieller's interval over the same
pairs.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .io import AnalysisError
from .metrics import outcomes, parse_metric
from .stats import (DEFAULT_BOOT, DEFAULT_LEVEL, DEFAULT_NEGLIGIBLE, DEFAULT_SEED, METHODS,
                    bootstrap_mean_ci, bootstrap_unpaired_ci, clip_interval, fieller_ratio,
                    holm, t_interval, t_test_p, welch_interval)

PAIR_KEY = ["point", "replicate"]
VERDICTS = ("better", "worse", "negligible", "not significant", "no difference")


def default_baseline(sweep) -> str:
    return "baseline" if "baseline" in sweep.variants else sweep.variants[0]


def paired(table: pd.DataFrame, column: str, baseline: str, variant: str) -> pd.DataFrame:
    """Rows (point, replicate) present in both variants: columns base, other, cost_base,
    cost_other."""
    base = table[table["variant"] == baseline].set_index(PAIR_KEY)
    other = table[table["variant"] == variant].set_index(PAIR_KEY)
    common = base.index.intersection(other.index)
    if (base.loc[common, "seed"] != other.loc[common, "seed"]).any():
        raise AnalysisError(f"variants {baseline} and {variant} used different seeds for the "
                            "same replicate: their runs are not paired")
    return pd.DataFrame({"base": base.loc[common, column], "other": other.loc[common, column],
                         "cost_base": base.loc[common, "cost"],
                         "cost_other": other.loc[common, "cost"]})


def compare(sweep, metric, baseline: str | None = None, level: float = DEFAULT_LEVEL,
            n_boot: int = DEFAULT_BOOT, seed: int = DEFAULT_SEED,
            lower_is_better: bool | None = None, method: str = "t",
            negligible: float = DEFAULT_NEGLIGIBLE, table: pd.DataFrame | None = None
            ) -> pd.DataFrame:
    """One row per variant other than the baseline (and per sweep point when the sweep has
    several): pairs, the two means, the mean paired difference with its interval, the
    unpaired interval, width ratio (unpaired / paired), p-values (paired t; Holm-adjusted),
    the verdict, extra cost and cost per unit of improvement with Fieller's interval, and
    the rank within the point (1 = best). `table` reuses outcomes() already computed."""
    m = parse_metric(metric)
    baseline = baseline or default_baseline(sweep)
    lower = m.lower_is_better if lower_is_better is None else lower_is_better
    bounds = m.bounds(sweep.first_run())
    if table is None:
        table = outcomes(sweep, [m])
    return compare_table(table, m.name, baseline, level, n_boot, seed, lower, method=method,
                         negligible=negligible, bounds=bounds, parameters=sweep.parameters)


def _verdict(diff, lo, hi, p_adj, alpha, threshold, lower, all_zero) -> str:
    if all_zero:
        return "no difference"
    if not np.isfinite(diff):
        return "not significant"
    small = abs(diff) < threshold
    if np.isfinite(p_adj) and p_adj < alpha:
        if small:
            return "negligible"
        return "better" if (diff < 0) == lower else "worse"
    if np.isfinite(lo) and -threshold < lo and hi < threshold:
        return "negligible"
    return "not significant"


def _cost(extra, gain, level) -> tuple[float, float, float, str]:
    """Cost per unit of improvement with Fieller's interval, and a note when undefined."""
    if not (np.isfinite(extra).all() and np.isfinite(gain).all()) or extra.size == 0:
        return np.nan, np.nan, np.nan, "spending not recorded"
    if extra.mean() <= 0:
        return np.nan, np.nan, np.nan, "no extra spending"
    if gain.mean() <= 0:
        return np.nan, np.nan, np.nan, "no improvement"
    ratio, lo, hi, bounded = fieller_ratio(extra, gain, level)
    if extra.size < 2:
        return float(ratio), np.nan, np.nan, "one pair: no interval"
    if not bounded:
        return float(ratio), np.nan, np.nan, "unbounded: the improvement's interval includes 0"
    return float(ratio), float(lo), float(hi), ""


def compare_table(table: pd.DataFrame, column: str, baseline: str,
                  level: float = DEFAULT_LEVEL, n_boot: int = DEFAULT_BOOT,
                  seed: int = DEFAULT_SEED, lower_is_better: bool = False, method: str = "t",
                  negligible: float = DEFAULT_NEGLIGIBLE, bounds=(None, None),
                  parameters=()) -> pd.DataFrame:
    """compare() on a table of outcomes: one row per run with variant, point, replicate,
    seed, cost and the outcome `column` (and the swept parameters' columns)."""
    if method not in METHODS:
        raise AnalysisError(f"interval method '{method}': choose from {', '.join(METHODS)}")
    variants = list(dict.fromkeys(table["variant"]))
    if baseline not in variants:
        raise AnalysisError(f"baseline '{baseline}' is not a variant; variants: "
                            f"{', '.join(variants)}")
    lower = lower_is_better
    parameters = [p for p in parameters if p in table.columns]
    points = sorted(table["point"].unique())
    records = []
    for variant in variants:
        if variant == baseline:
            continue
        everything = paired(table, column, baseline, variant)
        for point in points:
            p = everything[everything.index.get_level_values("point") == point]
            if p.empty:
                continue
            base, other = p["base"].to_numpy(), p["other"].to_numpy()
            diff = other - base
            mean_diff, lo, hi = (float(v) for v in t_interval(diff, level))
            _, ulo, uhi = (float(v) for v in welch_interval(other, base, level))
            if method == "bca":
                lo, hi = bootstrap_mean_ci(diff, level, n_boot, seed)
                ulo, uhi = bootstrap_unpaired_ci(other, base, level, n_boot, seed)
            lo, hi, clipped = clip_interval(lo, hi, *bounds)
            ulo, uhi, _ = clip_interval(ulo, uhi, *bounds)
            extra = (p["cost_other"] - p["cost_base"]).to_numpy(dtype=float)
            gain = -diff if lower else diff  # improvement, in the better direction
            cost, cost_lo, cost_hi, cost_note = _cost(extra, gain, level)
            base_mean = float(base.mean())
            rec = {"variant": variant, "point": point}
            rec.update({k: table.loc[table["point"] == point, k].iloc[0] for k in parameters})
            rec.update({
                "metric": column, "pairs": len(p), "baseline_mean": base_mean,
                "variant_mean": float(other.mean()),
                "difference": mean_diff, "ci_low": float(lo), "ci_high": float(hi),
                "clipped": bool(clipped),
                "unpaired_low": float(ulo), "unpaired_high": float(uhi),
                "width_ratio": (uhi - ulo) / (hi - lo) if hi > lo else float("nan"),
                "p_value": float(t_test_p(diff)),
                "threshold": negligible * abs(base_mean),
                "all_zero": bool(np.all(diff == 0)),
                "extra_cost": float(extra.mean()) if extra.size else float("nan"),
                "cost_per_unit": cost, "cost_low": cost_lo, "cost_high": cost_hi,
                "cost_note": cost_note,
            })
            records.append(rec)
    result = pd.DataFrame.from_records(records)
    if result.empty:
        raise AnalysisError(f"no variant besides the baseline '{baseline}'")
    alpha = 1 - level
    result["p_holm"] = holm(result["p_value"])
    result["verdict"] = [
        _verdict(r.difference, r.ci_low, r.ci_high, r.p_holm, alpha, r.threshold, lower,
                 r.all_zero) for r in result.itertuples()]
    result["significant"] = result["verdict"].isin(["better", "worse"])
    score = -result["difference"] if lower else result["difference"]
    result["rank"] = score.groupby(result["point"]).rank(ascending=False,
                                                         method="min").astype(int)
    order = (["variant", "point"] + parameters +
             ["metric", "pairs", "baseline_mean", "variant_mean", "difference", "ci_low",
              "ci_high", "unpaired_low", "unpaired_high", "width_ratio", "p_value", "p_holm",
              "threshold", "verdict", "significant", "extra_cost", "cost_per_unit",
              "cost_low", "cost_high", "cost_note", "rank", "clipped"])
    result = result[order]
    if len(points) == 1:
        result = result.drop(columns=["point"] + parameters)
    result = result.sort_values((["point"] if len(points) > 1 else []) + ["rank"],
                                kind="stable").reset_index(drop=True)
    result.attrs.update(baseline=baseline, metric=column, level=level, lower_is_better=lower,
                        method=method, negligible=negligible, bounds=tuple(bounds),
                        family=int(result["p_value"].notna().sum()),
                        min_pairs=int(result["pairs"].min()), points=len(points),
                        clipped=bool(result["clipped"].any()), n_boot=n_boot)
    return result
