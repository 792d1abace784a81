"""The published release: aggregates copied out of a build's work file, then verified.

A release (``OUT/releases/<id>.duckdb``) holds

* schema ``marts``: every relation of the work file's ``marts`` (versioned tables with their
  contracts, the unversioned latest-version views, dims), ``build_info``, ``run_history`` and the
  revisions against the release it replaced (``release_revisions``, ``release_figure_revisions``);
* schema ``reference``: the dbt seeds (labels, lookups, methodology membership).

Nothing respondent-level (raw, staging, intermediate) is copied. The release is checked
read-only *before* it is renamed from ``.partial``: build_info, every relation dbt's manifest
says should be there, every view binds, and no relation has a respondent-level column.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from cpi.duckdb_helpers import memory_limit, quote_ident, quote_literal
from cpi.errors import PublishError
from cpi.publish.build_info import BuildInfo, write_build_info
from cpi.publish.history import write_history_table
from cpi.publish.revisions import write_revision_tables
from release_data import marker
from release_data.marker import TABLE as MARKER_TABLE
from release_data.marker import marker_sql

log = logging.getLogger(__name__)

PUBLISHED_SCHEMAS = marker.PUBLISHED_SCHEMAS
# written by cpi, not dbt
OPS_TABLES = ("build_info", "run_history", "release_revisions", "release_figure_revisions", MARKER_TABLE)
# Columns that only respondent-level relations have (see docs/architecture.md, schema raw).
RESPONDENT_COLUMNS = frozenset({"respondent_id", "source_row_number", "identifier_hashes"})


@dataclass(frozen=True)
class Expected:
    """What dbt says a release must contain: ``marts`` relation names and seed table names."""

    marts: frozenset[str]
    reference: frozenset[str]


def expected_relations(manifest_path: Path) -> Expected:
    """Mart models (and the unversioned view of each latest version) and seeds from manifest.json."""
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise PublishError(f"cannot read dbt's manifest {manifest_path}: {exc}. Fix: rerun the build.") from exc
    marts, seeds = set(), set()
    for node in manifest.get("nodes", {}).values():
        kind, schema = node.get("resource_type"), node.get("schema")
        if kind == "model" and schema == "marts" and node.get("config", {}).get("enabled", True):
            marts.add(node.get("alias") or node["name"])
            if node.get("version") is not None and node.get("version") == node.get("latest_version"):
                marts.add(node["name"])
        elif kind == "seed" and schema == "reference":
            seeds.add(node.get("alias") or node["name"])
    return Expected(frozenset(marts), frozenset(seeds))


def storage_tag(con: duckdb.DuckDBPyConnection) -> str | None:
    row = con.execute(
        "select tags['storage_version'] from duckdb_databases() where database_name = current_database()"
    ).fetchone()
    return row[0] if row and row[0] else None


def _table_ddl(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> str:
    """CREATE TABLE with the source's column names, types and NOT NULLs but no keys: a primary
    key or unique constraint is stored as an index that DuckDB clients before 1.1 cannot read
    (measured), and in a read-only release it checks nothing (dbt's tests checked the data)."""
    columns = con.execute(
        "select column_name, data_type, is_nullable from duckdb_columns() "
        "where database_name = 'src' and schema_name = ? and table_name = ? order by column_index",
        [schema, table],
    ).fetchall()
    body = ", ".join(
        f"{quote_ident(name)} {data_type}{'' if nullable else ' not null'}" for name, data_type, nullable in columns
    )
    return f"create table {schema}.{quote_ident(table)} ({body})"


def _copy_schema(con: duckdb.DuckDBPyConnection, schema: str, *, views: bool) -> int:
    """Copy tables (types, NOT NULL) and optionally views from the attached work file ``src``."""
    con.execute(f"create schema if not exists {schema}")
    tables = [
        name
        for (name,) in con.execute(
            "select table_name from duckdb_tables() where database_name = 'src' and schema_name = ? "
            "order by table_name",
            [schema],
        ).fetchall()
    ]
    for name in tables:
        con.execute(_table_ddl(con, schema, name))
        con.execute(f"insert into {schema}.{quote_ident(name)} select * from src.{schema}.{quote_ident(name)}")
    if not views:
        return len(tables)
    view_rows = con.execute(
        "select view_name, sql from duckdb_views() where database_name = 'src' and schema_name = ? "
        "and not internal order by view_name",
        [schema],
    ).fetchall()
    for _, ddl in view_rows:
        # DuckDB stores a view without the qualifier of its own catalog, so the definition binds
        # to the release's marts tables; verify_release proves it does.
        con.execute(ddl)
    return len(tables) + len(view_rows)


def write_release(
    partial: Path,
    work_db: Path,
    *,
    info: BuildInfo,
    history: list[dict[str, Any]],
    storage_version: str | None,
    previous: Path | None = None,
    previous_info: dict[str, Any] | None = None,
) -> str | None:
    """Create ``partial`` from ``work_db`` (attached read-only); return its storage version tag."""
    config: dict[str, str] = {"memory_limit": memory_limit()}
    if storage_version:
        config["storage_compatibility_version"] = storage_version
    con = duckdb.connect(str(partial), config=config)
    try:
        con.execute(f"attach {quote_literal(work_db)} as src (read_only)")
        copied = _copy_schema(con, "marts", views=True) + _copy_schema(con, "reference", views=False)
        con.execute("detach src")
        tag = storage_tag(con)
        write_build_info(con, BuildInfo(**{**info.__dict__, "storage_version": tag}))
        write_history_table(con, history)
        write_revision_tables(
            con,
            build_id=info.build_id,
            previous=previous,
            previous_info=previous_info,
            new_info={"inputs": info.inputs},
        )
        for statement in marker_sql():  # only a release has it: readers refuse any other file
            con.execute(statement)
        con.execute("checkpoint")
    finally:
        con.close()
    log.info("wrote %s: %d relations copied from %s", partial.name, copied, work_db.name)
    wal = partial.with_name(partial.name + ".wal")
    if wal.exists():
        raise PublishError(f"{wal} left after CHECKPOINT and close. Fix: rerun the build.")
    return tag


def published_columns(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, str]]:
    return con.execute(
        "select table_schema, table_name, column_name from information_schema.columns "
        "where table_catalog = current_database() order by all"
    ).fetchall()


