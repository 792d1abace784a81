"""The analyst's index questions are answerable from schema `marts` alone."""

from __future__ import annotations

import math

import pytest

INDICATORS = ["general", "geopolitical", "economic", "cultural"]


def test_2023_composite_and_its_four_indicators(q) -> None:
    df = q("select indicator_code, value, methodology_version from marts.fct_indicators where year = 2023")
    values = dict(zip(df.indicator_code, df.value, strict=True))
    assert set(values) == {*INDICATORS, "composite"}
    assert values["composite"] == pytest.approx(sum(values[i] for i in INDICATORS) / 4)
    assert set(df.methodology_version) == {"v2023"}
    assert all(-1 <= v <= 1 for v in values.values())


def test_2020_to_2023_path_with_interpolated_2022(q) -> None:
    df = q("select year, indicator_code, value, is_interpolated from marts.fct_indicators")
    path = df.pivot(index="indicator_code", columns="year", values="value")
    assert {2020, 2021, 2022, 2023} <= set(path.columns)
    flags = df.set_index(["year", "indicator_code"]).is_interpolated
    assert flags.loc[2022].all() and not flags.loc[[2020, 2021, 2023]].any()
    for code in [*INDICATORS, "composite"]:
        assert path.loc[code, 2022] == pytest.approx((path.loc[code, 2021] + path.loc[code, 2023]) / 2)


def test_indicator_membership_follows_methodology_version(q) -> None:
    df = q("select year, indicator_code, n_items from marts.fct_indicators where not is_interpolated")
    n = {(r.year, r.indicator_code): r.n_items for r in df.itertuples()}
    # METHODOLOGY.md: 2020 5/8/8, 2021 5/11/11, 2023 6/11/11 (geopolitical/economic/cultural)
    assert [n[(2020, i)] for i in INDICATORS] == [1, 5, 8, 8]
    assert [n[(2021, i)] for i in INDICATORS] == [1, 5, 11, 11]
    assert [n[(2023, i)] for i in INDICATORS] == [1, 6, 11, 11]


def test_item_score_ratio_and_shares_follow_from_counts(q) -> None:
    df = q("select * from marts.fct_item_scores where not is_interpolated")
    assert len(df) > 0
    for r in df.itertuples():
        assert r.n_valid == r.n_positive + r.n_negative + r.n_neutral
        assert r.score == pytest.approx((r.n_positive - r.n_negative) / r.n_valid)
        assert r.pct_positive + r.pct_negative + r.pct_neutral == pytest.approx(100)
        if r.n_negative:
            assert r.ratio == pytest.approx(r.n_positive / r.n_negative)


def test_item_ranks_within_indicator(q) -> None:
    df = q(
        "select year, indicator_code, item_code, pct_positive, ratio, rank_by_positive,"
        " rank_by_ratio, rank_change, score, score_growth_ratio"
        " from marts.fct_item_scores where indicator_code is not null and year = 2023"
    )
    for _, g in df.groupby("indicator_code"):
        by_pos = g.sort_values("rank_by_positive")
        assert list(by_pos.pct_positive) == sorted(by_pos.pct_positive, reverse=True)
        by_ratio = g.sort_values("rank_by_ratio")
        assert list(by_ratio.ratio) == sorted(by_ratio.ratio, reverse=True)
        assert (g.rank_change == g.rank_by_positive - g.rank_by_ratio).all()
    prev = q("select item_code, score from marts.fct_item_scores where year = 2022")
    merged = df.merge(prev, on="item_code", suffixes=("", "_2022"))
    assert len(merged) > 0
    for r in merged.itertuples():
        assert r.score_growth_ratio == pytest.approx(r.score / r.score_2022)


def test_indicator_by_factor_group_with_n(q) -> None:
    df = q(
        "select group_code, indicator_code, value, n_respondents, is_small_base"
        " from marts.fct_indicators_by_group where year = 2023 and factor = 'welfare'"
    )
    assert set(df.group_code) == {"1", "2", "3", "4", "5"}
    n_wave = q(
        "select n_respondents from marts.dim_waves where year = 2023 and survey_kind = 'annual'"
    ).n_respondents.iloc[0]
    general = df[df.indicator_code == "general"]
    assert 0 < general.n_respondents.sum() <= n_wave
    assert ((general.n_respondents < 30) == general.is_small_base).all()
    diff = q(
        "select high_group, low_group, high_value, low_value, difference"
        " from marts.fct_factor_differences where year = 2023 and factor = 'welfare'"
        " and indicator_code = 'general'"
    ).iloc[0]
    assert (diff.high_group, diff.low_group) == ("5", "1")
    value = dict(zip(general.group_code, general.value, strict=True))
    assert diff.difference == pytest.approx(value["5"] - value["1"])


def test_regional_picture(q) -> None:
    regions = set(q("select region_code from marts.dim_regions").region_code)
    df = q(
        "select year, geo_level, geo_code, value from marts.fct_indicators_by_region where indicator_code = 'composite'"
    )
    fielded_2023 = set(df[(df.year == 2023) & (df.geo_level == "region")].geo_code)
    assert fielded_2023 == regions and len(regions) == 20
    pre2022 = set(q("select distinct parent_region_code_pre2022 as c from marts.dim_regions").c)
    for year in (2020, 2021, 2023):
        comparable = set(df[(df.year == year) & (df.geo_level == "region_2020_borders")].geo_code)
        assert comparable == pre2022 and len(pre2022) == 17
    clusters = q("select * from marts.fct_region_clusters where year = 2023")
    assert set(clusters.region_code) == regions
    assert sorted(clusters.dendrogram_order) == list(range(1, 21))
    assert clusters.cluster_level_1.nunique() == 2


def test_friendly_country_links_follow_top3_rule(q) -> None:
    pairs = q("select * from marts.fct_friendly_country_pairs")
    links = q("select * from marts.fct_friendly_country_links")
    assert len(pairs) > 0
    for year, g in pairs.groupby("year"):
        top = {
            c: set(gg.sort_values("conditional_pct", ascending=False).also_chosen.head(3))
            for c, gg in g.groupby("chosen")
        }
        for country, partners in top.items():
            two = sum(1 for partner in partners if country in top[partner])
            one = sum(1 for other, theirs in top.items() if country in theirs and other not in partners)
            row = links[(links.year == year) & (links.country_code == country)].iloc[0]
            assert (row.links_two_way, row.links_one_way, row.links_total) == (
                two,
                one,
                two + one,
            )
        for r in g.itertuples():
            assert math.isclose(r.conditional_pct, 100 * r.n_both / r.n_chosen)
