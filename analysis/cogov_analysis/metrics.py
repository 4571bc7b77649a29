"""Derived outcomes of one run, named by a metric string "SERIES[LABEL]:STAT".

    participation_share:auc          area under the curve over days (share x days)
    fraud_successes:total            sum over steps of a "this step" series (all victims)
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

STATS = ("auc", "peak", "peak_day", "final", "mean", "total", "day=<d>")
_PATTERN = re.compile(r"^(?P<series>[A-Za-z0-9_.]+)(\[(?P<label>[^\]]+)\])?:(?P<stat>[a-z_]+(=[0-9.]+)?)$")

# Outcomes where a smaller value is the better one (used for ranking and for the sign of
# "synergy"); everything else is taken as larger-is-better.
_LOWER_IS_BETTER = re.compile(
    r"^(fraud_|rumour_believers|rumour_reach|new_believers|exposed_|newly_exposed|"
    r"open_vulnerabilities|breaches|recently_victimised|reports_waiting|mean_fatigue|"
    r"mean_perceived_risk|spending_|mean_disruption)")

# Units of values that cannot be negative (counts and money); "share" and "[0,1]" are in
# [0, 1]. Intervals of their means respect these bounds (stats.bounded_mean_interval).
_NON_NEGATIVE_UNITS = {"netizens", "victims", "yuan", "attempts", "reports", "report-hours",
                       "count", "NGOs", "enterprises", "breaches", "findings", "groups",
                       "inspections", "orders", "shocks", "vulnerabilities"}
_UNIT_INTERVAL_UNITS = {"share", "[0,1]", "0/1"}

# Readable names for the series analysts ask about; others are spelled out from their name.
SERIES_NAMES = {
    "participation_share": "Participation share",
    "participants": "Participants",
    "fraud_successes": "Fraud victims",
    "fraud_victims_by_age": "Fraud victims",
    "fraud_victims_by_region": "Fraud victims",
    "fraud_losses": "Fraud losses",
    "fraud_losses_by_age": "Fraud losses",
    "fraud_losses_by_region": "Fraud losses",
    "fraud_attempts": "Fraud attempts",
    "unique_victims": "Distinct fraud victims",
    "rumour_reach": "Rumour reach (ever believed)",
    "rumour_believers": "Rumour believers",
    "new_believers": "New rumour believers",
    "exposed_netizens": "Netizens exposed by breaches",
    "newly_exposed": "Netizens newly exposed",
    "breaches": "Data breaches",
    "mean_trust": "Mean trust in government",
    "mean_trust_by_age": "Mean trust in government",
    "mean_fatigue": "Mean fatigue",
    "spending_total": "Government spending",
    "participation_by_age": "Participation share",
    "participation_by_region": "Participation share",
}
_STAT_WORDS = {"auc": "area under the curve", "peak": "peak", "peak_day": "day of the peak",
               "final": "at the end", "mean": "mean over days", "total": "total over the run"}
_LABEL_WORDS = {"senior": "seniors", "minor": "minors", "young": "young adults",
                "middle": "middle-aged", "rural": "rural", "urban": "urban"}


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
        if self.stat == "total":
            return float(np.sum(y))
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

    def bounds(self, run: Run) -> tuple[float | None, float | None]:
        """The range the metric's values can take (None: unbounded on that side): [0, 1] for
        shares (scaled by the run's length for auc), [0, inf) for counts and money, the run's
        first to last day for peak_day. Intervals of means keep inside it."""
        if self.stat == "peak_day":
            return float(run.day[0]), float(run.day[-1])
        units = run.get(self.series).units
        if units in _UNIT_INTERVAL_UNITS:
            if self.stat == "auc":
                return 0.0, float(run.day[-1] - run.day[0])
            if self.stat == "total":
                return 0.0, float(len(run.day))
            return 0.0, 1.0
        if units in _NON_NEGATIVE_UNITS:
            return 0.0, None
        return None, None

    def title(self, units: str | None = None) -> str:
        """A readable name, e.g. "Fraud victims, seniors: total over the run (victims)"."""
        name = series_name(self.series, self.label)
        stat = f"on day {self.day:g}" if self.day is not None else _STAT_WORDS[self.stat]
        return f"{name}: {stat}" + (f" ({units})" if units else "")


def series_name(series: str, label: str | None = None) -> str:
    """Readable name of a series (and one of its columns)."""
    name = SERIES_NAMES.get(series) or series.replace("_", " ").capitalize()
    if label:
        name += f", {_LABEL_WORDS.get(label, label)}"
    elif series in ("fraud_successes", "fraud_losses"):
        name += ", all ages"
    return name


def is_event_series(run: Run, series: str) -> bool:
    """Series that count what happened in each step ("... this step"): their running sum is
    the cumulative count."""
    s = run.get(series)
    return "this step" in s.description or series == "fraud_intercepted"


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
