"""The composite index and the four indicators (``marts.fct_indicators_v2`` and the change marts).

Every read takes ``weighting`` (``unweighted`` = as printed, or ``weighted``) where the mart has it.
"""

from __future__ import annotations

import pandas as pd

from release_data.connection import Release


def indicator_value(release: Release, wave_id: str, weighting: str, indicator: str) -> pd.DataFrame:
    """One indicator of one wave (zero or one row): ``value`` (null when the coverage rule does
    not compute it), ``ci_low``, ``ci_high``, ``n_items``, ``n_respondents``,
    ``not_computed_reason``."""
    return release.query(
        "select value, ci_low, ci_high, n_items, n_respondents, not_computed_reason "
        "from marts.fct_indicators_v2 where wave_id = ? and weighting = ? and indicator_code = ?",
        (wave_id, weighting, indicator),
    )


def indicator_change(release: Release, wave_id: str, weighting: str, indicator: str) -> pd.DataFrame:
    """The change of one indicator into ``wave_id`` (zero or one row): ``change``,
    ``change_like_for_like`` (on the items common to both waves), ``is_membership_changed``,
    ``methodology_version``, ``previous_methodology_version``."""
    return release.query(
        "select change, change_like_for_like, is_membership_changed, methodology_version, "
        "previous_methodology_version from marts.fct_indicator_changes_v1 "
        "where wave_id = ? and weighting = ? and indicator_code = ?",
        (wave_id, weighting, indicator),
    )


def indicator_series(release: Release, weighting: str, indicator: str | None = None) -> pd.DataFrame:
    """Indicators (all, or one) of the annual series (``series = 'annual'``: no monthly wave),
    interpolated years included, by year: ``wave_id``, ``year``, ``indicator_code``, ``value``,
    ``ci_low``, ``ci_high``, ``n_items``, ``n_respondents``, ``n_effective``,
    ``is_interpolated``, ``methodology_version``, ``coverage_status``, ``not_computed_reason``."""
    cond, params = ("and indicator_code = ?", (weighting, indicator)) if indicator else ("", (weighting,))
    return release.query(
        "select wave_id, year, indicator_code, value, ci_low, ci_high, n_items, n_respondents, "
        "n_effective, is_interpolated, methodology_version, coverage_status, not_computed_reason "
        "from marts.fct_indicators_v2 "
        f"where weighting = ? and series = 'annual' {cond} order by year, indicator_code",
        params,
    )


def indicator_changes(release: Release, weighting: str) -> pd.DataFrame:
    """Change of every indicator since the previous year (``marts.fct_indicator_changes_v1``):
    ``wave_id``, ``indicator_code``, ``previous_year``, ``change``, ``change_low``,
    ``change_high`` (95 % interval), ``p_value``, ``is_significant``,
    ``is_membership_changed``, ``change_like_for_like``, ``previous_methodology_version``."""
    return release.query(
        "select wave_id, indicator_code, previous_year, change, ci_low as change_low, "
        "ci_high as change_high, p_value, is_significant, is_membership_changed, "
        "change_like_for_like, previous_methodology_version from marts.fct_indicator_changes_v1 "
        "where weighting = ?",
        (weighting,),
    )


def methodology_versions(release: Release) -> pd.DataFrame:
    """Which items made each indicator (not the composite) each wave, unweighted rows, by year:
    ``wave_id``, ``year``, ``indicator_code``, ``methodology_version``, ``n_items``,
    ``item_codes`` (list), ``is_interpolated``."""
    return release.query(
        "select wave_id, year, indicator_code, methodology_version, n_items, item_codes, is_interpolated "
        "from marts.fct_indicators_v2 where weighting = 'unweighted' and indicator_code <> 'composite' "
        "order by year, indicator_code"
    )


def change_waves(release: Release, weighting: str, indicator: str) -> pd.DataFrame:
    """Waves whose change of ``indicator`` is broken down into contributions, by year:
    ``wave_id``, ``year``, ``previous_year``, ``previous_wave_id``."""
    return release.query(
        "select distinct wave_id, year, previous_year, previous_wave_id "
        "from marts.fct_indicator_change_contributions_v1 "
        "where weighting = ? and indicator_code = ? order by year",
        (weighting, indicator),
    )


def change_contributions(release: Release, weighting: str, indicator: str, wave_id: str) -> pd.DataFrame:
    """What moved ``indicator`` into ``wave_id`` (largest contribution first):
    ``component_code``, ``component_kind``, ``membership``, ``component_value``,
    ``previous_component_value``, ``contribution``, ``change``, ``value``, ``previous_value``."""
    return release.query(
        "select component_code, component_kind, membership, component_value, "
        "previous_component_value, contribution, change, value, previous_value "
        "from marts.fct_indicator_change_contributions_v1 "
        "where weighting = ? and indicator_code = ? and wave_id = ? order by contribution desc",
        (weighting, indicator, wave_id),
    )
