"""Write one validated wave's raw tables (docs/architecture.md, schema ``raw``) as Parquet files.

The wide frame the reader produced is scanned by DuckDB; the long form ``responses`` is built by
DuckDB's UNPIVOT and streamed to Parquet, so no long frame ever exists in Python (at 1.6 M
respondents that frame alone took 16.7 GB). Identifier columns are never selected: they reach
no file except as salted hashes in ``respondents.identifier_hashes``.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from cpi.duckdb_helpers import quote_ident, quote_literal
from cpi.ingest.codebook_model import Codebook
from cpi.ingest.identifiers import identifier_hashes
from cpi.ingest.readers import RawData

log = logging.getLogger(__name__)

PROV = "wave_id VARCHAR NOT NULL, source_file VARCHAR NOT NULL, source_sha256 VARCHAR NOT NULL, loaded_at TIMESTAMPTZ NOT NULL"
DDL = {
    "waves": "wave_id VARCHAR PRIMARY KEY, year INTEGER, fieldwork_start DATE, fieldwork_end DATE, survey_kind VARCHAR, "
    "is_synthetic BOOLEAN, sample_note VARCHAR, n_rows INTEGER, source_file VARCHAR, source_sha256 VARCHAR, "
    "codebook_sha256 VARCHAR, encoding VARCHAR, loaded_at TIMESTAMPTZ",
    "respondents": f"{PROV}, respondent_id VARCHAR NOT NULL, source_row_number INTEGER NOT NULL, identifier_hashes VARCHAR",
    "responses": f"{PROV}, respondent_id VARCHAR NOT NULL, source_row_number INTEGER NOT NULL, variable_name VARCHAR NOT NULL, "
    "value_num DOUBLE, value_text VARCHAR, is_system_missing BOOLEAN NOT NULL, is_user_missing BOOLEAN NOT NULL",
    "variables": "wave_id VARCHAR, variable_name VARCHAR, position INTEGER, label VARCHAR, measure VARCHAR, format VARCHAR",
    "value_labels": "wave_id VARCHAR, variable_name VARCHAR, value_num DOUBLE, value_label VARCHAR, is_user_missing BOOLEAN",
    "codebook_variables": "wave_id VARCHAR, variable_name VARCHAR, role VARCHAR, code VARCHAR, subject VARCHAR, "
    "label_en VARCHAR, is_numeric BOOLEAN",
    "codebook_values": "wave_id VARCHAR, variable_name VARCHAR, value_num DOUBLE, value_code VARCHAR, label_en VARCHAR",
}
WAVE_TABLES: tuple[str, ...] = tuple(DDL)  # one Parquet file each per wave
# Built per build (not per wave) from the gate reports: see cpi.ingest.raw_store.create_raw_views.
VALIDATION_RESULTS_DDL = (
    "build_id VARCHAR, wave_id VARCHAR, source_file VARCHAR, check_name VARCHAR, "
    "variable_name VARCHAR, success BOOLEAN, detail VARCHAR"
)
WHITESPACE = " \t\n\r\x0b\x0c"  # what Python's str.strip() removes (DuckDB's trim: spaces only)


def _id_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def relative_source(path: str | Path) -> str:
    """``<wave folder>/<file>``: how raw tables name a source file."""
    path = Path(path)
    return f"{path.parent.name}/{path.name}"


def _user_missing_sql(column: str, is_numeric: bool, ranges: list) -> str:
    """SQL for "the value is one of the file's user-missing codes" (RawData.user_missing_mask)."""
    terms = []
    for rng in ranges:
        lo, hi = rng.lo, rng.hi
        numeric_bounds = not isinstance(lo, str) and not isinstance(hi, str)
        if lo == hi:
            if numeric_bounds and is_numeric:
                terms.append(f"{column} = {float(lo)!r}")
            elif isinstance(lo, str) and not is_numeric:
                terms.append(f"{column} = {quote_literal(lo)}")
        elif numeric_bounds:
            value = column if is_numeric else f"try_cast({column} as double)"
            terms.append(f"{value} between {float(lo)!r} and {float(hi)!r}")
    return f"coalesce({' or '.join(terms)}, false)" if terms else "false"


def _cell_sql(name: str, series: pd.Series, raw: RawData) -> str:
    """One loaded variable as a struct of the four ``responses`` value columns."""
    column = f"w.{quote_ident(name)}"
    is_numeric = pd.api.types.is_numeric_dtype(series)
    missing = _user_missing_sql(column, is_numeric, raw.user_missing.get(name) or [])
    if is_numeric:
        parts = (f"cast({column} as double)", "cast(null as varchar)", f"{column} is null")
    else:
        text = f"trim(cast({column} as varchar), {quote_literal(WHITESPACE)})"
        parts = (f"try_cast({text} as double)", f"nullif({text}, '')", f"coalesce({text}, '') = ''")
    value_num, value_text, system_missing = parts
    return (
        f"struct_pack(value_num := {value_num}, value_text := {value_text}, "
        f"is_system_missing := {system_missing}, is_user_missing := {missing}) as {quote_ident(name)}"
    )


def _metadata(cb: Codebook, raw: RawData, wave_id: str) -> dict[str, pd.DataFrame]:
    loaded = [v for v in cb.loaded_variables if v.name in raw.columns]
    position = {name: i + 1 for i, name in enumerate(raw.columns)}
    variables = pd.DataFrame(
        [
            {
                "variable_name": v.name,
                "position": position[v.name],
                "label": raw.variable_labels.get(v.name),
                "measure": raw.measures.get(v.name),
                "format": raw.formats.get(v.name),
            }
            for v in loaded
        ]
    )
    value_labels = pd.DataFrame(
        [
            {
                "variable_name": v.name,
                "value_num": code,
                "value_label": label,
                "is_user_missing": raw.is_user_missing_value(v.name, code),
            }
            for v in loaded
            for code, label in sorted(raw.value_labels.get(v.name, {}).items())
        ]
    )
    cb_vars = pd.DataFrame(
        [
            {
                "variable_name": v.name,
                "role": v.role,
                "code": v.code,
                "subject": v.subject,
                "label_en": v.label_en,
                "is_numeric": v.numeric,
            }
            for v in cb.variables
            if v.role != "identifier"
        ]
    )
    cb_values = pd.DataFrame(
        [
            {"variable_name": v.name, "value_num": code, "value_code": target, "label_en": v.labels_en.get(code)}
            for v in cb.loaded_variables
            for code, target in sorted(v.value_map().items())
        ]
    )
    out = {
        "variables": variables,
        "value_labels": value_labels,
        "codebook_variables": cb_vars,
        "codebook_values": cb_values,
    }
    for frame in out.values():
        frame.insert(0, "wave_id", wave_id)
    return out


def _copy_table(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame, target: Path) -> None:
    """A small table: typed by DDL, filled from ``frame`` (may be empty), written to Parquet."""
    con.execute(f"create or replace temp table {table} ({DDL[table]})")
    if not frame.empty:
        con.register("_cpi_frame", frame)
        try:
            con.execute(f"insert into {table} by name select * from _cpi_frame")
        finally:
            con.unregister("_cpi_frame")
    _write_parquet(con, f"select * from {table}", target)
    con.execute(f"drop table {table}")


def _write_parquet(con: duckdb.DuckDBPyConnection, query: str, target: Path) -> None:
    con.execute(f"copy ({query}) to {quote_literal(target)} (format parquet, compression zstd)")


def write_wave_tables(
    con: duckdb.DuckDBPyConnection,
    folder: Path,
    *,
    wave_id: str,
    codebook: Codebook,
    raw: RawData,
    salt: bytes,
    source_sha256: str,
    loaded_at: dt.datetime,
) -> dict[str, int]:
    """Write ``<table>.parquet`` for every table of ``WAVE_TABLES`` into ``folder``.

    ``con`` is a scratch DuckDB connection (in memory). Returns the row count per table.
    """
    frame = raw.frame
    n = len(frame)
    source_file = relative_source(raw.path)
    prov = (
        f"{quote_literal(wave_id)} as wave_id, {quote_literal(source_file)} as source_file, "
        f"{quote_literal(source_sha256)} as source_sha256, "
        f"cast({quote_literal(loaded_at.isoformat())} as timestamptz) as loaded_at"
    )
    rows = pd.DataFrame(
        {
            "respondent_id": [_id_text(x) for x in frame[codebook.wave.respondent_id].tolist()],
            "source_row_number": np.arange(1, n + 1, dtype="int64"),
            "identifier_hashes": pd.Series(identifier_hashes(frame, codebook, salt), dtype="object"),
        }
    )
    con.register("w", frame)  # only loaded columns are ever selected from it
    con.register("r", rows)
    try:
        _write_parquet(
            con,
            f"select {prov}, cast(respondent_id as varchar) as respondent_id, "
            "cast(source_row_number as integer) as source_row_number, "
            "cast(identifier_hashes as varchar) as identifier_hashes from r",
            folder / "respondents.parquet",
        )
        loaded = [v.name for v in codebook.loaded_variables if v.name in frame.columns]
        cells = ", ".join(_cell_sql(name, frame[name], raw) for name in loaded)
        long = (
            (
                f"unpivot (select r.respondent_id, r.source_row_number, {cells} "
                f"from w positional join r) on {', '.join(quote_ident(n) for n in loaded)} "
                "into name variable_name value cell"
            )
            if loaded
            else (
                "select respondent_id, source_row_number, cast(null as varchar) as variable_name, "
                "struct_pack(value_num := cast(null as double), value_text := cast(null as varchar), "
                "is_system_missing := false, is_user_missing := false) as cell from r where false"
            )
        )
        _write_parquet(
            con,
            f"select {prov}, cast(respondent_id as varchar) as respondent_id, "
            "cast(source_row_number as integer) as source_row_number, variable_name, "
            "cell.value_num as value_num, cell.value_text as value_text, "
            "cell.is_system_missing as is_system_missing, cell.is_user_missing as is_user_missing "
            f"from ({long})",
            folder / "responses.parquet",
        )
    finally:
        con.unregister("w")
        con.unregister("r")
    w = codebook.wave
    waves = pd.DataFrame(
        [
            {
                "wave_id": wave_id,
                "year": w.year,
                "fieldwork_start": w.fieldwork_start,
                "fieldwork_end": w.fieldwork_end,
                "survey_kind": w.kind,
                "is_synthetic": w.synthetic,
                "sample_note": w.sample_note,
                "n_rows": n,
                "source_file": source_file,
                "source_sha256": source_sha256,
                "codebook_sha256": codebook.sha256,
                "encoding": raw.encoding,
                "loaded_at": loaded_at,
            }
        ]
    )
    _copy_table(con, "waves", waves, folder / "waves.parquet")
    for table, meta in _metadata(codebook, raw, wave_id).items():
        _copy_table(con, table, meta, folder / f"{table}.parquet")
    counts = {
        table: con.execute(
            f"select count(*) from read_parquet({quote_literal(folder / f'{table}.parquet')})"
        ).fetchone()[0]
        for table in WAVE_TABLES
    }
    log.info("wrote %s: %d respondents, %d response rows", wave_id, counts["respondents"], counts["responses"])
    return counts
