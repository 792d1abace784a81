"""Comparing DuckDB files: relations, column types and rows (doubles within a tolerance)."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb

REPO = Path(__file__).resolve().parents[2]


def relations(db: Path) -> dict[str, str]:
    """``{schema.name: 'BASE TABLE' | 'VIEW'}`` of a DuckDB file (system schemas left out)."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute(
            "select table_schema, table_name, table_type from information_schema.tables "
            "where table_catalog = current_database()"
        ).fetchall()
    finally:
        con.close()
    return {f"{schema}.{name}": kind for schema, name, kind in rows}


def column_types(db: Path, relation: str) -> list[tuple[str, str]]:
    schema, name = relation.split(".")
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(
            "select column_name, data_type from information_schema.columns "
            "where table_catalog = current_database() and table_schema = ? and table_name = ? "
            "order by ordinal_position",
            [schema, name],
        ).fetchall()
    finally:
        con.close()


def sorted_rows(db: Path, relation: str) -> list[tuple]:
    """All rows, sorted on every column (nulls first), so engines' row orders do not matter."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        n = len(con.execute(f"select * from {relation} limit 0").description)
        order = ", ".join(f"{i} nulls first" for i in range(1, n + 1))
        return con.execute(f"select * from {relation} order by {order}").fetchall()
    finally:
        con.close()


def assert_same_rows(left: list[tuple], right: list[tuple], relation: str, tolerance: float = 1e-9) -> None:
    """Same number of rows and, row by row, equal values; doubles within ``tolerance``."""
    assert len(left) == len(right), f"{relation}: {len(left)} rows vs {len(right)}"
    for a, b in zip(left, right, strict=True):
        assert len(a) == len(b), f"{relation}: {a} vs {b}"
        for x, y in zip(a, b, strict=True):
            if isinstance(x, float) and isinstance(y, float):
                assert abs(x - y) <= tolerance * max(1.0, abs(x)), f"{relation}: {a} vs {b}"
            else:
                assert x == y, f"{relation}: {a} vs {b}"


BUILT = ("model.", "seed.", "snapshot.", "test.", "unit_test.")  # not exposures, which dbt also lists


def executed(run_results: list[Path]) -> list[str]:
    """Unique ids of the nodes dbt ran (with repeats, if any), from run_results.json files."""
    ids = []
    for path in run_results:
        ids += [r["unique_id"] for r in json.loads(path.read_text(encoding="utf-8"))["results"]]
    return [uid for uid in ids if uid.startswith(BUILT)]
