"""Loading cogov output: one run (an HDF5 file) or a sweep directory (its index.csv).

A Run holds a file's series as numpy arrays with their units and dimension labels, and its
provenance. A Sweep holds the index as a pandas DataFrame (one row per run) and loads runs
on demand; `Sweep.long()` gives the tidy long table and `Sweep.dataarray()` an xarray
DataArray over (run, step[, label]).
"""
from __future__ import annotations

import functools
import signal
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import h5py
import numpy as np
import pandas as pd
import xarray as xr

INDEX_FIXED = ["run_id", "variant", "point", "replicate", "seed"]
INDEX_TAIL = ["status", "exit_code", "wall_seconds", "error", "output", "sets"]


class AnalysisError(Exception):
    """A sweep or file cannot be analysed as asked; the message says why."""


@dataclass
class Series:
    name: str
    values: np.ndarray          # [steps+1] or [steps+1, k]
    units: str = ""
    description: str = ""
    dim: str | None = None      # the second dimension's name for 2-D series
    labels: list[str] = field(default_factory=list)

    def column(self, label: str) -> np.ndarray:
        if self.dim is None:
            raise AnalysisError(f"series {self.name} has one dimension; no [{label}] column")
        if label not in self.labels:
            raise AnalysisError(
                f"series {self.name}: no {self.dim} '{label}'; choose from {', '.join(self.labels)}")
        return self.values[:, self.labels.index(label)]


