"""Errors at the CLI boundary (docs/analysis.md, errors): a corrupt output file, an index
that does not decode, an output that cannot be written are one line naming the file, exit
2, never a traceback; runs that did not complete are left out and the commands say which
and why. A small sweep of its own (6 runs, about a second) so that this file runs alone."""
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from conftest import ROOT

CLI = [sys.executable, str(ROOT / "analysis" / "cogov-analysis")]

EXPERIMENT = """
[experiment]
name = "errors-test"
base = "{root}/scenarios/baseline.toml"
replicates = 3
seed = 5
set = ["population.netizens=1500", "time.steps=20", "output.snapshot_days=[]"]
[[variant]]
name = "baseline"
[[variant]]
name = "political"
scenario = "{root}/scenarios/political_mobilisation.toml"
"""


@pytest.fixture(scope="module")
def small_sweep(tmp_path_factory, cogov) -> Path:
    work = tmp_path_factory.mktemp("errors")
    experiment = work / "experiment.toml"
    experiment.write_text(EXPERIMENT.format(root=ROOT))
    out = work / "out"
    done = subprocess.run([str(cogov), "sweep", str(experiment), "--outdir", str(out), "--jobs",
                           "2", "--threads", "1", "--quiet"], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    return out


@pytest.fixture
def copy(small_sweep, tmp_path) -> Path:
    target = tmp_path / "sweep"
    shutil.copytree(small_sweep, target)
    return target


def cli(*args):
    return subprocess.run([*CLI, *map(str, args)], capture_output=True, text=True)


def refused(r, *mentions):
    assert r.returncode == 2, r.stdout + r.stderr
    assert "Traceback" not in r.stderr, r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    for m in mentions:
        assert m in lines[0], lines[0]
    return lines[0]


def set_status(sweep: Path, changes: dict[int, tuple[str, int, str]]):
    index = sweep / "index.csv"
    d = pd.read_csv(index, keep_default_na=False)
    for run_id, (status, code, error) in changes.items():
        d.loc[d.run_id == run_id, ["status", "exit_code", "error"]] = [status, code, error]
    d.to_csv(index, index=False)


def test_truncated_output_file(copy):
    path = copy / "runs" / "run-000002.h5"
    path.write_bytes(path.read_bytes()[:20000])
    refused(cli("summary", copy), "run-000002.h5")


def test_bit_flipped_output_file(copy):
    path = copy / "runs" / "run-000003.h5"
    data = bytearray(path.read_bytes())
    for i in range(2000, len(data), 97):
        data[i] ^= 0xFF
    path.write_bytes(bytes(data))
    for command in ("summary", "compare"):
        refused(cli(command, copy), "run-000003.h5")


def test_output_file_without_series(copy):
    import h5py

    with h5py.File(copy / "runs" / "run-000001.h5", "a") as f:
        del f["series"]
    refused(cli("summary", copy), "run-000001.h5", "series")


@pytest.mark.parametrize("content", [b"\xff\xfe\x00garbage\x80\x81\n", b"", b"run_id,variant\n\"x",
                                     "run_id,variant,point,replicate,seed,status,output\n"
                                     "abc,base,0,0,1,done,runs/x.h5\n".encode()])
def test_undecodable_or_garbled_index(copy, content):
    (copy / "index.csv").write_bytes(content)
    refused(cli("summary", copy), "index.csv")


def test_index_is_a_directory(copy):
    (copy / "index.csv").unlink()
    (copy / "index.csv").mkdir()
    refused(cli("compare", copy), "index.csv")


def test_unwritable_report_path(copy, tmp_path):
    (tmp_path / "plain").write_text("a file, not a directory")
    for target in (tmp_path / "missing" / "r.html", tmp_path / "plain" / "r.html", copy):
        line = refused(cli("report", copy, "-o", target), str(target))
        assert "cannot write" in line or "directory" in line
    # Found only while writing (as root, /proc passes the access check).
    refused(cli("report", copy, "-o", "/proc/cogov-report.html"), "/proc/cogov-report.html")
    refused(cli("summary", copy, "--csv", tmp_path / "missing" / "t.csv"), "t.csv")
    refused(cli("compare", copy, "--markdown", tmp_path / "plain" / "t.md"), "t.md")


def test_summary_and_compare_say_which_runs_are_left_out(copy, tmp_path):
    set_status(copy, {3: ("stopped", 137, ""),
                      1: ("failed", 1, "cogov run: writing\nwrite failed: No space left on device")})
    expected = ("2 of 6 runs did not complete and are left out: run-000001 (failed, exit 1: "
                "write failed: No space left on device), run-000003 (killed by signal 9 (SIGKILL))")
    for command in ("summary", "compare"):
        r = cli(command, copy)
        assert r.returncode == 0, r.stderr
        assert expected in r.stdout, r.stdout
    r = cli("summary", copy, "-m", "participation_share:final", "--csv", tmp_path / "t.csv")
    assert set(pd.read_csv(tmp_path / "t.csv")["n"]) == {2}
    r = cli("report", copy, "-o", tmp_path / "r.html")
    assert r.returncode == 0, r.stderr
    assert expected in (tmp_path / "r.html").read_text()


def test_nothing_said_when_every_run_completed(copy):
    r = cli("summary", copy)
    assert r.returncode == 0 and "left out" not in r.stdout


def test_no_completed_run(copy):
    set_status(copy, {k: ("failed", 2, "bad scenario") for k in range(6)})
    refused(cli("summary", copy), "no completed runs", "6 of 6 runs failed")


@pytest.mark.parametrize("row, reason", [
    ({"status": "stopped", "exit_code": 137, "error": ""}, "killed by signal 9 (SIGKILL)"),
    ({"status": "failed", "exit_code": 137, "error": "killed by signal 9 (SIGKILL)"},
     "killed by signal 9 (SIGKILL)"),
    ({"status": "stopped", "exit_code": 130, "error": ""}, "stopped by signal 2 (SIGINT)"),
    ({"status": "failed", "exit_code": 139, "error": ""}, "killed by signal 11 (SIGSEGV)"),
    ({"status": "failed", "exit_code": 2, "error": "cogov run:\nx.toml:3: bad key"},
     "failed, exit 2: x.toml:3: bad key"),
    ({"status": "running", "exit_code": "", "error": ""}, "running: not finished"),
    ({"status": "failed", "exit_code": 137,
      "error": "killed by signal 9 (SIGKILL: out of memory?); log: cogov run: step 40\nmore"},
     "killed by signal 9 (SIGKILL: out of memory?)"),
])
def test_failure_reasons(row, reason):
    from cogov_analysis.io import failure_reason

    assert failure_reason(row) == reason
