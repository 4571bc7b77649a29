"""The cogov-analysis command: each subcommand end to end, and clear errors (exit 2)."""
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TOOL = ROOT / "analysis" / "cogov-analysis"


def run(*args):
    return subprocess.run([str(TOOL), *map(str, args)], capture_output=True, text=True,
                          timeout=300)


def test_compare_writes_markdown_and_csv(sweep_dir, tmp_path):
    done = run("compare", sweep_dir, "-m", "participation_share:auc", "--markdown",
               tmp_path / "c.md", "--csv", tmp_path / "c.csv")
    assert done.returncode == 0, done.stderr
    assert "paired by replicate" in done.stdout and "paired t" in done.stdout
    assert "Holm over the 12 comparisons" in done.stdout
    assert "Warning: Only 3 pairs" in done.stdout
    assert (tmp_path / "c.md").read_text().startswith("| variant | point |")
    assert len((tmp_path / "c.csv").read_text().splitlines()) == 1 + 3 * 4  # per point
    done = run("compare", sweep_dir, "--interval", "bca", "--boot", 500, "--negligible", 0.5)
    assert done.returncode == 0 and "BCa bootstrap, 500 resamples" in done.stdout
    assert "0.5 x |baseline mean|" in done.stdout


def test_help_describes_the_statistics():
    done = run("--help")
    assert "Student t" in done.stdout and "Holm" in done.stdout and "--interval bca" in done.stdout
    done = run("report", "--help")
    assert "--negligible" in done.stdout and "--interval" in done.stdout


def test_summary_synergy_long_plot_report(sweep_dir, tmp_path):
    assert run("summary", sweep_dir, "-m", "fraud_losses:final").returncode == 0
    done = run("synergy", sweep_dir, "--factorial", "baseline,political,social,hybrid")
    assert done.returncode == 0 and "interaction" in done.stdout
    assert "point 3: " in done.stdout and "Warning: Only 3 replicates" in done.stdout
    done = run("long", sweep_dir, "-o", tmp_path / "long.csv", "--series", "participants")
    assert done.returncode == 0 and f"{48 * 61} rows" in done.stdout
    done = run("plot", sweep_dir, "heatmap", "-o", tmp_path / "heat", "-x",
               "participation.herding", "-y", "participation.altruism")
    assert done.returncode == 0 and (tmp_path / "heat.svg").exists()
    done = run("plot-runs", "participation_by_age", "-o", tmp_path / "runs",
               sweep_dir / "runs" / "run-000000.h5", sweep_dir / "runs" / "run-000012.h5")
    assert done.returncode == 0 and (tmp_path / "runs.png").exists()
    done = run("plot", sweep_dir, "difference", "-o", tmp_path / "diff", "--series",
               "fraud_losses")
    assert done.returncode == 0 and (tmp_path / "diff.png").exists()
    done = run("plot", sweep_dir, "forest", "-o", tmp_path / "dose", "-m",
               "fraud_successes:total", "-x", "participation.herding")
    assert done.returncode == 0 and (tmp_path / "dose.png").exists()
    done = run("report", sweep_dir, "-o", tmp_path / "r.html")
    assert done.returncode == 0 and (tmp_path / "r.html").stat().st_size > 50_000


def test_bad_input_exits_2_with_the_reason(sweep_dir, tmp_path):
    done = run("compare", sweep_dir, "-m", "participation_share")
    assert done.returncode == 2 and "SERIES[LABEL]:STAT" in done.stderr
    done = run("compare", sweep_dir, "--baseline", "nobody")
    assert done.returncode == 2 and "baseline 'nobody'" in done.stderr
    done = run("report", tmp_path, "-o", tmp_path / "r.html")
    assert done.returncode == 2 and "no index.csv" in done.stderr
    assert not (tmp_path / "r.html").exists()
    done = run("synergy", sweep_dir, "--factorial", "a,b")
    assert done.returncode == 2 and "NEITHER,A,B,BOTH" in done.stderr
