"""Helpers for the publish tests (imported by the test modules next to it)."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import duckdb
from shared_builds import copy_out_dir  # noqa: F401 - re-exported for the tests here

from cpi.publish import pointer as publish

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


def cpi_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "cpi.cli.main", *args]


def run_cpi(*args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, GX_ANALYTICS_ENABLED="False", DBT_SEND_ANONYMOUS_USAGE_STATS="False", COLUMNS="200")
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


def text_values_containing(con: duckdb.DuckDBPyConnection, needles: list[str]) -> list[tuple[str, str, str]]:
    """(schema.table, column, value) where a text-holding value contains one of ``needles``.

    Numeric, date and boolean columns cannot hold identifier text and are skipped; every other
    column (VARCHAR, JSON, lists, structs, ...) is cast to text and searched.
    """
    pattern = re.compile("|".join(re.escape(n) for n in needles))
    skip = (
        "INTEGER",
        "BIGINT",
        "SMALLINT",
        "TINYINT",
        "HUGEINT",
        "DOUBLE",
        "FLOAT",
        "DECIMAL",
        "BOOLEAN",
        "DATE",
        "TIMESTAMP",
        "TIME",
        "UBIGINT",
        "UINTEGER",
    )
    hits = []
    for schema, table, column, data_type in all_columns(con):
        if data_type.upper().startswith(skip):
            continue
        rows = con.execute(f'select distinct cast("{column}" as varchar) from "{schema}"."{table}"').fetchall()
        hits.extend((f"{schema}.{table}", column, v) for (v,) in rows if v and pattern.search(v))
    return hits


def values_in(con: duckdb.DuckDBPyConnection, values: set[str]) -> list[tuple[str, str, str]]:
    """(schema.table, column, value) where any column's value, as text, is one of ``values``
    (numbers also as ``1234.0``) or a text value contains one of them as a whole word."""
    wanted = set(values) | {f"{v}.0" for v in values}
    word = re.compile(r"\b(" + "|".join(re.escape(v) for v in sorted(values)) + r")\b")
    hits = []
    for schema, table, column, data_type in all_columns(con):
        rows = con.execute(f'select distinct cast("{column}" as varchar) from "{schema}"."{table}"').fetchall()
        is_text = data_type.upper().startswith(("VARCHAR", "JSON", "STRUCT", "MAP")) or "[]" in data_type
        hits.extend(
            (f"{schema}.{table}", column, v) for (v,) in rows if v and (v in wanted or (is_text and word.search(v)))
        )
    return hits


def fake_release(
    out: Path, build_id: str, *, fingerprint: str = "fp", tests_failed: int = 0, extra_sql: str = ""
) -> Path:
    """A finished release holding only build_info (and ``extra_sql``), as cpi writes it."""
    release = publish.new_release_path(out, build_id)
    release.parent.parent.mkdir(parents=True, exist_ok=True)
    partial = publish.partial_path(release)
    partial.parent.mkdir()
    con = duckdb.connect(str(partial))
    con.execute("create schema marts")
    con.execute(
        "create table marts.build_info as select ? as build_id, now() as built_at, ? as inputs, "
        "10 - ? as tests_passed, ? as tests_failed, 10 as tests_total, ? as inputs_fingerprint",
        [build_id, json.dumps([{"wave_id": "w1"}, {"wave_id": "w2"}]), tests_failed, tests_failed, fingerprint],
    )
    if extra_sql:
        con.execute(extra_sql)
    con.close()
    return publish.finalize_release(partial, release)
