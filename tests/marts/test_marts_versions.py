"""Each mart's unversioned name answers with its latest version, pinned _v1 beside it."""

from __future__ import annotations

MARTS = [
    "fct_item_scores",
    "fct_indicators",
    "fct_item_scores_by_group",
    "fct_indicators_by_group",
    "fct_factor_differences",
    "fct_indicators_by_region",
    "fct_region_clusters",
    "fct_region_linkage",
    "fct_multi_response",
    "fct_friendly_country_pairs",
    "fct_friendly_country_links",
    "fct_projects",
    "fct_information_sources",
    "fct_information_funnel",
    "fct_answer_distribution",
    "fct_sample_profile",
    "dim_items",
    "dim_waves",
    "dim_regions",
]


def test_every_mart_has_a_view_over_its_v1_table(q) -> None:
    kinds = q(
        "select table_name, table_type from information_schema.tables where table_schema = 'marts'"
    )
    kind = dict(zip(kinds.table_name, kinds.table_type, strict=True))
    for mart in MARTS:
        assert kind.get(mart) == "VIEW", mart
        assert kind.get(f"{mart}_v1") == "BASE TABLE", mart


def test_fct_item_scores_equals_v1(q) -> None:
    latest = q("select * from marts.fct_item_scores order by year, item_code")
    pinned = q("select * from marts.fct_item_scores_v1 order by year, item_code")
    assert len(latest) > 0
    assert latest.equals(pinned)


def test_every_unversioned_view_returns_its_v1_rows(q) -> None:
    for mart in MARTS:
        n = q(
            f"select count(*) as n from ((select * from marts.{mart} except all"
            f" select * from marts.{mart}_v1) union all (select * from marts.{mart}_v1"
            f" except all select * from marts.{mart}))"
        ).n.iloc[0]
        assert n == 0, mart
