"""Every page opens against a built release and shows the marts' numbers."""

from __future__ import annotations

import pandas as pd
import pytest

PAGES = (
    "overview",
    "indicators",
    "dynamics",
    "factors",
    "regions",
    "information",
    "foreign",
    "concerns",
    "methodology",
)

INDICATORS = [
    "composite",
    "general",
    "geopolitical",
    "economic",
    "cultural",
]  # contract order


def _latest_year(marts, table: str = "fct_indicators") -> int:
    where = (
        " where not is_interpolated"
        if table in {"fct_indicators", "fct_item_scores"}
        else ""
    )
    return int(
        marts.execute(f"select max(year) from marts.{table}{where}").fetchone()[0]
    )


def _frame(at, index: int) -> pd.DataFrame:
    return at.dataframe[index].value.reset_index(drop=True)


@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("page", PAGES)
def test_every_page_opens_without_errors(
    open_page, marts, page: str, lang: str
) -> None:
    at = open_page(page, lang=lang)
    assert not at.error or page == "methodology", [e.value for e in at.error]
    synthetic = marts.execute(
        "select count(*) from marts.dim_waves where is_synthetic"
    ).fetchone()[0]
    banners = [w.value for w in at.warning]
    assert bool(synthetic) == any("ynthetic" in b or "интетич" in b for b in banners)


def test_overview_metrics_equal_fct_indicators(open_page, marts) -> None:
    at = open_page("overview")
    year = _latest_year(marts)
    expected = dict(
        marts.execute(
            "select indicator_code, value from marts.fct_indicators where year = ?",
            [year],
        ).fetchall()
    )
    shown = [float(m.value) for m in at.metric]
    assert shown == pytest.approx([expected[c] for c in INDICATORS], abs=0.005)
    assert str(year) in " ".join(s.value for s in at.subheader)


def test_indicators_items_equal_fct_item_scores(open_page, marts) -> None:
    at = open_page("indicators")
    year = _latest_year(marts, "fct_item_scores")
    expected = marts.execute(
        "select item_code, pct_positive, pct_negative, pct_neutral, score, ratio, rank_by_positive "
        "from marts.fct_item_scores where year = ? and indicator_code = 'general' order by item_code",
        [year],
    ).df()
    shown = _frame(at, 0).sort_values("item_code").reset_index(drop=True)
    assert shown["item_code"].tolist() == expected["item_code"].tolist()
    for col in [
        "pct_positive",
        "pct_negative",
        "pct_neutral",
        "score",
        "ratio",
        "rank_by_positive",
    ]:
        assert shown[col].astype(float).tolist() == pytest.approx(
            expected[col].astype(float).tolist()
        )
    value = marts.execute(
        "select value from marts.fct_indicators where year = ? and indicator_code = 'general'",
        [year],
    ).fetchone()[0]
    assert float(at.metric[0].value) == pytest.approx(value, abs=0.005)
    projects = marts.execute(
        "select count(*) from marts.fct_projects where year = ?", [year]
    ).fetchone()[0]
    if projects:
        assert len(_frame(at, 1)) == projects


def test_indicators_russian_labels_come_from_dim_items(open_page, marts) -> None:
    at = open_page("indicators", lang="ru")
    texts = dict(
        marts.execute("select item_code, text_ru from marts.dim_items").fetchall()
    )
    shown = _frame(at, 0)
    assert shown["item"].tolist() == [texts[c] for c in shown["item_code"]]


def test_dynamics_table_equals_fct_indicators(open_page, marts) -> None:
    at = open_page("dynamics")
    expected = marts.execute(
        "select year, indicator_code, value from marts.fct_indicators"
    ).df()
    shown = _frame(at, 0).set_index("indicator_code")
    for row in expected.itertuples():
        assert float(shown.loc[row.indicator_code, str(row.year)]) == pytest.approx(
            row.value
        )


def test_factors_table_equals_fct_indicators_by_group(open_page, marts) -> None:
    at = open_page("factors")
    year = _latest_year(marts, "fct_indicators_by_group")
    factor = marts.execute(
        "select min(factor) from marts.fct_indicators_by_group where year = ?", [year]
    ).fetchone()[0]
    expected = marts.execute(
        "select group_code, indicator_code, value from marts.fct_indicators_by_group "
        "where year = ? and factor = ?",
        [year, factor],
    ).df()
    shown = _frame(at, 0).set_index("group_code")
    for row in expected.itertuples():
        assert float(shown.loc[row.group_code, row.indicator_code]) == pytest.approx(
            row.value
        )
    influential = marts.execute(
        "select count(*) from marts.fct_factor_differences where year = ? and is_influential",
        [year],
    ).fetchone()[0]
    integral = _frame(at, 3)
    assert int((integral == "✓").to_numpy().sum()) == influential


def test_regions_table_equals_fct_indicators_by_region(open_page, marts) -> None:
    at = open_page("regions")
    year = _latest_year(marts, "fct_indicators_by_region")
    level = marts.execute(
        "select min(geo_level) from marts.fct_indicators_by_region where year = ? and geo_level <> 'macro_region'",
        [year],
    ).fetchone()[0]
    expected = dict(
        marts.execute(
            "select geo_code, value from marts.fct_indicators_by_region "
            "where year = ? and geo_level = ? and indicator_code = 'composite'",
            [year, level],
        ).fetchall()
    )
    shown = _frame(at, 0)
    assert dict(zip(shown["geo_code"], shown["value"].astype(float))) == pytest.approx(
        expected
    )


