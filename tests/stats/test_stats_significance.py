"""Kruskal-Wallis (stable), Holm and Benjamini-Hochberg against hand-worked cases."""

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from survey_stats.significance import (
    benjamini_hochberg,
    factor_differences,
    factor_influence,
    holm,
    kruskal_wallis,
)


def test_kruskal_wallis_by_hand():
    # ranks 1..6, R1 = 6, R2 = 15: H = 12/(6*7) * (36/3 + 225/3) - 3*7 = 87*2/7 - 21 = 3.857143
    h, eps, p, n = kruskal_wallis([[1, 2, 3], [4, 5, 6]])
    assert h == pytest.approx(27 / 7)
    assert eps == pytest.approx(27 / 7 / 5)
    assert p == pytest.approx(stats.chi2.sf(27 / 7, 1))
    assert n == 6
    assert kruskal_wallis([[1, 1], [1, 1]]) is None  # all equal
    assert kruskal_wallis([[1, 2], [3]]) is None  # one sample of >= 2 left


def test_kruskal_wallis_ignores_last_bit_noise_that_moves_scipy():
    # 0.1 + 0.2 != 0.3 in binary: the same score summed in two orders is two floats.
    noisy = 0.1 + 0.2
    a = [0.3, 0.3, noisy, 0.6]
    b = [noisy, 0.3, 0.9, 0.3]
    raw = stats.kruskal(a, b).statistic
    clean = kruskal_wallis([a, b])[0]
    assert raw != stats.kruskal([0.3] * 3 + [0.6], [0.3] * 3 + [0.9]).statistic  # scipy alone sees 3 values
    assert clean == stats.kruskal([0.3] * 3 + [0.6], [0.3] * 3 + [0.9]).statistic


def test_holm_by_hand():
    # sorted 0.005, 0.01, 0.03, 0.04 x (4, 3, 2, 1) = 0.02, 0.03, 0.06, 0.04 -> running max
    # 0.02, 0.03, 0.06, 0.06, back in input order
    np.testing.assert_allclose(holm([0.01, 0.04, 0.03, 0.005]), [0.03, 0.06, 0.06, 0.02])
    np.testing.assert_allclose(holm([0.5, 0.9]), [1.0, 1.0])
    out = holm([0.01, np.nan, 0.02])  # NaN not counted: m = 2
    np.testing.assert_allclose(out[[0, 2]], [0.02, 0.02])
    assert np.isnan(out[1])


def test_benjamini_hochberg_by_hand_and_against_scipy():
    # sorted 0.005, 0.01, 0.03, 0.04 x 4/rank = 0.02, 0.02, 0.04, 0.04 -> running min from the top
    p = [0.01, 0.04, 0.03, 0.005]
    np.testing.assert_allclose(benjamini_hochberg(p), [0.02, 0.04, 0.04, 0.02])
    many = np.random.default_rng(1).uniform(0, 0.2, 40)
    np.testing.assert_allclose(benjamini_hochberg(many), stats.false_discovery_control(many, method="bh"))


def _scores(seed=0):
    rng = np.random.default_rng(seed)
    rows, groups = [], []
    for wave, year in (("w2021", 2021), ("w2023", 2023)):
        for i in range(300):
            rid = f"r{i:03d}"
            age = ["18-34", "35-54", "55+"][i % 3]
            shift = {"18-34": 1, "35-54": 0, "55+": -1}[age]
            for indicator in ("general", "economic"):
                k = rng.integers(1, 12)
                valences = np.clip(rng.integers(-1, 2, k) + (rng.random(k) < 0.2 * shift), -1, 1)
                rows.append((wave, year, rid, indicator, float(np.mean(valences))))
            groups.append((wave, year, rid, "age_group", age))
            groups.append((wave, year, rid, "gender", ["female", "male"][i % 2]))
    scores = pd.DataFrame(rows, columns=["wave_id", "year", "respondent_id", "indicator_code", "score"])
    return scores, pd.DataFrame(groups, columns=["wave_id", "year", "respondent_id", "factor", "group_code"])


def test_factor_influence_is_bit_stable_under_row_permutation_and_float_noise():
    scores, groups = _scores()
    base = factor_influence(scores, groups, 0.01, 0.05)
    noisy = scores.sample(frac=1, random_state=9).copy()
    noisy["score"] = noisy["score"] * 3 / 3 + 1e-15 * (noisy.index % 2)  # last-bit noise
    again = factor_influence(noisy, groups.sample(frac=1, random_state=8), 0.01, 0.05)
    pd.testing.assert_frame_equal(base, again, check_exact=True)
    assert base["is_influential"].any() and not base["is_influential"].all()


def test_factor_differences_adjusts_within_each_wave():
    scores, groups = _scores(1)
    out = factor_differences(scores, groups, 0.01, 0.05, adjustment="bh")
    assert len(out) == 2 * 2 * 2  # waves x factors x indicators
    for _, wave in out.groupby("wave_id"):
        np.testing.assert_allclose(wave["p_value_holm"], holm(wave["p_value"]))
        np.testing.assert_allclose(wave["p_value_bh"], stats.false_discovery_control(wave["p_value"], method="bh"))
        expected = (wave["statistic_value"] >= 0.01) & (wave["p_value_bh"] < 0.05)
        assert wave["is_influential"].tolist() == expected.tolist()
    assert out["adjustment_method"].eq("bh").all()
    assert (out["p_value_holm"] >= out["p_value"]).all()


def test_coded_kruskal_wallis_is_scipy_bit_for_bit():
    from survey_stats.significance import kruskal_wallis_coded

    rng = np.random.default_rng(12)
    for case in range(60):
        n, groups = int(rng.integers(3, 400)), int(rng.integers(2, 7))
        # heavy ties: scores are means of a few -1/0/+1 valences; some respondents lack a score or a group
        scores = np.round(rng.integers(-3, 4, n) / rng.integers(1, 4, n), 12)
        scores[rng.random(n) < 0.1] = np.nan
        code = rng.integers(-1, groups, n) if case % 3 else rng.integers(0, groups, n)
        if case % 5 == 0:
            code[code == 1] = -1
            code[np.flatnonzero(code == 0)[:1]] = 0  # possibly a group of one, dropped
        rounded = np.round(scores, 9)
        distinct = np.unique(rounded[~np.isnan(rounded)])
        level = np.where(np.isnan(rounded), -1, np.searchsorted(distinct, rounded))
        fast = kruskal_wallis_coded(level, distinct.size, code, groups)
        samples = [scores[(code == g) & ~np.isnan(scores)] for g in range(groups)]
        reference = kruskal_wallis(samples)
        if reference is None:
            assert fast is None
            continue
        h, eps, p, n_tested, n_groups, n_rows = fast
        assert (h, eps, p, n_tested) == reference  # exact equality, not approx
        assert n_groups == sum(s.size >= 2 for s in samples)
        assert n_rows == sum(s.size for s in samples)
