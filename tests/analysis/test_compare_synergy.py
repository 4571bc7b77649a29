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
    # Each sweep point on its own: 3 pairs per point, never 12 pooled over points.
    table = compare(sweep, METRIC, baseline="baseline")
    values = by_hand(sweep, "political")
    assert len(table) == 3 * 4 and set(table["variant"]) == {"political", "social", "hybrid"}
    for p in range(4):
        diffs = [values[("political", p, r)] - values[("baseline", p, r)] for r in range(3)]
        row = table[(table["variant"] == "political") & (table["point"] == p)].iloc[0]
        assert row["pairs"] == 3
        assert row["difference"] == pytest.approx(np.mean(diffs))
        # Paired t interval by hand: t(0.975, 2) = 4.302653
        half = 4.302653 * np.std(diffs, ddof=1) / np.sqrt(3)
        assert row["ci_low"] == pytest.approx(np.mean(diffs) - half, rel=1e-5)
        assert row["ci_high"] == pytest.approx(np.mean(diffs) + half, rel=1e-5)
    assert {"participation.herding", "participation.altruism"} <= set(table.columns)


def test_ranking_follows_the_direction_of_the_outcome(sweep):
    table = compare(sweep, METRIC)
    for _, rows in table.groupby("point"):
        assert list(rows["rank"]) == sorted(rows["rank"])
        assert rows["difference"].is_monotonic_decreasing
    lower = compare(sweep, METRIC, lower_is_better=True)
    for _, rows in lower.groupby("point"):
        assert rows["difference"].is_monotonic_increasing


def test_common_random_numbers_narrow_the_interval(sweep):
    table = compare(sweep, METRIC)
    assert np.nanmedian(table["width_ratio"]) > 1


def test_mobilisation_raises_participation(sweep):
    # Direction check on the real engine: political mobilisation adds participants at every
    # sweep point (p < 0.05 each); with 3 pairs per point not every point survives Holm's
    # correction over the 12 comparisons, and those that do are "better".
    rows = compare(sweep, METRIC).query("variant == 'political'")
    assert (rows["ci_low"] > 0).all() and (rows["p_value"] < 0.05).all()
    assert rows["significant"].any()
    assert set(rows["verdict"]) <= {"better", "not significant"}
    assert (rows["significant"] == (rows["verdict"] == "better")).all()


def test_holm_adjusts_over_the_comparisons_of_one_metric(sweep):
    table = compare(sweep, METRIC)
    assert table.attrs["family"] == 12
    assert (table["p_holm"] >= table["p_value"]).all()
    order = table.sort_values("p_value")
    m = len(order)
    expected = np.maximum.accumulate(np.minimum(1, (m - np.arange(m)) * order["p_value"]))
    np.testing.assert_allclose(order["p_holm"], np.minimum(1, expected))


def test_bca_bootstrap_is_an_option(sweep):
    t = compare(sweep, METRIC)
    bca = compare(sweep, METRIC, method="bca", n_boot=500)
    assert bca.attrs["method"] == "bca"
    np.testing.assert_allclose(bca["difference"], t["difference"])
    assert not np.allclose(bca["ci_low"], t["ci_low"])
    with pytest.raises(AnalysisError, match="choose from t, bca"):
        compare(sweep, METRIC, method="percentile")


def pairs(diffs, base=100.0, step=1.0, cost=None):
    rows = []
    for r, d in enumerate(diffs):
        rows.append({"variant": "base", "point": 0, "replicate": r, "seed": r, "cost": 0.0,
                     "y": base + step * r})
        rows.append({"variant": "policy", "point": 0, "replicate": r, "seed": r,
                     "cost": cost[r] if cost is not None else 0.0, "y": base + step * r + d})
    return pd.DataFrame(rows)


def test_a_tiny_difference_is_negligible_not_significant():
    # Common random numbers make a difference of 3e-6 "significant" at p < 0.001; below the
    # practical threshold (1% of the baseline mean) it is negligible.
    table = compare_table(pairs([3e-6, 3.1e-6, 2.9e-6, 3e-6, 3.05e-6]), "y", "base")
    row = table.iloc[0]
    assert row["p_holm"] < 0.001
    assert row["verdict"] == "negligible" and not row["significant"]
    strict = compare_table(pairs([3e-6, 3.1e-6, 2.9e-6, 3e-6, 3.05e-6]), "y", "base",
                           negligible=0.0)
    assert strict.iloc[0]["verdict"] == "better" and strict.iloc[0]["significant"]
    wide = compare_table(pairs([5.0, -4.0, 3.0, -4.0]), "y", "base")
    assert wide.iloc[0]["verdict"] == "not significant"