@pytest.mark.parametrize("level", ["macro_region", "region_2020_borders"])
def test_regions_other_levels(open_page, marts, level: str) -> None:
    year = _latest_year(marts, "fct_indicators_by_region")
    expected = dict(
        marts.execute(
            "select geo_code, value from marts.fct_indicators_by_region "
            "where year = ? and geo_level = ? and indicator_code = 'composite'",
            [year, level],
        ).fetchall()
    )
    if not expected:
        pytest.skip(f"release has no {level} rows for {year}")
    at = open_page("regions", reg_level=level)
    shown = _frame(at, 0)
    assert dict(zip(shown["geo_code"], shown["value"].astype(float))) == pytest.approx(
        expected
    )


def test_information_tables_equal_marts(open_page, marts) -> None:
    year = marts.execute(
        "select max(year) from (select year from marts.fct_information_funnel "
        "union select year from marts.fct_information_sources)"
    ).fetchone()[0]
    if year is None:
        pytest.skip("release has no information-space rows")
    at = open_page("information")
    funnel = marts.execute(
        "select pct from marts.fct_information_funnel where year = ? order by level_order",
        [year],
    ).fetchall()
    sources = dict(
        marts.execute(
            "select source_code, pct_users from marts.fct_information_sources where year = ?",
            [year],
        ).fetchall()
    )
    frames = [f.value for f in at.dataframe]
    shown_funnel = next(
        (f for f in frames if "level_code" in f.columns), pd.DataFrame({"pct": []})
    )
    assert shown_funnel["pct"].astype(float).tolist() == pytest.approx(
        [p for (p,) in funnel]
    )
    shown_sources = next(
        (f for f in frames if "source_code" in f.columns),
        pd.DataFrame(columns=["source_code", "pct_users"]),
    )
    assert dict(
        zip(shown_sources["source_code"], shown_sources["pct_users"].astype(float))
    ) == pytest.approx(sources)


def test_foreign_links_equal_mart(open_page, marts) -> None:
    year = marts.execute(
        "select max(year) from marts.fct_friendly_country_pairs"
    ).fetchone()[0]
    if year is None:
        pytest.skip("release has no friendly-country rows")
    at = open_page("foreign")
    expected = marts.execute(
        "select country_code, links_one_way, links_two_way from marts.fct_friendly_country_links "
        "where year = ? order by country_code",
        [year],
    ).df()
    shown = _frame(at, 0).sort_values("country_code").reset_index(drop=True)
    assert shown["country_code"].tolist() == expected["country_code"].tolist()
    assert (
        shown["links_two_way"].astype(int).tolist()
        == expected["links_two_way"].astype(int).tolist()
    )
    assert (
        shown["links_one_way"].astype(int).tolist()
        == expected["links_one_way"].astype(int).tolist()
    )


def test_concerns_equal_fct_multi_response(open_page, marts) -> None:
    row = marts.execute(
        "select max(year) from marts.fct_multi_response where question_code = 'concerns'"
    ).fetchone()
    if row[0] is None:
        pytest.skip("release has no concerns rows")
    at = open_page("concerns")
    expected = dict(
        marts.execute(
            "select option_code, pct from marts.fct_multi_response where year = ? and question_code = 'concerns'",
            [row[0]],
        ).fetchall()
    )
    shown = _frame(at, 0)
    assert dict(zip(shown["option_code"], shown["pct"].astype(float))) == pytest.approx(
        expected
    )


def test_methodology_shows_build_info_and_synthetic_notice(open_page, marts) -> None:
    at = open_page("methodology")
    build_id, passed, total = marts.execute(
        "select build_id, tests_passed, tests_total from marts.build_info order by built_at desc limit 1"
    ).fetchone()
    values = [m.value for m in at.metric]
    assert str(build_id) in values
    assert f"{passed} / {total}" in values
    synthetic = [
        w
        for (w,) in marts.execute(
            "select wave_id from marts.dim_waves where is_synthetic"
        ).fetchall()
    ]
    notice = " ".join(e.value for e in at.error)
    assert all(w in notice for w in synthetic)
    assert bool(synthetic) == bool(notice)


def test_regions_earliest_wave_uses_its_own_units(open_page, marts) -> None:
    year = marts.execute(
        "select min(year) from marts.fct_indicators_by_region"
    ).fetchone()[0]
    at = open_page("regions", reg_year=int(year))
    level = marts.execute(
        "select min(geo_level) from marts.fct_indicators_by_region "
        "where year = ? and geo_level <> 'macro_region'",
        [year],
    ).fetchone()[0]
    expected = dict(
        marts.execute(
            "select geo_code, value from marts.fct_indicators_by_region "
            "where year = ? and geo_level = ? and indicator_code = 'composite'",
            [year, level],
        ).fetchall()
    )
    shown = _frame(at, 0)
    assert dict(zip(shown["geo_code"], shown["value"].astype(float))) == pytest.approx(
        expected
    )
