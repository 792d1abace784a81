"""survey_stats.incremental: what a Python model recomputes when dbt builds it incrementally.

A year's fingerprint changes exactly when the store key of one of its annual waves changes, a
wave of the year comes or goes, or what else the model names changes; a year is reused only when
every row of it in the model's table carries its current fingerprint; the rows returned take the
table's column types (an empty frame of objects included) and the reused years' rows are the
table's own. (The builds that use it: tests/publish/test_incremental_builds.py.)
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd
import pytest

from survey_stats.incremental import (
    FINGERPRINT,
    as_table_types,
    only_waves,
    reused_years,
    stale_waves,
    with_reused_years,
    year_fingerprints,
)

THIS = "intermediate.stats"


@dataclass
class Dbt:
    """The two attributes of dbt's Python-model object the helpers read."""

    is_incremental: bool
    this: str = THIS


def _session(build_waves: list[tuple[str, bool, str | None]] | None) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute("create schema raw")
    con.execute("create schema intermediate")
    if build_waves is not None:
        con.execute("create table raw.build_waves (wave_id varchar primary key, reused boolean, wave_key varchar)")
        con.executemany("insert into raw.build_waves values (?, ?, ?)", build_waves)
    con.execute("create table waves (wave_id varchar, year integer, series varchar)")
    con.executemany(
        "insert into waves values (?, ?, ?)",
        [("a_2021", 2021, "annual"), ("a_2022", 2022, "annual"), ("m_2022_03", 2022, "monthly")],
    )
    return con


KEYS = [("a_2021", True, "k1"), ("a_2022", True, "k2"), ("m_2022_03", False, "k3")]


def _fingerprints(con: duckdb.DuckDBPyConnection, **kwargs) -> dict[int, str | None]:
    return year_fingerprints(con, con.sql("select * from waves where series = 'annual'"), **kwargs)


def test_a_years_fingerprint_follows_its_annual_waves_and_what_the_model_names() -> None:
    base = _fingerprints(_session(KEYS), settings={"seed": 1})
    assert set(base) == {2021, 2022} and all(len(f) == 64 for f in base.values())
    assert _fingerprints(_session(KEYS), settings={"seed": 1}) == base  # the same inputs, the same bits
    # a changed monthly wave is not an input of the annual statistics
    monthly = _fingerprints(_session([*KEYS[:2], ("m_2022_03", False, "other")]), settings={"seed": 1})
    assert monthly == base
    # a changed annual wave changes its year only
    changed = _fingerprints(_session([KEYS[0], ("a_2022", False, "k2 corrected"), KEYS[2]]), settings={"seed": 1})
    assert changed[2021] == base[2021] and changed[2022] != base[2022]
    # a second annual wave in a year changes that year
    con = _session([*KEYS, ("b_2021", False, "k4")])
    con.execute("insert into waves values ('b_2021', 2021, 'annual')")
    added = _fingerprints(con, settings={"seed": 1})
    assert added[2021] != base[2021] and added[2022] == base[2022]
    # what else the model names: per year, and for every year
    extra = _fingerprints(_session(KEYS), extra={2022: [["almaty", 0.5]]}, settings={"seed": 1})
    assert extra[2021] == base[2021] and extra[2022] != base[2022]
    assert set(_fingerprints(_session(KEYS), settings={"seed": 2}).values()).isdisjoint(base.values())


def test_without_store_keys_no_fingerprint_and_no_year_reused() -> None:
    for con in (_session(None), _session([(w, r, None) for w, r, _ in KEYS])):
        fingerprints = _fingerprints(con)
        assert fingerprints == {2021: None, 2022: None}
        con.execute(f"create table {THIS} (year integer, {FINGERPRINT} varchar)")
        con.execute(f"insert into {THIS} values (2021, null), (2022, null)")
        assert reused_years(Dbt(True), con, fingerprints) == set()


