"""`report SWEEP -o report.html`: one self-contained HTML file (figures embedded as PNG)
with the experiment, the runs, outcome summaries, the paired policy comparison, the
factorial synergy test when asked, figures and provenance."""
from __future__ import annotations

import base64
import datetime as dt
import html
import io as _io
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np

from . import plots
from .compare import compare, default_baseline
from .io import AnalysisError, Sweep
from .metrics import parse_metric
from .stats import DEFAULT_BOOT, DEFAULT_LEVEL
from .summarise import summarise
from .synergy import synergy
from .tables import to_html

DEFAULT_METRICS = ["participation_share:auc", "participation_share:peak",
                   "participation_share:peak_day", "participation_share:final"]
DEFAULT_SERIES = ["participation_share", "rumour_believers", "fraud_losses", "spending_total"]

_STYLE = """
body { font: 15px/1.45 system-ui, sans-serif; margin: 2em auto; max-width: 1180px; color: #222; }
h1 { font-size: 1.6em; } h2 { border-bottom: 1px solid #ccc; padding-bottom: .2em; margin-top: 2em; }
table.table { border-collapse: collapse; margin: .8em 0; font-size: .82em; }
table.table th, table.table td { padding: .25em .6em; border-bottom: 1px solid #e4e4e4; text-align: right; }
table.table th { background: #f3f5f8; }
figure { margin: 1.2em 0; } figure img { max-width: 100%; border: 1px solid #eee; }
figcaption { font-size: .9em; color: #555; }
pre { background: #f7f7f7; padding: .8em; overflow-x: auto; font-size: .85em; }
.verdict { font-weight: 600; } .note { color: #555; font-size: .9em; }
"""

# Lets a headless browser (tests/analysis) check that every figure decoded and every table
# is in the page.
_CHECK_SCRIPT = """
window.addEventListener('load', () => {
  const images = Array.from(document.images);
  document.body.dataset.figures = images.length;
  document.body.dataset.figuresRendered =
      images.filter(i => i.complete && i.naturalWidth > 0).length;
  document.body.dataset.tables = document.querySelectorAll('table').length;
});
"""


def _figure(fig, caption: str) -> str:
    buffer = _io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110)
    plt.close(fig)
    data = base64.b64encode(buffer.getvalue()).decode()
    alt = html.escape(caption)
    return (f'<figure><img alt="{alt}" src="data:image/png;base64,{data}">'
            f"<figcaption>{alt}</figcaption></figure>")


def _wide(summary, keys):
    """Variants (and sweep points) as rows, one "mean [low, high]" column per metric."""
    text = summary.assign(value=[f"{m:.4g} [{lo:.4g}, {hi:.4g}]" for m, lo, hi in
                                 zip(summary["mean"], summary["ci_low"], summary["ci_high"])])
    wide = text.pivot_table(index=keys, columns="metric", values="value", aggfunc="first",
                            sort=False)
    cost = summary.groupby(keys, sort=False)["cost"].first()
    return wide.join(cost).reset_index()


def _section(title: str, body: str) -> str:
    return f"<h2>{html.escape(title)}</h2>\n{body}\n"


