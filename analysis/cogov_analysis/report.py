"""`report SWEEP -o report.html`: one self-contained HTML file (figures embedded as PNG)
that answers the analyst's question: what each policy does to the harms it exists to reduce
(fraud victims and losses, all and seniors; rumour reach; exposure by breaches), to
participation, trust and spending, each as a paired difference from the baseline with its
interval, verdict and cost per unit of harm averted; then per-variant outcomes, the sweep
points one by one, the factorial synergy test when asked, time series of the paired
differences with policy start and end marks, and provenance."""
from __future__ import annotations

import base64
import datetime as dt
import html
import io as _io
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from . import plots
from .compare import compare, default_baseline
from .io import AnalysisError, Sweep
from .metrics import outcomes, parse_metric
from .stats import (DEFAULT_BOOT, DEFAULT_LEVEL, DEFAULT_NEGLIGIBLE, FEW_PAIRS,
                    few_pairs_warning)
from .summarise import interval_name, summarise
from .synergy import synergy
from .tables import html_table, interval, number

DEFAULT_METRICS = ["fraud_successes:total", "fraud_victims_by_age[senior]:total",
                   "fraud_losses:total", "fraud_losses_by_age[senior]:total",
                   "rumour_reach:final", "exposed_netizens:final",
                   "participation_share:auc", "mean_trust:final", "spending_total:final"]
DEFAULT_SERIES = ["fraud_successes", "fraud_victims_by_age[senior]", "fraud_losses",
                  "fraud_losses_by_age[senior]", "rumour_reach", "exposed_netizens",
                  "participation_share", "mean_trust", "spending_total"]

_STYLE = """
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, sans-serif; margin: 1.5em auto; max-width: 1180px;
       padding: 0 16px; color: #222; overflow-wrap: anywhere; }
h1 { font-size: 1.6em; } h2 { border-bottom: 1px solid #ccc; padding-bottom: .2em; margin-top: 2em; }
h3 { font-size: 1.05em; margin: 1.6em 0 .3em; }
.scroll { overflow-x: auto; max-width: 100%; }
table.table { border-collapse: collapse; margin: .5em 0 .8em; font-size: .82em; overflow-wrap: normal; }
table.table th, table.table td { padding: .25em .6em; border-bottom: 1px solid #e4e4e4; text-align: right;
       white-space: nowrap; }
table.table th { background: #f3f5f8; white-space: normal; min-width: 5em; vertical-align: bottom; }
table.table td:first-child, table.table th:first-child { text-align: left; }
table.table td:first-child { white-space: normal; min-width: 9em; max-width: 17em; }
figure { margin: 1.2em 0; } figure img { max-width: 100%; height: auto; border: 1px solid #eee; }
figcaption { font-size: .9em; color: #555; }
pre { background: #f7f7f7; padding: .8em; overflow-x: auto; font-size: .85em; max-width: 100%; }
.verdict { font-weight: 600; } .note { color: #555; font-size: .9em; }
.warning { background: #fff4e0; border-left: 4px solid #e0a030; padding: .4em .8em; }
.better { color: #176b2c; font-weight: 600; } .worse { color: #a31515; font-weight: 600; }
.negligible, .not-significant, .no-difference { color: #666; }
"""

# Lets a headless browser (tests/analysis) check that every figure decoded, every table is
# in the page and the page does not overflow sideways.
_CHECK_SCRIPT = """
window.addEventListener('load', () => {
  const images = Array.from(document.images);
  const d = document.body.dataset;
  d.figures = images.length;
  d.figuresRendered = images.filter(i => i.complete && i.naturalWidth > 0).length;
  d.tables = document.querySelectorAll('table').length;
  d.viewportWidth = window.innerWidth;
  d.scrollWidth = document.documentElement.scrollWidth;
});
"""


def _figure(fig, caption: str) -> str:
    buffer = _io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100)
    plt.close(fig)
    data = base64.b64encode(buffer.getvalue()).decode()
    alt = html.escape(caption)
    return (f'<figure><img alt="{alt}" src="data:image/png;base64,{data}">'
            f"<figcaption>{alt}</figcaption></figure>")


