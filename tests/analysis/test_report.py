"""The HTML report: self-contained, with its sections, tables and figures; rendered by
headless Chromium, which must decode every figure and lay out a non-blank page."""
import re
import shutil
import subprocess

import matplotlib.image as mpimg
import numpy as np
import pytest
from cogov_analysis.report import build_report


@pytest.fixture(scope="module")
def report(sweep_dir, tmp_path_factory):
    out = tmp_path_factory.mktemp("report") / "report.html"
    build_report(sweep_dir, out, factorial=["baseline", "political", "social", "hybrid"],
                 n_boot=2000)
    return out


def test_report_is_self_contained_with_every_section(report):
    page = report.read_text()
    for heading in ("Experiment", "Outcomes per variant", "Policy comparison", "Synergy",
                    "Figures", "Provenance"):
        assert f"<h2>{heading}</h2>" in page
    assert "48 runs (48 done)" in page
    images = re.findall(r'<img [^>]*src="([^"]{0,30})', page)
    assert len(images) == 8  # forest, 4 series, by age, heat map, grid map
    assert all(src.startswith("data:image/png;base64,") for src in images)
    assert not re.search(r'(src|href)="(?!data:)', page), "external resource in the report"
    assert "analysis-test" in page and "git_hash" in page


def chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if shutil.which(name):
            return name
    pytest.fail("no Chromium: scripts/setup.sh installs Debian's chromium for this test")


def test_report_renders_in_a_browser(report, tmp_path):
    base = [chromium(), "--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
            "--virtual-time-budget=5000"]
    dom = subprocess.run(base + ["--dump-dom", report.as_uri()], capture_output=True,
                         text=True, timeout=120).stdout
    body = re.search(r"<body([^>]*)>", dom)
    assert body, "Chromium returned no page"
    attrs = dict(re.findall(r'data-([a-z-]+)="(\d+)"', body.group(1)))
    assert int(attrs["figures"]) == 8
    assert attrs["figures-rendered"] == attrs["figures"], "a figure did not decode"
    assert int(attrs["tables"]) == 4  # outcomes, comparison, synergy, provenance
    shot = tmp_path / "report.png"
    subprocess.run(base + ["--window-size=1200,2400", f"--screenshot={shot}", report.as_uri()],
                   capture_output=True, timeout=120, check=True)
    pixels = mpimg.imread(shot)
    assert pixels.shape[:2] == (2400, 1200)
    # Text, tables and plots: far from a blank page, and not one flat colour per row.
    assert pixels[..., :3].std() > 0.05
    assert np.mean(pixels[..., :3].std(axis=1) > 0.01) > 0.5
