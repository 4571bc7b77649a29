"""Derived outcomes against hand computations; intervals against known answers."""
import numpy as np
import pytest
from cogov_analysis import parse_metric
from cogov_analysis.io import AnalysisError
from cogov_analysis.stats import (bootstrap_mean_ci, bounded_mean_interval, fieller_ratio,
                                  holm, mean_ci, t_interval, t_test_p, welch_interval)
from scipy import stats as sps


def test_metric_statistics(sweep):
    run = sweep.run(3)
    y, day = run.get("participation_share").values, run.day
    assert parse_metric("participation_share:auc")(run) == pytest.approx(np.trapz(y, day))
    assert parse_metric("participation_share:peak")(run) == y.max()
    assert parse_metric("participation_share:peak_day")(run) == day[np.argmax(y)]
    assert parse_metric("participation_share:final")(run) == y[-1]
    assert parse_metric("participation_share:mean")(run) == pytest.approx(y.mean())
    assert parse_metric("participation_share:day=30")(run) == y[list(day).index(30)]
    victims = run.get("fraud_successes").values
    assert parse_metric("fraud_successes:total")(run) == pytest.approx(victims.sum())
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


def test_bounds_and_names_of_metrics(sweep):
    run = sweep.run(0)
    assert parse_metric("participation_share:final").bounds(run) == (0.0, 1.0)
    assert parse_metric("participation_share:auc").bounds(run) == (0.0, 60.0)
    assert parse_metric("participation_share:peak_day").bounds(run) == (0.0, 60.0)
    assert parse_metric("fraud_losses:total").bounds(run) == (0.0, None)
    assert parse_metric("fraud_victims_by_age[senior]:total").title("victims") == \
        "Fraud victims, seniors: total over the run (victims)"


def test_direction_of_outcomes():
    assert parse_metric("fraud_losses:final").lower_is_better
    assert not parse_metric("participation_share:auc").lower_is_better


def test_t_interval_matches_the_textbook():
    mean, lo, hi = mean_ci([1.0, 2.0, 3.0, 4.0], 0.95)
    # t(0.975, 3) = 3.182446; sd = 1.290994; n = 4
    assert mean == 2.5
    assert hi - mean == pytest.approx(3.182446 * 1.290994 / 2, rel=1e-5)
    assert np.isnan(mean_ci([1.0])[1])


def test_bca_bootstrap_is_seeded_and_covers_the_mean():
    rng = np.random.default_rng(1)
    covered = 0
    for _ in range(200):
        x = rng.normal(5.0, 1.0, size=30)
        lo, hi = bootstrap_mean_ci(x, n_boot=2000, seed=7)
        covered += lo <= 5.0 <= hi
    assert 0.88 <= covered / 200 <= 0.99
    x = rng.normal(size=10)
    assert bootstrap_mean_ci(x, seed=3) == bootstrap_mean_ci(x, seed=3)


def test_t_intervals_and_tests_match_scipy():
    rng = np.random.default_rng(5)
    a, b = rng.normal(3, 1, 7), rng.normal(2, 2, 9)
    diff, lo, hi = welch_interval(a, b)
    # Welch's test of a difference equal to either bound has p = 0.05 exactly.
    for bound in (lo, hi):
        assert sps.ttest_ind(a - bound, b, equal_var=False).pvalue == pytest.approx(0.05)
    assert diff == pytest.approx(a.mean() - b.mean())
    assert t_test_p(a - 3) == pytest.approx(sps.ttest_1samp(a - 3, 0).pvalue)
    assert t_test_p(np.zeros(4)) == 1.0 and t_test_p(np.full(4, 2.0)) == 0.0
    # Vectorised: one row per sample, the same as one at a time.
    x = rng.normal(size=(5, 4))
    rows = np.array([t_interval(r) for r in x])
    np.testing.assert_allclose(np.stack(t_interval(x), axis=1), rows)


def test_holm_textbook():
    # Holm (1979) step-down: sorted p times m, m-1, ..., made monotone, capped at 1.
    np.testing.assert_allclose(holm([0.01, 0.04, 0.03, 0.005]), [0.03, 0.06, 0.06, 0.02])
    assert np.isnan(holm([0.01, np.nan])[1]) and holm([0.01, np.nan])[0] == 0.01


def test_bounded_intervals_stay_inside_their_bounds():
    share = np.array([0.001, 0.0, 0.02])
    mean, lo, hi = bounded_mean_interval(share, 0.95, 0.0, 1.0)
    assert 0 < lo < mean < hi < 1
    t_mean, t_lo, _ = t_interval(share)
    assert t_lo < 0  # what the plain t interval would print
    count = np.array([0.0, 0.0, 30.0])
    mean, lo, hi = bounded_mean_interval(count, 0.95, 0.0, None)
    assert 0 < lo < mean < hi
    assert bounded_mean_interval(np.zeros(3), 0.95, 0.0, None)[1:] == (0.0, 0.0)
    day = np.array([55.0, 60.0, 12.0])
    assert 0 <= bounded_mean_interval(day, 0.95, 0.0, 60.0)[1]
    assert bounded_mean_interval(day, 0.95, 0.0, 60.0)[2] <= 60


def test_fieller_by_hand_and_unbounded():
    cost = np.array([100.0, 120.0, 90.0, 110.0])
    gain = np.array([10.0, 11.0, 9.0, 10.5])
    ratio, lo, hi, bounded = fieller_ratio(cost, gain)
    assert bounded and ratio == pytest.approx(cost.mean() / gain.mean())
    # The bounds solve (mean(c) - R mean(g))^2 = t^2 var(c_i - R g_i) / n.
    t2 = sps.t.ppf(0.975, 3) ** 2
    for r in (lo, hi):
        assert (cost.mean() - r * gain.mean()) ** 2 == pytest.approx(
            t2 * np.var(cost - r * gain, ddof=1) / 4)
    ratio, lo, hi, bounded = fieller_ratio(cost, np.array([10.0, -9.0, 8.0, -8.0]))
    assert not bounded and np.isnan(lo) and np.isnan(hi)


def test_pairing_narrows_the_interval_when_runs_share_noise():
    rng = np.random.default_rng(2)
    shared = rng.normal(0, 5.0, size=20)  # what a common seed gives both variants
    base = 10 + shared + rng.normal(0, 0.3, size=20)
    other = 11 + shared + rng.normal(0, 0.3, size=20)
    _, lo, hi = t_interval(other - base)
    _, ulo, uhi = welch_interval(other, base)
    assert lo > 0 and lo < 1 < hi
    assert ulo < 0  # unpaired, the effect is lost in the shared noise
    assert (uhi - ulo) > 5 * (hi - lo)
