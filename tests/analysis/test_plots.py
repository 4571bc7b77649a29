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
    lambda s: plots.forest(compare(s, "participation_share:auc")),
    lambda s: plots.heatmap(s, "participation_share:final", "participation.herding",
                            "participation.altruism"),
    lambda s: plots.by_age(s),
    lambda s: plots.grid_map(s.run(0)),
], ids=["series", "series-label", "forest", "heatmap", "age", "grid"])
def test_figure(sweep, tmp_path, make):
    assert_drawn(plots.save(make(sweep), tmp_path / "fig"))


def test_figure_errors(sweep):
    with pytest.raises(AnalysisError, match="pass label="):
        plots.series_bands(sweep, "participation_by_age")
    with pytest.raises(AnalysisError, match="not a swept parameter"):
        plots.heatmap(sweep, "participation_share:final", "seed", "participation.altruism")
    with pytest.raises(AnalysisError, match="not a per-grid series"):
        plots.grid_map(sweep.run(0), "participation_by_age")
