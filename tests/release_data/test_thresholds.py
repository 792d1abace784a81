"""A release publishes the thresholds its flags were computed with (``marts.dim_thresholds``),
the dbt vars of dbt_project.yml (read here, not typed in), and its flags agree with them."""

from __future__ import annotations

from pathlib import Path

import yaml

from release_data import meta as release_meta
from release_data.connection import Release

REPO = Path(__file__).resolve().parents[2]
VARS = yaml.safe_load((REPO / "dbt_project.yml").read_text(encoding="utf-8"))["vars"]


def test_the_release_publishes_the_build_thresholds(release: Release) -> None:
    published = release_meta.thresholds(release)
    assert published == {name: float(VARS[name]) for name in ("small_base_n", "small_cell_n", "significance_level")}


def test_the_flags_use_the_published_thresholds(release: Release) -> None:
    published = release_meta.thresholds(release)
    groups = release.read("select n_respondents, is_small_base from marts.fct_indicators_by_group_v2")
    assert (groups["is_small_base"] == (groups["n_respondents"] < published["small_base_n"])).all()
    assert groups["is_small_base"].any() and (~groups["is_small_base"]).any()
    changes = release.read("select p_value, is_significant from marts.fct_indicator_changes_v1")
    assert (changes["is_significant"] == (changes["p_value"] < published["significance_level"])).all()
