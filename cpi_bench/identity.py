"""Releases compared bit for bit: every published marts table hashed with its rows in any order
and doubles by their IEEE bits (used by the benchmark's add_wave = forced check and by the tests
that compare two builds of the same inputs)."""

from __future__ import annotations

import hashlib
import struct
from pathlib import Path
from typing import Any

import duckdb


def exact(value: object) -> str:
    return "f" + struct.pack("<d", value).hex() if isinstance(value, float) else repr(value)


def table_hash(con: duckdb.DuckDBPyConnection, table: str) -> str:
    """A table's rows hashed independently of their order: ``<rows>:<sha256>``."""
    rows = sorted("|".join(exact(v) for v in row) for row in con.execute(f"select * from {table}").fetchall())
    return f"{len(rows)}:{hashlib.sha256(chr(10).join(rows).encode()).hexdigest()}"


def mart_hashes(release: Path) -> dict[str, str]:
    """Every marts table of a release hashed; the tables cpi writes about the build itself (ids,
    times, revisions against the previous release) left out."""
    from cpi.publish.release import OPS_TABLES

    con = duckdb.connect(str(release), read_only=True)
    try:
        tables = [
            t
            for (t,) in con.execute(
                "select table_name from information_schema.tables where table_schema = 'marts'"
                " and table_type = 'BASE TABLE' order by table_name"
            ).fetchall()
            if t not in OPS_TABLES
        ]
        return {table: table_hash(con, f"marts.{table}") for table in tables}
    finally:
        con.close()


def compare_hashes(left: dict[str, str], right: dict[str, str]) -> dict[str, Any]:
    """Two releases' mart hashes side by side: ``identical`` only when both have the same tables,
    at least one, each with the same hash. ``differing``: tables in both whose rows differ."""
    differing = sorted(t for t in left.keys() & right.keys() if left[t] != right[t])
    only_left, only_right = sorted(left.keys() - right.keys()), sorted(right.keys() - left.keys())
    return {
        "identical": bool(left) and not differing and not only_left and not only_right,
        "tables_compared": len(left.keys() & right.keys()),
        "differing": differing,
        "only_left": only_left,
        "only_right": only_right,
    }


def compare_releases(left: Path, right: Path) -> dict[str, Any]:
    """``compare_hashes`` of two release files (or pointers)."""
    return compare_hashes(mart_hashes(left), mart_hashes(right))
