"""Figures (matplotlib, headless): time series per variant with bands (one panel per sweep
point), paired differences from the baseline over time (one panel per variant, a line per
sweep point, marks where each policy starts and ends), forest plots of paired comparisons,
dose-response of paired differences against a numeric swept parameter, paired differences
per sweep point, heat maps over two swept parameters, outcomes by age
group and a grid-level map. Each function returns a Figure; save() writes PNG and SVG.

Sweep points are never pooled: a band is always over the replicates of one point. Series
that count what happened in each step ("this step") are drawn cumulatively. Intervals of
bounded series stay inside their bounds (stats.bounded_mean_interval)."""
from __future__ import annotations

import math
import textwrap
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.ticker import FuncFormatter, MaxNLocator  # noqa: E402

from .io import AnalysisError, Run  # noqa: E402
from .metrics import (is_event_series, outcomes, parse_metric, series_name,  # noqa: E402
                      _NON_NEGATIVE_UNITS, _UNIT_INTERVAL_UNITS)
from .stats import (DEFAULT_LEVEL, bounded_mean_interval, clip_interval,  # noqa: E402
                    t_interval)

MAX_PANELS = 6   # sweep points drawn in one figure; more are left out, and the title says so


def save(fig, stem: str | Path, formats=("png", "svg")) -> list[Path]:
    """Writes stem.png and stem.svg (or the formats given); returns the paths."""
    stem = Path(stem)
    stem.parent.mkdir(parents=True, exist_ok=True)
    paths = []
    for fmt in formats:
        path = stem.with_suffix(f".{fmt}")
        fig.savefig(path, dpi=120)
        paths.append(path)
    plt.close(fig)
    return paths


