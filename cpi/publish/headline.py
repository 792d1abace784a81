"""The headline of a release: composite index and the four indicators for the latest year."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import duckdb

log = logging.getLogger(__name__)

INDICATOR_ORDER = ("composite", "general", "geopolitical", "economic", "cultural")


@dataclass(frozen=True)
class HeadlineRow:
    indicator_code: str
    value: float | None
    n_items: int | None
    n_respondents: int | None


@dataclass(frozen=True)
class Headline:
    year: int
    build_id: str | None
    rows: list[HeadlineRow]


def _has_table(con: duckdb.DuckDBPyConnection, schema: str, name: str) -> bool:
    row = con.execute(
        "select count(*) from information_schema.tables where table_schema = ? and table_name = ?",
        [schema, name],
    ).fetchone()
    return bool(row and row[0])


def read_headline(db_path: Path) -> Headline | None:
    """Read-only; None when the release has no ``marts.fct_indicators`` (yet) or it is empty."""
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        if not _has_table(con, "marts", "fct_indicators"):
            log.info("no marts.fct_indicators in %s: no headline", db_path)
            return None
        # the latest year whose composite is computed (coverage: a year without every item the
        # methodology asks for has null values and is not a headline; docs/adding-waves.md)
        year_row = con.execute(
            "select coalesce(max(case when indicator_code = 'composite' and value is not null then year end), "
            "max(year)) from marts.fct_indicators where not coalesce(is_interpolated, false)"
        ).fetchone()
        if not year_row or year_row[0] is None:
            return None
        year = int(year_row[0])
        rows = con.execute(
            """
            select indicator_code, value, n_items, n_respondents
            from marts.fct_indicators
            where year = ? and not coalesce(is_interpolated, false)
            """,
            [year],
        ).fetchall()
        build_id = None
        if _has_table(con, "marts", "build_info"):
            found = con.execute("select build_id from marts.build_info").fetchone()
            build_id = found[0] if found else None
    finally:
        con.close()
    order = {code: i for i, code in enumerate(INDICATOR_ORDER)}
    ordered = sorted(rows, key=lambda r: (order.get(r[0], len(order)), r[0]))
    return Headline(
        year=year,
        build_id=build_id,
        rows=[
            HeadlineRow(code, None if v is None else float(v), n_items, n_resp) for code, v, n_items, n_resp in ordered
        ],
    )
