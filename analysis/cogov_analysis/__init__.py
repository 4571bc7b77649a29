"""cogov_analysis: from cogov output files and sweep directories to defensible comparisons.

    from cogov_analysis import load_sweep, compare
    sweep = load_sweep("out/policy")
    table = compare(sweep, "participation_share:auc", baseline="baseline")

Modules: io (loading), metrics (derived outcomes per run), stats (t intervals, Holm,
Fieller, BCa option), summarise, compare (paired policy comparison), synergy (factorial
interaction), plots, report (self-contained HTML), cli (the `cogov-analysis` command).
docs/analysis.md.
"""
from .io import Run, Sweep, load_run, load_sweep
from .metrics import Metric, parse_metric
from .summarise import summarise
from .compare import compare
from .synergy import synergy

__all__ = ["Run", "Sweep", "load_run", "load_sweep", "Metric", "parse_metric", "summarise",
           "compare", "synergy"]
