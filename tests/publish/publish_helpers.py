"""Helpers for the publish tests (imported by the test modules next to it)."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb

REPO = Path(__file__).resolve().parents[2]


def sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def pointer_target(out_dir: Path) -> Path:
    pointer = out_dir / "cpi.duckdb"
    return (pointer.parent / os.readlink(pointer)).resolve()


def read_build_id(db: Path) -> str:
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute("select build_id from marts.build_info").fetchall()
    finally:
        con.close()
    assert len(rows) == 1, rows
    return rows[0][0]


def copy_out_dir(src: Path, dst: Path) -> Path:
    """Copy a warehouse folder, keeping ``cpi.duckdb`` a relative symlink."""
    shutil.copytree(
        src, dst, symlinks=True, ignore=shutil.ignore_patterns(".build.lock")
    )
    return dst


def cpi_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "ingest.cli", *args]


def run_cpi(*args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, GX_ANALYTICS_ENABLED="False", DBT_SEND_ANONYMOUS_USAGE_STATS="False",
               COLUMNS="200")  # fmt: skip
    return subprocess.run(
        cpi_command(*args),
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def all_columns(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, str, str]]:
    """(schema, table, column, data_type) of every table and view in the database."""
    return con.execute(
        """
        select table_schema, table_name, column_name, data_type
        from information_schema.columns
        where table_catalog = current_database()
        order by all
        """
    ).fetchall()


def text_values_containing(
    con: duckdb.DuckDBPyConnection, needles: list[str]
) -> list[tuple[str, str, str]]:
    """(schema.table, column, value) where a text-holding value contains one of ``needles``.

    Numeric, date and boolean columns cannot hold identifier text and are skipped; every other
    column (VARCHAR, JSON, lists, structs, ...) is cast to text and searched.
    """
    pattern = re.compile("|".join(re.escape(n) for n in needles))
    skip = ("INTEGER", "BIGINT", "SMALLINT", "TINYINT", "HUGEINT", "DOUBLE", "FLOAT", "DECIMAL",
            "BOOLEAN", "DATE", "TIMESTAMP", "TIME", "UBIGINT", "UINTEGER")  # fmt: skip
    hits = []
    for schema, table, column, data_type in all_columns(con):
        if data_type.upper().startswith(skip):
            continue
        rows = con.execute(
            f'select distinct cast("{column}" as varchar) from "{schema}"."{table}"'
        ).fetchall()
        hits.extend((f"{schema}.{table}", column, v) for (v,) in rows if v and pattern.search(v))
    return hits