def _plain_numbers(ax, units: str, axis: str = "y"):
    """Yuan and other large counts in plain numbers with thousands separators (no 1e6)."""
    fmt = FuncFormatter(lambda v, _: f"{v:,.0f}" if abs(v) >= 1000 or v == int(v)
                        else f"{v:.3g}")
    if "yuan" in units or units in _NON_NEGATIVE_UNITS:
        (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(fmt)


def colour(sweep, variant: str) -> str:
    """The same colour for a variant in every figure (its place in the sweep's variants)."""
    cycle = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    return cycle[sweep.variants.index(variant) % len(cycle)] if variant in sweep.variants \
        else "#444444"


def unit_words(units: str) -> str:
    """Units for an axis label: '[0,1]' reads as '0–1 scale'."""
    return {"[0,1]": "0–1 scale", "0/1": "0 or 1"}.get(units, units)


def _grid(n: int, width: float = 10.0, height: float = 3.0, ncols: int = 3):
    if n == 4 and ncols == 3:
        ncols = 2  # 2 x 2 rather than 3 + 1
    ncols = max(1, min(ncols, n))
    nrows = math.ceil(n / ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(width, height * nrows + 0.6), squeeze=False)
    for ax in axes.flat[n:]:
        ax.set_visible(False)
    return fig, list(axes.flat[:n])


def parse_series(text: str) -> tuple[str, str | None]:
    """SERIES or SERIES[LABEL] (as in metrics) -> (series, label)."""
    text = text.strip()
    if text.endswith("]") and "[" in text:
        name, label = text[:-1].split("[", 1)
        return name, label
    return text, None


def point_labels(sweep) -> dict[int, str]:
    """Sweep point -> its parameter values in words, e.g. "herding 2, altruism 1"."""
    index = sweep.index.drop_duplicates("point").set_index("point")
    short = [p.rsplit(".", 1)[-1] for p in sweep.parameters]
    if len(set(short)) < len(short):
        short = list(sweep.parameters)
    labels = {}
    for point, row in index.iterrows():
        labels[int(point)] = (", ".join(f"{s} {row[p]:g}" if isinstance(row[p], (int, float))
                                        else f"{s} {row[p]}"
                                        for s, p in zip(short, sweep.parameters))
                              or f"point {point}")
    return labels


class _SeriesData:
    """One series (or column) over every completed run: values [run, step], the index rows,
    days, units, bounds and whether it counts events per step (drawn cumulatively)."""

    def __init__(self, sweep, series: str, label: str | None = None,
                 cumulative: bool | None = None):
        rows, arrays = [], []
        first = None
        for row, run in sweep.runs():
            first = first or run
            s = run.get(series)
            if s.dim is not None and label is None:
                raise AnalysisError(f"{series} has a {s.dim} dimension: pass label=, one of "
                                    f"{', '.join(s.labels)}")
            rows.append(row)
            arrays.append(s.column(label) if label else s.values)
        if not arrays:
            raise AnalysisError(f"{sweep.dir}: no completed runs")
        steps = min(len(a) for a in arrays)
        self.values = np.stack([a[:steps] for a in arrays]).astype(float)
        self.rows = pd.DataFrame(rows).reset_index(drop=True)
        self.day = first.day[:steps]
        s = first.get(series)
        self.units = s.units
        self.event = is_event_series(first, series) if cumulative is None else cumulative
        if self.event:
            self.values = np.cumsum(self.values, axis=1)
        self.name = series_name(series, label) + (", cumulative" if self.event else "")
        if s.units in _UNIT_INTERVAL_UNITS and not self.event:
            self.bounds = (0.0, 1.0)
        elif s.units in _NON_NEGATIVE_UNITS:
            self.bounds = (0.0, None)
        else:
            self.bounds = (None, None)

    def select(self, variant: str, point) -> pd.Series:
        """Rows of one variant at one point, indexed by replicate -> row number."""
        mask = (self.rows["variant"] == variant) & (self.rows["point"] == point)
        return pd.Series(self.rows.index[mask], index=self.rows.loc[mask, "replicate"])

    def axis_label(self) -> str:
        return f"{self.name} ({unit_words(self.units)})" if self.units else self.name


def policy_windows(run: Run) -> list[tuple[str, float, float | None]]:
    """(kind, start day, end day or None) of every [[policy]] in a run's resolved scenario."""
    out = []
    for p in run.scenario.get("policy", []) or []:
        start = float(p.get("start_day", 0))
        end = p.get("end_day")  # -1 (or absent): the policy runs to the end
        end = float(end) if end is not None and 0 <= float(end) < run.day[-1] else None
        out.append((str(p.get("name") or p.get("kind", "policy")), start, end))
    return out


def _variant_run(sweep, variant: str) -> Run:
    rows = sweep.done[sweep.done["variant"] == variant]
    return sweep.run(int(rows.iloc[0]["run_id"]))


def _mark_policies(ax, windows, with_labels: bool = True):
    for k, (kind, start, end) in enumerate(windows):
        ax.axvline(start, color="#555555", linestyle="--", linewidth=0.9)
        if end is not None:
            ax.axvline(end, color="#555555", linestyle=":", linewidth=1.1)
        if with_labels:
            name = kind.replace("_", " ")
            ax.annotate(f"{name} starts", (start, 1), xycoords=("data", "axes fraction"),
                        xytext=(3, -10 - 10 * k), textcoords="offset points", fontsize=7,
                        color="#444444")
            if end is not None:
                ax.annotate("ends", (end, 1), xycoords=("data", "axes fraction"),
                            xytext=(3, -10 - 10 * k), textcoords="offset points", fontsize=7,
                            color="#444444")


def series_bands(sweep, series: str, label: str | None = None, variants=None,
                 level: float = DEFAULT_LEVEL, cumulative: bool | None = None):
    """Mean over replicates per variant with its interval as a band, one panel per sweep
    point (never pooled over points); policy starts of any variant marked."""
    data = _SeriesData(sweep, series, label, cumulative)
    points = sorted(data.rows["point"].unique())
    labels = point_labels(sweep)
    shown = points[:MAX_PANELS]
    fig, axes = _grid(len(shown), width=10 if len(shown) > 1 else 8,
                      height=3.2 if len(shown) > 1 else 4.2)
    windows = sorted({(None, s, e) for v in sweep.variants
                      for _, s, e in policy_windows(_variant_run(sweep, v))},
                     key=lambda w: (w[1], w[2] or 0))
    for ax, point in zip(axes, shown):
        for variant in variants or sweep.variants:
            rows = data.select(variant, point).to_numpy()
            if rows.size == 0:
                continue
            mean, lo, hi = bounded_mean_interval(data.values[rows].T, level, *data.bounds)
            (line,) = ax.plot(data.day, mean, label=f"{variant} (n={rows.size})",
                              color=colour(sweep, variant))
            if rows.size > 1:
                ax.fill_between(data.day, lo, hi, color=line.get_color(), alpha=0.2,
                                linewidth=0)
        _mark_policies(ax, [("", s, e) for _, s, e in windows], with_labels=False)
        ax.set_xlabel("day")
        ax.set_ylabel(data.axis_label() if len(shown) == 1 else unit_words(data.units) or "value")
        _plain_numbers(ax, data.units)
        if len(points) > 1:
            ax.set_title(labels.get(int(point), f"point {point}"), fontsize=9)
        ax.legend(fontsize=7)
    more = (f" (first {len(shown)} of {len(points)} sweep points)"
            if len(points) > len(shown) else "")
    fig.suptitle(f"{data.name}: mean and {level:.0%} interval over replicates{more}; "
                 "dashed: a policy starts, dotted: it ends", fontsize=10)
    fig.tight_layout()
    return fig


def difference_bands(sweep, series: str, label: str | None = None, baseline: str | None = None,
                     level: float = DEFAULT_LEVEL, cumulative: bool | None = None):
    """Paired difference variant - baseline over time: one panel per variant, a line per
    sweep point with its paired-t band over replicates, marks where the variant's policies
    start (dashed) and end (dotted)."""
    data = _SeriesData(sweep, series, label, cumulative)
    baseline = baseline or ("baseline" if "baseline" in sweep.variants else sweep.variants[0])
    others = [v for v in sweep.variants if v != baseline]
    if not others:
        raise AnalysisError("a difference needs a variant besides the baseline")
    points = sorted(data.rows["point"].unique())
    shown = points[:MAX_PANELS]
    labels = point_labels(sweep)
    fig, axes = _grid(len(others), width=10 if len(others) > 1 else 8,
                      height=3.2 if len(others) > 1 else 4.2)
    for ax, variant in zip(axes, others):
        for point in shown:
            base, other = data.select(baseline, point), data.select(variant, point)
            common = base.index.intersection(other.index)
            if common.empty:
                continue
            diff = data.values[other[common].to_numpy()] - data.values[base[common].to_numpy()]
            mean, lo, hi = t_interval(diff.T, level)
            lo, hi, _ = clip_interval(lo, hi, *data.bounds)
            name = labels.get(int(point), "") if len(points) > 1 else "mean"
            (line,) = ax.plot(data.day, mean, label=f"{name} (n={len(common)})")
            if len(common) > 1:
                ax.fill_between(data.day, lo, hi, color=line.get_color(), alpha=0.2,
                                linewidth=0)
        ax.axhline(0, color="black", linewidth=0.7)
        _mark_policies(ax, policy_windows(_variant_run(sweep, variant)))
        ax.set_title(f"{variant} − {baseline}", fontsize=9)
        ax.set_xlabel("day")
        ax.set_ylabel(f"difference ({unit_words(data.units)})" if data.units else "difference")
        _plain_numbers(ax, data.units)
        ax.legend(fontsize=7, loc="best")
    more = (f" (first {len(shown)} of {len(points)} sweep points)"
            if len(points) > len(shown) else "")
    fig.suptitle(f"{data.name}: paired difference from {baseline}, mean and {level:.0%} "
                 f"paired-t band over replicates{more}", fontsize=10)
    fig.tight_layout()
    return fig


def runs_series(runs: list[Run], series: str):
    """One series from separate output files, one line per file (per column for 2-D)."""
    fig, ax = plt.subplots(figsize=(7.5, 4.2))
    units = ""
    for run in runs:
        s = run.get(series)
        units = s.units
        if s.dim is None:
            ax.plot(run.day, s.values, label=run.path.stem)
        else:
            for k, label in enumerate(s.labels):
                ax.plot(run.day, s.values[:, k], label=f"{run.path.stem} {label}")
    ax.set_xlabel("day")
    ax.set_ylabel(series_name(series) + (f" ({units})" if units else ""))
    _plain_numbers(ax, units)
    ax.legend(fontsize=8)
    fig.tight_layout()
    return fig


def _forest_panel(ax, c: pd.DataFrame, title: str, units: str, level: float):
    c = c.iloc[::-1]
    y = np.arange(len(c))
    ax.hlines(y + 0.18, c["unpaired_low"], c["unpaired_high"], color="#bbbbbb", linewidth=5,
              label="unpaired (Welch)")
    ax.hlines(y, c["ci_low"], c["ci_high"], color="#1f4e79", linewidth=2.5, label="paired")
    sig = c["significant"].to_numpy()
    ax.plot(c["difference"][sig], y[sig], "o", color="#1f4e79", label="significant (Holm)")
    ax.plot(c["difference"][~sig], y[~sig], "o", markerfacecolor="white", color="#1f4e79",
            label="not significant or negligible")
    ax.axvline(0, color="black", linewidth=0.8)
    names = c["variant"] if "point_label" not in c else c["variant"] + ", " + c["point_label"]
    ax.set_yticks(y, list(names), fontsize=8)
    ax.set_ylim(-0.6, len(c) - 0.4)
    ax.set_xlabel(f"difference ({unit_words(units)})" if units else "difference", fontsize=8)
    ax.tick_params(axis="x", labelsize=7)
    ax.xaxis.set_major_locator(MaxNLocator(nbins=4))
    _plain_numbers(ax, units, axis="x")
    ax.set_title(title, fontsize=8.5)


def forest(comparisons, titles=None, units=None):
    """Paired differences against the baseline with their intervals (dark; filled dot:
    significant after Holm and not negligible), and the unpaired intervals of the same runs
    (light) for contrast. One comparison table, or a list of them (one panel each)."""
    tables = [comparisons] if isinstance(comparisons, pd.DataFrame) else list(comparisons)
    titles = titles or [t.attrs.get("metric", "") for t in tables]
    units = units or [""] * len(tables)
    n = len(tables)
    rows = max(len(t) for t in tables)
    if n == 1:
        fig, axes = plt.subplots(figsize=(8, 0.5 * rows + 1.8))
        axes = [axes]
    else:
        fig, axes = _grid(n, width=10, height=0.32 * rows + 1.6)
    for ax, table, title, unit in zip(axes, tables, titles, units):
        _forest_panel(ax, table, title, unit, table.attrs.get("level", DEFAULT_LEVEL))
    handles, labels = axes[0].get_legend_handles_labels()
    attrs = tables[0].attrs
    fig.suptitle(f"Variant − {attrs.get('baseline', 'baseline')}, paired by replicate: "
                 f"{attrs.get('level', DEFAULT_LEVEL):.0%} intervals", fontsize=10)
    fig.legend(handles, labels, loc="lower center", ncol=4, fontsize=7.5, frameon=False)
    fig.tight_layout(rect=(0, 0.06 if n > 1 else 0.1, 1, 1))
    return fig


def short_names(parameters) -> dict[str, str]:
    """Swept keys without their common dotted prefix (policy.<name>., participation.), at
    least the last part of each: policy.campaign.start_day -> start_day."""
    parts = [p.split(".") for p in parameters]
    common = 0
    if parts:
        while (all(len(q) > common + 1 for q in parts)
               and len({q[common] for q in parts}) == 1):
            common += 1
    short = {p: ".".join(q[common:]) for p, q in zip(parameters, parts)}
    if len(set(short.values())) < len(short):
        short = {p: p for p in parameters}
    return short


def _value_words(v) -> str:
    return f"{v:g}" if isinstance(v, (int, float, np.integer, np.floating)) else str(v)


_REFERENCE = Path(__file__).resolve().parents[2] / "docs" / "scenario-reference.md"
_param_units_cache: dict[str, str] | None = None


def parameter_units(key: str) -> str:
    """Units of a scenario key from docs/scenario-reference.md (policy.<name>.<key> is looked
    up as policy.<key>); keys ending in _day(s) are in days; '' when unknown."""
    global _param_units_cache
    if _param_units_cache is None:
        _param_units_cache = {}
        try:
            for line in _REFERENCE.read_text().splitlines():
                cells = [c.strip() for c in line.split("|")]
                if len(cells) > 5 and cells[1].startswith("`") and cells[4]:
                    _param_units_cache.setdefault(cells[1].strip("`"), cells[4])
        except OSError:
            pass
    parts = key.split(".")
    lookup = ".".join([parts[0], parts[-1]]) if parts[0] == "policy" and len(parts) == 3 \
        else key
    units = _param_units_cache.get(lookup, "")
    if not units and (parts[-1].endswith("_day") or parts[-1].endswith("_days")):
        units = "days"
    return units


def _numeric(values: pd.Series) -> pd.Series | None:
    """The values as numbers when every one is a number (not a bool), else None."""
    if values.map(lambda v: isinstance(v, (bool, np.bool_))).any():
        return None
    numbers = pd.to_numeric(values, errors="coerce")
    return None if numbers.isna().any() else numbers.astype(float)


def dose_axis(table: pd.DataFrame, parameters) -> str | None:
    """The swept parameter to put on a dose-response x axis: of the parameters whose values
    are all numbers, the one with the most distinct values (at least 2; the first on a tie);
    None when there is none (string parameters such as targets never are)."""
    best, most = None, 1
    for p in parameters:
        if p not in table:
            continue
        numbers = _numeric(table[p])
        if numbers is not None and numbers.nunique() > most:
            best, most = p, numbers.nunique()
    return best


def _panel_title(text: str, width: int = 44) -> str:
    return textwrap.fill(text, width)


def _panel_labels(table: pd.DataFrame, parameters) -> tuple[dict[int, str], str]:
    """Sweep point -> its parameter values ("30, 0.4, all"), from the table itself, and the
    axis label naming the parameters in that order ("sweep point: start_day, intensity,
    target")."""
    names = short_names([p for p in parameters if p in table])
    rows = table.drop_duplicates("point").set_index("point")
    labels = {int(pt): ", ".join(_value_words(row[p]) for p in names) or f"point {pt}"
              for pt, row in rows.iterrows()}
    return labels, "sweep point" + (f": {', '.join(names.values())}" if names else "")


def dose_response(comparisons, sweep, titles=None, units=None, x: str | None = None):
    """Dose-response: the paired difference from the baseline (mean and paired-t interval
    over each point's replicates) against a numeric swept parameter (x; by default
    dose_axis: the one with the most values), one line per combination of the other swept
    parameters (and per variant when there are several), one panel per metric, slightly
    dodged so intervals do not overlap. Without a numeric parameter: point_effects."""
    tables = [comparisons] if isinstance(comparisons, pd.DataFrame) else list(comparisons)
    parameters = [p for p in sweep.parameters if all(p in t for t in tables)]
    x = x or dose_axis(tables[0], parameters)
    if x is None:
        return point_effects(tables, sweep, titles, units)
    if x not in parameters:
        raise AnalysisError(f"'{x}' is not a swept parameter of the comparison")
    titles = titles or [t.attrs.get("metric", "") for t in tables]
    units = units or [""] * len(tables)
    names = short_names(parameters)
    others = [p for p in parameters if p != x]
    variants = [v for v in sweep.variants if v in set(tables[0]["variant"])]
    combos = (list(tables[0][others].drop_duplicates().itertuples(index=False, name=None))
              if others else [()])
    lines = [(v, c) for v in variants for c in combos]
    xs = np.sort(_numeric(tables[0][x]).unique())
    gap = float(np.min(np.diff(xs))) if len(xs) > 1 else 1.0
    step = 0.5 * gap / max(1, len(lines))  # the lines together take half the smallest gap
    cycle = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    if len(combos) > len(cycle):
        cycle = [plt.get_cmap("tab20")(i % 20) for i in range(len(combos))]
    styles = ["-", "--", ":", "-."]
    markers = ["o", "s", "^", "D"]
    ncols = 1 if len(tables) == 1 else 2 if len(tables) in (2, 4) else 3
    fig, axes = _grid(len(tables), width=10 if len(tables) > 1 else 7.5, height=3.2,
                      ncols=ncols)
    x_units = parameter_units(x)
    for ax, table, title, unit in zip(axes, tables, titles, units):
        if "point" not in table or x not in table:
            raise AnalysisError("dose_response needs a comparison over several sweep points")
        for k, (variant, combo) in enumerate(lines):
            rows = table[table["variant"] == variant]
            for p, v in zip(others, combo):
                rows = rows[rows[p] == v]
            rows = rows.assign(_x=_numeric(rows[x])).sort_values("_x")
            j, vi = combos.index(combo), variants.index(variant)
            offset = (k - (len(lines) - 1) / 2) * step
            err = np.vstack([rows["difference"] - rows["ci_low"],
                             rows["ci_high"] - rows["difference"]]).clip(min=0)
            words = ", ".join(f"{names[p]} {_value_words(v)}" for p, v in zip(others, combo))
            label = (f"{variant}: {words}" if len(variants) > 1 and words
                     else words or variant)
            ax.errorbar(rows["_x"] + offset, rows["difference"], yerr=err,
                        fmt=markers[vi % 4], linestyle=styles[vi % 4], capsize=2,
                        markersize=3.5, linewidth=1, elinewidth=0.9, label=label,
                        color=cycle[j % len(cycle)])
        ax.axhline(0, color="black", linewidth=0.7)
        ax.set_xticks(xs, [f"{v:g}" for v in xs], fontsize=7)
        ax.set_xlim(xs[0] - 0.5 * gap, xs[-1] + 0.5 * gap)
        ax.tick_params(axis="y", labelsize=7)
        ax.set_xlabel(f"{names[x]} ({x_units})" if x_units else names[x], fontsize=8)
        ax.set_ylabel(f"difference ({unit_words(unit)})" if unit else "difference",
                      fontsize=8)
        _plain_numbers(ax, unit)
        ax.set_title(_panel_title(title, {1: 80, 2: 55}.get(ncols, 36)), fontsize=8.5)
    handles, labels = axes[0].get_legend_handles_labels()
    level = tables[0].attrs.get("level", DEFAULT_LEVEL)
    baseline = tables[0].attrs.get("baseline", "baseline")
    how = "paired-t" if tables[0].attrs.get("method", "t") == "t" else "BCa"
    fig.suptitle(textwrap.fill(f"Dose–response: paired difference from {baseline} against "
                               f"{names[x]}, mean and {level:.0%} {how} interval over each "
                               "point's replicates", 110), fontsize=10)
    legend_rows = math.ceil(len(labels) / 3)
    fig.legend(handles, labels, loc="lower center", ncol=min(3, len(labels)), fontsize=7.5,
               frameon=False, title=(("variant: " if len(variants) > 1 and others else "")
                                     + ", ".join(names[p] for p in others)) or None,
               title_fontsize=7.5)
    fig.tight_layout(rect=(0, min(0.4, (0.3 + 0.17 * legend_rows) / fig.get_figheight()),
                           1, 1))
    return fig


def point_effects(comparisons, sweep, titles=None, units=None):
    """Multi-point sweeps: the paired difference at each sweep point (x) with its interval,
    one line per variant, one panel per metric (points labelled with their parameter values
    at 45 degrees, the parameters' short names in the axis label; at most 18 labelled ticks
    per panel, 36 in a single panel)."""
    tables = [comparisons] if isinstance(comparisons, pd.DataFrame) else list(comparisons)
    titles = titles or [t.attrs.get("metric", "") for t in tables]
    units = units or [""] * len(tables)
    ncols = 1 if len(tables) == 1 else 2
    fig, axes = _grid(len(tables), width=10, height=3.6, ncols=ncols)
    for ax, table, title, unit in zip(axes, tables, titles, units):
        if "point" not in table:
            raise AnalysisError("point_effects needs a comparison over several sweep points")
        labels, axis_label = _panel_labels(table, sweep.parameters)
        points = sorted(table["point"].unique())
        present = set(table["variant"])
        variants = [v for v in sweep.variants if v in present]
        width = 0.6 / max(1, len(variants))
        for k, variant in enumerate(variants):
            rows = table[table["variant"] == variant].set_index("point").reindex(points)
            x = np.arange(len(points)) + (k - (len(variants) - 1) / 2) * width
            err = np.vstack([rows["difference"] - rows["ci_low"],
                             rows["ci_high"] - rows["difference"]]).clip(min=0)
            ax.errorbar(x, rows["difference"], yerr=err, fmt="o-", capsize=2, markersize=4,
                        linewidth=1, label=variant, color=colour(sweep, variant))
        ax.axhline(0, color="black", linewidth=0.7)
        every = max(1, math.ceil(len(points) / (36 if ncols == 1 else 18)))
        ticks = list(range(0, len(points), every))
        ax.set_xticks(ticks, [labels.get(int(points[i]), str(points[i])) for i in ticks],
                      fontsize=6.5, rotation=45, ha="right", rotation_mode="anchor")
        ax.set_xlabel(axis_label, fontsize=8)
        ax.set_ylabel(f"difference ({unit_words(unit)})" if unit else "difference", fontsize=8)
        ax.tick_params(axis="y", labelsize=7)
        _plain_numbers(ax, unit)
        ax.set_title(_panel_title(title, 60 if ncols == 1 else 55), fontsize=8.5)
        ax.legend(fontsize=7)
    fig.suptitle(textwrap.fill(f"Paired difference from "
                               f"{tables[0].attrs.get('baseline', 'baseline')} at each sweep "
                               "point (mean and interval over that point's replicates)", 110),
                 fontsize=10)
    fig.tight_layout()
    return fig


def _cells(table, x, y, value):
    """(y, x) grid of `value`; refuses to average cells that hold several sweep points."""
    per_cell = table.groupby([y, x])["point"].nunique()
    if (per_cell > 1).any():
        raise AnalysisError(f"a heat map over {x} and {y} would pool sweep points (other "
                            "parameters vary): not drawn")
    return table.pivot_table(index=y, columns=x, values=value, aggfunc="mean")


def _heat_panel(ax, grid, x, y, title, cmap="viridis", centre=False, text=None,
                limits=None):
    values = grid.to_numpy(dtype=float)
    if limits is None:
        bound = np.nanmax(np.abs(values)) or 1.0
        limits = (-bound, bound) if centre else (np.nanmin(values), np.nanmax(values))
    image = ax.imshow(values, origin="lower", aspect="auto", cmap=cmap, vmin=limits[0],
                      vmax=limits[1])
    ax.set_xticks(range(grid.shape[1]), [f"{v:g}" for v in grid.columns])
    ax.set_yticks(range(grid.shape[0]), [f"{v:g}" for v in grid.index])
    mid = (limits[0] + limits[1]) / 2
    for (i, j), v in np.ndenumerate(values):
        label = text[i][j] if text is not None else f"{v:.3g}"
        dark = (abs(v) > 0.5 * limits[1]) if centre else v < mid
        ax.text(j, i, label, ha="center", va="center", fontsize=7,
                color="white" if dark else "black")
    ax.set_xlabel(x, fontsize=8)
    ax.set_ylabel(y, fontsize=8)
    ax.set_title(title, fontsize=9)
    return image


def heatmap(sweep, metric, x: str, y: str, variant: str | None = None):
    """Mean outcome over replicates for each (x, y) pair of swept parameter values, one
    panel per variant (or the one variant given)."""
    m = parse_metric(metric)
    for p in (x, y):
        if p not in sweep.parameters:
            raise AnalysisError(f"'{p}' is not a swept parameter of {sweep.dir}; swept: "
                                f"{', '.join(sweep.parameters) or 'none'}")
    table = outcomes(sweep, [m])
    variants = [variant] if variant is not None else list(dict.fromkeys(table["variant"]))
    first = sweep.first_run()
    units = m.units(first)
    fig, axes = _grid(len(variants), width=10 if len(variants) > 1 else 6.5,
                      height=3.4 if len(variants) > 1 else 4.8, ncols=2)
    grids = [_cells(table[table["variant"] == v], x, y, m.name) for v in variants]
    vmin = min(np.nanmin(g.to_numpy()) for g in grids)
    vmax = max(np.nanmax(g.to_numpy()) for g in grids)
    for ax, v, grid in zip(axes, variants, grids):
        image = _heat_panel(ax, grid, x, y, v, limits=(vmin, vmax))
    fig.colorbar(image, ax=axes, label=f"{m.title()} ({units})" if units else m.title())
    fig.suptitle(f"{m.title()}: mean over replicates at each sweep point", fontsize=10)
    return fig


def difference_heatmap(comparison: pd.DataFrame, x: str, y: str, title: str = "",
                       units: str = ""):
    """Paired difference from the baseline at each (x, y) sweep point, one panel per
    variant, each cell labelled with the difference and its interval."""
    for p in (x, y):
        if p not in comparison:
            raise AnalysisError(f"'{p}' is not a swept parameter of the comparison")
    variants = list(dict.fromkeys(comparison["variant"]))
    fig, axes = _grid(len(variants), width=10, height=3.6, ncols=min(3, len(variants)))
    bound = np.nanmax(np.abs(comparison["difference"])) or 1.0
    image = None
    for ax, v in zip(axes, variants):
        rows = comparison[comparison["variant"] == v]
        grid = _cells(rows, x, y, "difference")
        lo = rows.pivot_table(index=y, columns=x, values="ci_low", aggfunc="mean")
        hi = rows.pivot_table(index=y, columns=x, values="ci_high", aggfunc="mean")
        text = [[f"{grid.iat[i, j]:.3g}\n[{lo.iat[i, j]:.3g}, {hi.iat[i, j]:.3g}]"
                 for j in range(grid.shape[1])] for i in range(grid.shape[0])]
        image = _heat_panel(ax, grid, x.rsplit(".", 1)[-1], y.rsplit(".", 1)[-1],
                            f"{v} − {comparison.attrs.get('baseline', 'baseline')}",
                            cmap="RdBu_r", centre=True, text=text, limits=(-bound, bound))
    fig.colorbar(image, ax=axes, label=f"difference ({units})" if units else "difference")
    fig.suptitle(f"{title or comparison.attrs.get('metric', '')}: paired difference at each "
                 "sweep point [interval]", fontsize=10)
    return fig


def by_age(sweep, series: str = "participation_by_age", stat: str = "final",
           level: float = DEFAULT_LEVEL):
    """Grouped bars: the outcome per age group and variant, with intervals; one panel per
    sweep point."""
    first_run = sweep.first_run()
    first = first_run.get(series)
    if first.dim != "age_group":
        raise AnalysisError(f"{series} is not a series by age group")
    metrics = [parse_metric(f"{series}[{g}]:{stat}") for g in first.labels]
    bounds = metrics[0].bounds(first_run)
    table = outcomes(sweep, metrics)
    variants = sweep.variants
    points = sorted(table["point"].unique())
    shown = points[:MAX_PANELS]
    labels = point_labels(sweep)
    fig, axes = _grid(len(shown), width=10 if len(shown) > 1 else 7.5,
                      height=3.2 if len(shown) > 1 else 4.2, ncols=2)
    width = 0.8 / max(1, len(variants))
    for ax, point in zip(axes, shown):
        for k, variant in enumerate(variants):
            rows = table[(table["variant"] == variant) & (table["point"] == point)]
            if rows.empty:
                continue
            stats = np.array([bounded_mean_interval(rows[m.name].to_numpy(), level, *bounds)
                              for m in metrics])
            x = np.arange(len(metrics)) + (k - (len(variants) - 1) / 2) * width
            err = np.abs(stats[:, 1:] - stats[:, :1]).T if len(rows) > 1 else None
            ax.bar(x, stats[:, 0], width, yerr=err, capsize=2, label=variant,
                   color=colour(sweep, variant))
        ax.set_xticks(range(len(metrics)), first.labels)
        ax.set_xlabel("age group")
        ax.set_ylabel(f"{series_name(series)} ({first.units})" if first.units
                      else series_name(series), fontsize=8)
        if len(points) > 1:
            ax.set_title(labels.get(int(point), str(point)), fontsize=9)
        ax.legend(fontsize=7)
    fig.suptitle(f"{series_name(series)} by age group, {stat}: mean and {level:.0%} interval "
                 "over replicates", fontsize=10)
    fig.tight_layout()
    return fig


def grid_map(run: Run, series: str = "participation_by_grid", day: float | None = None):
    """One value per grid at a day (default: the last), laid out as townships (rows) x
    grids within the township (columns), the territory's own arrangement."""
    s = run.get(series)
    if s.dim != "grid":
        raise AnalysisError(f"{run.path}: {series} is not a per-grid series (output.by_grid)")
    row = len(run.day) - 1 if day is None else int(np.nonzero(run.day >= day - 1e-9)[0][0])
    per_township = int(run.scenario.get("territory", {}).get("grids_per_township", 20))
    values = s.values[row]
    townships = -(-len(values) // per_township)
    board = np.full(townships * per_township, np.nan)
    board[: len(values)] = values
    fig, ax = plt.subplots(figsize=(7.5, 0.35 * townships + 1.8))
    image = ax.imshow(board.reshape(townships, per_township), aspect="auto", cmap="magma",
                      interpolation="nearest")
    ax.set_xlabel("grid within township (grid number)")
    ax.set_ylabel("township (number)")
    ax.set_title(f"{series_name(series)} on day {run.day[row]:g} ({run.path.name})")
    fig.colorbar(image, ax=ax, label=s.units or series)
    fig.tight_layout()
    return fig


def levels_grid(sweep, series_list, point=None, level: float = DEFAULT_LEVEL,
                variants=None):
    """Several series at one sweep point (default: the first), one panel each: mean per
    variant over replicates with its bounded interval; event series cumulative; dashed
    lines where any variant's policies start, dotted where they end."""
    points = sorted(sweep.done["point"].unique())
    point = points[0] if point is None else point
    fig, axes = _grid(len(series_list), width=10, height=2.9)
    windows = sorted({(s, e) for v in sweep.variants
                      for _, s, e in policy_windows(_variant_run(sweep, v))},
                     key=lambda w: (w[0], w[1] or 0))
    for ax, text in zip(axes, series_list):
        name, label = parse_series(text)
        data = _SeriesData(sweep, name, label)
        for variant in variants or sweep.variants:
            rows = data.select(variant, point).to_numpy()
            if rows.size == 0:
                continue
            mean, lo, hi = bounded_mean_interval(data.values[rows].T, level, *data.bounds)
            (line,) = ax.plot(data.day, mean, label=variant, linewidth=1.2,
                              color=colour(sweep, variant))
            if rows.size > 1:
                ax.fill_between(data.day, lo, hi, color=line.get_color(), alpha=0.15,
                                linewidth=0)
        _mark_policies(ax, [("", s, e) for s, e in windows], with_labels=False)
        ax.set_title(data.name, fontsize=8.5)
        ax.set_xlabel("day", fontsize=8)
        ax.set_ylabel(unit_words(data.units) or "value", fontsize=8)
        ax.tick_params(labelsize=7)
        _plain_numbers(ax, data.units)
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=len(labels), fontsize=8,
               frameon=False)
    where = f" at {point_labels(sweep).get(int(point))}" if len(points) > 1 else ""
    fig.suptitle(f"Levels per variant{where}: mean and {level:.0%} interval over replicates; "
                 "dashed: a policy starts, dotted: it ends", fontsize=10)
    fig.tight_layout(rect=(0, 0.04, 1, 1))
    return fig
