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