def _section(title: str, body: str) -> str:
    return f"<h2>{html.escape(title)}</h2>\n{body}\n"


def _singular(units: str) -> str:
    return {"victims": "victim", "netizens": "netizen", "attempts": "attempt",
            "reports": "report", "share x day": "share-day", "yuan": "yuan"}.get(units, "unit")


def per_unit_words(m, units: str, lower: bool) -> str:
    """'yuan per victim averted', 'yuan per share-day gained', ..."""
    unit = _singular(units)
    if units == "yuan":
        unit = "yuan of losses"
    return f"yuan per {unit} {'averted' if lower else 'gained'}"


def _verdict_cell(verdict: str, is_cost: bool = False) -> str:
    """A verdict, coloured; for spending, 'higher'/'lower' (more spending is a cost, not a
    harm)."""
    words = {"better": "lower", "worse": "higher"}.get(verdict, verdict) if is_cost else verdict
    css = verdict.replace(" ", "-") if not is_cost else "not-significant"
    return f'<span class="{css}">{html.escape(words)}</span>'


def _param_words(p: str) -> str:
    return p.rsplit(".", 1)[-1]


class _Metric:
    """A metric with what the report needs to print it."""

    def __init__(self, m, run):
        self.m = m
        self.units = m.units(run)
        self.bounds = m.bounds(run)
        self.title = m.title()
        self.is_cost = m.series == "spending_total"


def stopping_note(sweep_dir) -> str:
    """What stopping.csv (cogov sweep --until) says of how the replicates were decided; ""
    for a sweep with a fixed number."""
    path = Path(sweep_dir) / "stopping.csv"
    if not path.exists():
        return ""
    rounds = pd.read_csv(path, keep_default_na=False)
    if rounds.empty:
        return ""
    last = rounds[rounds["round"] == rounds["round"].max()]
    targets = ", ".join(dict.fromkeys(last["target"]))
    met = int((last["met"] == "yes").sum())
    decision = last["decision"].iloc[0]
    n, r = int(last["replicates"].iloc[0]), int(last["round"].iloc[0])
    outcome = {"met": f"every comparison met its target with {n} replicates",
               "max_replicates": f"the maximum of {n} replicates was reached with {met} of "
                                 f"{len(last)} comparisons meeting their target",
               }.get(decision, f"the last round ({n} replicates) decided '{decision}'")
    return (f"Replicates were added in rounds until each paired difference's interval was "
            f"narrow enough ({targets}): after {r} rounds {outcome} (stopping.csv). Stopping "
            f"on a narrow interval lowers its coverage a little: at least 0.93 for the 95% "
            f"intervals from 8 pairs on (docs/analysis.md, \"Enough replicates\").")


