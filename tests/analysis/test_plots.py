"""Every figure renders to PNG and SVG with visible content."""
import matplotlib.image as mpimg
import pytest
from cogov_analysis import compare, plots
from cogov_analysis.io import AnalysisError


def assert_drawn(paths):
    png, svg = paths
    pixels = mpimg.imread(png)
    assert pixels.shape[0] > 200 and pixels.std() > 0.05, "blank figure"
    assert svg.read_text().lstrip().startswith("<?xml") and svg.stat().st_size > 5000


@pytest.mark.parametrize("make", [
    lambda s: plots.series_bands(s, "participation_share"),
    lambda s: plots.series_bands(s, "participation_by_age", label="senior"),
    lambda s: plots.difference_bands(s, "fraud_successes"),
    lambda s: plots.difference_bands(s, "fraud_losses_by_age", label="senior"),
    lambda s: plots.levels_grid(s, ["fraud_successes", "participation_share", "mean_trust"]),
    lambda s: plots.forest(compare(s, "participation_share:auc").query("point == 0")),
    lambda s: plots.forest([compare(s, m).query("point == 0") for m in
                            ("participation_share:auc", "fraud_losses:total")]),
    lambda s: plots.point_effects([compare(s, "participation_share:auc")], s),
    lambda s: plots.heatmap(s, "participation_share:final", "participation.herding",
                            "participation.altruism"),
    lambda s: plots.difference_heatmap(compare(s, "participation_share:auc"),
                                       "participation.herding", "participation.altruism"),
    lambda s: plots.by_age(s),
    lambda s: plots.grid_map(s.run(0)),
], ids=["series", "series-label", "difference", "difference-label", "levels", "forest",
        "forest-panels", "points", "heatmap", "difference-heatmap", "age", "grid"])
def test_figure(sweep, tmp_path, make):
    assert_drawn(plots.save(make(sweep), tmp_path / "fig"))


def test_policy_windows_come_from_the_resolved_scenario(sweep):
    row = sweep.index[sweep.index["variant"] == "hybrid"].iloc[0]
    windows = plots.policy_windows(sweep.run(int(row["run_id"])))
    assert len(windows) == 2 and all(start == 30 for _, start, _ in windows)
    assert plots.policy_windows(sweep.run(0)) == []


def test_figure_errors(sweep):
    with pytest.raises(AnalysisError, match="pass label="):
        plots.series_bands(sweep, "participation_by_age")
    with pytest.raises(AnalysisError, match="not a swept parameter"):
        plots.heatmap(sweep, "participation_share:final", "seed", "participation.altruism")
    with pytest.raises(AnalysisError, match="not a per-grid series"):
        plots.grid_map(sweep.run(0), "participation_by_age")


@pytest.fixture(scope="module")
def auc(sweep):
    return compare(sweep, "participation_share:auc")


def test_dose_response_numeric_x_and_a_line_per_other_combination(sweep, auc, tmp_path):
    # altruism as strings (like a campaign's target): never the x axis
    table = auc.copy()
    table["participation.altruism"] = table["participation.altruism"].map(lambda v: f"a{v:g}")
    assert plots.dose_axis(table, sweep.parameters) == "participation.herding"
    fig = plots.dose_response([table, table], sweep, ["one", "two"], ["share x day"] * 2)
    ax = fig.axes[0]
    assert ax.get_xlabel().startswith("herding") and "(utility)" in ax.get_xlabel()
    combos = table[["variant", "participation.altruism"]].drop_duplicates()
    assert len(ax.get_legend_handles_labels()[1]) == len(combos) == 6
    assert "altruism a1" in " ".join(ax.get_legend_handles_labels()[1])
    assert fig._suptitle.get_text().startswith("Dose–response")
    assert_drawn(plots.save(fig, tmp_path / "dose"))


def test_dose_response_one_parameter_and_short_names(sweep, auc):
    table = auc[auc["participation.altruism"] == 1.0]
    fig = plots.dose_response(table, sweep, x="participation.herding")
    assert len(fig.axes[0].get_legend_handles_labels()[1]) == table["variant"].nunique()
    assert plots.short_names(["policy.campaign.start_day", "policy.campaign.target"]) == \
        {"policy.campaign.start_day": "start_day", "policy.campaign.target": "target"}
    assert plots.parameter_units("policy.campaign.start_day") == "days"


def test_dose_response_without_numeric_parameter_falls_back(sweep, auc, tmp_path):
    table = auc.copy()
    for p in sweep.parameters:
        table[p] = table[p].map(lambda v: f"v{v:g}")
    assert plots.dose_axis(table, sweep.parameters) is None
    fig = plots.dose_response(table, sweep)
    ax = fig.axes[0]
    assert ax.get_xlabel() == "sweep point: herding, altruism"
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert labels[0] == "v2, v1" and all(t.get_rotation() == 45 for t in ax.get_xticklabels())
    assert_drawn(plots.save(fig, tmp_path / "points"))