class Run:
    """One cogov output file, read once."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        try:
            f = h5py.File(self.path, "r")
        except OSError as e:
            raise AnalysisError(f"{self.path}: cannot read as a cogov output file ({e})") from e
        try:
            with f:
                self._read(f)
        except AnalysisError:
            raise
        except (OSError, KeyError, ValueError, TypeError, IndexError, RuntimeError,
                UnicodeDecodeError) as e:
            # A truncated or bit-flipped file opens, then fails on a group, attribute or
            # dataset: the file is bad, not the program.
            what = f"{type(e).__name__}: {e}" if isinstance(e, KeyError) else str(e)
            raise AnalysisError(f"{self.path}: corrupt or incomplete cogov output file "
                                f"({what})") from e

    def _read(self, f):
        if f.attrs.get("format") != "cogov-run":
            raise AnalysisError(f"{self.path}: not a cogov output file (format attribute)")
        self.attrs = {k: _plain(v) for k, v in f.attrs.items()}
        self.provenance = {k: _plain(v) for k, v in f["provenance"].attrs.items()}
        self.graph = {k: _plain(v) for k, v in f["graph"].attrs.items()} if "graph" in f else {}
        group = f["series"]
        self.day = group["day"][:]
        self.step = group["step"][:]
        self.series: dict[str, Series] = {}
        for name, ds in group.items():
            if name in ("day", "step") or ds.attrs.get("CLASS") == b"DIMENSION_SCALE":
                continue
            s = Series(name, ds[:], _plain(ds.attrs.get("units", "")),
                       _plain(ds.attrs.get("description", "")))
            if ds.ndim == 2:
                s.dim, s.labels = _dimension(group, ds)
            self.series[name] = s

    def get(self, name: str) -> Series:
        if name not in self.series:
            raise AnalysisError(f"{self.path}: no series '{name}'; available: "
                                f"{', '.join(sorted(self.series))}")
        return self.series[name]

    @functools.cached_property
    def scenario(self) -> dict:
        """The resolved scenario the run used, parsed from its provenance."""
        return tomllib.loads(self.provenance.get("scenario", ""))

    @property
    def complete(self) -> bool:
        return bool(self.attrs.get("complete", 0))


def load_run(path: str | Path) -> Run:
    return Run(path)


class Sweep:
    """A sweep directory: index.csv (merged, for job arrays), runs/, experiment.toml."""

    def __init__(self, directory: str | Path):
        self.dir = Path(directory)
        index = self.dir / "index.csv"
        if not index.exists():
            tasks = sorted(self.dir.glob("index-task-*.csv"))
            hint = " (job-array task indexes found: run `cogov sweep-merge` first)" if tasks else ""
            raise AnalysisError(f"{self.dir}: no index.csv{hint}")
        try:
            self.index = pd.read_csv(index, keep_default_na=False,
                                     dtype={"variant": str, "error": str, "status": str,
                                            "output": str})
        except UnicodeDecodeError as e:
            raise AnalysisError(f"{index}: not UTF-8 text (byte {e.start}: {e.reason}); "
                                "is it a cogov sweep index?") from e
        except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as e:
            raise AnalysisError(f"{index}: not a readable CSV index "
                                f"({str(e).strip().splitlines()[-1] if str(e).strip() else e!r})") from e
        except OSError as e:
            raise AnalysisError(f"{index}: cannot read ({e.strerror or e})") from e
        missing = [c for c in INDEX_FIXED + ["status", "output"] if c not in self.index.columns]
        if missing:
            raise AnalysisError(f"{index}: not a cogov sweep index (missing {', '.join(missing)})")
        for column in ("run_id", "point", "replicate"):
            numbers = pd.to_numeric(self.index[column], errors="coerce")
            bad = self.index[column][numbers.isna() | (numbers != numbers.round())]
            if not bad.empty:
                raise AnalysisError(f"{index}: line {bad.index[0] + 2}: {column} "
                                    f"'{str(bad.iloc[0])[:40]}' is not a whole number")
            self.index[column] = numbers.astype("int64")
        self.parameters = [c for c in self.index.columns if c not in INDEX_FIXED + INDEX_TAIL]
        self.experiment_text = ""
        self.experiment: dict = {}
        if (self.dir / "experiment.toml").exists():
            try:  # a copy for the report: an unreadable one is left out, not fatal
                self.experiment_text = (self.dir / "experiment.toml").read_text()
                self.experiment = tomllib.loads(self.experiment_text)
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
                self.experiment = {}
        self._runs: dict[int, Run] = {}

    @property
    def done(self) -> pd.DataFrame:
        """Index rows of the runs that completed."""
        return self.index[self.index["status"] == "done"]

    @property
    def not_done(self) -> pd.DataFrame:
        """Index rows of the runs that did not complete (failed, stopped, never run)."""
        return self.index[self.index["status"] != "done"]

    def dropped_note(self, limit: int = 10) -> str:
        """'2 of 24 runs failed and are left out: run-000003 (killed by signal 9), ...', or
        '' when every run completed."""
        rows = self.not_done.sort_values("run_id")
        if rows.empty:
            return ""
        listed = [f"{run_label(r)} ({failure_reason(r)})" for _, r in rows.head(limit).iterrows()]
        more = f", and {len(rows) - limit} more" if len(rows) > limit else ""
        verb = "failed" if (rows["status"] == "failed").all() else "did not complete"
        return (f"{len(rows)} of {len(self.index)} runs {verb} and are left out: "
                + ", ".join(listed) + more)

    def first_run(self) -> "Run":
        """The first completed run (units, bounds, attributes shared by all runs)."""
        for _, run in self.runs():
            return run
        raise AnalysisError(f"{self.dir}: no completed runs to analyse"
                            + (f" ({self.dropped_note()})" if len(self.index) else ""))

    @property
    def variants(self) -> list[str]:
        return list(dict.fromkeys(self.index["variant"]))

    def run(self, run_id: int) -> Run:
        if run_id not in self._runs:
            row = self.index[self.index["run_id"] == run_id]
            if row.empty:
                raise AnalysisError(f"{self.dir}: no run {run_id} in the index")
            self._runs[run_id] = Run(self.dir / row.iloc[0]["output"])
        return self._runs[run_id]

    def runs(self):
        """(index row, Run) for every completed run, in run-id order."""
        for _, row in self.done.sort_values("run_id").iterrows():
            yield row, self.run(int(row["run_id"]))

    def long(self, series: list[str] | None = None) -> pd.DataFrame:
        """Tidy table: run_id, variant, point, replicate, seed, <parameters>, step, day,
        series, label ('' for 1-D series), value."""
        frames = []
        for row, run in self.runs():
            names = series if series is not None else list(run.series)
            for name in names:
                s = run.get(name)
                values = s.values if s.values.ndim == 2 else s.values[:, None]
                labels = s.labels if s.dim else [""]
                n = len(run.step)
                data = {col: row[col] for col in INDEX_FIXED + self.parameters}
                data.update(step=np.repeat(run.step, values.shape[1]),
                            day=np.repeat(run.day, values.shape[1]), series=name,
                            label=np.tile(labels, n), value=values.reshape(-1))
                frame = pd.DataFrame(data)
                frames.append(frame)
        if not frames:
            raise AnalysisError(f"{self.dir}: no completed runs")
        return pd.concat(frames, ignore_index=True)

    def dataarray(self, series: str) -> xr.DataArray:
        """One series over all completed runs: dims (run, step[, label]) with the index
        columns as run coordinates and day as a step coordinate."""
        rows, arrays = [], []
        for row, run in self.runs():
            rows.append(row)
            arrays.append(run.get(series).values)
        if not arrays:
            raise AnalysisError(f"{self.dir}: no completed runs")
        steps = min(len(a) for a in arrays)
        data = np.stack([a[:steps] for a in arrays])
        first = self.run(int(rows[0]["run_id"]))
        s = first.get(series)
        dims = ["run", "step"] + ([s.dim] if s.dim else [])
        coords = {"run": [int(r["run_id"]) for r in rows], "step": first.step[:steps],
                  "day": ("step", first.day[:steps])}
        for col in INDEX_FIXED[1:] + self.parameters:
            coords[col] = ("run", [r[col] for r in rows])
        if s.dim:
            coords[s.dim] = s.labels
        return xr.DataArray(data, dims=dims, coords=coords, name=series,
                            attrs={"units": s.units, "description": s.description})

    def provenance(self) -> pd.DataFrame:
        """Per completed run: version, git hash, host, threads, created, wall seconds."""
        keys = ["cogov_version", "git_hash", "host", "threads", "created", "seed", "netizens",
                "steps", "scenario_file"]
        records = []
        for row, run in self.runs():
            rec = {"run_id": int(row["run_id"]), "variant": row["variant"]}
            rec.update({k: run.attrs.get(k, "") for k in keys})
            rec["wall_seconds"] = run.provenance.get("wall_seconds", float("nan"))
            records.append(rec)
        return pd.DataFrame.from_records(records)


def run_label(row) -> str:
    """A run as the sweep names it: its output file's stem (run-000003), else its id."""
    stem = Path(str(row.get("output", "") or "")).stem
    return stem or f"run {row['run_id']}"


