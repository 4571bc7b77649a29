"""Policy comparison: every variant against a baseline, paired by replicate.

Replicate r of every variant (at the same sweep point) ran with the same seed, so the
difference variant - baseline within a replicate removes the noise both runs share. The
interval of the mean paired difference is a percentile bootstrap over replicates; the
unpaired interval (resampling the two groups independently) is reported beside it to show
how much pairing narrows it.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .io import AnalysisError
from .metrics import outcomes, parse_metric
from .stats import (DEFAULT_BOOT, DEFAULT_LEVEL, DEFAULT_SEED, bootstrap_mean_ci,
                    bootstrap_unpaired_ci)

PAIR_KEY = ["point", "replicate"]


def default_baseline(sweep) -> str:
    return "baseline" if "baseline" in sweep.variants else sweep.variants[0]


def paired(table: pd.DataFrame, column: str, baseline: str, variant: str) -> pd.DataFrame:
    """Rows (point, replicate) present in both variants: columns base, other, seed."""
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
            lower_is_better: bool | None = None) -> pd.DataFrame:
    """One row per variant other than the baseline: pairs, the two means, the mean paired
    difference with its bootstrap interval, the unpaired interval, width ratio (unpaired /
    paired), extra cost and cost per unit of improvement, and the rank (1 = best)."""
    m = parse_metric(metric)
    baseline = baseline or default_baseline(sweep)
    lower = m.lower_is_better if lower_is_better is None else lower_is_better
    return compare_table(outcomes(sweep, [m]), m.name, baseline, level, n_boot, seed, lower)


def compare_table(table: pd.DataFrame, column: str, baseline: str,
                  level: float = DEFAULT_LEVEL, n_boot: int = DEFAULT_BOOT,
                  seed: int = DEFAULT_SEED, lower_is_better: bool = False) -> pd.DataFrame:
    """compare() on a table of outcomes: one row per run with variant, point, replicate,
    seed, cost and the outcome `column`."""
    variants = list(dict.fromkeys(table["variant"]))
    if baseline not in variants:
        raise AnalysisError(f"baseline '{baseline}' is not a variant; variants: "
                            f"{', '.join(variants)}")
    lower = lower_is_better
    records = []
    for variant in variants:
        if variant == baseline:
            continue
        p = paired(table, column, baseline, variant)
        diff = (p["other"] - p["base"]).to_numpy()
        lo, hi = bootstrap_mean_ci(diff, level, n_boot, seed)
        ulo, uhi = bootstrap_unpaired_ci(p["other"], p["base"], level, n_boot, seed)
        extra_cost = float((p["cost_other"] - p["cost_base"]).mean()) if len(p) else float("nan")
        mean_diff = float(diff.mean()) if diff.size else float("nan")
        gain = -mean_diff if lower else mean_diff  # improvement, in the better direction
        records.append({
            "variant": variant, "metric": column, "pairs": len(p),
            "baseline_mean": float(p["base"].mean()) if len(p) else float("nan"),
            "variant_mean": float(p["other"].mean()) if len(p) else float("nan"),
            "difference": mean_diff, "ci_low": lo, "ci_high": hi,
            "unpaired_low": ulo, "unpaired_high": uhi,
            "width_ratio": (uhi - ulo) / (hi - lo) if hi > lo else float("nan"),
            "extra_cost": extra_cost,
            # Spending per unit of improvement; undefined for no improvement or no spending.
            "cost_per_unit": extra_cost / gain if gain > 0 and extra_cost > 0 else float("nan"),
            "significant": bool(lo > 0 or hi < 0) if np.isfinite(lo) else False,
        })
    result = pd.DataFrame.from_records(records)
    if result.empty:
        raise AnalysisError(f"no variant besides the baseline '{baseline}'")
    score = -result["difference"] if lower else result["difference"]
    result["rank"] = score.rank(ascending=False, method="min").astype(int)
    result.attrs.update(baseline=baseline, metric=column, level=level, lower_is_better=lower)
    return result.sort_values("rank", kind="stable").reset_index(drop=True)