def verify_release(path: Path, build_id: str, expected: Expected) -> None:
    """Open ``path`` read-only on its own and check it before it may be published."""
    problems: list[str] = []
    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.Error as exc:
        raise PublishError(f"{path} cannot be opened read-only: {exc}. Fix: rerun the build.") from exc
    try:
        ids = con.execute("select build_id from marts.build_info").fetchall()
        if ids != [(build_id,)]:
            problems.append(f"marts.build_info names {ids}, expected one row {build_id}")
        relations = {
            (schema, name): kind
            for schema, name, kind in con.execute(
                "select table_schema, table_name, table_type from information_schema.tables "
                "where table_catalog = current_database()"
            ).fetchall()
        }
        schemas = {schema for schema, _ in relations}
        if extra := sorted(schemas - set(PUBLISHED_SCHEMAS)):
            problems.append(f"unexpected schema(s) {', '.join(extra)} (only {', '.join(PUBLISHED_SCHEMAS)})")
        for schema, names in (("marts", expected.marts | set(OPS_TABLES)), ("reference", expected.reference)):
            if missing := sorted(n for n in names if (schema, n) not in relations):
                problems.append(f"missing {schema} relation(s): {', '.join(missing)}")
        for (schema, name), kind in sorted(relations.items()):
            if kind == "VIEW":
                try:
                    con.execute(f"select * from {schema}.{quote_ident(name)} limit 0")
                except duckdb.Error as exc:
                    problems.append(f"view {schema}.{name} does not bind: {exc}")
        indexes = con.execute(
            "select count(*) from duckdb_constraints() where database_name = current_database() "
            "and constraint_type in ('PRIMARY KEY', 'UNIQUE', 'FOREIGN KEY')"
        ).fetchone()[0]
        if indexes:
            problems.append(f"{indexes} key constraint(s): DuckDB clients before 1.1 could not open the file")
        leaks = sorted(
            f"{schema}.{table}.{column}"
            for schema, table, column in published_columns(con)
            if column.lower() in RESPONDENT_COLUMNS
        )
        if leaks:
            problems.append(
                f"respondent-level column(s) {', '.join(leaks)}: the published file holds aggregates "
                "only. Fix: keep respondent-level models out of models/marts (intermediate is for them)"
            )
    except duckdb.Error as exc:
        problems.append(f"cannot be queried: {exc}")
    finally:
        con.close()
    if problems:
        raise PublishError(
            f"release {path.name} failed verification and was not published:\n"
            + "\n".join(f"  - {p}" for p in problems)
        )
    log.info("verified %s", path.name)
