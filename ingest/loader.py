"""Write validated waves into schema ``raw`` (tables of docs/architecture.md), long form.

Only waves whose gate report is ok are loaded. Identifier variables never reach any table except
as salted hashes in ``raw.respondents.identifier_hashes``.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from ingest.codebook import Codebook, load_codebook
from ingest.errors import ValidationFailed
from ingest.gate import ValidationReport
from ingest.identifiers import identifier_hashes, strip_identifiers
from ingest.readers import RawData, file_sha256, read_data
from ingest.waves import WaveSource

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
    "validation_results": "build_id VARCHAR, wave_id VARCHAR, source_file VARCHAR, check_name VARCHAR, "
    "variable_name VARCHAR, success BOOLEAN, detail VARCHAR",
}
TS_TABLES = {"waves", "respondents", "responses"}  # get loaded_at


def create_raw_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("create schema if not exists raw")
    for table, columns in DDL.items():
        con.execute(f"create table if not exists raw.{table} ({columns})")


def _insert(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame, loaded_at: dt.datetime) -> None:
    if frame.empty:
        return
    con.register("_cpi_frame", frame)
    try:
        extra = ", ?::timestamptz as loaded_at" if table in TS_TABLES else ""
        params = [loaded_at] if extra else []
        con.execute(f"insert into raw.{table} by name select *{extra} from _cpi_frame", params)
    finally:
        con.unregister("_cpi_frame")


def _id_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _responses(cb: Codebook, raw: RawData, frame: pd.DataFrame, ids: list[str]) -> pd.DataFrame:
    parts = []
    rows = np.arange(1, len(frame) + 1)
    for var in cb.loaded_variables:
        if var.name not in frame.columns:
            continue
        series = frame[var.name]
        if pd.api.types.is_numeric_dtype(series):
            num, text = series.astype("float64"), pd.Series([None] * len(series), dtype="object")
            system_missing = series.isna()
        else:
            stripped = series.astype("string").str.strip()
            system_missing = (stripped.isna() | (stripped == "")).astype(bool)
            num = pd.to_numeric(stripped, errors="coerce")
            text = stripped.where(~system_missing, None).astype("object")
        parts.append(pd.DataFrame({
            "respondent_id": ids,
            "source_row_number": rows,
            "variable_name": var.name,
            "value_num": num.to_numpy(dtype="float64", na_value=np.nan),
            "value_text": text.to_numpy(),
            "is_system_missing": system_missing.to_numpy(dtype=bool),
            "is_user_missing": raw.user_missing_mask(var.name).to_numpy(dtype=bool),
        }))
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()


def _metadata(cb: Codebook, raw: RawData, wave_id: str) -> dict[str, pd.DataFrame]:
    loaded = [v for v in cb.loaded_variables if v.name in raw.columns]
    position = {name: i + 1 for i, name in enumerate(raw.columns)}
    variables = pd.DataFrame([
        {"variable_name": v.name, "position": position[v.name], "label": raw.variable_labels.get(v.name),
         "measure": raw.measures.get(v.name), "format": raw.formats.get(v.name)} for v in loaded
    ])
    value_labels = pd.DataFrame([
        {"variable_name": v.name, "value_num": code, "value_label": label,
         "is_user_missing": raw.is_user_missing_value(v.name, code)}
        for v in loaded for code, label in sorted(raw.value_labels.get(v.name, {}).items())
    ])
    cb_vars = pd.DataFrame([
        {"variable_name": v.name, "role": v.role, "code": v.code, "subject": v.subject, "label_en": v.label_en,
         "is_numeric": v.numeric} for v in cb.variables if v.role != "identifier"
    ])
    cb_values = pd.DataFrame([
        {"variable_name": v.name, "value_num": code, "value_code": target, "label_en": v.labels_en.get(code)}
        for v in cb.loaded_variables for code, target in sorted(v.value_map().items())
    ])
    out = {"variables": variables, "value_labels": value_labels, "codebook_variables": cb_vars, "codebook_values": cb_values}
    for frame in out.values():
        frame.insert(0, "wave_id", wave_id)
    return out


def _relative(path: str | Path) -> str:
    path = Path(path)
    return f"{path.parent.name}/{path.name}"


def _load_one(con: duckdb.DuckDBPyConnection, source: WaveSource, salt: bytes, loaded_at: dt.datetime) -> int:
    cb = load_codebook(source.codebook_path)
    raw = read_data(source.data_path, cb.wave.format, cb.wave.encoding, cb.wave.delimiter)
    prov = {"wave_id": source.wave_id, "source_file": _relative(source.data_path),
            "source_sha256": file_sha256(source.data_path)}
    ids = [_id_text(x) for x in raw.frame[cb.wave.respondent_id].tolist()]
    hashes = identifier_hashes(raw.frame, cb, salt)
    frame = strip_identifiers(raw.frame, cb)

    for table in DDL:
        if table != "validation_results":
            con.execute(f"delete from raw.{table} where wave_id = ?", [source.wave_id])
    w = cb.wave
    _insert(con, "waves", pd.DataFrame([{
        "wave_id": source.wave_id, "year": w.year, "fieldwork_start": w.fieldwork_start, "fieldwork_end": w.fieldwork_end,
        "survey_kind": w.kind, "is_synthetic": w.synthetic, "sample_note": w.sample_note, "n_rows": len(frame),
        "source_file": prov["source_file"], "source_sha256": prov["source_sha256"], "codebook_sha256": cb.sha256,
        "encoding": raw.encoding,
    }]), loaded_at)
    respondents = pd.DataFrame({"respondent_id": ids, "source_row_number": np.arange(1, len(frame) + 1),
                                "identifier_hashes": pd.Series(hashes, dtype="object")})
    responses = _responses(cb, raw, frame, ids)
    for table, df in (("respondents", respondents), ("responses", responses)):
        for key, value in prov.items():
            df[key] = value
        _insert(con, table, df, loaded_at)
    for table, df in _metadata(cb, raw, source.wave_id).items():
        _insert(con, table, df, loaded_at)
    log.info("loaded %s: %d respondents, %d response rows", source.wave_id, len(respondents), len(responses))
    return len(responses)


def _results(reports: list[ValidationReport], build_id: str) -> pd.DataFrame:
    return pd.DataFrame([
        {"build_id": build_id, "wave_id": r.wave_id, "source_file": _relative(c.file), "check_name": c.check_name,
         "variable_name": c.variable, "success": c.success, "detail": c.summary() or None}
        for r in reports for c in r.checks
    ])


def load_waves(con: duckdb.DuckDBPyConnection, sources: list[WaveSource], *, salt: bytes, build_id: str,
               reports: list[ValidationReport]) -> None:
    """Create/fill schema ``raw`` for ``sources``; refuses (ValidationFailed) unless every wave passed the gate."""
    by_wave = {r.wave_id: r for r in reports}
    missing = [s.wave_id for s in sources if s.wave_id not in by_wave]
    failed = [by_wave[s.wave_id] for s in sources if s.wave_id in by_wave and not by_wave[s.wave_id].ok]
    if failed:
        raise ValidationFailed(failed)
    if missing:
        raise ValidationFailed([], f"waves {', '.join(missing)} were not validated. Fix: run the gate (validate_wave) first.")
    loaded_at = dt.datetime.now(dt.UTC)
    con.execute("begin transaction")
    try:
        create_raw_schema(con)
        for source in sources:
            _load_one(con, source, salt, loaded_at)
        con.execute("delete from raw.validation_results where build_id = ?", [build_id])
        _insert(con, "validation_results", _results([by_wave[s.wave_id] for s in sources], build_id), loaded_at)
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