def build_report(sweep_dir, out, metrics=None, baseline=None, factorial=None, series=None,
                 level: float = DEFAULT_LEVEL, n_boot: int = DEFAULT_BOOT, method: str = "t",
                 negligible: float = DEFAULT_NEGLIGIBLE) -> Path:
    sweep = Sweep(sweep_dir)
    if sweep.done.empty:
        raise AnalysisError(f"{sweep.dir}: no completed runs to report on")
    first_run = sweep.first_run()
    if metrics:
        parsed = [parse_metric(m) for m in metrics]
        for m in parsed:
            m(first_run)  # unknown series or labels fail here, with the reason
    else:  # the defaults the runs have (older outputs may lack a series)
        parsed = [m for m in map(parse_metric, DEFAULT_METRICS) if _has(first_run, m)]
        if not parsed:
            raise AnalysisError(f"{first_run.path}: none of the default outcomes "
                                f"({', '.join(DEFAULT_METRICS)}) is in the runs; pass -m")
    infos = [_Metric(m, first_run) for m in parsed]
    baseline = baseline or default_baseline(sweep)
    if baseline not in sweep.variants:
        raise AnalysisError(f"baseline '{baseline}' is not a variant; variants: "
                            f"{', '.join(sweep.variants)}")
    table = outcomes(sweep, parsed)
    points = sorted(table["point"].unique())
    labels = plots.point_labels(sweep)
    many = len(points) > 1
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
    replicates = sweep.done.groupby(["variant", "point"]).size()
    min_rep = int(replicates.min())
    body = [f"<p>{len(sweep.index)} runs ({counts}); {len(sweep.variants)} variants: "
            f"{html.escape(', '.join(sweep.variants))}; {replicates.max()} replicates per "
            f"variant and point; {first_run.attrs.get('netizens')} netizens, "
            f"{first_run.attrs.get('steps')} steps of {first_run.attrs.get('step_hours')} h.</p>"]
    if (note := stopping_note(sweep.dir)):
        body.append(f"<p>{html.escape(note)}</p>")
    if sweep.parameters:
        body.append(f"<p>Swept: {html.escape(', '.join(sweep.parameters))}; {len(points)} "
                    "sweep points, each analysed on its own (points are different worlds, "
                    "never pooled as replicates).</p>")
    failed = sweep.index[sweep.index["status"] != "done"]
    if not failed.empty:
        body.append(f"<p>{html.escape(sweep.dropped_note(limit=len(failed)))}.</p>")
        body.append("<p>Runs not completed (left out of every statistic):</p>")
        body.append(html_table(["Run", "Variant", "Sweep point", "Replicate", "Status", "Error"],
                               [[r.run_id, r.variant, r.point, r.replicate, r.status, r.error]
                                for r in failed.itertuples()]))
    parts.append(_section("Experiment", "\n".join(body)))

    # How the numbers were made.
    how = "Student-t" if method == "t" else f"BCa bootstrap ({n_boot} resamples, seeded)"
    warn = few_pairs_warning(min_rep)
    read = [
        "<ul>",
        f"<li><b>Paired differences</b>: each variant minus <b>{html.escape(baseline)}</b> "
        "within a replicate (same seed), at each sweep point. Interval: "
        f"{level:.0%} {'paired t' if method == 't' else how} interval of the mean paired "
        "difference; the unpaired interval (Welch t" + ("" if method == "t" else ", or BCa") +
        ") treats the same runs as independent groups.</li>",
        "<li><b>Significance</b>: paired t test; Holm's correction over all comparisons of "
        "one outcome (every variant" + (" and sweep point" if many else "") +
        f" against the baseline) sets the verdict, at {1 - level:.0%}.</li>",
        f"<li><b>Negligible</b>: a difference smaller than {negligible:.0%} of the baseline "
        "mean (the practical threshold, <code>--negligible</code>) is called negligible, "
        "not significant, however small its p-value.</li>",
        "<li><b>Bounded outcomes</b>: means of shares get t intervals on the logit scale and "
        "means of counts and yuan on the log scale, so no interval leaves what is possible; "
        "intervals of differences of shares and days are clipped to the possible range "
        "(a note says where).</li>",
        "<li><b>Cost per unit</b>: mean extra spending over mean improvement per pair, with "
        "Fieller's interval (exact for normal pairs); it is unbounded when the improvement's "
        "own interval includes 0, and the table says so.</li>",
        "</ul>",
    ]
    parts.append(_section("How to read this report", "\n".join(read)))

    comparisons = {}
    if len(sweep.variants) > 1:
        for info in infos:
            comparisons[info.m.name] = compare(sweep, info.m, baseline, level=level,
                                               n_boot=n_boot, method=method,
                                               negligible=negligible, table=table)
        parts.append(_comparison_section(infos, comparisons, baseline, level, labels, many,
                                         method, warn, sweep.variants))
        parts.append(_cost_section(infos, comparisons, labels, many, level))

    # Outcomes per variant.
    summary = summarise(sweep, parsed, level=level, method=method, n_boot=n_boot, table=table)
    parts.append(_summary_section(summary, infos, sweep, labels, many, level))

    # Sweep points one by one.
    if many and comparisons:
        body = [f"<p>Each point's paired difference over that point's replicates "
                f"({min_rep} or more); no band pools points.</p>"]
        harms = [i for i in infos if not i.is_cost][:6]
        tables = [comparisons[i.m.name] for i in harms]
        titles, units = [i.title for i in harms], [i.units for i in harms]
        x = plots.dose_axis(tables[0], sweep.parameters)
        if x is not None:
            others = [_param_words(p) for p in sweep.parameters if p != x]
            lines = (f", one line per combination of {', '.join(others)}" if others else "")
            body.append(_figure(plots.dose_response(tables, sweep, titles, units, x=x),
                                f"Dose–response: paired difference from the baseline against "
                                f"{_param_words(x)} (mean and {level:.0%} "
                                f"{'paired t' if method == 't' else 'BCa'} interval "
                                f"over each point's replicates){lines}, per outcome"))
        else:
            body.append(_figure(plots.point_effects(tables, sweep, titles, units),
                                "Paired difference from the baseline at each sweep point, per "
                                "outcome"))
        if len(sweep.parameters) >= 2:
            x, y = sweep.parameters[:2]
            primary = infos[0]
            try:
                body.append(_figure(plots.difference_heatmap(comparisons[primary.m.name], x, y,
                                                             primary.title, primary.units),
                                    f"{primary.title}: paired difference at each value of "
                                    f"{_param_words(x)} and {_param_words(y)}"))
            except AnalysisError as e:
                body.append(f'<p class="note">{html.escape(str(e))}.</p>')
        parts.append(_section("Sweep points", "\n".join(body)))

    # Factorial synergy.
    if factorial:
        parts.append(_synergy_section(sweep, infos, factorial, table, level, n_boot, method,
                                      negligible, labels, many))

    # Time series.
    names = series or DEFAULT_SERIES
    body = ["<p>Paired difference from the baseline over time: per variant, the mean over "
            f"replicates of variant − baseline with its {level:.0%} paired-t band, one line "
            "per sweep point; dashed lines mark where the variant's policies start, dotted "
            "where they end. Counts of what happens each step (victims, losses) are shown "
            "cumulatively.</p>"]
    shown = []
    for text in names:
        name, label = plots.parse_series(text)
        if name not in first_run.series:
            continue
        s = first_run.series[name]
        if (s.dim is None) != (label is None) or (label and label not in s.labels):
            continue
        shown.append(text)
        if len(sweep.variants) > 1:
            body.append(_figure(plots.difference_bands(sweep, name, label, baseline, level),
                                f"{plots._SeriesData(sweep, name, label).name}: paired "
                                f"difference from {baseline} over time"))
    for point in points[:4]:
        where = f" at {labels.get(int(point))}" if many else ""
        body.append(_figure(plots.levels_grid(sweep, shown, point, level),
                            f"Levels per variant{where}: mean and {level:.0%} interval over "
                            "replicates"))
    if len(points) > 4:
        body.append(f'<p class="note">Levels drawn for the first 4 of {len(points)} sweep '
                    "points.</p>")
    parts.append(_section("Time series", "\n".join(body)))

    # Other figures.
    figures = []
    if comparisons and not many:
        harms = [i for i in infos if not i.is_cost]
        figures.append(_figure(plots.forest([_in_order(comparisons[i.m.name], sweep.variants)
                                             for i in harms],
                                            [i.title for i in harms], [i.units for i in harms]),
                               "Policy comparison: paired differences against the baseline "
                               "(dark; filled dot: significant after Holm and not negligible) "
                               "and unpaired intervals (light)"))
    if "participation_by_age" in first_run.series:
        figures.append(_figure(plots.by_age(sweep), "Participation by age group at the end"))
    if "participation_by_grid" in first_run.series:
        figures.append(_figure(plots.grid_map(first_run),
                               f"Participation by grid at the end, run {first_run.path.name}"))
    if figures:
        parts.append(_section("Figures", "\n".join(figures)))

    # Provenance.
    prov = sweep.provenance()
    versions = prov.groupby(["cogov_version", "git_hash", "host"]).size().reset_index(name="runs")
    body = ["<p>Programs and hosts that wrote the runs:</p>",
            html_table(["Program version", "Git commit", "Host", "Runs"],
                       [list(r) for r in versions.itertuples(index=False)]),
            f"<p>Threads per run: {', '.join(map(str, sorted(prov['threads'].unique())))}; "
            f"seeds {prov['seed'].min()}–{prov['seed'].max()}.</p>"]
    if sweep.experiment_text:
        body.append("<details><summary>Experiment file</summary><pre>"
                    f"{html.escape(sweep.experiment_text)}</pre></details>")
    body.append(f"<details><summary>Resolved scenario of run {first_run.path.name}</summary><pre>"
                f"{html.escape(first_run.provenance.get('scenario', ''))}</pre></details>")
    parts.append(_section("Provenance", "\n".join(body)))

    page = (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>cogov report: {html.escape(title)}</title><style>{_STYLE}</style>"
            f"<script>{_CHECK_SCRIPT}</script></head>\n<body>\n" + "\n".join(parts) +
            "\n</body></html>\n")
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_text(page, encoding="utf-8")
    tmp.replace(out)
    return out


