"""The redrawing of the regions is data (``marts.dim_regions``), never a year or a count typed
into the dashboard: the regions page's level "N units (pre-YEAR borders)", its map note and its
choice of map read them from ``release_data.regions.border_change``."""

from __future__ import annotations

from pathlib import Path

import duckdb

from presentation.i18n import languages, translate
from release_data import marker
from release_data.connection import Release, open_release
from release_data.regions import border_change


def _release(path: Path, rows: list[tuple[str, int, str]]) -> Release:
    con = duckdb.connect(str(path))
    con.execute("create schema marts")
    for statement in marker.marker_sql():
        con.execute(statement)
    con.execute(
        "create table marts.dim_regions (region_code varchar, exists_from_year integer, parent_region_code_pre2022 varchar)"
    )
    con.executemany("insert into marts.dim_regions values (?, ?, ?)", rows)
    con.close()
    return open_release(path)


def test_another_redrawing_is_read_from_the_regions(tmp_path: Path) -> None:
    """Three old units, two of them split in a later year: the year and the count follow."""
    rows = [("a", 2020, "a"), ("b", 2020, "b"), ("c", 2020, "c"), ("b2", 2031, "b"), ("c2", 2031, "c")]
    change = border_change(_release(tmp_path / "r.duckdb", rows))
    assert (change.year, change.new_units, change.n_old_units) == (2031, frozenset({"b2", "c2"}), 3)
    for lang in languages("dashboard"):
        label = translate("regions.level.region_2020_borders", lang, n=change.n_old_units, year=change.year)
        assert "3" in label and "2031" in label, (lang, label)
        note = translate("regions.borders2020", lang, year=change.year, regions="B2, C2")
        assert "2031" in note and "B2, C2" in note, (lang, note)


def test_the_demo_release_redrawing(release: Release) -> None:
    """The demo's regions: every new unit has an older parent that is itself a unit of the old
    borders, and the old borders are the units that existed in the first year."""
    change = border_change(release)
    regions = release.query("select region_code, exists_from_year, parent_region_code_pre2022 from marts.dim_regions")
    first = regions["exists_from_year"].min()
    assert change.year is not None and change.year > first
    assert change.n_old_units == (regions["exists_from_year"] == first).sum()
    assert change.new_units == set(regions.loc[regions["exists_from_year"] == change.year, "region_code"])
