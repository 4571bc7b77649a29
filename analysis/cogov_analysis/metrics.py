"""Derived outcomes of one run, named by a metric string "SERIES[LABEL]:STAT".

    participation_share:auc          area under the curve over days (share x days)
    participation_share:peak         the largest value; peak_day: the day it is reached
    fraud_losses:final               the value after the last step
    rumour_believers:mean            mean over all rows
    participation_by_age[senior]:day=90   value at the first row with day >= 90
    spending_total:final             (cumulative series) total spending
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .io import INDEX_FIXED, AnalysisError, Run

STATS = ("auc", "peak", "peak_day", "final", "mean", "day=<d>")
_PATTERN = re.compile(r"^(?P<series>[A-Za-z0-9_.]+)(\[(?P<label>[^\]]+)\])?:(?P<stat>[a-z_]+(=[0-9.]+)?)$")

# Outcomes where a smaller value is the better one (used for ranking and for the sign of
# "synergy"); everything else is taken as larger-is-better.
_LOWER_IS_BETTER = re.compile(
    r"^(fraud_|rumour_believers|rumour_reach|new_believers|exposed_|newly_exposed|"
    r"open_vulnerabilities|breaches|recently_victimised|reports_waiting|mean_fatigue|"
    r"mean_perceived_risk|spending_|mean_disruption)")


@dataclass(frozen=True)
class Metric:
    series: str
    stat: str
    label: str | None = None
    day: float | None = None

    @property
    def name(self) -> str:
        label = f"[{self.label}]" if self.label else ""
        stat = f"day={self.day:g}" if self.day is not None else self.stat
        return f"{self.series}{label}:{stat}"

    @property
    def lower_is_better(self) -> bool:
        return bool(_LOWER_IS_BETTER.match(self.series)) and self.stat != "peak_day"

    def values(self, run: Run) -> np.ndarray:
        s = run.get(self.series)
        if s.dim is not None and self.label is None:
            raise AnalysisError(
                f"metric {self.name}: {self.series} has a {s.dim} dimension; name a column, "
                f"e.g. {self.series}[{s.labels[0]}]:{self.stat}")
        return s.column(self.label) if self.label else s.values

    def __call__(self, run: Run) -> float:
        y = self.values(run).astype(float)
        day = run.day
        if self.stat == "auc":
            return float(np.trapz(y, day))
        if self.stat == "peak":
            return float(np.max(y))
        if self.stat == "peak_day":
            return float(day[int(np.argmax(y))])
        if self.stat == "final":
            return float(y[-1])
        if self.stat == "mean":
            return float(np.mean(y))
        if self.stat == "day":
            rows = np.nonzero(day >= self.day - 1e-9)[0]
            if rows.size == 0:
                raise AnalysisError(f"metric {self.name}: {run.path} ends on day {day[-1]:g}")
            return float(y[rows[0]])
        raise AnalysisError(f"metric {self.name}: unknown statistic")

    def units(self, run: Run) -> str:
        units = run.get(self.series).units
        if self.stat == "auc":
            return f"{units} x day" if units else "day"
        if self.stat == "peak_day":
            return "day"
        return units


def parse_metric(text: str | Metric) -> Metric:
    if isinstance(text, Metric):
        return text
    m = _PATTERN.match(text.strip())
    if not m:
        raise AnalysisError(f"metric '{text}': expected SERIES[LABEL]:STAT with STAT one of "
                            f"{', '.join(STATS)}, e.g. participation_share:auc")
    stat, day = m["stat"], None
    if stat.startswith("day="):
        stat, day = "day", float(stat[4:])
    elif stat not in STATS:
        raise AnalysisError(f"metric '{text}': unknown statistic '{stat}'; choose from "
                            f"{', '.join(STATS)}")
    return Metric(m["series"], stat, m["label"], day)


COST = Metric("spending_total", "final")


def outcomes(sweep, metrics) -> pd.DataFrame:
    """One row per completed run: the index columns, then one column per metric and
    `cost` (total spending, yuan)."""
    metrics = [parse_metric(m) for m in metrics]
    records = []
    for row, run in sweep.runs():
        rec = {c: row[c] for c in INDEX_FIXED + sweep.parameters}
        for m in metrics:
            rec[m.name] = m(run)
        rec["cost"] = COST(run) if COST.series in run.series else float("nan")
        records.append(rec)
    if not records:
        raise AnalysisError(f"{sweep.dir}: no completed runs to analyse")
    return pd.DataFrame.from_records(records)
