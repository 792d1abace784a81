"""dbt Python models incremental by wave (docs/publishing.md, "Incremental builds").

A build writes ``raw.build_waves`` (wave_id, reused, wave_key: the wave's store key) into its work
file; when only waves changed since the published release, the work file starts as a copy of that
release's, so a model's table from the previous build is there and dbt builds the model
incrementally (``dbt.is_incremental``).

* A per-wave model (strategy ``by_wave``, macros/incremental_by_wave.sql) then computes only the
  waves that are not reused (``stale_waves`` / ``only_waves``) and returns their rows; the strategy
  deletes the rows of every wave not reused and inserts these.
* A model that pools a year's annual waves (strategy ``whole_table``) stores with each row the
  fingerprint of the year's inputs (``year_fingerprints``: the store keys of the year's annual
  waves, and what else the model names); it recomputes the years whose fingerprint is new and
  returns the other years' rows from its own table as they are (``with_reused_years``).

Either way the rows are returned with the column types of the model's table (``as_table_types``:
an empty or all-null column of a pandas frame would otherwise get another type).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from typing import Any

import duckdb
import pandas as pd

Relation = duckdb.DuckDBPyRelation
FINGERPRINT = "inputs_fingerprint"


def stale_waves(dbt: Any, session: duckdb.DuckDBPyConnection) -> list[str] | None:
    """The waves this build recomputes; None when the model is built from scratch (every wave)."""
    if not dbt.is_incremental:
        return None
    rows = session.sql("select wave_id from raw.build_waves where not reused order by wave_id").fetchall()
    return [str(wave) for (wave,) in rows]


def _in(column: str, values: Iterable[object]) -> duckdb.Expression:
    return duckdb.ColumnExpression(column).isin(*map(duckdb.ConstantExpression, values))


def only_waves(relation: Relation, waves: list[str] | None, column: str = "wave_id") -> Relation:
    """The relation's rows of ``waves`` (all rows when None)."""
    if waves is None:
        return relation
    return relation.filter(_in(column, waves)) if waves else relation.filter("false")


def only_years(relation: Relation, years: Iterable[int], column: str = "year") -> Relation:
    years = sorted(years)
    return relation.filter(_in(column, years)) if years else relation.filter("false")


def as_table_types(dbt: Any, session: duckdb.DuckDBPyConnection, rows: pd.DataFrame) -> pd.DataFrame | Relation:
    """Built incrementally: ``rows`` as a relation with the columns and types of the model's
    table (the strategy inserts them there). Built from scratch: ``rows`` as they are."""
    if not dbt.is_incremental:
        return rows
    table = session.sql(f"select * from {dbt.this} limit 0")
    missing = sorted(set(table.columns) ^ set(rows.columns))
    if missing:
        raise ValueError(f"{dbt.this}: the model's columns differ from its table's: {missing}")
    casts = ", ".join(
        f'cast("{name}" as {kind}) as "{name}"' for name, kind in zip(table.columns, map(str, table.types), strict=True)
    )
    return session.from_df(rows).project(casts)


def _wave_keys(session: duckdb.DuckDBPyConnection) -> dict[str, str | None] | None:
    """wave -> store key from raw.build_waves; None when the build wrote none (dbt run by hand)."""
    try:
        rows = session.sql("select wave_id, wave_key from raw.build_waves").fetchall()
    except duckdb.Error:
        return None
    return {str(wave): key for wave, key in rows}


def exact(value: object) -> object:
    """A value as JSON that keeps every bit (floats as their hex)."""
    if isinstance(value, float):
        return value.hex()
    if hasattr(value, "item"):  # numpy scalars
        return exact(value.item())
    return value if value is None or isinstance(value, (bool, int, str)) else str(value)


def rows_by_year(frame: pd.DataFrame, columns: list[str]) -> dict[int, list[list[object]]]:
    """year -> the frame's ``columns`` of that year, sorted, exactly (for a fingerprint)."""
    out: dict[int, list[list[object]]] = {}
    for year, part in frame.groupby("year", sort=True):
        out[int(year)] = sorted(([exact(v) for v in row] for row in part[columns].itertuples(index=False)), key=str)
    return out


def year_fingerprints(
    session: duckdb.DuckDBPyConnection,
    annual_waves: Relation,
    extra: Mapping[int, object] | None = None,
    settings: object = None,
) -> dict[int, str | None]:
    """year -> sha256 of the store keys of the year's annual waves (annual_waves: wave_id, year),
    ``extra[year]`` and ``settings``; every fingerprint None when the build wrote no store keys
    (then no row is ever reused)."""
    keys = _wave_keys(session)
    waves: dict[int, list[str]] = {}
    for wave_id, year in annual_waves.project("wave_id, year").order("year, wave_id").fetchall():
        waves.setdefault(int(year), []).append(str(wave_id))
    out: dict[int, str | None] = {}
    for year, ids in waves.items():
        if keys is None or any(keys.get(w) is None for w in ids):
            out[year] = None
            continue
        text = json.dumps(
            {"waves": [[w, keys[w]] for w in ids], "extra": (extra or {}).get(year), "settings": settings},
            sort_keys=True,
        )
        out[year] = hashlib.sha256(text.encode()).hexdigest()
    return out


def reused_years(dbt: Any, session: duckdb.DuckDBPyConnection, fingerprints: Mapping[int, str | None]) -> set[int]:
    """The years whose rows in the model's table were computed from the same inputs (every row of
    the year carries the year's current fingerprint); none when the model is built from scratch."""
    if not dbt.is_incremental:
        return set()
    stored: dict[int, set[object]] = {}
    for year, fingerprint in session.sql(f"select distinct year, {FINGERPRINT} from {dbt.this}").fetchall():
        stored.setdefault(int(year), set()).add(fingerprint)
    return {y for y, f in fingerprints.items() if f is not None and stored.get(y) == {f}}


def with_reused_years(
    dbt: Any,
    session: duckdb.DuckDBPyConnection,
    computed: pd.DataFrame,
    fingerprints: Mapping[int, str | None],
    reused: set[int],
) -> pd.DataFrame | Relation:
    """The model's rows: ``computed`` (the years not reused) with their years' fingerprints, and
    the reused years' rows of the model's table as they are."""
    computed = computed.assign(
        **{FINGERPRINT: pd.array([fingerprints.get(int(y)) for y in computed["year"]], dtype="string")}
    )
    fresh = as_table_types(dbt, session, computed)
    if not dbt.is_incremental:
        return fresh
    kept = only_years(session.sql(f"select * from {dbt.this}"), reused)
    return fresh.union(kept)  # type: ignore[union-attr]
