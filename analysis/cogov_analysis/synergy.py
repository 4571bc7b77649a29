"""Synergy in a 2 x 2 factorial experiment: neither policy (baseline), A alone, B alone,
both. Per replicate (the four runs share a seed), with y the outcome:

    effect of A alone      y_A  - y_0
    effect of B alone      y_B  - y_0
    sum of the parts       (y_A - y_0) + (y_B - y_0)
    combined effect        y_AB - y_0
    interaction            y_AB - y_A - y_B + y_0   (= combined - sum of the parts)
    main effect of A       ((y_A - y_0) + (y_AB - y_B)) / 2, and B likewise

Intervals are percentile bootstraps over replicates, resampling each replicate's four runs
together. The combined effect exceeds the sum of the parts ("synergy") when the interval of
the interaction lies above zero (below zero for outcomes where less is better).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .io import AnalysisError
from .metrics import outcomes, parse_metric
from .stats import DEFAULT_BOOT, DEFAULT_LEVEL, DEFAULT_SEED, bootstrap_rows_ci

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
            lower_is_better: bool | None = None) -> pd.DataFrame:
    """Rows: the effects above with estimate, ci_low, ci_high; attrs hold the verdict."""
    m = parse_metric(metric)
    lower = m.lower_is_better if lower_is_better is None else lower_is_better
    return synergy_table(outcomes(sweep, [m]), m.name, baseline, a, b, both, level, n_boot,
                         seed, lower)


def synergy_table(table: pd.DataFrame, column: str, baseline: str, a: str, b: str, both: str,
                  level: float = DEFAULT_LEVEL, n_boot: int = DEFAULT_BOOT,
                  seed: int = DEFAULT_SEED, lower_is_better: bool = False) -> pd.DataFrame:
    """synergy() on a table of outcomes (variant, point, replicate, seed, `column`)."""
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
    if len(cells) < 2:
        raise AnalysisError(f"synergy needs at least 2 complete replicates of {', '.join(names)}; "
                            f"{len(cells)} found")
    y = cells.to_numpy()
    records = []
    for name, w in EFFECTS.items():
        w = np.asarray(w, dtype=float)
        lo, hi = bootstrap_rows_ci(y, lambda rows, w=w: float((rows @ w).mean()), level, n_boot,
                                   seed)
        records.append({"effect": name, "estimate": float((y @ w).mean()), "ci_low": lo,
                        "ci_high": hi})
    result = pd.DataFrame.from_records(records)
    lower = lower_is_better
    inter = result.set_index("effect").loc["interaction"]
    better = (inter["ci_high"] < 0) if lower else (inter["ci_low"] > 0)
    worse = (inter["ci_low"] > 0) if lower else (inter["ci_high"] < 0)
    if better:
        verdict = "synergy: the combined effect exceeds the sum of the parts"
    elif worse:
        verdict = "sub-additive: the combined effect falls short of the sum of the parts"
    else:
        verdict = "no evidence of interaction: the combined effect is consistent with the sum of the parts"
    result.attrs.update(metric=column, verdict=verdict, replicates=len(cells), level=level,
                        factors={"baseline": baseline, "A": a, "B": b, "both": both},
                        lower_is_better=lower)
    return result
