"""A release publishes the thresholds its flags were computed with (``marts.dim_thresholds``),
the dbt vars of dbt_project.yml (read here, not typed in), and its flags agree with them."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from release_data import meta as release_meta
from release_data.connection import Release

REPO = Path(__file__).resolve().parents[2]
VARS = yaml.safe_load((REPO / "dbt_project.yml").read_text(encoding="utf-8"))["vars"]


def test_the_release_publishes_the_build_thresholds(release: Release) -> None:
    published = release_meta.thresholds(release)
    settings = ("small_base_n", "small_cell_n", "significance_level", "ci_z", "influence_min_effect", "influence_max_p")
    assert published == {name: float(VARS[name]) for name in settings}


def test_the_flags_use_the_published_thresholds(release: Release) -> None:
    published = release_meta.thresholds(release)
    groups = release.read("select n_respondents, is_small_base from marts.fct_indicators_by_group_v2")
    assert (groups["is_small_base"] == (groups["n_respondents"] < published["small_base_n"])).all()
    assert groups["is_small_base"].any() and (~groups["is_small_base"]).any()
    changes = release.read("select p_value, is_significant from marts.fct_indicator_changes_v1")
    assert (changes["is_significant"] == (changes["p_value"] < published["significance_level"])).all()
    tests = release.read(
        "select statistic_value, adjustment_method, p_value_holm, p_value_bh, is_influential "
        "from marts.fct_factor_differences_v2 where is_influential is not null"
    )
    adjusted = tests["p_value_holm"].where(tests["adjustment_method"] == "holm", tests["p_value_bh"])
    rule = (tests["statistic_value"] >= published["influence_min_effect"]) & (adjusted < published["influence_max_p"])
    assert (tests["is_influential"] == rule).all()
    assert tests["is_influential"].any() and (~tests["is_influential"]).any()


def test_the_intervals_are_the_published_z_standard_errors_wide(release: Release) -> None:
    """scipy's normal quantile is the oracle for the level the texts state from ci_z."""
    from scipy import stats

    from presentation.thresholds import confidence_pct

    z = release_meta.thresholds(release)["ci_z"]
    rows = release.read("select value, se, ci_low, ci_high from marts.fct_indicators_v2 where se > 0")
    inside = rows[(rows["ci_low"] > -1) & (rows["ci_high"] < 1)]
    assert len(inside) > 0
    assert ((inside["ci_high"] - inside["ci_low"]) - 2 * z * inside["se"]).abs().max() < 1e-9
    level = confidence_pct(z) / 100
    assert stats.norm.ppf(0.5 + level / 2) == pytest.approx(z, abs=0.01)