def test_cost_per_unit_averted_has_fiellers_interval():
    averted = np.array([10.0, 12.0, 9.0, 11.0, 10.5])
    cost = np.array([1000.0, 1150.0, 950.0, 1080.0, 1020.0])
    table = compare_table(pairs(-averted, cost=cost), "y", "base", lower_is_better=True)
    row = table.iloc[0]
    assert row["cost_per_unit"] == pytest.approx(cost.mean() / averted.mean())
    assert row["cost_low"] < row["cost_per_unit"] < row["cost_high"]
    assert row["cost_note"] == ""
    # Harm averted whose interval includes 0: the ratio is unbounded, and says so.
    noisy = compare_table(pairs(-np.array([10.0, -8.0, 12.0, -9.0]),
                                cost=np.array([1000.0, 1000.0, 1000.0, 1000.0])),
                          "y", "base", lower_is_better=True).iloc[0]
    assert np.isnan(noisy["cost_low"]) and "unbounded" in noisy["cost_note"]


def test_differences_of_shares_stay_possible():
    table = compare_table(pairs([0.9, 0.0, 0.95], base=0.05, step=0.0), "y", "base",
                          bounds=(0.0, 1.0))
    row = table.iloc[0]
    assert -1.0 <= row["ci_low"] and row["ci_high"] <= 1.0
    assert row["clipped"] and table.attrs["clipped"]


def test_unpaired_seeds_are_refused():
    table = pd.DataFrame({"variant": ["a", "b"], "point": [0, 0], "replicate": [0, 0],
                          "seed": [1, 2], "cost": [0, 0], "y": [1.0, 2.0]})
    with pytest.raises(AnalysisError, match="not paired"):
        compare_table(table, "y", "a")
    with pytest.raises(AnalysisError, match="baseline 'c'"):
        compare_table(table, "y", "c")


def test_summary_intervals_stay_possible(sweep):
    table = summarise(sweep, ["participation_share:final", "participation_share:peak_day",
                              "fraud_successes:total"])
    assert len(table) == 4 * 4 * 3  # variants x points x metrics: points never pooled
    share = table[table["metric"] == "participation_share:final"]
    assert (share["ci_low"] >= 0).all() and (share["ci_high"] <= 1).all()
    assert set(share["interval"]) == {"t on the logit scale"}
    day = table[table["metric"] == "participation_share:peak_day"]
    assert (day["ci_low"] >= 0).all() and (day["ci_high"] <= 60).all()
    victims = table[table["metric"] == "fraud_successes:total"]
    assert (victims["ci_low"] >= 0).all() and set(victims["interval"]) == {"t on the log scale"}


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
    for p in range(4):
        inter = [v[("hybrid", p, r)] - v[("political", p, r)] - v[("social", p, r)]
                 + v[("baseline", p, r)] for r in range(3)]
        effects = table[table["point"] == p].set_index("effect")
        assert effects.loc["interaction", "estimate"] == pytest.approx(np.mean(inter))
        half = 4.302653 * np.std(inter, ddof=1) / np.sqrt(3)
        assert effects.loc["interaction", "ci_high"] == pytest.approx(np.mean(inter) + half,
                                                                      rel=1e-5)
        assert effects.loc["combined", "estimate"] == pytest.approx(
            effects.loc["sum of the parts", "estimate"] + effects.loc["interaction", "estimate"])
    assert table.attrs["replicates"] == 3 and len(table.attrs["verdicts"]) == 4
    assert "Only 3 replicates" in table.attrs["warning"]


def test_synergy_on_few_replicates_needs_the_t_test():
    # Four replicates whose interactions a percentile bootstrap of the mean would call
    # synergy (its interval excludes 0) but a t interval does not.
    rows = []
    for r, inter in enumerate([0.60, 0.04, 0.05, 0.42]):
        for v, e in {"none": 0, "A": 2.0, "B": 1.0, "AB": 3.0 + inter}.items():
            rows.append({"variant": v, "point": 0, "replicate": r, "seed": r, "cost": 0,
                         "y": 10 + r + e})
    table = synergy_table(pd.DataFrame(rows), "y", "none", "A", "B", "AB")
    inter = table.set_index("effect").loc["interaction"]
    assert inter["ci_low"] < 0 < inter["ci_high"] and inter["p_value"] > 0.05
    assert table.attrs["verdict"].startswith("no evidence")
    assert "Only 4 replicates" in table.attrs["warning"]


def test_synergy_names_a_missing_variant(sweep):
    with pytest.raises(AnalysisError, match="'both' is not in the sweep"):
        synergy(sweep, METRIC, "baseline", "political", "social", "both")
