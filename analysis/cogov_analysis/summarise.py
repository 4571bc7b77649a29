"""Per-variant summaries: mean and confidence interval over replicates of derived outcomes,
at each sweep point, with mean spending and cost per unit of outcome."""
from __future__ import annotations

import pandas as pd

from .io import AnalysisError
from .metrics import outcomes, parse_metric
from .stats import DEFAULT_BOOT, DEFAULT_LEVEL, DEFAULT_SEED, METHODS, mean_interval


def interval_name(bounds, method: str = "t") -> str:
    """How a mean's interval was made, in words for tables and reports."""
    if method == "bca":
        return "BCa bootstrap"
    low, high = bounds
    if low is not None and high is not None:
        return "t on the logit scale"
    if low is not None or high is not None:
        return "t on the log scale"
    return "t"


def summarise(sweep, metrics, by: list[str] | None = None,
              level: float = DEFAULT_LEVEL, method: str = "t", n_boot: int = DEFAULT_BOOT,
              seed: int = DEFAULT_SEED, table: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per group (variant, and each swept parameter when the sweep has points) and
    metric: n, mean, ci_low, ci_high, interval (how it was made: Student t, on the logit
    scale for shares and the log scale for counts and yuan so that it stays possible; or
    BCa), sd, cost (mean total spending) and cost_per_unit (cost / mean outcome; NaN when
    nothing was spent or the outcome is 0)."""
    if method not in METHODS:
        raise AnalysisError(f"interval method '{method}': choose from {', '.join(METHODS)}")
    metrics = [parse_metric(m) for m in metrics]
    first = sweep.first_run()
    bounds = {m.name: m.bounds(first) for m in metrics}
    if table is None:
        table = outcomes(sweep, metrics)
    if by is None:
        by = ["variant"] + list(sweep.parameters)
    records = []
    for key, group in table.groupby(by if len(by) > 1 else by[0], sort=False):
        key = key if isinstance(key, tuple) else (key,)
        cost = float(group["cost"].mean())
        for m in metrics:
            mean, lo, hi = mean_interval(group[m.name], level, bounds[m.name], method, n_boot,
                                         seed)
            rec = dict(zip(by, key))
            rec.update(metric=m.name, n=len(group), mean=mean, ci_low=lo, ci_high=hi,
                       interval=interval_name(bounds[m.name], method),
                       sd=float(group[m.name].std(ddof=1)) if len(group) > 1 else float("nan"),
                       cost=cost,
                       cost_per_unit=cost / mean if cost > 0 and mean != 0 else float("nan"))
            records.append(rec)
    result = pd.DataFrame.from_records(records)
    result.attrs.update(level=level, method=method)
    return result
