"""Version-2 marts: every interval, effective n and p-value follows from its documented formula,
recomputed here independently (numpy/scipy) from the published columns."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

Z = 1.96


def test_unweighted_item_score_se_is_the_net_score_formula(q) -> None:
    df = q("select * from marts.fct_item_scores_v2 where weighting = 'unweighted' and not is_interpolated")
    assert len(df) > 0
    p_pos, p_neg = df.n_positive / df.n_valid, df.n_negative / df.n_valid
    se = np.sqrt((p_pos + p_neg - (p_pos - p_neg) ** 2) / df.n_valid)
    np.testing.assert_allclose(df.se, se, rtol=1e-12)
    np.testing.assert_allclose(df.ci_low, np.maximum(-1, df.score - Z * se), rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(df.ci_high, np.minimum(1, df.score + Z * se), rtol=1e-12, atol=1e-15)
    assert (df.n_effective == df.n_valid).all()
    # sensitivity: neutral answers out of the base
    decided = df.n_positive + df.n_negative
    np.testing.assert_allclose(df.score_excl_neutral, (df.n_positive - df.n_negative) / decided, rtol=1e-12)
    np.testing.assert_allclose(
        df.se_excl_neutral, np.sqrt((1 - df.score_excl_neutral**2) / decided), rtol=1e-9, atol=1e-15
    )
    assert (df.n_valid_excl_neutral == decided).all()


def test_weighted_item_scores_use_the_effective_n(q) -> None:
    df = q("select * from marts.fct_item_scores_v2 where weighting = 'weighted' and not is_interpolated")
    assert (df.n_effective <= df.n_valid + 1e-9).all() and (df.n_effective > 0.9 * df.n_valid).all()
    p_pos, p_neg = df.pct_positive / 100, df.pct_negative / 100
    np.testing.assert_allclose(df.se, np.sqrt((p_pos + p_neg - (p_pos - p_neg) ** 2) / df.n_effective), rtol=1e-9)
    unweighted = q(
        "select wave_id, item_code, score from marts.fct_item_scores_v2"
        " where weighting = 'unweighted' and not is_interpolated"
    )
    both = df.merge(unweighted, on=["wave_id", "item_code"], suffixes=("", "_unweighted"))
    assert len(both) == len(df)
    # the weights move the estimates, but only a little (weighting efficiency about 0.98 on the demo)
    shift = (both.score - both.score_unweighted).abs()
    assert shift.max() > 0 and shift.max() < 0.05


def wilson(p: np.ndarray, n: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    centre = (p + Z**2 / (2 * n)) / (1 + Z**2 / n)
    half = Z / (1 + Z**2 / n) * np.sqrt(p * (1 - p) / n + Z**2 / (4 * n**2))
    return 100 * (centre - half), 100 * (centre + half)


@pytest.mark.parametrize(
    ("mart", "pct"),
    [
        ("fct_answer_distribution_v2", "pct"),
        ("fct_multi_response_v2", "pct"),
        ("fct_projects_v2", "pct"),
        ("fct_information_sources_v2", "pct_users"),
        ("fct_information_funnel_v2", "pct"),
        ("fct_sample_profile_v2", "pct"),
    ],
)
def test_share_intervals_are_wilson_with_the_effective_n(q, mart: str, pct: str) -> None:
    df = q(f"select {pct} as pct, n_effective, n_base, weighting, ci_low, ci_high, se from marts.{mart}")
    assert len(df) > 0 and set(df.weighting) == {"unweighted", "weighted"}
    low, high = wilson(df.pct / 100, df.n_effective)
    np.testing.assert_allclose(df.ci_low, np.clip(low, 0, 100), rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(df.ci_high, np.clip(high, 0, 100), rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(df.se, np.sqrt(df.pct * (100 - df.pct) / df.n_effective), rtol=1e-9, atol=1e-12)
    unweighted = df[df.weighting == "unweighted"]
    assert (unweighted.n_effective == unweighted.n_base).all()


def test_interpolated_2022_has_its_own_id_and_the_mean_of_its_neighbours(q) -> None:
    df = q("select * from marts.fct_indicators_v2").set_index(["weighting", "indicator_code", "year"])
    rows = df.xs(2022, level="year")
    assert (rows.wave_id == "interpolated_2022").all() and rows.is_interpolated.all()
    for key, row in rows.iterrows():
        before, after = df.loc[(*key, 2021)], df.loc[(*key, 2023)]
        assert row.value == pytest.approx((before.value + after.value) / 2, abs=1e-15)
        assert row.se == pytest.approx(np.hypot(before.se, after.se) / 2, rel=1e-12)
        assert row.ci_low == pytest.approx(row.value - Z * row.se, rel=1e-12)
        assert row.fieldwork_start is None or row.fieldwork_start != row.fieldwork_start  # null


def test_indicator_intervals_are_normal_around_the_linearised_se(q) -> None:
    df = q("select * from marts.fct_indicators_v2 where not is_interpolated")
    weights = q("select wave_id, weight_source from marts.fct_weighting_summary_v1")
    df = df.merge(weights, on="wave_id")
    assert (df.se > 0).all()
    np.testing.assert_allclose(df.ci_low, np.maximum(-1, df.value - Z * df.se), rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(df.ci_high, np.minimum(1, df.value + Z * df.se), rtol=1e-12, atol=1e-15)
    raked = (df.weighting == "weighted") & (df.weight_source == "raked")
    assert set(df.loc[raked, "variance_method"]) == {"taylor_raking_residuals"}
    assert set(df.loc[~raked, "variance_method"]) == {"taylor"}
    unweighted = df[df.weighting == "unweighted"]
    assert (unweighted.n_effective == unweighted.n_respondents).all()
    # an indicator averages several items' scores, each with its own analytic se: its se cannot
    # exceed the largest member item's se (a mean's sd is at most the largest sd)
    items = q(
        "select wave_id, weighting, indicator_code, max(se) as max_item_se from marts.fct_item_scores_v2 "
        "where not is_interpolated and indicator_code is not null group by all"
    )
    both = df[df.indicator_code != "composite"].merge(items, on=["wave_id", "weighting", "indicator_code"])
    assert len(both) > 0 and (both.se <= both.max_item_se * 1.05).all()


def test_every_group_has_its_interval_the_missing_ones_too(q) -> None:
    df = q("select * from marts.fct_indicators_by_group_v2 where value is not null")
    missing = df[df.group_code == "missing"]
    assert len(missing) > 0
    assert df[["se", "ci_low", "ci_high", "variance_method"]].notna().all().all()
    np.testing.assert_allclose(df.ci_low, np.maximum(-1, df.value - Z * df.se), rtol=1e-12, atol=1e-15)
    # a group's se grows as its base shrinks: the small missing groups are the least precise
    total = q("select wave_id, weighting, indicator_code, se as total_se from marts.fct_indicators_v2")
    both = missing.merge(total, on=["wave_id", "weighting", "indicator_code"])
    assert (both.se > both.total_se).all()


def test_item_score_changes_use_the_normal_test(q) -> None:
    df = q("select * from marts.fct_item_score_changes_v1")
    assert len(df) > 0
    assert not df.wave_id.str.startswith("interpolated").any()
    assert not df.previous_wave_id.str.startswith("interpolated").any()
    np.testing.assert_allclose(df.change, df.score - df.previous_score, atol=1e-15)
    scores = q("select wave_id, weighting, item_code, se from marts.fct_item_scores_v2")
    se = scores.set_index(["wave_id", "weighting", "item_code"]).se
    later = se.loc[list(zip(df.wave_id, df.weighting, df.item_code, strict=True))].to_numpy()
    earlier = se.loc[list(zip(df.previous_wave_id, df.weighting, df.item_code, strict=True))].to_numpy()
    np.testing.assert_allclose(df.se, np.hypot(later, earlier), rtol=1e-12)
    np.testing.assert_allclose(df.p_value, 2 * stats.norm.sf(np.abs(df.change / df.se)), rtol=1e-7, atol=1e-15)
    assert (df.is_significant == (df.p_value < 0.05)).all()


def test_indicator_changes_pair_consecutive_observed_waves(q) -> None:
    df = q("select * from marts.fct_indicator_changes_v1 where weighting = 'unweighted'")
    pairs = set(zip(df.previous_wave_id, df.wave_id, strict=True))
    assert pairs == {("cpi_2020_12", "cpi_2021_12"), ("cpi_2021_12", "cpi_2023_12")}
    assert ((df.ci_low <= df.change) & (df.change <= df.ci_high)).all()


def test_indicator_change_p_values_are_normal_tests_on_the_two_waves_se(q) -> None:
    df = q("select * from marts.fct_indicator_changes_v1")
    se = (
        q("select wave_id, weighting, indicator_code, se from marts.fct_indicators_v2")
        .set_index(["wave_id", "weighting", "indicator_code"])
        .se
    )
    later = se.loc[list(zip(df.wave_id, df.weighting, df.indicator_code, strict=True))].to_numpy()
    earlier = se.loc[list(zip(df.previous_wave_id, df.weighting, df.indicator_code, strict=True))].to_numpy()
    np.testing.assert_allclose(df.se, np.hypot(later, earlier), rtol=1e-12)
    np.testing.assert_allclose(df.p_value, 2 * stats.norm.sf(np.abs(df.change / df.se)), rtol=1e-7, atol=1e-300)
    np.testing.assert_allclose(df.ci_low, np.maximum(-2, df.change - Z * df.se), rtol=1e-12, atol=1e-15)
    assert (df.is_significant == (df.p_value < 0.05)).all()
    assert (df.is_significant == ((df.ci_low > 0) | (df.ci_high < 0))).all()
    # no replicate floor: a change of many standard errors gets the p-value it has, far below
    # the 2 / (R + 1) a 500-replicate bootstrap could print
    strong = df[np.abs(df.change / df.se) > 4]
    assert len(strong) > 0 and (strong.p_value < 2 / 501).all()


def test_decomposition_adds_up_and_names_methodology_changes(q) -> None:
    df = q("select * from marts.fct_indicator_change_contributions_v1")
    sums = df.groupby(["wave_id", "weighting", "indicator_code"]).agg(
        total=("contribution", "sum"), change=("change", "first")
    )
    np.testing.assert_allclose(sums.total, sums.change, atol=1e-12)
    economic_2021 = df[
        (df.wave_id == "cpi_2021_12") & (df.weighting == "unweighted") & (df.indicator_code == "economic")
    ]
    # v2021 adds three economic items to the eight of v2020
    assert sorted(economic_2021.membership.value_counts().items()) == [("added", 3), ("kept", 8)]
    composite = df[df.indicator_code == "composite"]
    assert set(composite.component_kind) == {"indicator"}
    assert composite.groupby(["wave_id", "weighting"]).size().eq(4).all()


def test_weighting_summary(q) -> None:
    df = q("select * from marts.fct_weighting_summary_v1")
    waves = q("select wave_id, n_respondents from marts.dim_waves")
    assert set(df.wave_id) == set(waves.wave_id)
    np.testing.assert_allclose(df.weight_sum, df.n_respondents, atol=1e-6)
    assert ((df.weighting_efficiency > 0) & (df.weighting_efficiency <= 1)).all()
    np.testing.assert_allclose(df.design_effect * df.weighting_efficiency, 1, rtol=1e-12)
    assert (df.weight_min <= df.weight_mean).all() and (df.weight_mean <= df.weight_max).all()
    raked = df[df.weight_source == "raked"]
    assert len(raked) > 0 and raked.is_raking_converged.all() and (raked.raking_max_margin_error <= 1e-6).all()
    assert df.loc[df.weight_source != "raked", ["raking_max_margin_error", "is_raking_converged"]].isna().all().all()
