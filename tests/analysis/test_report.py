"""The HTML report: self-contained, with its sections, tables and figures; rendered by
headless Chromium at 1000 and 1400 px, which must decode every figure, show every table
and lay out a non-blank page no wider than the window."""
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


FIGURES = 17  # per-point effects, difference heat map, 9 difference series, 4 levels
#              (one per sweep point), by age, grid map
TABLES = 15   # overview, 9 outcome details, cost per unit, outcomes per variant, synergy
#              interactions and effects, provenance


def test_report_is_self_contained_with_every_section(report):
    page = report.read_text()
    for heading in ("Experiment", "How to read this report", "Policy comparison",
                    "Cost per unit of harm averted", "Outcomes per variant", "Sweep points",
                    "Synergy", "Time series", "Figures", "Provenance"):
        assert f"<h2>{heading}</h2>" in page
    assert "48 runs (48 done)" in page
    images = re.findall(r'<img [^>]*src="([^"]{0,30})', page)
    assert len(images) == FIGURES
    assert all(src.startswith("data:image/png;base64,") for src in images)
    assert page.count("<table") == TABLES
    assert not re.search(r'(src|href)="(?!data:)', page), "external resource in the report"
    assert "analysis-test" in page and "Git commit" in page


def test_report_answers_with_harms_and_honest_statistics(report):
    page = report.read_text()
    for outcome in ("Fraud victims, all ages: total over the run (victims)",
                    "Fraud victims, seniors", "Fraud losses, all ages", "Fraud losses, seniors",
                    "Rumour reach", "Netizens exposed by breaches", "Participation share",
                    "Mean trust in government", "Government spending",
                    "Yuan per victim averted"):
        assert outcome in page, outcome
    assert "Holm" in page and "paired t" in page and "Fieller" in page
    assert "negligible" in page and "logit scale" in page
    assert "Only 3 pairs" in page and "Only 3 replicates" in page  # < 5: warned in words
    # No raw identifiers as column titles, no yuan in scientific notation.
    headers = re.findall(r"<th>([^<]*)</th>", page)
    assert not [h for h in headers if re.search(r"[a-z]+_[a-z]+|:total|:final|:auc", h)]
    text = re.sub(r'src="data:[^"]*"', "", page.split("<h2>Provenance</h2>")[0])
    assert not re.search(r"\de\+\d", text)
    assert "percentile bootstrap" not in page


def chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if shutil.which(name):
            return name
    pytest.fail("no Chromium: scripts/setup.sh installs Debian's chromium for this test")


@pytest.mark.parametrize("width", [1000, 1400])
def test_report_renders_in_a_browser(report, tmp_path, width):
    base = [chromium(), "--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
            "--virtual-time-budget=5000", f"--window-size={width},2400"]
    dom = subprocess.run(base + ["--dump-dom", report.as_uri()], capture_output=True,
                         text=True, timeout=120).stdout
    body = re.search(r"<body([^>]*)>", dom)
    assert body, "Chromium returned no page"
    attrs = dict(re.findall(r'data-([a-z-]+)="(\d+)"', body.group(1)))
    assert int(attrs["figures"]) == FIGURES
    assert attrs["figures-rendered"] == attrs["figures"], "a figure did not decode"
    assert int(attrs["tables"]) == TABLES
    # Measured by the page's own script after layout: wide tables scroll inside their box,
    # the page itself never scrolls sideways.
    assert int(attrs["viewport-width"]) == width
    assert int(attrs["scroll-width"]) <= int(attrs["viewport-width"]), "page overflows sideways"
    shot = tmp_path / "report.png"
    subprocess.run(base + [f"--screenshot={shot}", report.as_uri()],
                   capture_output=True, timeout=120, check=True)
    pixels = mpimg.imread(shot)
    assert pixels.shape[:2] == (2400, width)
    # Text, tables and plots: far from a blank page, and not one flat colour per row (the
    # top of the page is text and tables, with blank rows between lines of text).
    assert pixels[..., :3].std() > 0.05
    assert np.mean(pixels[..., :3].std(axis=1) > 0.01) > 0.3


def test_report_says_how_an_adaptive_sweep_chose_its_replicates(cogov, tmp_path):
    """cogov sweep --until: the report's Experiment section names the rule and its outcome
    from stopping.csv."""
    from conftest import ROOT
    experiment = tmp_path / "until.toml"
    experiment.write_text(f"""
[experiment]
base = "{ROOT}/scenarios/baseline.toml"
replicates = 4
seed = 21
set = ["population.netizens=2000", "time.steps=50", "output.snapshot_days=[]"]
[[variant]]
name = "baseline"
[[variant]]
name = "campaign"
scenario = "{ROOT}/scenarios/campaign.toml"
[stopping]
until = ["participation_share:auc=±1e-12"]
max_replicates = 8
""")
    out = tmp_path / "out"
    done = subprocess.run([str(cogov), "sweep", str(experiment), "--outdir", str(out), "--jobs",
                           "2", "--threads", "1", "--quiet"], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    page = tmp_path / "report.html"
    build_report(out, page, metrics=["participation_share:auc"])
    text = re.sub(r"\s+", " ", page.read_text())
    assert "Replicates were added in rounds" in text
    assert "participation_share:auc=±1e-12" in text
    assert "the maximum of 8 replicates was reached with 0 of 1 comparisons" in text
    assert "8 replicates per variant and point" in text
