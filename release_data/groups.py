"""Social groups: answer distributions (the cross-tab's source), indicators and items by group,
the sample's profile and the tests of factor differences.

Group ``missing`` holds the respondents whose value of the factor is unknown; the reads return
it (callers decide whether to show it) unless they say they leave it out.
"""

from __future__ import annotations

import pandas as pd

from release_data.connection import Release

DISTRIBUTION = "marts.fct_answer_distribution_v2"


def distribution(
    release: Release, wave_id: str, weighting: str, question: str, subject: str, factor: str
) -> pd.DataFrame:
    """Answers to one question (``subject``: '' or the statement/project asked about) per group
    of ``factor`` in one wave: ``group_code``, ``answer_code``, ``n`` (the cell's unweighted
    count), ``n_base`` (the group's), ``n_effective``, ``pct`` (share of the group), ``ci_low``,
    ``ci_high``, ``variable_role``, ``is_small_base`` (base under var ``small_base_n``),
    ``is_small_cell`` (cell count under var ``small_cell_n``)."""
    return release.query(
        "select group_code, answer_code, n, n_base, n_effective, pct, ci_low, ci_high, variable_role, "
        f"is_small_base, is_small_cell from {DISTRIBUTION} where wave_id = ? and weighting = ? "
        "and question_code = ? and subject = ? and factor = ?",
        (wave_id, weighting, question, subject, factor),
    )


def distribution_catalogue(release: Release) -> pd.DataFrame:
    """Every question (and subject) with a distribution, items last: ``question_code``,
    ``subject``, ``variable_role``."""
    return release.query(
        f"select distinct question_code, subject, variable_role from {DISTRIBUTION} "
        "order by variable_role desc, question_code, subject"
    )


def distribution_factors(release: Release, question: str, subject: str | None = None) -> pd.DataFrame:
    """``factor`` of every breakdown of a question (any subject when None), ``total`` left out,
    alphabetical."""
    cond, params = ("and subject = ? ", (question, subject)) if subject is not None else ("", (question,))
    return release.query(
        f"select distinct factor from {DISTRIBUTION} where question_code = ? {cond}"
        "and factor <> 'total' order by factor",
        params,
    )


def distribution_subjects(release: Release, question: str, wave_id: str) -> pd.DataFrame:
    """``subject`` of every statement of ``question`` asked in ``wave_id``, alphabetical."""
    return release.query(
        f"select distinct subject from {DISTRIBUTION} where question_code = ? and wave_id = ? order by subject",
        (question, wave_id),
    )


def answer_share_series(release: Release, weighting: str, question: str, answer: str, factor: str) -> pd.DataFrame:
    """Share giving ``answer`` per group of ``factor`` over the waves (group ``missing`` left
    out), by year: ``wave_id``, ``year``, ``group_code``, ``pct``, ``ci_low``, ``ci_high``,
    ``n_base``, ``n_effective``, ``is_small_base``, ``is_small_cell``."""
    return release.query(
        "select wave_id, year, group_code, pct, ci_low, ci_high, n_base, n_effective, is_small_base, "
        f"is_small_cell from {DISTRIBUTION} where weighting = ? and factor = ? and question_code = ? "
        "and answer_code = ? and group_code <> 'missing' order by year",
        (weighting, factor, question, answer),
    )


def indicators_by_group(release: Release, wave_id: str, weighting: str, factor: str) -> pd.DataFrame:
    """Indicators per group of ``factor`` in one wave (``missing`` included): ``group_code``,
    ``indicator_code``, ``value``, ``ci_low``, ``ci_high``, ``n_respondents``, ``n_effective``,
    ``is_small_base``."""
    return release.query(
        "select group_code, indicator_code, value, ci_low, ci_high, n_respondents, n_effective, "
        "is_small_base from marts.fct_indicators_by_group_v2 where wave_id = ? and weighting = ? "
        "and factor = ?",
        (wave_id, weighting, factor),
    )


def social_factors(release: Release, wave_id: str) -> pd.DataFrame:
    """``factor`` of every social breakdown of the indicators in one wave (geography left out),
    alphabetical."""
    return release.query(
        "select distinct factor from marts.fct_indicators_by_group_v2 where wave_id = ? "
        "and factor not like 'region%' and factor <> 'macro_region' order by factor",
        (wave_id,),
    )


def item_scores_by_group(release: Release, wave_id: str, weighting: str, factor: str, indicator: str) -> pd.DataFrame:
    """Items of ``indicator`` per group of ``factor`` (``missing`` left out): ``item_code``,
    ``group_code``, ``n_valid``, ``pct_positive``, ``pct_negative``, ``pct_neutral``, ``score``,
    ``ci_low``, ``ci_high``, ``is_small_base``."""
    return release.query(
        "select item_code, group_code, n_valid, pct_positive, pct_negative, pct_neutral, score, "
        "ci_low, ci_high, is_small_base from marts.fct_item_scores_by_group_v2 where wave_id = ? "
        "and weighting = ? and factor = ? and indicator_code = ? and group_code <> 'missing'",
        (wave_id, weighting, factor, indicator),
    )


def item_scores_by_language_and_ethnicity(
    release: Release, wave_id: str, weighting: str, indicator: str, group: str
) -> pd.DataFrame:
    """Items of ``indicator`` for group ``group`` of home language and of ethnicity (the same
    code in both, e.g. ``kazakh``): ``factor``, ``item_code``, ``pct_positive``, ``n_valid``."""
    return release.query(
        "select factor, item_code, pct_positive, n_valid from marts.fct_item_scores_by_group_v2 "
        "where wave_id = ? and weighting = ? and indicator_code = ? and group_code = ? "
        "and factor in ('home_language', 'ethnicity')",
        (wave_id, weighting, indicator, group),
    )


def sample_profile(release: Release, wave_id: str, weighting: str) -> pd.DataFrame:
    """The sample by every factor (``missing`` left out): ``factor``, ``group_code``,
    ``n_respondents``, ``pct`` (share of the respondents whose value is known)."""
    return release.query(
        "select factor, group_code, n_respondents, pct_known as pct from marts.fct_sample_profile_v2 "
        "where wave_id = ? and weighting = ? and group_code <> 'missing'",
        (wave_id, weighting),
    )


def sample_by_region(release: Release, wave_id: str, weighting: str) -> pd.DataFrame:
    """The sample by region, largest first: ``group_code``, ``n_respondents``, ``pct``."""
    return release.query(
        "select group_code, n_respondents, pct_known as pct from marts.fct_sample_profile_v2 "
        "where wave_id = ? and weighting = ? and factor = 'region' and group_code <> 'missing' "
        "order by pct desc",
        (wave_id, weighting),
    )


def factor_differences(release: Release, wave_id: str, weighting: str) -> pd.DataFrame:
    """The tested factor × indicator cells of one wave (``marts.fct_factor_differences_v2``):
    ``factor``, ``indicator_code``, ``high_group``, ``low_group``, ``difference``,
    ``difference_ci_low``, ``difference_ci_high``, ``n_high``, ``n_low``, ``statistic_value``,
    ``p_value``, ``p_value_holm``, ``p_value_bh``, ``adjustment_method``, ``is_influential``,
    ``rule``."""
    return release.query(
        "select factor, indicator_code, high_group, low_group, difference, difference_ci_low, "
        "difference_ci_high, n_high, n_low, statistic_value, p_value, p_value_holm, p_value_bh, "
        "adjustment_method, is_influential, rule from marts.fct_factor_differences_v2 "
        "where wave_id = ? and weighting = ? and p_value is not null",
        (wave_id, weighting),
    )
