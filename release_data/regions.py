"""Geography: the regions, indicators and answers by region or macro-region, the clusters.

``level`` / ``factor`` is ``region`` (today's borders), ``region_2020_borders`` or ``macro_region``.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from release_data.connection import Release


def regions(release: Release) -> pd.DataFrame:
    """Every region (``marts.dim_regions``): ``region_code``, ``macro_region``, ``is_city``,
    ``exists_from_year``."""
    return release.query("select region_code, macro_region, is_city, exists_from_year from marts.dim_regions")


@dataclass(frozen=True)
class BorderChange:
    """The last redrawing of the regions, from ``marts.dim_regions``: the ``year`` the new units
    exist from, their codes (``new_units``) and how many units the old borders had
    (``n_old_units``: the regions' distinct ``parent_region_code_pre2022``)."""

    year: int | None
    new_units: frozenset[str]
    n_old_units: int


def border_change(release: Release) -> BorderChange:
    """The last redrawing of the regions (``marts.dim_regions``) as a BorderChange: ``year``,
    ``new_units``, ``n_old_units``."""
    df = release.query("select region_code, exists_from_year, parent_region_code_pre2022 from marts.dim_regions")
    new = df[df["region_code"] != df["parent_region_code_pre2022"]]
    year = int(new["exists_from_year"].min()) if not new.empty else None
    return BorderChange(year, frozenset(new["region_code"]), int(df["parent_region_code_pre2022"].nunique()))


def geo_levels(release: Release, wave_id: str) -> pd.DataFrame:
    """``geo_level`` of every geography the indicators of ``wave_id`` are broken down by."""
    return release.query(
        "select distinct geo_level from marts.fct_indicators_by_region_v2 where wave_id = ?",
        (wave_id,),
    )


def region_codes(release: Release, wave_id: str, level: str) -> pd.DataFrame:
    """``geo_code`` of every unit of ``level`` with indicators in ``wave_id``."""
    return release.query(
        "select distinct geo_code from marts.fct_indicators_by_region_v2 where wave_id = ? and geo_level = ?",
        (wave_id, level),
    )


def indicators_by_region(release: Release, wave_id: str, weighting: str, level: str, indicator: str) -> pd.DataFrame:
    """One indicator per unit of ``level`` (``missing`` left out), highest first: ``geo_code``,
    ``value``, ``ci_low``, ``ci_high``, ``n_base`` (respondents), ``n_effective``,
    ``is_small_base``."""
    return release.query(
        "select geo_code, value, ci_low, ci_high, n_respondents as n_base, n_effective, is_small_base "
        "from marts.fct_indicators_by_region_v2 where wave_id = ? and weighting = ? and geo_level = ? "
        "and indicator_code = ? and geo_code <> 'missing' order by value desc",
        (wave_id, weighting, level, indicator),
    )


def answer_by_area(
    release: Release,
    wave_id: str,
    weighting: str,
    question: str,
    factor: str,
    answer: str,
    subject: str | None = None,
) -> pd.DataFrame:
    """Share giving ``answer`` to ``question`` (and ``subject``, any when None) per unit of
    ``factor`` (``missing`` left out): ``geo_code``, ``n`` (the cell's count), ``n_base``,
    ``n_effective``, ``pct``, ``ci_low``, ``ci_high``, ``is_small_base``, ``is_small_cell``."""
    cond, extra = ("and subject = ? ", (subject,)) if subject is not None else ("", ())
    return release.query(
        "select group_code as geo_code, n, n_base, n_effective, pct, ci_low, ci_high, is_small_base, "
        "is_small_cell from marts.fct_answer_distribution_v2 where wave_id = ? and weighting = ? "
        f"and question_code = ? {cond}and factor = ? and answer_code = ? and group_code <> 'missing'",
        (wave_id, weighting, question, *extra, factor, answer),
    )


def clusters(release: Release, year: int) -> pd.DataFrame:
    """The regions' hierarchical clustering of ``year`` in dendrogram order
    (``marts.fct_region_clusters_v1``, every column: ``region_code``, ``dendrogram_order``,
    ``cluster_level_<k>`` …)."""
    return release.query(
        "select * from marts.fct_region_clusters_v1 where year = ? order by dendrogram_order",
        (year,),
    )


def linkage(release: Release, year: int) -> pd.DataFrame:
    """The merge steps of that clustering (``marts.fct_region_linkage_v1``, every column) by step."""
    return release.query("select * from marts.fct_region_linkage_v1 where year = ? order by step", (year,))
