"""Per-variant summaries: mean and confidence interval over replicates of derived outcomes,
with mean spending and cost per unit of outcome."""
from __future__ import annotations

import numpy as np
import pandas as pd

from .metrics import outcomes, parse_metric
from .stats import DEFAULT_LEVEL, mean_ci


def summarise(sweep, metrics, by: list[str] | None = None,
              level: float = DEFAULT_LEVEL) -> pd.DataFrame:
    """One row per group (variant, and each swept parameter when the sweep has points) and
    metric: n, mean, ci_low, ci_high (Student t), sd, cost (mean total spending) and
    cost_per_unit (cost / mean outcome; NaN when nothing was spent or the outcome is 0)."""
    metrics = [parse_metric(m) for m in metrics]
    table = outcomes(sweep, metrics)
    if by is None:
        by = ["variant"] + list(sweep.parameters)
    records = []
    for key, group in table.groupby(by if len(by) > 1 else by[0], sort=False):
        key = key if isinstance(key, tuple) else (key,)
        cost = float(group["cost"].mean())
        for m in metrics:
            mean, lo, hi = mean_ci(group[m.name], level)
            rec = dict(zip(by, key))
            rec.update(metric=m.name, n=len(group), mean=mean, ci_low=lo, ci_high=hi,
                       sd=float(group[m.name].std(ddof=1)) if len(group) > 1 else float("nan"),
                       cost=cost,
                       cost_per_unit=cost / mean if cost > 0 and mean != 0 else float("nan"))
            records.append(rec)
    return pd.DataFrame.from_records(records)
