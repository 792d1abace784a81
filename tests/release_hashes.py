"""Tables hashed for bit-for-bit comparisons of builds: rows in any order, doubles by their IEEE
bits. Used by the tests that compare two builds of the same inputs (same bits, incremental vs
forced, a build reusing dbt's saved parse)."""

from __future__ import annotations

import hashlib
import struct
from pathlib import Path

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