def failure_reason(row) -> str:
    """Why a run is not done, in a few words: a signal, an exit status, its last error line."""
    status = str(row.get("status", "")) or "unknown status"
    try:
        code = int(row.get("exit_code", 0) or 0)
    except (TypeError, ValueError):
        code = 0
    if code > 128:
        try:
            name = f" ({signal.Signals(code - 128).name})"
        except ValueError:
            name = ""
        how = "killed" if status == "failed" or code - 128 in (6, 9, 11) else status
        reason = f"{how} by signal {code - 128}{name}"
    elif code > 0:
        reason = f"{status}, exit {code}"
    elif status in ("failed", "stopped"):
        reason = status
    else:
        reason = f"{status}: not finished"
    text = str(row.get("error", "") or "")
    if "; log: " in text:
        # The sweep's own reason, then the run's log: the reason says it
        # ("killed by signal 9 (SIGKILL: out of memory?); log: ...").
        said = text.split("; log: ", 1)[0].strip().splitlines()
        if said:
            return said[0][:117] + "..." if len(said[0]) > 120 else said[0]
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    if lines:
        last = lines[-1]
        last = last[:117] + "..." if len(last) > 120 else last
        if code > 128 and f"signal {code - 128}" in last:
            return last  # the sweep said it already ("killed by signal 9 (SIGKILL)")
        reason += ": " + last
    return reason


def load_sweep(directory: str | Path) -> Sweep:
    return Sweep(directory)


def _plain(v):
    if isinstance(v, bytes):
        return v.decode()
    if isinstance(v, np.generic):
        return v.item()
    return v


def _dimension(group, ds) -> tuple[str | None, list[str]]:
    names = ds.dims[1].keys()
    if not names:
        return None, [str(i) for i in range(ds.shape[1])]
    name = Path(ds.dims[1][0].name).name
    labels = _plain(ds.dims[1][0].attrs.get("labels", "")).split()
    if len(labels) != ds.shape[1]:
        labels = [str(i) for i in range(ds.shape[1])]
    return name, labels
