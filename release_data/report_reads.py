"""Reads of a published release for the report (``cpi report``): one function per read.

Every function takes a read-only connection from :func:`connect` and returns a pandas frame
whose columns are the mart's own (documented in docs/marts.md and models/marts/_<mart>.yml)
unless the docstring says otherwise. No function writes; no caller outside this package writes
SQL against a release. ``weighting`` is ``unweighted`` (as printed) or ``weighted``.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

WEIGHTINGS = ("unweighted", "weighted")


def connect(path: Path | str) -> duckdb.DuckDBPyConnection:
    """A read-only connection to a release file (``releases/<id>/cpi.duckdb`` or the pointer)."""
    return duckdb.connect(str(path), read_only=True)


def _frame(con: duckdb.DuckDBPyConnection, sql: str, params: tuple = ()) -> pd.DataFrame:
    return con.execute(sql, list(params)).df()


def build_info(con: duckdb.DuckDBPyConnection) -> dict[str, object]:
    """The release's own record (marts.build_info): build_id, built_at, methodology_versions, …"""
    df = _frame(con, "select * from marts.build_info")
    return df.iloc[0].to_dict() if not df.empty else {}


def thresholds(con: duckdb.DuckDBPyConnection) -> dict[str, float]:
    """marts.dim_thresholds as setting -> value (the settings behind the flags and intervals);
    empty for a release from before it was published."""
    found = con.execute(
        "select count(*) from information_schema.tables where table_schema = 'marts' and table_name = 'dim_thresholds'"
    ).fetchone()
    if not found or not found[0]:
        return {}
    df = _frame(con, "select setting, value from marts.dim_thresholds order by setting")
    return {str(s): float(v) for s, v in zip(df["setting"], df["value"], strict=True)}


