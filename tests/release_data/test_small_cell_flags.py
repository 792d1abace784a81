"""The distribution marts flag small CELLS (issue 16 item 7): ``is_small_cell`` is true exactly
when the cell's own count is under dbt var ``small_cell_n`` (read from dbt_project.yml), whatever
the base."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from release_data.connection import Release

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def small_cell_n() -> int:
    project = yaml.safe_load((REPO / "dbt_project.yml").read_text(encoding="utf-8"))
    return int(project["vars"]["small_cell_n"])


@pytest.mark.parametrize("mart", ["fct_answer_distribution_v1", "fct_answer_distribution_v2"])
def test_the_flag_is_the_cell_count_under_the_var(release: Release, small_cell_n: int, mart: str) -> None:
    df = release.read(f"select n, n_base, is_small_cell, is_small_base from marts.{mart}")
    assert df["is_small_cell"].notna().all()
    assert (df["is_small_cell"] == (df["n"] < small_cell_n)).all()
    # the flag tests the cell, not the base: the probe's case (a tiny cell in a large group) exists
    assert (df["is_small_cell"] & ~df["is_small_base"]).any()
    assert (~df["is_small_cell"]).any()


def test_region_cells_under_the_threshold_are_flagged(release: Release, small_cell_n: int) -> None:
    df = release.read("select n, is_small_cell from marts.fct_answer_distribution_v2 where factor = 'region'")
    small = df[df["n"].between(1, small_cell_n - 1)]
    assert len(small) > 0 and small["is_small_cell"].all()
