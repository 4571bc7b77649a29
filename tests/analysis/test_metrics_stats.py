"""Derived outcomes against hand computations; intervals against known answers."""
import numpy as np
import pytest
from cogov_analysis import parse_metric
from cogov_analysis.io import AnalysisError
from cogov_analysis.stats import (bootstrap_mean_ci, bootstrap_unpaired_ci, mean_ci)


def test_metric_statistics(sweep):
    run = sweep.run(3)
    y, day = run.get("participation_share").values, run.day
    assert parse_metric("participation_share:auc")(run) == pytest.approx(np.trapz(y, day))
    assert parse_metric("participation_share:peak")(run) == y.max()
    assert parse_metric("participation_share:peak_day")(run) == day[np.argmax(y)]
    assert parse_metric("participation_share:final")(run) == y[-1]
    assert parse_metric("participation_share:mean")(run) == pytest.approx(y.mean())
    assert parse_metric("participation_share:day=30")(run) == y[list(day).index(30)]
    senior = run.get("participation_by_age").column("senior")
    assert parse_metric("participation_by_age[senior]:final")(run) == senior[-1]


def test_metric_errors_say_what_is_allowed(sweep):
    with pytest.raises(AnalysisError, match="SERIES\\[LABEL\\]:STAT"):
        parse_metric("participation_share")
    with pytest.raises(AnalysisError, match="unknown statistic 'median'"):
        parse_metric("participation_share:median")
    with pytest.raises(AnalysisError, match="name a column"):
        parse_metric("participation_by_age:final")(sweep.run(0))
    with pytest.raises(AnalysisError, match="choose from minor, young"):
        parse_metric("participation_by_age[elderly]:final")(sweep.run(0))
    with pytest.raises(AnalysisError, match="ends on day 60"):
        parse_metric("participation_share:day=90")(sweep.run(0))


def test_direction_of_outcomes():
    assert parse_metric("fraud_losses:final").lower_is_better
    assert not parse_metric("participation_share:auc").lower_is_better


def test_t_interval_matches_the_textbook():
    mean, lo, hi = mean_ci([1.0, 2.0, 3.0, 4.0], 0.95)
    # t(0.975, 3) = 3.182446; sd = 1.290994; n = 4
    assert mean == 2.5
    assert hi - mean == pytest.approx(3.182446 * 1.290994 / 2, rel=1e-5)
    assert np.isnan(mean_ci([1.0])[1])


def test_bootstrap_is_seeded_and_covers_the_mean():
    rng = np.random.default_rng(1)
    covered = 0
    for _ in range(200):
        x = rng.normal(5.0, 1.0, size=30)
        lo, hi = bootstrap_mean_ci(x, n_boot=2000, seed=7)
        covered += lo <= 5.0 <= hi
    assert 0.88 <= covered / 200 <= 0.99
    x = rng.normal(size=10)
    assert bootstrap_mean_ci(x, seed=3) == bootstrap_mean_ci(x, seed=3)


def test_pairing_narrows_the_interval_when_runs_share_noise():
    rng = np.random.default_rng(2)
    shared = rng.normal(0, 5.0, size=20)  # what a common seed gives both variants
    base = 10 + shared + rng.normal(0, 0.3, size=20)
    other = 11 + shared + rng.normal(0, 0.3, size=20)
    lo, hi = bootstrap_mean_ci(other - base)
    ulo, uhi = bootstrap_unpaired_ci(other, base)
    assert lo > 0 and lo < 1 < hi
    assert ulo < 0  # unpaired, the effect is lost in the shared noise
    assert (uhi - ulo) > 5 * (hi - lo)
