"""``raw.<table>`` on Spark: one view per raw table over the Parquet files of the build's waves.

The same files the DuckDB build reads (OUT/restricted/raw/<wave>--<key>/<table>.parquet, or the
same layout on object storage). A view (not a table) so nothing is copied and a build registers
exactly the waves of its inputs, never an older folder kept for retention.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from cpi.errors import BuildError

if TYPE_CHECKING:  # pragma: no cover
    from pyspark.sql import SparkSession

RAW_SCHEMA = "raw"


def raw_tables(wave_dirs: Iterable[Path | str]) -> dict[str, list[str]]:
    """``{table: [parquet file, ...]}`` from wave folders (one ``<table>.parquet`` per table)."""
    tables: dict[str, list[str]] = {}
    for folder in wave_dirs:
        files = sorted(Path(folder).glob("*.parquet"))
        if not files:
            raise BuildError(f"{folder}: no Parquet files. Fix: rebuild the raw store (remove the folder).")
        for file in files:
            tables.setdefault(file.stem, []).append(str(Path(file).resolve()))
    return tables


def table_to_parquet(db: Path, relation: str, folder: Path) -> str:
    """Copy ``raw.<name>`` of a DuckDB file (closed elsewhere) to ``folder/<name>.parquet``."""
    import duckdb

    schema, _, name = relation.partition(".")
    if schema != RAW_SCHEMA or not name.isidentifier():
        raise BuildError(f"work table {relation!r}: only raw.<name> tables can be registered on Spark.")
    target = Path(folder) / f"{name}.parquet"
    target.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(db), read_only=True)
    try:
        con.execute(f"copy (select * from {relation}) to '{target}' (format parquet)")
    finally:
        con.close()
    return str(target.resolve())


def quote(identifier: str) -> str:
    return "`" + identifier.replace("`", "``") + "`"


def view_sql(table: str, files: Sequence[str], columns: Sequence[str]) -> str:
    """``create or replace view raw.<table>`` as the union of the files, columns by name."""
    select_list = ", ".join(quote(c) for c in columns)
    parts = [f"select {select_list} from parquet.{quote(file)}" for file in files]
    body = "\nunion all\n".join(parts)
    return f"create or replace view {RAW_SCHEMA}.{quote(table)} as\n{body}"


def columns_of(session: SparkSession, file: str) -> list[str]:
    """Column names of a Parquet file: from its footer when local, through Spark otherwise."""
    if "://" not in file:
        import pyarrow.parquet as pq

        return list(pq.read_schema(file).names)
    return session.read.parquet(file).columns


def register_raw(session: SparkSession, tables: Mapping[str, Sequence[str]]) -> dict[str, int]:
    """Create ``raw.<table>`` views; returns the number of files per table.

    Every file of a table must have the same columns (the raw store writes one schema per
    table); a file that differs is named in the error.
    """
    session.sql(f"create database if not exists {RAW_SCHEMA}")
    counts: dict[str, int] = {}
    for table, files in sorted(tables.items()):
        if not files:
            continue
        expected = columns_of(session, files[0])
        for file in files[1:]:
            columns = columns_of(session, file)
            if sorted(columns) != sorted(expected):
                raise BuildError(
                    f"{file}: columns {columns} differ from {files[0]}: {expected}. Fix: rebuild the "
                    "raw store for that wave (remove its folder under OUT/restricted/raw)."
                )
        session.sql(view_sql(table, files, expected))
        counts[table] = len(files)
    return counts
