"""Copy what the release needs from Spark into a DuckDB file shaped like the DuckDB build's.

Tables: every model of the exported schemas (marts) and every seed, with their Spark column
types mapped to DuckDB's (string -> VARCHAR, int -> INTEGER, double -> DOUBLE, ...), so a reader
sees the same relation names, columns and types whichever engine built them. Views in those
schemas (the unversioned ``marts.<name>`` over the latest version) are re-created from their
SQL text. DuckDB reads the tables' Parquet files where the local Spark session keeps them, so the
copy runs no Spark job; a table stored anywhere else (a cluster's object storage) is collected
through the session instead (marts are small aggregates).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from cpi.engines.spark.python_models import relation
from cpi.errors import BuildError

if TYPE_CHECKING:  # pragma: no cover
    import duckdb
    from pyspark.sql import SparkSession
    from pyspark.sql.types import StructType

log = logging.getLogger(__name__)

EXPORTED_SCHEMAS = ("marts",)
SIMPLE_TYPES = {
    "string": "VARCHAR",
    "boolean": "BOOLEAN",
    "tinyint": "TINYINT",
    "smallint": "SMALLINT",
    "int": "INTEGER",
    "bigint": "BIGINT",
    "float": "FLOAT",
    "double": "DOUBLE",
    "date": "DATE",
    "timestamp": "TIMESTAMP WITH TIME ZONE",  # Spark's timestamp is an instant
    "timestamp_ntz": "TIMESTAMP",
    "binary": "BLOB",
}


def duckdb_type(spark_type: str) -> str:
    """DuckDB type for a Spark ``simpleString`` type; raises for nested types."""
    if spark_type in SIMPLE_TYPES:
        return SIMPLE_TYPES[spark_type]
    if re.fullmatch(r"decimal\(\d+,\d+\)", spark_type):
        return spark_type.upper()
    if re.fullmatch(r"(var)?char\(\d+\)", spark_type):
        return "VARCHAR"
    raise BuildError(
        f"Spark type {spark_type} has no DuckDB counterpart in the release. Fix: cast the column "
        "to a scalar type (integer, bigint, double, varchar, boolean, date, timestamp) in the model."
    )


def create_table_sql(name: str, schema: StructType) -> str:
    columns = ", ".join(f'"{f.name}" {duckdb_type(f.dataType.simpleString())}' for f in schema.fields)
    return f"create or replace table {name} ({columns})"


def exported_tables(manifest: Mapping[str, Any], schemas: Sequence[str] = EXPORTED_SCHEMAS) -> list[str]:
    """Relations to copy: models of ``schemas`` that are tables, and every seed."""
    names = []
    for node in manifest["nodes"].values():
        kind = node.get("resource_type")
        materialized = (node.get("config") or {}).get("materialized")
        if kind == "seed" or (
            kind == "model" and node["schema"] in schemas and materialized in ("table", "incremental")
        ):
            names.append(relation(node))
    return sorted(set(names))


def table_folder(session: SparkSession, name: str) -> Path | None:
    """Local folder of a Parquet table Spark manages; None for any other storage."""
    rows = session.sql(f"describe table extended {name}").collect()
    info = {row["col_name"]: row["data_type"] for row in rows}
    location, provider = info.get("Location") or "", (info.get("Provider") or "").lower()
    if provider != "parquet" or not location.startswith("file:"):
        return None
    folder = Path(unquote(location.removeprefix("file:")))
    return folder if folder.is_dir() else None


def copy_rows(con: duckdb.DuckDBPyConnection, session: SparkSession, name: str, columns: list[str]) -> None:
    """Rows of Spark table ``name`` into the DuckDB table of the same name (created already)."""
    quoted = ", ".join(f'"{c}"' for c in columns)
    folder = table_folder(session, name)
    if folder is not None:  # a local Parquet table: DuckDB reads its files, no Spark job
        if any(folder.glob("*.parquet")):
            con.execute(f"insert into {name} ({quoted}) select {quoted} from read_parquet(?)", [f"{folder}/*.parquet"])
        return
    frame = session.table(name).toPandas()  # elsewhere: collected through the session
    if len(frame):
        con.register("_cpi_export", frame)
        try:
            con.execute(f"insert into {name} ({quoted}) select {quoted} from _cpi_export")
        finally:
            con.unregister("_cpi_export")


def view_text(session: SparkSession, name: str) -> str:
    rows = session.sql(f"describe table extended {name}").collect()
    info = {row["col_name"]: row["data_type"] for row in rows}
    text = info.get("View Original Text") or info.get("View Text")
    if not text:
        raise BuildError(f"Spark view {name} has no SQL text in the catalog. Fix: rebuild it.")
    return text.strip()


def schema_views(session: SparkSession, schemas: Sequence[str]) -> list[str]:
    views = []
    for schema in schemas:
        if session.catalog.databaseExists(schema):
            views += [f"{schema}.{t.name}" for t in session.catalog.listTables(schema) if t.tableType == "VIEW"]
    return sorted(views)


def export_to_duckdb(
    session: SparkSession,
    manifest: Mapping[str, Any],
    duckdb_path: Path,
    schemas: Sequence[str] = EXPORTED_SCHEMAS,
) -> dict[str, int]:
    """Copy tables and views into ``duckdb_path``; returns rows per table."""
    import duckdb

    tables = exported_tables(manifest, schemas)
    views = [v for v in schema_views(session, schemas) if v not in tables]
    rows: dict[str, int] = {}
    con = duckdb.connect(str(duckdb_path))
    try:
        for name in tables:
            schema = session.table(name).schema
            con.execute(f"create schema if not exists {name.split('.')[0]}")
            con.execute(create_table_sql(name, schema))
            copy_rows(con, session, name, [f.name for f in schema.fields])
            rows[name] = con.execute(f"select count(*) from {name}").fetchone()[0]
        for name in views:
            text = view_text(session, name)
            try:
                con.execute(f"create or replace view {name} as {text}")
            except duckdb.Error as exc:
                raise BuildError(
                    f"Spark view {name} cannot be re-created in DuckDB ({exc}); its SQL: {text}. Fix: "
                    "keep views in exported schemas to portable SQL (select ... from <schema>.<table>)."
                ) from exc
        con.execute("checkpoint")
    finally:
        con.close()
    log.info("exported %d tables and %d views to %s", len(tables), len(views), duckdb_path)
    return rows
