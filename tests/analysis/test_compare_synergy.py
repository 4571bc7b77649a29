"""Paired comparisons and the factorial synergy test: against hand computations on the real
sweep, and against synthetic outcomes with a known answer."""
import numpy as np
import pandas as pd
import pytest
from cogov_analysis import compare, parse_metric, summarise, synergy
from cogov_analysis.compare import compare_table
from cogov_analysis.io import AnalysisError
from cogov_analysis.synergy import synergy_table

METRIC = "participation_share:auc"


def by_hand(sweep, variant):
    m = parse_metric(METRIC)
    values = {}
    for row, run in sweep.runs():
        values[(row["variant"], row["point"], row["replicate"])] = m(run)
    return values


def test_paired_difference_equals_the_hand_computation(sweep):
    table = compare(sweep, METRIC, baseline="baseline")
    values = by_hand(sweep, "political")
    diffs = [values[("political", p, r)] - values[("baseline", p, r)]
             for p in range(4) for r in range(3)]
    row = table.set_index("variant").loc["political"]
    assert row["pairs"] == 12
    assert row["difference"] == pytest.approx(np.mean(diffs))
    assert row["ci_low"] < row["difference"] < row["ci_high"]
    assert set(table["variant"]) == {"political", "social", "hybrid"}


def test_ranking_follows_the_direction_of_the_outcome(sweep):
    table = compare(sweep, METRIC)
    assert list(table["rank"]) == sorted(table["rank"])
    assert table["difference"].is_monotonic_decreasing
    lower = compare(sweep, METRIC, lower_is_better=True)
    assert lower["difference"].is_monotonic_increasing


def test_common_random_numbers_narrow_the_interval(sweep):
    table = compare(sweep, METRIC)
    assert np.nanmedian(table["width_ratio"]) > 1


def test_mobilisation_raises_participation(sweep):
    # Direction check on the real engine: political mobilisation adds participants.
    row = compare(sweep, METRIC).set_index("variant").loc["political"]
    assert row["ci_low"] > 0 and row["significant"]


def test_unpaired_seeds_are_refused():
    table = pd.DataFrame({"variant": ["a", "b"], "point": [0, 0], "replicate": [0, 0],
                          "seed": [1, 2], "cost": [0, 0], "y": [1.0, 2.0]})
    with pytest.raises(AnalysisError, match="not paired"):
        compare_table(table, "y", "a")
    with pytest.raises(AnalysisError, match="baseline 'c'"):
        compare_table(table, "y", "c")


def test_summary_means_and_costs(sweep):
    table = summarise(sweep, [METRIC], by=["variant"])
    values = by_hand(sweep, None)
    base = [v for (variant, _, _), v in values.items() if variant == "baseline"]
    row = table.set_index("variant").loc["baseline"]
    assert row["n"] == 12 and row["mean"] == pytest.approx(np.mean(base))
    assert row["cost"] == 0 and np.isnan(row["cost_per_unit"])
    assert table.set_index("variant").loc["political", "cost"] > 0


def synthetic(interaction: float, replicates: int = 10) -> pd.DataFrame:
    rng = np.random.default_rng(4)
    rows = []
    for r in range(replicates):
        shared = rng.normal(0, 1)
        effects = {"none": 0, "A": 2.0, "B": 1.0, "AB": 3.0 + interaction}
        for v, e in effects.items():
            rows.append({"variant": v, "point": 0, "replicate": r, "seed": 100 + r, "cost": 0,
                         "y": 10 + shared + e + rng.normal(0, 0.05)})
    return pd.DataFrame(rows)


def test_synergy_detects_a_known_interaction():
    table = synergy_table(synthetic(1.5), "y", "none", "A", "B", "AB")
    effects = table.set_index("effect")
    assert effects.loc["interaction", "estimate"] == pytest.approx(1.5, abs=0.1)
    assert effects.loc["main effect A", "estimate"] == pytest.approx(2.75, abs=0.1)
    assert table.attrs["verdict"].startswith("synergy")
    assert synergy_table(synthetic(-1.5), "y", "none", "A", "B", "AB").attrs[
        "verdict"].startswith("sub-additive")
    assert synergy_table(synthetic(0.0), "y", "none", "A", "B", "AB").attrs[
        "verdict"].startswith("no evidence")


def test_synergy_on_the_engine_equals_the_hand_computation(sweep):
    table = synergy(sweep, METRIC, "baseline", "political", "social", "hybrid")
    v = by_hand(sweep, None)
    inter = [v[("hybrid", p, r)] - v[("political", p, r)] - v[("social", p, r)]
             + v[("baseline", p, r)] for p in range(4) for r in range(3)]
    effects = table.set_index("effect")
    assert effects.loc["interaction", "estimate"] == pytest.approx(np.mean(inter))
    assert effects.loc["combined", "estimate"] == pytest.approx(
        effects.loc["sum of the parts", "estimate"] + effects.loc["interaction", "estimate"])
    assert table.attrs["replicates"] == 12


def test_synergy_names_a_missing_variant(sweep):
    with pytest.raises(AnalysisError, match="'both' is not in the sweep"):
        synergy(sweep, METRIC, "baseline", "political", "social", "both")
