"""Shared fixtures: a small factorial sweep made by the real engine, once per session.

The experiment: variants baseline / political / social / hybrid (a 2 x 2 factorial of the
two mobilisation policies) x a 2 x 2 grid over herding and altruism x 3 replicates = 48
runs of 3000 netizens for 60 days, with per-grid series. COGOV_BINARY names the program
(ctest sets it); otherwise build/release/cogov.
"""
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "analysis"))

EXPERIMENT = """
[experiment]
name = "analysis-test"
description = "Factorial test sweep for the analysis toolkit"
base = "{root}/scenarios/baseline.toml"
replicates = 3
seed = 500
set = ["population.netizens=3000", "time.steps=60", "output.snapshot_days=[]",
       "output.by_grid=true"]

[[variant]]
name = "baseline"
[[variant]]
name = "political"
scenario = "{root}/scenarios/political_mobilisation.toml"
[[variant]]
name = "social"
scenario = "{root}/scenarios/social_mobilisation.toml"
[[variant]]
name = "hybrid"
scenario = "{root}/scenarios/hybrid_mobilisation.toml"

[sweep]
kind = "grid"
[[sweep.parameter]]
key = "participation.herding"
values = [2.0, 3.0]
[[sweep.parameter]]
key = "participation.altruism"
values = [1.0, 2.0]
"""


def cogov_binary() -> Path:
    path = Path(os.environ.get("COGOV_BINARY", ROOT / "build" / "release" / "cogov"))
    if not path.exists():
        pytest.fail(f"cogov program not found at {path}: build it or set COGOV_BINARY")
    return path


@pytest.fixture(scope="session")
def cogov() -> Path:
    return cogov_binary()


@pytest.fixture(scope="session")
def sweep_dir(tmp_path_factory, cogov) -> Path:
    work = tmp_path_factory.mktemp("sweep")
    experiment = work / "experiment.toml"
    experiment.write_text(EXPERIMENT.format(root=ROOT))
    out = work / "out"
    done = subprocess.run([str(cogov), "sweep", str(experiment), "--outdir", str(out),
                           "--jobs", "2", "--threads", "1", "--quiet"],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    return out


@pytest.fixture(scope="session")
def sweep(sweep_dir):
    from cogov_analysis import load_sweep

    return load_sweep(sweep_dir)
