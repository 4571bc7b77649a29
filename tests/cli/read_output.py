"""Reads a cogov output file with h5py and xarray and checks its shape and contents.

usage: read_output.py FILE.h5 EXPECTED_ROWS
"""
import sys

import h5py
import numpy as np
import xarray as xr

path, rows = sys.argv[1], int(sys.argv[2])
with h5py.File(path, "r") as f:
    assert f.attrs["format"] == "cogov-run", f.attrs["format"]
    assert f.attrs["complete"] == 1
    for key in ("seed", "git_hash", "cogov_version", "threads", "host"):
        assert key in f.attrs, key
    assert "participation_share" in f["series"]
    assert f["series/participation_share"].shape == (rows,)
    assert f["series/participation_by_age"].shape == (rows, 4)
    assert "[time]" in f["provenance"].attrs["scenario"]
    assert f["graph/degree_histogram"].shape[0] > 1
    share = f["series/participation_share"][:]
    assert np.all((share >= 0) & (share <= 1))
    snapshots = list(f["snapshots"])
    assert snapshots == ["step_20"], snapshots

ds = xr.open_dataset(path, engine="h5netcdf", group="series")
assert ds.sizes["step"] == rows, ds.sizes
assert ds["participation_by_age"].dims == ("step", "age_group")
assert ds["participation_share"].attrs["units"] == "share"
assert float(ds["day"][-1]) == rows - 1
np.testing.assert_array_equal(ds["participation_share"].values, share)
print(f"read {path}: {len(ds.data_vars)} variables, {rows} steps")
