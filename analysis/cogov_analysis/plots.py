"""Figures (matplotlib, headless): time series with bands per variant, the policy
comparison forest plot, a heat map over two swept parameters, participation by age group,
and a grid-level map. Each function returns a Figure; save() writes PNG and SVG."""
from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from .io import AnalysisError, Run  # noqa: E402
from .metrics import outcomes, parse_metric  # noqa: E402
from .stats import DEFAULT_LEVEL, mean_ci  # noqa: E402


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


def _band(values: np.ndarray, level: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Mean and t interval over axis 0 (runs), per column (step)."""
    stats = np.array([mean_ci(values[:, k], level) for k in range(values.shape[1])])
    return stats[:, 0], stats[:, 1], stats[:, 2]


def series_bands(sweep, series: str, label: str | None = None, variants=None,
                 level: float = DEFAULT_LEVEL):
    """Mean over replicates (and sweep points) per variant with its interval as a band."""
    da = sweep.dataarray(series)
    if da.ndim == 3:
        if label is None:
            raise AnalysisError(f"{series} has a {da.dims[2]} dimension: pass label=, one of "
                                f"{', '.join(map(str, da[da.dims[2]].values))}")
        da = da.sel({da.dims[2]: label})
    fig, ax = plt.subplots(figsize=(7.5, 4.2))
    day = da["day"].values
    for variant in variants or sweep.variants:
        runs = da.where(da["variant"] == variant, drop=True)
        if runs.sizes["run"] == 0:
            continue
        mean, lo, hi = _band(runs.values, level)
        (line,) = ax.plot(day, mean, label=f"{variant} (n={runs.sizes['run']})")
        if runs.sizes["run"] > 1:
            ax.fill_between(day, lo, hi, color=line.get_color(), alpha=0.2, linewidth=0)
    units = da.attrs.get("units", "")
    ax.set_xlabel("day")
    ax.set_ylabel(f"{series}{f' [{label}]' if label else ''}" + (f" ({units})" if units else ""))
    ax.set_title(f"{series}: mean and {level:.0%} interval over replicates")
    ax.legend(fontsize=8)
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
    ax.set_ylabel(series + (f" ({units})" if units else ""))
    ax.legend(fontsize=8)
    fig.tight_layout()
    return fig


def forest(comparison: pd.DataFrame):
    """Paired differences against the baseline with their intervals (dark), and the
    unpaired intervals of the same runs (light) for contrast."""
    c = comparison.iloc[::-1]
    fig, ax = plt.subplots(figsize=(7.5, 0.6 * len(c) + 1.6))
    y = np.arange(len(c))
    ax.hlines(y + 0.15, c["unpaired_low"], c["unpaired_high"], color="#bbbbbb", linewidth=6,
              label="unpaired interval")
    ax.hlines(y, c["ci_low"], c["ci_high"], color="#1f4e79", linewidth=2.5,
              label="paired interval")
    ax.plot(c["difference"], y, "o", color="#1f4e79", label="mean paired difference")
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_yticks(y, [f"{v} (rank {r})" for v, r in zip(c["variant"], c["rank"])])
    attrs = comparison.attrs
    ax.set_xlabel(f"{attrs.get('metric', '')}: variant - {attrs.get('baseline', 'baseline')}")
    ax.set_title(f"Policy comparison, {attrs.get('level', DEFAULT_LEVEL):.0%} bootstrap intervals")
    ax.legend(fontsize=8, loc="best")
    fig.tight_layout()
    return fig


def heatmap(sweep, metric, x: str, y: str, variant: str | None = None):
    """Mean outcome over replicates for each (x, y) pair of swept parameter values."""
    m = parse_metric(metric)
    for p in (x, y):
        if p not in sweep.parameters:
            raise AnalysisError(f"'{p}' is not a swept parameter of {sweep.dir}; swept: "
                                f"{', '.join(sweep.parameters) or 'none'}")
    table = outcomes(sweep, [m])
    if variant is not None:
        table = table[table["variant"] == variant]
    grid = table.pivot_table(index=y, columns=x, values=m.name, aggfunc="mean")
    fig, ax = plt.subplots(figsize=(6.5, 4.8))
    image = ax.imshow(grid.to_numpy(), origin="lower", aspect="auto", cmap="viridis")
    ax.set_xticks(range(grid.shape[1]), [f"{v:g}" for v in grid.columns])
    ax.set_yticks(range(grid.shape[0]), [f"{v:g}" for v in grid.index])
    for (i, j), v in np.ndenumerate(grid.to_numpy()):
        ax.text(j, i, f"{v:.3g}", ha="center", va="center", fontsize=8,
                color="white" if v < np.nanmean(grid.to_numpy()) else "black")
    ax.set_xlabel(x)
    ax.set_ylabel(y)
    ax.set_title(f"{m.name}, mean over replicates")
    fig.colorbar(image, ax=ax, label=m.name)
    fig.tight_layout()
    return fig


def by_age(sweep, series: str = "participation_by_age", stat: str = "final",
           level: float = DEFAULT_LEVEL):
    """Grouped bars: the outcome per age group and variant, with intervals."""
    first = next(sweep.runs())[1].get(series)
    if first.dim != "age_group":
        raise AnalysisError(f"{series} is not a series by age group")
    metrics = [parse_metric(f"{series}[{g}]:{stat}") for g in first.labels]
    table = outcomes(sweep, metrics)
    variants = sweep.variants
    fig, ax = plt.subplots(figsize=(7.5, 4.2))
    width = 0.8 / max(1, len(variants))
    for k, variant in enumerate(variants):
        rows = table[table["variant"] == variant]
        if rows.empty:
            continue
        stats = np.array([mean_ci(rows[m.name], level) for m in metrics])
        x = np.arange(len(metrics)) + (k - (len(variants) - 1) / 2) * width
        err = np.abs(stats[:, 1:] - stats[:, :1]).T if len(rows) > 1 else None
        ax.bar(x, stats[:, 0], width, yerr=err, capsize=2, label=variant)
    ax.set_xticks(range(len(metrics)), first.labels)
    ax.set_xlabel("age group")
    ax.set_ylabel(f"{series} ({stat})")
    ax.set_title(f"{series} by age group, {stat}")
    ax.legend(fontsize=8)
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
    ax.set_xlabel("grid within township")
    ax.set_ylabel("township")
    ax.set_title(f"{series} on day {run.day[row]:g} ({run.path.name})")
    fig.colorbar(image, ax=ax, label=s.units or series)
    fig.tight_layout()
    return fig