def _in_order(table, variants):
    """A comparison's rows in the sweep's order of variants (the same in every panel)."""
    out = table.sort_values("variant", key=lambda v: v.map(variants.index), kind="stable")
    out.attrs = table.attrs
    return out


def _has(run, m) -> bool:
    try:
        m(run)
    except AnalysisError:
        return False
    return True


def _where(r, labels, many) -> list[str]:
    return [labels.get(int(r.point), str(r.point))] if many else []


def _comparison_section(infos, comparisons, baseline, level, labels, many, method, warn,
                        order):
    present = set(next(iter(comparisons.values()))["variant"])
    variants = [v for v in order if v in present]
    # The answer first: every outcome x variant in one table.
    header = ["Outcome"] + (["Sweep point"] if many else [])
    header += ["Baseline mean" if baseline == "baseline" else f"Baseline ({baseline}) mean"]
    header += [f"{v} − {baseline}" for v in variants]
    rows = []
    for info in infos:
        c = comparisons[info.m.name]
        for point in (sorted(c["point"].unique()) if many else [None]):
            sub = c if point is None else c[c["point"] == point]
            by = sub.set_index("variant")
            row = [html.escape(info.title)]
            if many:
                row.append(html.escape(labels.get(int(point), str(point))))
            row.append(number(by["baseline_mean"].iloc[0], info.units))
            for v in variants:
                if v not in by.index:
                    row.append("–")
                    continue
                r = by.loc[v]
                row.append(f"{number(r['difference'], info.units)}<br>"
                           f"{interval(r['ci_low'], r['ci_high'], info.units)}<br>"
                           f"{_verdict_cell(r['verdict'], info.is_cost)}")
            rows.append(row)
    body = [f"<p>Each outcome, each variant minus <b>{html.escape(baseline)}</b>, paired by "
            f"replicate: in each cell the mean difference, its {level:.0%} interval and the "
            "verdict. Verdicts: <i>better</i>/<i>worse</i> = significant after Holm's "
            "correction and at least the practical threshold; <i>negligible</i> = below the "
            "threshold; <i>not significant</i> = neither. Each interval is a "
            f"{level:.0%} interval for its own comparison, while the verdict uses "
            "Holm-adjusted p-values, so an interval that excludes 0 can still be "
            "<i>not significant</i> once the comparisons are counted.</p>"]
    if warn:
        body.append(f'<p class="warning">{html.escape(warn)}</p>')
    body.append(html_table(header, rows, raw=True))

    # Then the details of each outcome.
    for info in infos:
        c = comparisons[info.m.name]
        lower = c.attrs["lower_is_better"]
        head = (["Variant"] + (["Sweep point"] if many else []) +
                ["Pairs", "Baseline mean", "Variant mean", "Difference",
                 f"{level:.0%} interval ({'paired t' if method == 't' else 'BCa'})",
                 f"{level:.0%} interval, unpaired ({'Welch t' if method == 't' else 'BCa'})",
                 "Pairing narrows the interval by", "p (paired t)",
                 f"p (Holm, {c.attrs['family']} tests)", "Verdict", "Rank"])
        if not info.is_cost:
            head += ["Extra spending (yuan)",
                     per_unit_words(info.m, info.units, lower).capitalize(),
                     f"{level:.0%} interval (Fieller)"]
        rows = []
        for r in c.itertuples():
            row = [html.escape(r.variant)] + [html.escape(w) for w in _where(r, labels, many)]
            row += [str(r.pairs), number(r.baseline_mean, info.units),
                    number(r.variant_mean, info.units), number(r.difference, info.units),
                    interval(r.ci_low, r.ci_high, info.units) + (" (clipped)" if r.clipped else ""),
                    interval(r.unpaired_low, r.unpaired_high, info.units),
                    f"× {number(r.width_ratio)}" if np.isfinite(r.width_ratio) else "–",
                    number(r.p_value), number(r.p_holm), _verdict_cell(r.verdict, info.is_cost),
                    str(r.rank)]
            if not info.is_cost:
                row += [number(r.extra_cost, "yuan"), number(r.cost_per_unit, "yuan"),
                        interval(r.cost_low, r.cost_high, "yuan") if not r.cost_note
                        else html.escape(r.cost_note)]
            rows.append(row)
        better = "lower" if lower else "higher"
        notes = [f"{better} is better", f"threshold for negligible: "
                 f"{number(c['threshold'].iloc[0], info.units)} "
                 f"{html.escape(plots.unit_words(info.units))}"
                 + (" at the first point" if many else "")]
        if c.attrs["clipped"]:
            notes.append("an interval marked (clipped) was cut to the range a difference can "
                         "take")
        if c.attrs["min_pairs"] < FEW_PAIRS:
            notes.append(f"only {c.attrs['min_pairs']} pairs: provisional")
        body.append(f"<h3>{html.escape(info.title)}</h3>")
        body.append(f'<p class="note">{"; ".join(notes)}.</p>')
        body.append(html_table(head, rows, raw=True))
    return _section("Policy comparison", "\n".join(body))


