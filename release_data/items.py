"""The index items: answers, scores, ranks and changes (``marts.fct_item_scores_v2``,
``marts.fct_item_score_changes_v1``)."""

from __future__ import annotations

import pandas as pd

from release_data.connection import Release


def item_scores(release: Release, wave_id: str, weighting: str, indicator: str) -> pd.DataFrame:
    """The items of ``indicator`` in one wave (for ``general`` also every ``gen_`` item), most
    positive first: ``item_code``, ``n_valid``, ``n_effective``, ``pct_positive``,
    ``pct_negative``, ``pct_neutral``, ``score``, ``ci_low``, ``ci_high``, ``ratio``,
    ``rank_by_positive``, ``rank_by_ratio``, ``rank_change``."""
    return release.query(
        "select item_code, n_valid, n_effective, pct_positive, pct_negative, pct_neutral, score, "
        "ci_low, ci_high, ratio, rank_by_positive, rank_by_ratio, rank_change "
        "from marts.fct_item_scores_v2 where wave_id = ? and weighting = ? "
        "and (indicator_code = ? or (? = 'general' and item_code like 'gen\\_%' escape '\\')) "
        "order by pct_positive desc",
        (wave_id, weighting, indicator, indicator),
    )


def item_series(release: Release, weighting: str, indicator: str) -> pd.DataFrame:
    """The items of ``indicator`` in the annual series (``series = 'annual'``), by year and
    item: ``wave_id``, ``year``, ``item_code``, ``score``, ``pct_positive``,
    ``rank_by_positive``, ``ci_low``, ``ci_high``, ``n_valid``, ``n_effective``,
    ``is_interpolated``."""
    return release.query(
        "select wave_id, year, item_code, score, pct_positive, rank_by_positive, ci_low, "
        "ci_high, n_valid, n_effective, is_interpolated from marts.fct_item_scores_v2 "
        "where weighting = ? and indicator_code = ? and series = 'annual' order by year, item_code",
        (weighting, indicator),
    )


def monthly_item_scores(release: Release, weighting: str, indicator: str) -> pd.DataFrame:
    """The items of ``indicator`` in the monthly series (waves of a monthly kind, never mixed into
    the annual series), by fieldwork end and item: ``wave_id``, ``year``, ``fieldwork_end``,
    ``item_code``, ``score``, ``ci_low``, ``ci_high``, ``n_valid``."""
    return release.query(
        "select wave_id, year, fieldwork_end, item_code, score, ci_low, ci_high, n_valid "
        "from marts.fct_item_scores_v2 where weighting = ? and series = 'monthly' "
        "and indicator_code = ? order by fieldwork_end, item_code",
        (weighting, indicator),
    )


def item_change_series(release: Release, weighting: str, indicator: str) -> pd.DataFrame:
    """Change of every item of ``indicator`` since the previous year: ``wave_id``,
    ``item_code``, ``previous_year``, ``change``, ``change_low``, ``change_high``, ``p_value``,
    ``is_significant``."""
    return release.query(
        "select wave_id, item_code, previous_year, change, ci_low as change_low, "
        "ci_high as change_high, p_value, is_significant from marts.fct_item_score_changes_v1 "
        "where weighting = ? and indicator_code = ?",
        (weighting, indicator),
    )


def item_changes(release: Release, weighting: str, indicator: str, wave_id: str) -> pd.DataFrame:
    """Change of the items of ``indicator`` into ``wave_id``, largest rise first: ``item_code``,
    ``previous_score``, ``score``, ``change``, ``ci_low``, ``ci_high``, ``p_value``,
    ``is_significant``, ``n_valid``, ``previous_n_valid``."""
    return release.query(
        "select item_code, previous_score, score, change, ci_low, ci_high, p_value, "
        "is_significant, n_valid, previous_n_valid from marts.fct_item_score_changes_v1 "
        "where weighting = ? and indicator_code = ? and wave_id = ? order by change desc",
        (weighting, indicator, wave_id),
    )