def build_report(sweep_dir, out, metrics=None, baseline=None, factorial=None, series=None,
                 level: float = DEFAULT_LEVEL, n_boot: int = DEFAULT_BOOT) -> Path:
    sweep = Sweep(sweep_dir)
    if sweep.done.empty:
        raise AnalysisError(f"{sweep.dir}: no completed runs to report on")
    metrics = [parse_metric(m) for m in (metrics or DEFAULT_METRICS)]
    primary = metrics[0]
    baseline = baseline or default_baseline(sweep)
    first_run = next(sweep.runs())[1]
    exp = sweep.experiment.get("experiment", {})
    title = exp.get("name") or sweep.dir.name
    parts = [f"<h1>cogov report: {html.escape(title)}</h1>"]
    if exp.get("description"):
        parts.append(f"<p>{html.escape(exp['description'])}</p>")
    parts.append(f'<p class="note">Sweep {html.escape(str(sweep.dir.resolve()))}; report made '
                 f'{dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC.</p>')

    # The experiment and its runs.
    status = sweep.index["status"].value_counts().to_dict()
    counts = ", ".join(f"{n} {s}" for s, n in status.items())
    replicates = sweep.index.groupby(["variant", "point"]).size()
    body = [f"<p>{len(sweep.index)} runs ({counts}); {len(sweep.variants)} variants: "
            f"{html.escape(', '.join(sweep.variants))}; {replicates.max()} replicates per "
            f"variant and point; {first_run.attrs.get('netizens')} netizens, "
            f"{first_run.attrs.get('steps')} steps of {first_run.attrs.get('step_hours')} h.</p>"]
    if sweep.parameters:
        body.append(f"<p>Swept: {html.escape(', '.join(sweep.parameters))}.</p>")
    failed = sweep.index[sweep.index["status"] != "done"]
    if not failed.empty:
        body.append("<p>Runs not completed (left out of every statistic):</p>")
        body.append(to_html(failed[["run_id", "variant", "point", "replicate", "status", "error"]]))
    parts.append(_section("Experiment", "\n".join(body)))

    # Outcomes per variant.
    summary = summarise(sweep, metrics, level=level)
    parts.append(_section("Outcomes per variant", (
        f"<p>Mean over replicates [{level:.0%} Student-t interval]; cost: mean total spending "
        "(yuan).</p>" + to_html(_wide(summary, ["variant"] + sweep.parameters)))))

    # Paired comparison.
    if len(sweep.variants) > 1:
        comparison = compare(sweep, primary, baseline, level=level, n_boot=n_boot)
        ratio = np.nanmedian(comparison["width_ratio"]) if comparison["width_ratio"].notna().any() else float("nan")
        better = "lower" if comparison.attrs["lower_is_better"] else "higher"
        body = [f"<p>{html.escape(primary.name)}, each variant minus <b>{html.escape(baseline)}</b>, "
                f"paired by replicate (same seed). Intervals: {level:.0%} percentile bootstrap "
                f"({n_boot} resamples) of the mean paired difference; the unpaired interval "
                f"treats the same runs as independent groups. Pairing narrows the interval by "
                f"a median factor of {ratio:.3g}. Rank 1 is best ({better} is better).</p>",
                to_html(comparison.drop(columns=["metric"])),
                _figure(plots.forest(comparison), f"Policy comparison: {primary.name}, paired "
                        "differences against the baseline (dark) and unpaired intervals (light)")]
        parts.append(_section("Policy comparison", "\n".join(body)))

    # Factorial synergy.
    if factorial:
        base, a, b, both = factorial
        syn = synergy(sweep, primary, base, a, b, both, level=level, n_boot=n_boot)
        parts.append(_section("Synergy", (
            f"<p>2 x 2 factorial on {html.escape(primary.name)}: A = {html.escape(a)}, "
            f"B = {html.escape(b)}, both = {html.escape(both)}, neither = {html.escape(base)}; "
            f"{syn.attrs['replicates']} replicates.</p>"
            f'<p class="verdict">{html.escape(syn.attrs["verdict"])}.</p>' + to_html(syn))))

    # Figures.
    figures = []
    for name in series or DEFAULT_SERIES:
        if name in first_run.series and first_run.series[name].dim is None:
            figures.append(_figure(plots.series_bands(sweep, name, level=level),
                                   f"{name} per variant: mean and {level:.0%} interval"))
    if "participation_by_age" in first_run.series:
        figures.append(_figure(plots.by_age(sweep), "Participation by age group at the end"))
    if len(sweep.parameters) >= 2:
        x, y = sweep.parameters[:2]
        figures.append(_figure(plots.heatmap(sweep, primary, x, y),
                               f"{primary.name} over {x} and {y}"))
    if "participation_by_grid" in first_run.series:
        figures.append(_figure(plots.grid_map(first_run),
                               f"Participation by grid at the end, run {first_run.path.name}"))
    parts.append(_section("Figures", "\n".join(figures)))

    # Provenance.
    prov = sweep.provenance()
    versions = prov.groupby(["cogov_version", "git_hash", "host"]).size().reset_index(name="runs")
    body = ["<p>Programs and hosts that wrote the runs:</p>", to_html(versions),
            f"<p>Threads per run: {', '.join(map(str, sorted(prov['threads'].unique())))}; "
            f"seeds {prov['seed'].min()}–{prov['seed'].max()}.</p>"]
    if sweep.experiment_text:
        body.append("<details><summary>Experiment file</summary><pre>"
                    f"{html.escape(sweep.experiment_text)}</pre></details>")
    body.append(f"<details><summary>Resolved scenario of run {first_run.path.name}</summary><pre>"
                f"{html.escape(first_run.provenance.get('scenario', ''))}</pre></details>")
    parts.append(_section("Provenance", "\n".join(body)))

    page = (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f"<title>cogov report: {html.escape(title)}</title><style>{_STYLE}</style>"
            f"<script>{_CHECK_SCRIPT}</script></head>\n<body>\n" + "\n".join(parts) +
            "\n</body></html>\n")
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_text(page, encoding="utf-8")
    tmp.replace(out)
    return out
