"""Helpers for the operations tests: build ids and fake releases (a build_info row)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb

from ingest import publish


def build_ids(n: int) -> list[str]:
    start = datetime(2026, 1, 1, tzinfo=UTC)
    return [publish.new_build_id(start + timedelta(days=31 * i)) for i in range(n)]


def fake_release(
    out: Path, build_id: str, *, fingerprint: str = "fp", tests_failed: int = 0, extra_sql: str = ""
) -> Path:
    """A finished release holding only build_info (and ``extra_sql``), as cpi writes it."""
    release = publish.new_release_path(out, build_id)
    release.parent.mkdir(parents=True, exist_ok=True)
    partial = publish.partial_path(release)
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