def _cost_section(infos, comparisons, labels, many, level):
    harms = [i for i in infos if not i.is_cost]
    first = comparisons[harms[0].m.name] if harms else None
    if first is None:
        return ""
    header = ["Variant"] + (["Sweep point"] if many else []) + ["Extra spending (yuan)"]
    header += [f"{i.title}: "
               f"{per_unit_words(i.m, i.units, comparisons[i.m.name].attrs['lower_is_better'])}"
               f" [{level:.0%} Fieller interval]" for i in harms]
    rows = []
    for r in first.itertuples():
        row = [html.escape(r.variant)] + [html.escape(w) for w in _where(r, labels, many)]
        row.append(number(r.extra_cost, "yuan"))
        for i in harms:
            c = comparisons[i.m.name]
            key = (c["variant"] == r.variant) & ((c["point"] == r.point) if many else True)
            x = c[key].iloc[0]
            if x["cost_note"] and not np.isfinite(x["cost_low"]):
                text = (f"{number(x['cost_per_unit'], 'yuan')} ({x['cost_note']})"
                        if np.isfinite(x["cost_per_unit"]) else x["cost_note"])
            else:
                text = (f"{number(x['cost_per_unit'], 'yuan')} "
                        f"{interval(x['cost_low'], x['cost_high'], 'yuan')}")
            row.append(html.escape(text))
        rows.append(row)
    body = ["<p>Extra government spending (yuan, mean over pairs) for each unit of harm "
            "averted (or of participation or trust gained). The interval is Fieller's for a "
            "ratio of paired means; when the improvement's own interval includes 0 the ratio "
            "is unbounded, and the cell says so.</p>", html_table(header, rows, raw=True)]
    return _section("Cost per unit of harm averted", "\n".join(body))