def waves(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """dim_waves in time order: wave_id, year, survey_kind, fieldwork_start/end,
    n_respondents, is_synthetic, sample_note."""
    return _frame(con, "select * from marts.dim_waves order by fieldwork_start, wave_id")


def reference(con: duckdb.DuckDBPyConnection, seed: str) -> pd.DataFrame:
    """A label / reference seed as published (``reference.ref_<seed>``), all its columns."""
    names = _frame(
        con,
        "select table_name from information_schema.tables where table_schema = 'reference'",
    )["table_name"]
    table = f"ref_{seed}"
    if table not in set(names):
        raise KeyError(f"reference.{table} is not in this release")
    return _frame(con, f'select * from reference."{table}"')


def indicators(con: duckdb.DuckDBPyConnection, weighting: str) -> pd.DataFrame:
    """fct_indicators_v2: wave_id, indicator_code, year, value, ci_low, ci_high, n_items,
    n_respondents, is_interpolated, methodology_version (every year, interpolated included)."""
    return _frame(
        con,
        "select * from marts.fct_indicators_v2 where weighting = ? order by year, indicator_code",
        (weighting,),
    )


def indicator_changes(con: duckdb.DuckDBPyConnection, weighting: str) -> pd.DataFrame:
    """fct_indicator_changes: value, previous_value, change, ci_low/ci_high (of the change),
    p_value, is_significant between consecutive waves."""
    return _frame(
        con,
        "select * from marts.fct_indicator_changes where weighting = ? order by year, indicator_code",
        (weighting,),
    )


def change_contributions(con: duckdb.DuckDBPyConnection, weighting: str) -> pd.DataFrame:
    """fct_indicator_change_contributions: each question's contribution to an indicator's change."""
    return _frame(
        con,
        "select * from marts.fct_indicator_change_contributions where weighting = ? "
        "order by year, indicator_code, contribution",
        (weighting,),
    )


def item_scores(con: duckdb.DuckDBPyConnection, weighting: str) -> pd.DataFrame:
    """fct_item_scores_v2: per wave and question the shares, score with interval, ratio, ranks."""
    return _frame(
        con,
        "select * from marts.fct_item_scores_v2 where weighting = ? order by year, item_code",
        (weighting,),
    )


def item_score_changes(con: duckdb.DuckDBPyConnection, weighting: str) -> pd.DataFrame:
    """fct_item_score_changes: change of each question's score between consecutive waves."""
    return _frame(
        con,
        "select * from marts.fct_item_score_changes where weighting = ? order by year, item_code",
        (weighting,),
    )


def indicators_by_group(con: duckdb.DuckDBPyConnection, weighting: str) -> pd.DataFrame:
    """fct_indicators_by_group_v2: indicator value with interval per factor and group."""
    return _frame(
        con,
        "select * from marts.fct_indicators_by_group_v2 where weighting = ? "
        "order by year, factor, group_code, indicator_code",
        (weighting,),
    )


def item_scores_by_group(con: duckdb.DuckDBPyConnection, weighting: str) -> pd.DataFrame:
    """fct_item_scores_by_group_v2: question scores and shares per factor and group."""
    return _frame(
        con,
        "select * from marts.fct_item_scores_by_group_v2 where weighting = ? "
        "order by year, factor, group_code, item_code",
        (weighting,),
    )


def indicators_by_region(con: duckdb.DuckDBPyConnection, weighting: str) -> pd.DataFrame:
    """fct_indicators_by_region_v2: indicator per geo_level (macro_region, region) and unit."""
    return _frame(
        con,
        "select * from marts.fct_indicators_by_region_v2 where weighting = ? "
        "order by year, geo_level, geo_code, indicator_code",
        (weighting,),
    )


def factor_differences(con: duckdb.DuckDBPyConnection, weighting: str) -> pd.DataFrame:
    """fct_factor_differences_v2: the integral table of factors (Table 36) with its tests."""
    return _frame(
        con,
        "select * from marts.fct_factor_differences_v2 where weighting = ? order by year, factor, indicator_code",
        (weighting,),
    )


def information_sources(con: duckdb.DuckDBPyConnection, weighting: str) -> pd.DataFrame:
    """fct_information_sources_v2: share of users per source with interval and the two ratios."""
    return _frame(
        con,
        "select * from marts.fct_information_sources_v2 where weighting = ? order by year, pct_users desc",
        (weighting,),
    )


def information_funnel(con: duckdb.DuckDBPyConnection, weighting: str) -> pd.DataFrame:
    """fct_information_funnel_v2: share of respondents at each level of the funnel."""
    return _frame(
        con,
        "select * from marts.fct_information_funnel_v2 where weighting = ? order by year, level_order",
        (weighting,),
    )


def multi_response(con: duckdb.DuckDBPyConnection, weighting: str) -> pd.DataFrame:
    """fct_multi_response_v2: share choosing each option of a several-answers question."""
    return _frame(
        con,
        "select * from marts.fct_multi_response_v2 where weighting = ? order by year, question_code, pct desc",
        (weighting,),
    )


def projects(con: duckdb.DuckDBPyConnection, weighting: str) -> pd.DataFrame:
    """fct_projects_v2: awareness (base: asked) and attitude shares (base: aware) per project."""
    return _frame(
        con,
        "select * from marts.fct_projects_v2 where weighting = ? order by year, project_code, measure_code",
        (weighting,),
    )


def answer_distribution(
    con: duckdb.DuckDBPyConnection, weighting: str, question_code: str, factor: str
) -> pd.DataFrame:
    """fct_answer_distribution_v2 of one question by one factor (``total`` for everyone)."""
    return _frame(
        con,
        "select * from marts.fct_answer_distribution_v2 where weighting = ? "
        "and question_code = ? and factor = ? order by year, subject, group_code, answer_code",
        (weighting, question_code, factor),
    )


def region_clusters(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """fct_region_clusters: each region's cluster at five cut levels and their stability."""
    return _frame(con, "select * from marts.fct_region_clusters order by year, dendrogram_order")


def region_linkage(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """fct_region_linkage: the merge steps of the region clustering."""
    return _frame(con, "select * from marts.fct_region_linkage order by year, step")


def friendly_pairs(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """fct_friendly_country_pairs: Table 37's conditional shares (unweighted, as printed)."""
    return _frame(
        con,
        "select * from marts.fct_friendly_country_pairs order by year, chosen, rank_within_chosen",
    )


def friendly_links(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """fct_friendly_country_links: Table 38's links per country."""
    return _frame(
        con,
        "select * from marts.fct_friendly_country_links order by year, links_total desc, country_code",
    )


def sample_profile(con: duckdb.DuckDBPyConnection, weighting: str) -> pd.DataFrame:
    """fct_sample_profile_v2: share of respondents per factor and group, per wave."""
    return _frame(
        con,
        "select * from marts.fct_sample_profile_v2 where weighting = ? order by year, factor, group_code",
        (weighting,),
    )


def weighting_summary(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """fct_weighting_summary: per wave the weight source, Kish effective n and efficiency."""
    return _frame(con, "select * from marts.fct_weighting_summary order by year, wave_id")


# reads that take no ``weighting`` argument (the marts hold one version)
UNWEIGHTED_READS = frozenset(
    {
        "region_clusters",
        "region_linkage",
        "friendly_pairs",
        "friendly_links",
        "weighting_summary",
    }
)
