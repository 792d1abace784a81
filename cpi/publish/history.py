"""Run history: ``OUT/runs/history.jsonl`` (one JSON object per run) and ``marts.run_history``.

Every ``cpi build`` appends one record when it ends, whatever the outcome, and every
``cpi rollback`` appends one too. Fields: run_id, build_id, outcome (``published`` | ``skipped``
| ``failed`` | ``interrupted`` | ``rolling_back`` | ``rolled_back``), started_at, ended_at (ISO 8601, UTC), reason (why
the run did what it did), message (one line for people), stages ({key: {wall_seconds,
cpu_seconds}}), inputs_fingerprint, raw_folders (the raw-store folders it used), release_sha256
(the published file's checksum) and, for rollbacks, from_build_id / from_inputs_fingerprint. A
rollback writes ``rolling_back`` before it moves the pointer and ``rolled_back`` (same run_id) after. Each published release carries the history
up to and including its own run in ``marts.run_history``.
"""

from __future__ import annotations

import json
import logging
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

log = logging.getLogger(__name__)

OUTCOMES = ("published", "skipped", "failed", "interrupted", "rolling_back", "rolled_back")
HISTORY_DDL = """
create or replace table marts.run_history (
    run_id varchar not null,
    build_id varchar,
    outcome varchar not null,
    started_at timestamp with time zone not null,
    ended_at timestamp with time zone,
    duration_seconds double,
    reason varchar,
    message varchar,
    stages varchar
)
"""


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def append_record(history_file: Path, record: dict[str, Any]) -> bool:
    """Append one line (a single ``write`` in append mode). Never raises: a history that
    cannot be written (read-only or full disk) must not hide the run's own outcome."""
    line = json.dumps(record, ensure_ascii=False) + "\n"
    try:
        history_file.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(history_file, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(fd, line.encode("utf-8"))
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as exc:
        log.warning("could not record the run in %s: %s", history_file, exc)
        return False
    return True


def read_records(history_file: Path) -> list[dict[str, Any]]:
    """Every well-formed record, oldest first (a torn last line is skipped)."""
    try:
        lines = history_file.read_text(encoding="utf-8").splitlines()
    except OSError:
        return []
    records = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except ValueError:
            log.warning("%s line %d is not JSON; skipped", history_file, number)
            continue
        if isinstance(record, dict):
            records.append(record)
    return records


def _duration(record: dict[str, Any]) -> float | None:
    try:
        start = datetime.fromisoformat(record["started_at"])
        end = datetime.fromisoformat(record["ended_at"])
    except (KeyError, TypeError, ValueError):
        return None
    return round((end - start).total_seconds(), 3)


def write_history_table(con: duckdb.DuckDBPyConnection, records: list[dict[str, Any]]) -> None:
    con.execute("create schema if not exists marts")
    con.execute(HISTORY_DDL)
    rows = [
        (
            r.get("run_id") or "?",
            r.get("build_id"),
            r.get("outcome") or "?",
            r.get("started_at"),
            r.get("ended_at"),
            _duration(r),
            r.get("reason"),
            r.get("message"),
            json.dumps(r.get("stages") or {}),
        )
        for r in records
        if r.get("started_at")
    ]
    if rows:
        con.executemany("insert into marts.run_history values (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)


def rolled_back_fingerprints(records: list[dict[str, Any]]) -> dict[str, str]:
    """Inputs fingerprints of releases rolled back from and not published again since
    -> the build id rolled back from. A build with such inputs is skipped unless forced."""
    found: dict[str, str] = {}
    for record in records:
        if record.get("outcome") == "published":
            found.pop(record.get("inputs_fingerprint") or "", None)
        elif record.get("outcome") in ("rolling_back", "rolled_back") and record.get("from_inputs_fingerprint"):
            # rolling_back: written before the pointer moved; without its rolled_back line the
            # rollback was killed half-way, and its inputs are treated as rolled back all the same
            found[record["from_inputs_fingerprint"]] = record.get("from_build_id") or "?"
    return found
