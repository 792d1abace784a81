"""Awareness of and attitude to the cooperation projects (``marts.fct_projects_v2`` and the
``project_attitude`` distributions)."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from release_data.connection import Release


def projects(release: Release, wave_id: str, weighting: str) -> pd.DataFrame:
    """Every project × measure (aware, approve, …) of one wave, long: ``project_code``,
    ``measure_code``, ``n``, ``n_base``, ``n_effective``, ``pct``, ``ci_low``, ``ci_high``."""
    return release.query(
        "select project_code, measure_code, n, n_base, n_effective, pct, ci_low, ci_high "
        "from marts.fct_projects_v2 where wave_id = ? and weighting = ?",
        (wave_id, weighting),
    )


def attitude_series(release: Release, weighting: str, subjects: Sequence[str]) -> pd.DataFrame:
    """Attitude to the projects ``subjects`` over the waves (all respondents), by year:
    ``wave_id``, ``year``, ``subject``, ``answer_code``, ``n``, ``n_base``, ``pct``, ``ci_low``,
    ``ci_high``."""
    marks = ", ".join("?" for _ in subjects) or "null"
    return release.query(
        "select wave_id, year, subject, answer_code, n, n_base, pct, ci_low, ci_high "
        "from marts.fct_answer_distribution_v2 where weighting = ? and question_code = 'project_attitude' "
        f"and factor = 'total' and subject in ({marks}) order by year",
        (weighting, *subjects),
    )
