"""Revisions between two releases: which waves changed or went away, which published figures moved.

A release records them against the release it replaced (``marts.release_revisions``,
``marts.release_figure_revisions``); ``cpi diff OLD NEW`` computes the same for any two releases,
opening both read-only. Waves compare by the checksums in ``marts.build_info.inputs``; figures
compare mart by mart on the keys of ``FIGURES`` (a mart or column missing in either release is
skipped, so releases of other versions still compare).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from cpi.duckdb_helpers import quote_ident, quote_literal

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Figure:
    mart: str
    keys: tuple[str, ...]
    value: str
    ci: tuple[str, str] | None = ("ci_low", "ci_high")


FIGURES = (
    Figure("fct_indicators_v2", ("wave_id", "weighting", "indicator_code"), "value"),
    Figure("fct_item_scores_v2", ("wave_id", "weighting", "item_code"), "score"),
    Figure("fct_indicators_by_region_v2", ("wave_id", "weighting", "geo_level", "geo_code", "indicator_code"), "value"),
    Figure("fct_indicators_by_group_v2", ("wave_id", "weighting", "factor", "group_code", "indicator_code"), "value"),
    Figure(
        "fct_answer_distribution_v2",
        ("wave_id", "weighting", "question_code", "subject", "factor", "group_code", "answer_code"),
        "pct",
    ),
    Figure("fct_multi_response_v2", ("wave_id", "weighting", "question_code", "option_code"), "pct"),
    Figure("fct_sample_profile_v2", ("wave_id", "weighting", "factor", "group_code"), "pct"),
    Figure("fct_indicators_v1", ("year", "indicator_code"), "value", None),
    Figure("fct_item_scores_v1", ("year", "item_code"), "score", None),
)

WAVE_DDL = """create or replace table marts.release_revisions (
    build_id varchar not null, previous_build_id varchar, wave_id varchar not null, change varchar not null,
    old_file_sha256 varchar, new_file_sha256 varchar, old_codebook_sha256 varchar, new_codebook_sha256 varchar)"""
FIGURE_DDL = """create or replace table marts.release_figure_revisions (
    build_id varchar not null, previous_build_id varchar, mart varchar not null, figure_key varchar not null,
    measure varchar not null, old_value double, new_value double, old_ci_low double, old_ci_high double,
    is_beyond_old_interval boolean)"""
WAVE_COLUMNS = ("wave_id", "change", "old_file_sha256", "new_file_sha256", "old_codebook_sha256", "new_codebook_sha256")
FIGURE_COLUMNS = (
    "mart",
    "figure_key",
    "measure",
    "old_value",
    "new_value",
    "old_ci_low",
    "old_ci_high",
    "is_beyond_old_interval",
)


def _inputs(info: dict[str, Any] | None) -> dict[str, dict[str, Any]]:
    rows = (info or {}).get("inputs")
    return {str(r["wave_id"]): r for r in rows or [] if isinstance(r, dict) and r.get("wave_id")}


def wave_changes(old_info: dict[str, Any] | None, new_info: dict[str, Any] | None) -> list[tuple[Any, ...]]:
    """(wave, change, old/new file sha256, old/new codebook sha256): corrected, codebook, removed, added."""
    old, new = _inputs(old_info), _inputs(new_info)
    out = []
    for wave in sorted(old.keys() | new.keys()):
        a, b = old.get(wave, {}), new.get(wave, {})
        if not b:
            change = "removed"
        elif not a:
            change = "added"
        elif a.get("sha256") != b.get("sha256"):
            change = "corrected"
        elif a.get("codebook_sha256") != b.get("codebook_sha256"):
            change = "codebook changed"
        else:
            continue
        out.append((wave, change, a.get("sha256"), b.get("sha256"), a.get("codebook_sha256"), b.get("codebook_sha256")))
    return out


def _columns(con: duckdb.DuckDBPyConnection, catalog: str, table: str) -> set[str]:
    rows = con.execute(
        "select column_name from duckdb_columns() where database_name = ? and schema_name = 'marts' and table_name = ?",
        [catalog, table],
    ).fetchall()
    return {name for (name,) in rows}


def figure_changes(con: duckdb.DuckDBPyConnection, old: str, new: str) -> list[tuple[Any, ...]]:
    """Figures whose value differs between catalogs ``old`` and ``new`` (rows present in both)."""
    out: list[tuple[Any, ...]] = []
    for fig in FIGURES:
        needed = {*fig.keys, fig.value, *(fig.ci or ())}
        if not (needed <= _columns(con, old, fig.mart) and needed <= _columns(con, new, fig.mart)):
            continue
        key = " || ', ' || ".join(
            f"{quote_literal(k + '=')} || coalesce(cast(n.{quote_ident(k)} as varchar), 'null')" for k in fig.keys
        )
        join = " and ".join(f"o.{quote_ident(k)} is not distinct from n.{quote_ident(k)}" for k in fig.keys)
        value = quote_ident(fig.value)
        low, high = (f"o.{quote_ident(c)}" for c in fig.ci) if fig.ci else ("null", "null")
        out += con.execute(f"""
            select {quote_literal(fig.mart)}, {key}, {quote_literal(fig.value)}, o.{value}, n.{value},
                   {low}, {high}, case when {low} is null or n.{value} is null then null
                                       else n.{value} < {low} or n.{value} > {high} end
            from {quote_ident(old)}.marts.{quote_ident(fig.mart)} o
            join {quote_ident(new)}.marts.{quote_ident(fig.mart)} n on {join}
            where o.{value} is distinct from n.{value}
            order by 2""").fetchall()
    return out


def write_revision_tables(
    con: duckdb.DuckDBPyConnection,
    *,
    build_id: str,
    previous: Path | None,
    previous_info: dict[str, Any] | None,
    new_info: dict[str, Any],
) -> tuple[list, list]:
    """Create both revision tables in the release ``con`` writes (empty without a previous release)."""
    con.execute(WAVE_DDL)
    con.execute(FIGURE_DDL)
    if previous is None:
        return [], []
    previous_id = (previous_info or {}).get("build_id")
    waves = wave_changes(previous_info, new_info)
    try:
        con.execute(f"attach {quote_literal(previous)} as previous_release (read_only)")
    except duckdb.Error as exc:  # e.g. a corrupt release replaced with --force: the waves still compare
        log.warning("cannot compare figures with %s: %s", previous, exc)
        figures = []
    else:
        try:
            figures = figure_changes(con, "previous_release", con.execute("select current_database()").fetchone()[0])
        finally:
            con.execute("detach previous_release")
    if waves:
        con.executemany(
            "insert into marts.release_revisions values (?, ?, ?, ?, ?, ?, ?, ?)",
            [(build_id, previous_id, *row) for row in waves],
        )
    if figures:
        con.executemany(
            "insert into marts.release_figure_revisions values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(build_id, previous_id, *row) for row in figures],
        )
    return waves, figures


def diff_releases(old: Path, new: Path) -> tuple[list, list]:
    """(wave changes, figure changes) from release ``old`` to ``new``; both opened read-only."""
    from cpi.publish.build_info import read_published_info

    old_info, new_info = read_published_info(old), read_published_info(new)
    con = duckdb.connect(":memory:")
    try:
        con.execute(f"attach {quote_literal(old)} as old_release (read_only)")
        con.execute(f"attach {quote_literal(new)} as new_release (read_only)")
        figures = figure_changes(con, "old_release", "new_release")
    finally:
        con.close()
    return wave_changes(old_info, new_info), figures