def _summary_section(summary, infos, sweep, labels, many, level):
    keys = ["variant"] + (list(sweep.parameters) if many else [])
    header = ["Variant"] + (["Sweep point"] if many else [])
    header += [f"{i.title} ({i.units})" if i.units else i.title for i in infos]
    index = summary.set_index(keys + ["metric"])
    rows = []
    groups = summary[keys].drop_duplicates()
    point_of = sweep.done.drop_duplicates("point").set_index(list(sweep.parameters))["point"] \
        if many else None
    for g in groups.itertuples(index=False):
        g = tuple(g)
        row = [html.escape(str(g[0]))]
        if many:
            point = point_of.loc[g[1:] if len(g) > 2 else g[1]]
            row.append(html.escape(labels.get(int(point), str(point))))
        for i in infos:
            r = index.loc[g + (i.m.name,)]
            row.append(f"{number(r['mean'], i.units)} "
                       f"{interval(r['ci_low'], r['ci_high'], i.units)}")
        rows.append(row)
    methods = sorted({interval_name(i.bounds, summary.attrs.get("method", "t")) for i in infos})
    body = [f"<p>Mean over replicates [{level:.0%} interval: {', '.join(methods)}; shares on "
            "the logit scale, counts and yuan on the log scale, so that intervals stay "
            "within what is possible].</p>", html_table(header, rows)]
    return _section("Outcomes per variant", "\n".join(body))


