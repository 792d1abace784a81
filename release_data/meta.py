"""What a release is: its build, its waves, which relations it has, how it is weighted."""

from __future__ import annotations

import pandas as pd

from release_data._sql import equals, ident
from release_data.connection import Release


def build_info(release: Release) -> pd.DataFrame:
    """The release's build (``marts.build_info``, the latest row): ``build_id``, ``built_at``,
    the inputs' fingerprint, versions and the other columns docs/publishing.md lists."""
    return release.query("select * from marts.build_info order by built_at desc limit 1")


def waves(release: Release) -> pd.DataFrame:
    """Every wave (``marts.dim_waves``) by fieldwork start: ``wave_id``, ``year``,
    ``survey_kind`` (annual | omnibus), ``fieldwork_start``, ``fieldwork_end``,
    ``n_respondents``, ``is_synthetic``, ``sample_note``."""
    return release.query(
        "select wave_id, year, survey_kind, fieldwork_start, fieldwork_end, n_respondents, "
        "is_synthetic, sample_note from marts.dim_waves order by fieldwork_start"
    )


def has_table(release: Release, name: str, schema: str = "marts") -> bool:
    """Whether the release has relation ``schema.name`` (older releases may lack a mart)."""
    df = release.query(
        "select count(*) as n from information_schema.tables where table_schema = ? and table_name = ?",
        (schema, name),
    )
    return bool(df.iloc[0, 0])


def wave_ids(release: Release, mart: str, **equal: object) -> pd.DataFrame:
    """``wave_id`` of the waves for which mart ``marts.<mart>`` has rows with the given column
    values (e.g. ``weighting="weighted", question_code="concerns"``); distinct, unordered."""
    cond, params = equals(equal)
    return release.query(f"select distinct wave_id from marts.{ident(mart)} where true{cond}", params)


def weighting_summary(release: Release) -> pd.DataFrame:
    """Weights per wave (``marts.fct_weighting_summary_v1``): ``wave_id``, ``weight_source``,
    ``n_respondents``, ``weight_min``, ``weight_max``, ``n_effective``,
    ``weighting_efficiency``, ``design_effect``, ``n_trimmed``."""
    return release.query(
        "select wave_id, weight_source, n_respondents, weight_min, weight_max, n_effective, "
        "weighting_efficiency, design_effect, n_trimmed from marts.fct_weighting_summary_v1"
    )


def population_margins(release: Release) -> pd.DataFrame:
    """Population margins the weights rake to (``reference.ref_population_margins``):
    ``reference_year``, ``dimension``, ``category``, ``value``, ``population_basis``,
    ``reference_date``, ``source_publisher``."""
    return release.query(
        "select reference_year, dimension, category, value, population_basis, reference_date, "
        "source_publisher from reference.ref_population_margins"
    )


def revisions(release: Release) -> pd.DataFrame:
    """Waves corrected, added or removed since the release this one replaced
    (``marts.release_revisions``): ``wave_id``, ``change``, ``previous_build_id``; empty for a
    release without revisions or from before revisions were recorded."""
    if not has_table(release, "release_revisions"):
        return pd.DataFrame(columns=["wave_id", "change", "previous_build_id"])
    return release.query("select wave_id, change, previous_build_id from marts.release_revisions order by wave_id")


def figure_revisions(release: Release) -> pd.DataFrame:
    """Published figures that moved with those revisions (``marts.release_figure_revisions``):
    ``mart``, ``figure_key``, ``measure``, ``old_value``, ``new_value``, ``is_beyond_old_interval``
    (beyond the old 95 % interval first)."""
    columns = ["mart", "figure_key", "measure", "old_value", "new_value", "is_beyond_old_interval"]
    if not has_table(release, "release_figure_revisions"):
        return pd.DataFrame(columns=columns)
    return release.query(
        f"select {', '.join(columns)} from marts.release_figure_revisions "
        "order by is_beyond_old_interval desc nulls last, mart, figure_key, measure"
    )


def thresholds(release: Release) -> dict[str, float]:
    """The thresholds the release's flags and intervals were computed with
    (``marts.dim_thresholds``): setting (``small_base_n``, ``small_cell_n``,
    ``significance_level``, ``ci_z``, ``influence_min_effect``, ``influence_max_p``) -> value;
    empty for a release from before they were published (a setting added later is absent from an
    older release)."""
    if not has_table(release, "dim_thresholds"):
        return {}
    df = release.query("select setting, value from marts.dim_thresholds order by setting")
    return {str(s): float(v) for s, v in zip(df["setting"], df["value"], strict=True)}
