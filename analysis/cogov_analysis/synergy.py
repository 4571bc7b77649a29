"""Synergy in a 2 x 2 factorial experiment: neither policy (baseline), A alone, B alone,
both. Per replicate (the four runs share a seed), with y the outcome:

    effect of A alone      y_A  - y_0
    effect of B alone      y_B  - y_0
    sum of the parts       (y_A - y_0) + (y_B - y_0)
    combined effect        y_AB - y_0
    interaction            y_AB - y_A - y_B + y_0   (= combined - sum of the parts)
    main effect of A       ((y_A - y_0) + (y_AB - y_B)) / 2, and B likewise

Each effect is a per-replicate contrast; its interval is the Student-t interval of the
contrast's mean over replicates (a BCa bootstrap over whole replicates with method='bca'),
its p-value the t test of mean 0. Each sweep point is tested on its own; with several points
Holm's correction runs over the points. The combined effect exceeds the sum of the parts
("synergy") when the interaction is significant on the better side (above zero, below zero
for outcomes where less is better) and at least the practical threshold (negligible x
|mean of the neither cell|).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .io import AnalysisError
from .metrics import outcomes, parse_metric
from .stats import (DEFAULT_BOOT, DEFAULT_LEVEL, DEFAULT_NEGLIGIBLE, DEFAULT_SEED, METHODS,
                    bca_interval, few_pairs_warning, holm, t_interval, t_test_p)

EFFECTS = {
    # name: weights on (y_0, y_A, y_B, y_AB)
    "A alone": (-1, 1, 0, 0),
    "B alone": (-1, 0, 1, 0),
    "sum of the parts": (-2, 1, 1, 0),
    "combined": (-1, 0, 0, 1),
    "interaction": (1, -1, -1, 1),
    "main effect A": (-0.5, 0.5, -0.5, 0.5),
    "main effect B": (-0.5, -0.5, 0.5, 0.5),
}


def synergy(sweep, metric, baseline: str, a: str, b: str, both: str,
            level: float = DEFAULT_LEVEL, n_boot: int = DEFAULT_BOOT, seed: int = DEFAULT_SEED,
            lower_is_better: bool | None = None, method: str = "t",
            negligible: float = DEFAULT_NEGLIGIBLE, table: pd.DataFrame | None = None
            ) -> pd.DataFrame:
    """Rows: the effects above (per sweep point) with estimate, ci_low, ci_high, p_value,
    p_holm; attrs hold the verdict (one per point in attrs['verdicts'])."""
    m = parse_metric(metric)
    lower = m.lower_is_better if lower_is_better is None else lower_is_better
    bounds = m.bounds(sweep.first_run())
    if table is None:
        table = outcomes(sweep, [m])
    return synergy_table(table, m.name, baseline, a, b, both, level, n_boot, seed, lower,
                         method=method, negligible=negligible, bounds=bounds,
                         parameters=sweep.parameters)


def _verdict(est, p_adj, alpha, threshold, lower) -> str:
    if np.isfinite(p_adj) and p_adj < alpha:
        if abs(est) < threshold:
            return ("negligible interaction: significant but smaller than the practical "
                    f"threshold {threshold:.3g}")
        if (est < 0) == lower:
            return "synergy: the combined effect exceeds the sum of the parts"
        return "sub-additive: the combined effect falls short of the sum of the parts"
    return "no evidence of interaction: the combined effect is consistent with the sum of the parts"


def synergy_table(table: pd.DataFrame, column: str, baseline: str, a: str, b: str, both: str,
                  level: float = DEFAULT_LEVEL, n_boot: int = DEFAULT_BOOT,
                  seed: int = DEFAULT_SEED, lower_is_better: bool = False, method: str = "t",
                  negligible: float = DEFAULT_NEGLIGIBLE, bounds=(None, None),
                  parameters=()) -> pd.DataFrame:
    """synergy() on a table of outcomes (variant, point, replicate, seed, `column`)."""
    if method not in METHODS:
        raise AnalysisError(f"interval method '{method}': choose from {', '.join(METHODS)}")
    names = [baseline, a, b, both]
    present = set(table["variant"])
    for v in names:
        if v not in present:
            raise AnalysisError(f"factorial variant '{v}' is not in the sweep; variants: "
                                f"{', '.join(dict.fromkeys(table['variant']))}")
    cells = table.pivot_table(index=["point", "replicate"], columns="variant", values=column)
    seeds = table.pivot_table(index=["point", "replicate"], columns="variant", values="seed")
    cells = cells[names].dropna()
    if (seeds.loc[cells.index, names].nunique(axis=1) > 1).any():
        raise AnalysisError("the factorial variants used different seeds for a replicate")
    counts = cells.groupby(level="point").size()
    if counts.empty or counts.min() < 2:
        raise AnalysisError(f"synergy needs at least 2 complete replicates of {', '.join(names)}"
                            f" at each sweep point; {counts.min() if len(counts) else 0} found")
    parameters = [p for p in parameters if p in table.columns]
    low, high = bounds
    records = []
    for point, group in cells.groupby(level="point"):
        y = group.to_numpy()
        for name, w in EFFECTS.items():
            w = np.asarray(w, dtype=float)
            contrast = y @ w
            est, lo, hi = (float(v) for v in t_interval(contrast, level))
            if method == "bca":
                lo, hi = bca_interval(tuple(y.T), lambda *c, axis=-1, w=w: np.mean(
                    sum(wk * ck for wk, ck in zip(w, c)), axis=axis), level, n_boot, seed,
                    paired=True)
            if low is not None and high is not None:
                reach = (high - low) * w[w > 0].sum()
                lo, hi = max(lo, -reach), min(hi, reach)
            rec = {"point": point}
            rec.update({k: table.loc[table["point"] == point, k].iloc[0] for k in parameters})
            rec.update({"effect": name, "estimate": est, "ci_low": lo, "ci_high": hi,
                        "p_value": float(t_test_p(contrast)), "replicates": len(y),
                        "neither_mean": float(y[:, 0].mean())})
            records.append(rec)
    result = pd.DataFrame.from_records(records)
    result["p_holm"] = np.nan
    for _, rows in result.groupby("effect", sort=False):
        result.loc[rows.index, "p_holm"] = holm(rows["p_value"])
    lower = lower_is_better
    alpha = 1 - level
    verdicts = {}
    for r in result[result["effect"] == "interaction"].itertuples():
        verdicts[r.point] = _verdict(r.estimate, r.p_holm, alpha, negligible * abs(r.neither_mean),
                                     lower)
    replicates = int(counts.min())
    result = result.drop(columns=["neither_mean"])
    if len(counts) == 1:
        result = result.drop(columns=["point", "p_holm"] + parameters)
    result.attrs.update(metric=column, verdict=next(iter(verdicts.values())), verdicts=verdicts,
                        replicates=replicates, level=level, method=method,
                        factors={"baseline": baseline, "A": a, "B": b, "both": both},
                        lower_is_better=lower, points=len(counts), negligible=negligible,
                        warning=few_pairs_warning(replicates, "replicates"))
    return result

