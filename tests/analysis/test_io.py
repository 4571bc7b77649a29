"""Loading runs and sweeps: the index, the long table, xarray, provenance, errors."""
import h5py
import numpy as np
import pytest
from cogov_analysis import load_run, load_sweep
from cogov_analysis.io import AnalysisError


def test_index_lists_every_run_with_its_parameters(sweep):
    assert len(sweep.index) == 48
    assert sweep.variants == ["baseline", "political", "social", "hybrid"]
    assert sweep.parameters == ["participation.herding", "participation.altruism"]
    assert (sweep.index["status"] == "done").all()
    assert sweep.experiment["experiment"]["name"] == "analysis-test"


def test_run_series_match_the_file(sweep_dir):
    path = sweep_dir / "runs" / "run-000005.h5"
    run = load_run(path)
    with h5py.File(path) as f:
        np.testing.assert_array_equal(run.get("participation_share").values,
                                      f["series/participation_share"][:])
        assert run.attrs["seed"] == f.attrs["seed"]
    age = run.get("participation_by_age")
    assert age.dim == "age_group" and age.labels == ["minor", "young", "middle", "senior"]
    assert run.get("participation_by_grid").dim == "grid"
    assert run.scenario["population"]["netizens"] == 3000
    assert run.complete


def test_long_table_has_one_row_per_run_step_series_and_label(sweep):
    table = sweep.long(["participation_share", "participation_by_age"])
    steps = 61
    assert len(table) == 48 * steps * (1 + 4)
    assert list(table.columns[:7]) == ["run_id", "variant", "point", "replicate", "seed",
                                       "participation.herding", "participation.altruism"]
    one = table[(table.run_id == 7) & (table.series == "participation_by_age")
                & (table.label == "senior")]
    np.testing.assert_array_equal(one["value"].to_numpy(),
                                  sweep.run(7).get("participation_by_age").column("senior"))


def test_dataarray_carries_run_coordinates(sweep):
    da = sweep.dataarray("participation_by_region")
    assert da.dims == ("run", "step", "region")
    assert da.sizes["run"] == 48 and list(da["region"].values) == ["rural", "urban"]
    assert set(da["variant"].values) == {"baseline", "political", "social", "hybrid"}
    assert da["day"].values[-1] == 60


def test_provenance_per_run(sweep):
    prov = sweep.provenance()
    assert len(prov) == 48
    assert prov["git_hash"].str.len().min() > 0
    assert set(prov["threads"]) == {1}


def test_missing_index_explains(tmp_path):
    with pytest.raises(AnalysisError, match="no index.csv"):
        load_sweep(tmp_path)
    (tmp_path / "index-task-0-of-2.csv").write_text("run_id\n")
    with pytest.raises(AnalysisError, match="sweep-merge"):
        load_sweep(tmp_path)


def test_not_a_cogov_file(tmp_path):
    bogus = tmp_path / "x.h5"
    with h5py.File(bogus, "w") as f:
        f.attrs["format"] = "other"
    with pytest.raises(AnalysisError, match="not a cogov output file"):
        load_run(bogus)
    (tmp_path / "y.h5").write_text("text")
    with pytest.raises(AnalysisError, match="cannot read"):
        load_run(tmp_path / "y.h5")


def test_unknown_series_lists_the_available_ones(sweep):
    with pytest.raises(AnalysisError, match="available: .*participation_share"):
        sweep.run(0).get("participaton_share")