def _stored(con: duckdb.DuckDBPyConnection, rows: list[tuple[int, float, str | None]]) -> None:
    con.execute(f"create table {THIS} (year integer, value double, {FINGERPRINT} varchar)")
    con.executemany(f"insert into {THIS} values (?, ?, ?)", rows)


def test_a_year_is_reused_only_when_every_row_carries_its_fingerprint() -> None:
    con = _session(KEYS)
    fingerprints = {2021: "f21", 2022: "f22", 2023: "f23"}
    _stored(con, [(2021, 0.1, "f21"), (2021, 0.2, "f21"), (2022, 0.3, "f22"), (2022, 0.4, "old"), (2020, 0.5, "f20")])
    assert reused_years(Dbt(True), con, fingerprints) == {2021}  # 2022 mixed, 2023 new, 2020 gone
    assert reused_years(Dbt(False), con, fingerprints) == set()  # built from scratch: nothing reused


def test_the_rows_returned_are_the_recomputed_years_and_the_tables_own_rows_of_the_others() -> None:
    con = _session(KEYS)
    _stored(con, [(2021, 1 / 3, "f21"), (2022, 0.4, "old"), (2020, 0.5, "f20")])
    fingerprints = {2021: "f21", 2022: "f22"}
    computed = pd.DataFrame({"year": [2022, 2022], "value": [0.25, 0.75]})
    rows = with_reused_years(Dbt(True), con, computed, fingerprints, {2021})
    assert rows.types == con.sql(f"select * from {THIS}").types
    assert sorted(rows.fetchall()) == [(2021, 1 / 3, "f21"), (2022, 0.25, "f22"), (2022, 0.75, "f22")]
    # built from scratch: the computed rows with their fingerprints, nothing read from the table
    fresh = with_reused_years(Dbt(False), con, computed, fingerprints, set())
    assert list(fresh[FINGERPRINT]) == ["f22", "f22"] and len(fresh) == 2
    # nothing to recompute: an empty frame of objects still takes the table's types
    empty = pd.DataFrame({"year": pd.Series([], dtype=object), "value": pd.Series([], dtype=object)})
    kept = with_reused_years(Dbt(True), con, empty, fingerprints, {2021})
    assert kept.types == con.sql(f"select * from {THIS}").types and kept.fetchall() == [(2021, 1 / 3, "f21")]


def test_rows_of_a_per_wave_model_take_the_tables_types_and_must_have_its_columns() -> None:
    con = _session(KEYS)
    con.execute(f"create table {THIS} (wave_id varchar, weight double, cells varchar, converged boolean)")
    empty = pd.DataFrame({c: pd.Series([], dtype=object) for c in ("wave_id", "weight", "cells", "converged")})
    assert as_table_types(Dbt(True), con, empty).types == ["VARCHAR", "DOUBLE", "VARCHAR", "BOOLEAN"]
    all_null = pd.DataFrame({"wave_id": ["a"], "weight": [1.0], "cells": [None], "converged": [None]})
    assert as_table_types(Dbt(True), con, all_null).types == ["VARCHAR", "DOUBLE", "VARCHAR", "BOOLEAN"]
    assert as_table_types(Dbt(False), con, all_null) is all_null
    with pytest.raises(ValueError, match="extra"):
        as_table_types(Dbt(True), con, all_null.assign(extra=1))


def test_the_stale_waves_are_those_not_reused_and_filter_the_inputs() -> None:
    con = _session(KEYS)
    assert stale_waves(Dbt(True), con) == ["m_2022_03"]
    assert stale_waves(Dbt(False), con) is None
    waves = con.sql("select * from waves")
    assert only_waves(waves, None).aggregate("count(*)").fetchall() == [(3,)]
    assert only_waves(waves, ["m_2022_03"]).project("wave_id").fetchall() == [("m_2022_03",)]
    assert only_waves(waves, []).aggregate("count(*)").fetchall() == [(0,)]
