"""Closed-form estimators against hand-worked cases."""

import numpy as np
import pytest

from survey_stats.intervals import (
    kish_effective_n,
    net_score_se,
    percentile_interval,
    wilson_interval,
)


def test_wilson_interval_8_of_10():
    # p = 0.8, z = 1.959964, z^2 = 3.841459; denom = 1 + z^2/10 = 1.3841459
    # centre = (0.8 + 0.1920729) / 1.3841459 = 0.716740
    # half = 1.959964 / 1.3841459 * sqrt(0.016 + 3.841459/400) = 1.416009 * 0.160011 = 0.226578
    low, high = wilson_interval(8, 10)
    assert low == pytest.approx(0.490162, abs=1e-6)
    assert high == pytest.approx(0.943318, abs=1e-6)


def test_wilson_interval_zero_successes_and_empty_base():
    # x = 0: centre = half = (z^2/2n)/(1+z^2/n) -> low 0, high = z^2/n / (1 + z^2/n) = 0.384146/1.384146
    low, high = wilson_interval(np.array([0, 0]), np.array([10, 0]))
    assert low[0] == pytest.approx(0.0, abs=1e-12)
    assert high[0] == pytest.approx(0.384146 / 1.384146, abs=1e-6)
    assert np.isnan(low[1]) and np.isnan(high[1])


def test_net_score_se_formula():
    # p+ = 0.5, p- = 0.2, n = 100: (0.7 - 0.3^2) / 100 = 0.0061 -> se = 0.0781025
    assert net_score_se(0.5, 0.2, 100) == pytest.approx(0.0781025, abs=1e-7)
    # all positive: variance (1 - 1) / n = 0
    assert net_score_se(1.0, 0.0, 50) == 0.0
    assert np.isnan(net_score_se(0.5, 0.2, 0))


def test_kish_effective_n():
    # (1 + 1 + 2 + 4)^2 / (1 + 1 + 4 + 16) = 64 / 22
    assert kish_effective_n([1, 1, 2, 4]) == pytest.approx(64 / 22)
    assert kish_effective_n(np.full(7, 3.0)) == pytest.approx(7.0)


def test_percentile_interval_linear_interpolation():
    # 1..101: the 2.5 % quantile sits at position 0.025 * 100 = 2.5 -> 3.5; 97.5 % at 97.5 -> 98.5
    low, high = percentile_interval(np.arange(1, 102, dtype=float))
    assert (low, high) == (pytest.approx(3.5), pytest.approx(98.5))
    low, high = percentile_interval(np.array([np.nan, 1.0, 2.0, 3.0]))
    assert low == pytest.approx(1.05) and high == pytest.approx(2.95)