def _synergy_section(sweep, infos, factorial, table, level, n_boot, method, negligible,
                     labels, many):
    base, a, b, both = factorial
    rows, details = [], None
    warning = ""
    for k, info in enumerate(infos):
        if info.is_cost:
            continue
        syn = synergy(sweep, info.m, base, a, b, both, level=level, n_boot=n_boot,
                      method=method, negligible=negligible, table=table)
        warning = syn.attrs["warning"]
        inter = syn[syn["effect"] == "interaction"]
        for r in inter.itertuples():
            point = getattr(r, "point", None)
            verdict = syn.attrs["verdicts"][point if many else next(iter(syn.attrs["verdicts"]))]
            row = [html.escape(info.title)]
            if many:
                row.append(html.escape(labels.get(int(point), str(point))))
            row += [number(r.estimate, info.units), interval(r.ci_low, r.ci_high, info.units),
                    number(r.p_value)] + ([number(r.p_holm)] if many else [])
            row.append(html.escape(verdict.split(":")[0]))
            rows.append(row)
        if details is None:
            details = (info, syn)
    info, syn = details
    header = (["Outcome"] + (["Sweep point"] if many else []) +
              ["Interaction", f"{level:.0%} interval ({'t' if method == 't' else 'BCa'})",
               "p (t test)"] + (["p (Holm over points)"] if many else []) + ["Verdict"])
    effects = syn if not many else syn[syn["point"] == syn["point"].iloc[0]]
    eff_rows = [[html.escape(r.effect), number(r.estimate, info.units),
                 interval(r.ci_low, r.ci_high, info.units), number(r.p_value)]
                for r in effects.itertuples()]
    first_verdict = next(iter(syn.attrs["verdicts"].values()))
    body = [f"<p>2 × 2 factorial: A = {html.escape(a)}, B = {html.escape(b)}, both = "
            f"{html.escape(both)}, neither = {html.escape(base)}; {syn.attrs['replicates']} "
            "replicates" + (" per sweep point" if many else "") + ". Interaction = "
            "y<sub>both</sub> − y<sub>A</sub> − y<sub>B</sub> + y<sub>neither</sub> per "
            f"replicate; its {level:.0%} interval is the "
            f"{'Student-t' if method == 't' else 'BCa bootstrap'} interval over replicates. "
            "Synergy is claimed only when the t test of the interaction is significant"
            + (" after Holm's correction over the sweep points" if many else "") +
            " and the interaction is at least the practical threshold.</p>"]
    if warning:
        body.append(f'<p class="warning">{html.escape(warning)}</p>')
    body.append(html_table(header, rows))
    body.append(f"<h3>Effects: {html.escape(info.title)}"
                + (f", {html.escape(labels.get(int(effects['point'].iloc[0])))}" if many else "")
                + "</h3>")
    provisional = f" ({syn.attrs['replicates']} replicates: provisional)" if warning else ""
    body.append(f'<p class="verdict">{html.escape(first_verdict)}{provisional}.</p>')
    body.append(html_table(["Effect", "Estimate", f"{level:.0%} interval", "p (t test)"],
                           eff_rows))
    return _section("Synergy", "\n".join(body))
