"""Where people meet China: information sources, the funnel of contact, multi-response
questions (concerns, reasons, friendly countries) and the friendly-country network."""

from __future__ import annotations

import pandas as pd

from release_data.connection import Release


def sources(release: Release, wave_id: str, weighting: str) -> pd.DataFrame:
    """Information sources of one wave, most used first: ``source_code``, ``n_users``,
    ``pct_users``, ``ci_low``, ``ci_high``, ``n_effective``, ``ratio_often_to_rarely``,
    ``ratio_positive_to_negative``, ``n_base``."""
    return release.query(
        "select source_code, n_users, pct_users, ci_low, ci_high, n_effective, ratio_often_to_rarely, "
        "ratio_positive_to_negative, n_base from marts.fct_information_sources_v2 "
        "where wave_id = ? and weighting = ? order by pct_users desc",
        (wave_id, weighting),
    )


def funnel(release: Release, wave_id: str, weighting: str) -> pd.DataFrame:
    """The funnel of contact with China, by level: ``level_code``, ``level_order``, ``pct``,
    ``ci_low``, ``ci_high``, ``n_level``, ``n_base``, ``n_effective``."""
    return release.query(
        "select level_code, level_order, pct, ci_low, ci_high, n_level, n_base, n_effective "
        "from marts.fct_information_funnel_v2 where wave_id = ? and weighting = ? order by level_order",
        (wave_id, weighting),
    )


def multi_response(release: Release, wave_id: str, weighting: str, question: str) -> pd.DataFrame:
    """Options of a several-answers question, most chosen first: ``option_code``, ``n_base``,
    ``n_selected``, ``n_effective``, ``pct``, ``ci_low``, ``ci_high``."""
    return release.query(
        "select option_code, n_base, n_selected, n_effective, pct, ci_low, ci_high "
        "from marts.fct_multi_response_v2 where wave_id = ? and weighting = ? "
        "and question_code = ? order by pct desc",
        (wave_id, weighting, question),
    )


def friendly_pairs(release: Release, year: int) -> pd.DataFrame:
    """Which country is named together with which (``marts.fct_friendly_country_pairs_v1``):
    ``chosen``, ``also_chosen``, ``n_chosen``, ``n_both``, ``conditional_pct``,
    ``rank_within_chosen``, ``is_top3``."""
    return release.query(
        "select chosen, also_chosen, n_chosen, n_both, conditional_pct, rank_within_chosen, is_top3 "
        "from marts.fct_friendly_country_pairs_v1 where year = ?",
        (year,),
    )


def friendly_links(release: Release, year: int) -> pd.DataFrame:
    """Links of each country in that network, most linked first: ``country_code``,
    ``links_one_way``, ``links_two_way``, ``links_total``."""
    return release.query(
        "select country_code, links_one_way, links_two_way, links_total "
        "from marts.fct_friendly_country_links_v1 where year = ? order by links_total desc, country_code",
        (year,),
    )
