"""cogov-analysis: summaries, paired comparisons, synergy tests, plots and reports from a
sweep directory.

    cogov-analysis summary  SWEEP [-m METRIC]... [--csv FILE]
    cogov-analysis compare  SWEEP [-m METRIC] [--baseline NAME] [--negligible F]
                            [--markdown FILE] [--csv FILE]
    cogov-analysis synergy  SWEEP --factorial NEITHER,A,B,BOTH [-m METRIC] [--negligible F]
    cogov-analysis plot     SWEEP {series,difference,forest,age,heatmap,grid} -o STEM [options]
    cogov-analysis plot-runs SERIES -o STEM FILE.h5...   (separate runs, one line each)
    cogov-analysis long     SWEEP -o FILE.csv [--series NAME]...
    cogov-analysis report   SWEEP -o report.html [-m METRIC]... [--factorial ...] [--negligible F]

METRIC is SERIES[LABEL]:STAT with STAT auc, peak, peak_day, final, mean, total (sum over
steps, for "this step" counts) or day=D, e.g. fraud_successes:total or
participation_by_age[senior]:day=90.

Intervals are Student t by default (paired t for paired differences, Welch for unpaired
ones, t on the logit scale for means of shares and on the log scale for means of counts and
yuan); --interval bca uses a BCa bootstrap instead. Each sweep point is analysed on its
own. `significant` is set by the paired t test after Holm's correction over the comparisons
of one metric; a difference below --negligible x |baseline mean| is "negligible". Results
from fewer than 5 pairs come with a warning. Runs that did not complete are left out of
every statistic, and each command says how many and why. Exit status 2 on bad input, in one
line naming the file and what is wrong (unknown metric, a corrupt output file, an index that
does not decode, an output that cannot be written), 0 otherwise.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from . import plots
from .compare import compare
from .io import AnalysisError, Sweep, load_run
from .metrics import parse_metric
from .report import DEFAULT_METRICS, build_report
from .stats import DEFAULT_BOOT, DEFAULT_LEVEL, DEFAULT_NEGLIGIBLE, METHODS, few_pairs_warning
from .summarise import summarise
from .synergy import synergy
from .tables import to_markdown


def _common(p: argparse.ArgumentParser, several_metrics: bool):
    p.add_argument("sweep", help="sweep directory (with index.csv)")
    if several_metrics:
        p.add_argument("-m", "--metric", action="append", help="outcome (repeatable); default: "
                       + ", ".join(DEFAULT_METRICS))
    else:
        p.add_argument("-m", "--metric", default=DEFAULT_METRICS[0],
                       help=f"outcome (default {DEFAULT_METRICS[0]})")
    p.add_argument("--level", type=float, default=DEFAULT_LEVEL, help="interval level (0.95)")
    p.add_argument("--interval", choices=METHODS, default="t",
                   help="interval method: t (Student t, the default) or bca (BCa bootstrap)")


def _negligible(p: argparse.ArgumentParser):
    p.add_argument("--negligible", type=float, default=DEFAULT_NEGLIGIBLE, metavar="F",
                   help="practical threshold: a difference below F x |baseline mean| is "
                   f"'negligible', not significant (default {DEFAULT_NEGLIGIBLE})")


def _factorial(text: str):
    parts = [t.strip() for t in text.split(",")]
    if len(parts) != 4 or not all(parts):
        raise argparse.ArgumentTypeError("expected NEITHER,A,B,BOTH (four variant names)")
    return parts


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="cogov-analysis", description=__doc__.split("\n\n")[0],
                                  formatter_class=argparse.RawDescriptionHelpFormatter,
                                  epilog=__doc__.split("\n\n", 1)[1])
    sub = top.add_subparsers(dest="command", required=True)

    p = sub.add_parser("summary", help="mean and interval per variant of each metric")
    _common(p, True)
    p.add_argument("--csv", help="also write the table as CSV")

    p = sub.add_parser("compare", help="each variant against the baseline, paired")
    _common(p, False)
    p.add_argument("--baseline", help="baseline variant (default: 'baseline' or the first)")
    p.add_argument("--boot", type=int, default=DEFAULT_BOOT,
                   help="bootstrap resamples (with --interval bca)")
    _negligible(p)
    p.add_argument("--lower-is-better", action="store_true", default=None,
                   help="rank smaller outcomes first (default: from the series, e.g. fraud_*)")
    p.add_argument("--markdown", help="write the table as Markdown")
    p.add_argument("--csv", help="write the table as CSV")

    p = sub.add_parser("synergy", help="2 x 2 factorial: main effects and interaction")
    _common(p, False)
    p.add_argument("--factorial", type=_factorial, required=True, metavar="NEITHER,A,B,BOTH")
    p.add_argument("--boot", type=int, default=DEFAULT_BOOT,
                   help="bootstrap resamples (with --interval bca)")
    _negligible(p)
    p.add_argument("--csv")

    p = sub.add_parser("plot", help="one figure as PNG and SVG")
    p.add_argument("sweep")
    p.add_argument("kind", choices=["series", "difference", "forest", "age", "heatmap", "grid"])
    p.add_argument("-o", "--out", required=True, help="file stem: writes STEM.png and STEM.svg")
    p.add_argument("--series", default=None, help="series (series, difference, age, grid)")
    p.add_argument("--label", help="column of a 2-D series (series, difference)")
    p.add_argument("-m", "--metric", default=DEFAULT_METRICS[0], help="(forest, heatmap)")
    p.add_argument("--baseline", help="(difference, forest)")
    p.add_argument("-x", help="swept parameter on x (heatmap; forest of a sweep: the dose axis)")
    p.add_argument("-y", help="swept parameter on y (heatmap)")
    p.add_argument("--run", type=int, help="run id (grid; default the first done)")
    p.add_argument("--day", type=float, help="day (grid; default the last)")

    p = sub.add_parser("plot-runs", help="one series from separate output files")
    p.add_argument("series")
    p.add_argument("files", nargs="+", help="cogov output files (HDF5)")
    p.add_argument("-o", "--out", required=True, help="file stem: writes STEM.png and STEM.svg")

    p = sub.add_parser("long", help="the tidy long table of series values as CSV")
    p.add_argument("sweep")
    p.add_argument("-o", "--out", required=True)
    p.add_argument("--series", action="append", help="series to include (default: all)")

    p = sub.add_parser("report", help="self-contained HTML report")
    _common(p, True)
    p.add_argument("-o", "--out", required=True, help="HTML file to write")
    p.add_argument("--baseline", help="baseline variant (default: 'baseline' or the first)")
    p.add_argument("--factorial", type=_factorial, metavar="NEITHER,A,B,BOTH",
                   help="also test the synergy of A and B (2 x 2 factorial)")
    p.add_argument("--series", action="append",
                   help="series to plot over time, SERIES or SERIES[LABEL] (repeatable)")
    p.add_argument("--boot", type=int, default=DEFAULT_BOOT,
                   help="bootstrap resamples (with --interval bca)")
    _negligible(p)
    return top


def _print_table(df, title: str):
    print(title)
    print(to_markdown(df))


def _outputs(args) -> list[str]:
    """The files this command will write (checked before any work)."""
    paths = [getattr(args, k, None) for k in ("csv", "markdown")]
    if args.command in ("report", "long"):
        paths.append(args.out)
    elif args.command in ("plot", "plot-runs"):
        paths += [args.out + ".png", args.out + ".svg"]
    return [p for p in paths if p]


def _check_writable(path: str):
    """Refuses an output that cannot be written, before the analysis runs."""
    p = Path(path)
    parent = p.parent if str(p.parent) else Path(".")
    if p.is_dir():
        raise AnalysisError(f"{p}: is a directory; give a file name to write")
    if not parent.is_dir():
        raise AnalysisError(f"{p}: cannot write: directory {parent} does not exist")
    if not os.access(parent, os.W_OK | os.X_OK) or (p.exists() and not os.access(p, os.W_OK)):
        raise AnalysisError(f"{p}: cannot write: permission denied")


def _note_dropped(sweep: Sweep):
    """Says which runs a statistic leaves out, and why (never silently)."""
    if (note := sweep.dropped_note()):
        print("Note: " + note + ".")


def run(args) -> int:
    for path in _outputs(args):
        _check_writable(path)
    if args.command == "summary":
        sweep = Sweep(args.sweep)
        table = summarise(sweep, args.metric or DEFAULT_METRICS, level=args.level,
                          method=args.interval)
        _print_table(table, f"Outcomes per variant and sweep point ({args.level:.0%} "
                     f"{'t' if args.interval == 't' else 'BCa'} intervals)")
        _note_dropped(sweep)
        if args.csv:
            table.to_csv(args.csv, index=False)
    elif args.command == "compare":
        sweep = Sweep(args.sweep)
        table = compare(sweep, args.metric, args.baseline, level=args.level,
                        n_boot=args.boot, lower_is_better=args.lower_is_better,
                        method=args.interval, negligible=args.negligible)
        a = table.attrs
        how = "paired t" if a["method"] == "t" else f"BCa bootstrap, {a['n_boot']} resamples"
        _print_table(table.drop(columns=["metric", "clipped"]),
                     f"{a['metric']}: variant - {a['baseline']}, paired by replicate "
                     f"({a['level']:.0%} {how}; p_holm: Holm over the {a['family']} comparisons "
                     f"of this metric; negligible below {a['negligible']:g} x |baseline mean|; "
                     f"rank 1 best, {'lower' if a['lower_is_better'] else 'higher'} is better)")
        if a["clipped"]:
            print("An interval was clipped to the range a difference of this metric can take.")
        if few_pairs_warning(a["min_pairs"]):
            print("Warning: " + few_pairs_warning(a["min_pairs"]))
        _note_dropped(sweep)
        if args.markdown:
            with open(args.markdown, "w") as f:
                f.write(to_markdown(table))
        if args.csv:
            table.to_csv(args.csv, index=False)
    elif args.command == "synergy":
        sweep = Sweep(args.sweep)
        table = synergy(sweep, args.metric, *args.factorial, level=args.level,
                        n_boot=args.boot, method=args.interval, negligible=args.negligible)
        a = table.attrs
        _print_table(table, f"{a['metric']}, {a['replicates']} replicates"
                     + (" per sweep point" if a["points"] > 1 else "")
                     + f" ({a['level']:.0%} {'t' if a['method'] == 't' else 'BCa'} intervals"
                     + ("; p_holm over the sweep points)" if a["points"] > 1 else ")"))
        for point, verdict in a["verdicts"].items():
            print((f"point {point}: " if a["points"] > 1 else "") + verdict)
        if a["warning"]:
            print("Warning: " + a["warning"])
        _note_dropped(sweep)
        if args.csv:
            table.to_csv(args.csv, index=False)
    elif args.command == "plot":
        sweep = Sweep(args.sweep)
        if args.kind == "series":
            fig = plots.series_bands(sweep, args.series or "participation_share", args.label)
        elif args.kind == "difference":
            fig = plots.difference_bands(sweep, args.series or "participation_share", args.label,
                                         args.baseline)
        elif args.kind == "forest":
            table = compare(sweep, args.metric, args.baseline)
            if "point" in table:  # a dose-response line over a numeric swept key, if any
                m = parse_metric(args.metric)
                units = m.units(sweep.first_run())
                fig = plots.dose_response(table, sweep, [m.title()], [units], x=args.x)
            else:
                fig = plots.forest(table)
        elif args.kind == "age":
            fig = plots.by_age(sweep, args.series or "participation_by_age")
        elif args.kind == "heatmap":
            if not (args.x and args.y):
                raise AnalysisError("heatmap needs -x PARAM -y PARAM (swept parameters: "
                                    f"{', '.join(sweep.parameters) or 'none'})")
            fig = plots.heatmap(sweep, args.metric, args.x, args.y)
        else:
            run_ = sweep.run(args.run) if args.run is not None else sweep.first_run()
            fig = plots.grid_map(run_, args.series or "participation_by_grid", args.day)
        for path in plots.save(fig, args.out):
            print(f"wrote {path}")
    elif args.command == "plot-runs":
        fig = plots.runs_series([load_run(f) for f in args.files], args.series)
        for path in plots.save(fig, args.out):
            print(f"wrote {path}")
    elif args.command == "long":
        sweep = Sweep(args.sweep)
        table = sweep.long(args.series)
        table.to_csv(args.out, index=False)
        print(f"wrote {args.out}: {len(table)} rows")
        _note_dropped(sweep)
    elif args.command == "report":
        out = build_report(args.sweep, args.out, args.metric, args.baseline, args.factorial,
                           args.series, level=args.level, n_boot=args.boot,
                           method=args.interval, negligible=args.negligible)
        print(f"wrote {out}")
    return 0


def main(argv=None) -> int:
    args = parser().parse_args(argv)
    try:
        return run(args)
    except AnalysisError as e:
        print(f"cogov-analysis {args.command}: {e}", file=sys.stderr)
        return 2
    except OSError as e:
        # A file that cannot be read or written (found only while working): one line naming
        # it, exit 2 as for any bad input; a traceback is for bugs only.
        name = e.filename or "a file"
        print(f"cogov-analysis {args.command}: {name}: {e.strerror or e}", file=sys.stderr)
        return 2
