"""The raw store: each validated wave as immutable, content-keyed Parquet.

``OUT/restricted/raw/<wave_id>--<key16>/`` holds one Parquet file per raw table
(``cpi.ingest.loader.WAVE_TABLES``) and ``validation.json`` (the gate's report). The key is

    sha256(data file) | sha256(codebook) | ingest fingerprint | salt fingerprint

so a folder that exists was made from exactly these inputs by exactly this ingest code. It is
written into a temporary sibling and renamed: a folder that exists is complete and never changes.
A wave whose folder exists is neither read nor validated again; its stored report is reused.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
import os
import secrets
import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from cpi.checksums import sha256_file
from cpi.duckdb_helpers import memory_limit, quote_literal
from cpi.errors import CodebookError, ReadError, ValidationFailed
from cpi.ingest.gate import CheckResult, ValidationReport, check_wave, validate_wave
from cpi.ingest.loader import (
    VALIDATION_RESULTS_DDL,
    WAVE_TABLES,
    relative_source,
    write_wave_tables,
)
from cpi.ingest.raw_keys import WaveInput
from cpi.ingest.validation_log import jsonable
from cpi.stages import StageClock

REPORT_NAME = "validation.json"
CHECKSUMS_NAME = "checksums.json"  # sha256 of every other file of the folder, written when stored
QUARANTINE = ".quarantine"  # folders whose bytes changed after they were stored (kept for a look)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class StoredWave:
    wave: WaveInput
    folder: Path
    report: ValidationReport
    cached: bool


def report_to_json(report: ValidationReport) -> dict:
    return jsonable(report)


def report_from_json(doc: dict) -> ValidationReport:
    """Rebuild a stored report (fields the current classes do not know are ignored)."""
    known = {f.name for f in dataclasses.fields(CheckResult)}
    checks = []
    for item in doc.get("checks", []):
        fields = {k: v for k, v in item.items() if k in known}
        fields["offending"] = [tuple(x) for x in fields.get("offending", [])]
        checks.append(CheckResult(**fields))
    known_report = {f.name for f in dataclasses.fields(ValidationReport)}
    return ValidationReport(**{k: v for k, v in doc.items() if k in known_report and k != "checks"}, checks=checks)


def scratch_connection(temp_dir: Path) -> duckdb.DuckDBPyConnection:
    """In-memory DuckDB for writing Parquet, with a memory limit and spilling under ``temp_dir``."""
    return duckdb.connect(config={"memory_limit": memory_limit(), "temp_directory": str(temp_dir)})


def _store_one(wave: WaveInput, store: Path, salt: bytes, clock: StageClock, population: bool) -> StoredWave:
    source = wave.source
    with clock.stage("read", f"reading {source.wave_id}"):
        from cpi.ingest.codebook import read_codebook
        from cpi.ingest.readers import read_data

        try:
            codebook = read_codebook(source.codebook_path)
            raw = read_data(source.data_path, codebook.wave.format, codebook.wave.encoding, codebook.wave.delimiter)
        except (CodebookError, ReadError):
            codebook = raw = None
    with clock.stage("validate", f"validating {source.wave_id}"):
        if codebook is None or raw is None:
            report = validate_wave(source)  # the gate's report of why the codebook or file cannot be read
        else:
            report = check_wave(source, codebook, raw, population=population)
    folder = store / wave.folder_name
    if not report.ok:
        return StoredWave(wave, folder, report, cached=False)
    with clock.stage("load", f"writing {source.wave_id} to the raw store"):
        tmp = store / f".{wave.folder_name}.{secrets.token_hex(4)}.tmp"
        tmp.mkdir()
        try:
            con = scratch_connection(tmp)
            try:
                write_wave_tables(
                    con,
                    tmp,
                    wave_id=source.wave_id,
                    codebook=codebook,
                    raw=raw,
                    salt=salt,
                    source_sha256=wave.data_sha256,
                    loaded_at=dt.datetime.now(dt.UTC),
                )
            finally:
                con.close()
            (tmp / REPORT_NAME).write_text(
                json.dumps(report_to_json(report), indent=1, ensure_ascii=False), encoding="utf-8"
            )
            for leftover in tmp.iterdir():  # DuckDB's spill files, if any
                if leftover.is_dir():
                    shutil.rmtree(leftover)
            write_checksums(tmp)
            os.rename(tmp, folder)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
    log.info("stored %s in %s", source.wave_id, folder)
    return StoredWave(wave, folder, report, cached=False)


def write_checksums(folder: Path) -> None:
    sums = {p.name: sha256_file(p) for p in sorted(folder.iterdir()) if p.is_file() and p.name != CHECKSUMS_NAME}
    (folder / CHECKSUMS_NAME).write_text(json.dumps(sums, indent=1, sort_keys=True), encoding="utf-8")


def folder_problem(folder: Path) -> str | None:
    """Why a stored folder's bytes cannot be trusted (None: every file has its recorded checksum)."""
    try:
        sums = json.loads((folder / CHECKSUMS_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return f"no readable {CHECKSUMS_NAME} ({exc.__class__.__name__})"
    if not isinstance(sums, dict):
        return f"{CHECKSUMS_NAME} is not a mapping"
    expected = {*(f"{t}.parquet" for t in WAVE_TABLES), REPORT_NAME}
    if missing := sorted(expected - set(sums)):
        return f"{CHECKSUMS_NAME} lists no checksum for {', '.join(missing)}"
    for name, digest in sorted(sums.items()):
        path = folder / name
        if not path.is_file():
            return f"{name} is missing"
        if sha256_file(path) != digest:
            return f"{name} does not match its checksum (its bytes changed after it was stored)"
    return None


def quarantine(folder: Path) -> Path:
    """Move a stored folder whose bytes changed to ``<store>/.quarantine/`` (never read again)."""
    target_dir = folder.parent / QUARANTINE
    target_dir.mkdir(exist_ok=True)
    target = target_dir / f"{folder.name}.{dt.datetime.now(dt.UTC).strftime('%Y%m%dT%H%M%SZ')}.{secrets.token_hex(2)}"
    os.rename(folder, target)
    return target


def verify_store(store: Path) -> list[tuple[Path, str]]:
    """(folder, problem) of every stored wave folder whose files do not match their checksums.

    Folders stored by versions before checksums (no ``checksums.json``) are not checked here: no
    build reuses them (the store key holds the ingest code's fingerprint)."""
    if not store.is_dir():
        return []
    folders = sorted(
        p for p in store.iterdir() if p.is_dir() and not p.name.startswith(".") and (p / CHECKSUMS_NAME).exists()
    )
    return [(folder, problem) for folder in folders if (problem := folder_problem(folder))]


def _cached(wave: WaveInput, store: Path, clock: StageClock | None = None) -> StoredWave | None:
    folder = store / wave.folder_name
    report_file = folder / REPORT_NAME
    if not folder.is_dir():
        return None
    if problem := folder_problem(folder):
        moved = quarantine(folder)
        message = (
            f"raw store: {folder.name} failed its checksum check ({problem}); moved to {moved} and "
            f"re-reading {wave.source.wave_id} from {wave.source.data_path}"
        )
        log.warning("%s", message)
        if clock is not None:
            clock.message(message)
        return None
    if not report_file.is_file() or not all((folder / f"{t}.parquet").is_file() for t in WAVE_TABLES):
        return None
    try:
        report = report_from_json(json.loads(report_file.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError) as exc:
        log.warning("ignoring unreadable stored report %s: %s", report_file, exc)
        return None
    # The stored report names the paths it was checked at; the wave may have moved since.
    report = dataclasses.replace(
        report, source_file=str(wave.source.data_path), codebook_file=str(wave.source.codebook_path)
    )
    return StoredWave(wave, folder, report, cached=True)


def store_waves(
    waves: list[WaveInput], store: Path, *, salt: bytes, clock: StageClock, population: bool = True
) -> list[StoredWave]:
    """Stored waves for ``waves`` (cached or newly written); ``ValidationFailed`` if any fails.

    ``population``: the gate also checks that every population-margin category has a respondent
    (what raking needs; on in every build). The raw-table tests turn it off: their waves are a
    few rows, too small to be raked, and never reach dbt."""
    remove_stale_temp(store)
    stored = []
    for wave in waves:
        hit = _cached(wave, store, clock)
        if hit is not None:
            log.info("raw store: %s unchanged, reusing %s", wave.source.wave_id, hit.folder.name)
        stored.append(hit or _store_one(wave, store, salt, clock, population))
    reports = [s.report for s in stored]
    if not all(r.ok for r in reports):
        raise ValidationFailed(reports)
    return stored


def remove_stale_temp(store: Path) -> None:
    """Temporary folders of killed builds (call while holding the build lock)."""
    if not store.is_dir():
        return
    for tmp in store.glob(".*.tmp"):
        shutil.rmtree(tmp, ignore_errors=True)
        log.warning("removed an unfinished raw-store folder %s (an earlier build was interrupted)", tmp)


def create_raw_views(con: duckdb.DuckDBPyConnection, stored: list[StoredWave], *, build_id: str) -> None:
    """Schema ``raw`` of a work file: a view per table over the waves' Parquet files, and
    ``raw.validation_results`` (this build's gate results) as a small table."""
    con.execute("create schema if not exists raw")
    for table in WAVE_TABLES:
        # absolute: dbt runs in another folder (that of the work file), and OUT may be relative
        files = ", ".join(quote_literal((s.folder / f"{table}.parquet").absolute()) for s in stored)
        con.execute(f"create or replace view raw.{table} as select * from read_parquet([{files}])")
    con.execute(f"create or replace table raw.validation_results ({VALIDATION_RESULTS_DDL})")
    rows = pd.DataFrame(
        [
            (
                build_id,
                s.report.wave_id,
                relative_source(c.file),
                c.check_name,
                c.variable,
                c.success,
                c.summary() or None,
            )
            for s in stored
            for c in s.report.checks
        ],
        columns=["build_id", "wave_id", "source_file", "check_name", "variable_name", "success", "detail"],
    )
    if not rows.empty:
        con.register("_cpi_results", rows)
        try:
            con.execute("insert into raw.validation_results by name select * from _cpi_results")
        finally:
            con.unregister("_cpi_results")
