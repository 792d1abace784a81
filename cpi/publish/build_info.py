"""``marts.build_info``: one row saying what a release was built from and how the build went."""

from __future__ import annotations

import json
import logging
import subprocess
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb

from cpi.checksums import sha256_file
from cpi.dbt.runner import DbtSummary
from cpi.ingest.waves import WaveSource
from cpi.project import REPO_ROOT

log = logging.getLogger(__name__)

BUILD_INFO_DDL = """
create or replace table marts.build_info (
    build_id varchar not null,
    built_at timestamp with time zone not null,
    git_commit varchar not null,
    dbt_version varchar not null,
    duckdb_version varchar not null,
    storage_version varchar,
    inputs varchar not null,
    tests_passed integer not null,
    tests_failed integer not null,
    tests_total integer not null,
    models_built integer not null,
    duration_seconds double not null,
    methodology_versions varchar,
    inputs_fingerprint varchar,
    inputs_components varchar,
    engine varchar
)
"""


@dataclass(frozen=True)
class BuildInfo:
    build_id: str
    built_at: datetime
    git_commit: str
    dbt_version: str
    duckdb_version: str
    storage_version: str | None
    inputs: list[dict[str, str]]
    dbt: DbtSummary
    duration_seconds: float
    inputs_fingerprint: str | None = None
    inputs_components: dict | None = None
    engine: str = "duckdb"  # what built the marts: duckdb | spark (cpi build --engine)


def describe_inputs(
    sources: list[WaveSource], raw_dir: Path, checksums: dict[str, tuple[str, str]] | None = None
) -> list[dict[str, str]]:
    """wave id, data file (relative to the raw folder), its sha256 and the codebook's sha256.

    ``checksums`` (wave id -> (data sha256, codebook sha256)) saves hashing the files again.
    """
    rows = []
    checksums = checksums or {}
    for source in sources:
        try:
            file = source.data_path.resolve().relative_to(Path(raw_dir).resolve()).as_posix()
        except ValueError:
            file = str(source.data_path)
        data_sha, codebook_sha = checksums.get(source.wave_id) or (
            sha256_file(source.data_path),
            sha256_file(source.codebook_path),
        )
        rows.append({"wave_id": source.wave_id, "file": file, "sha256": data_sha, "codebook_sha256": codebook_sha})
    return rows


def git_commit(repo: Path = REPO_ROOT) -> str:
    """``git rev-parse HEAD`` of the project, or 'unknown' (no git, not a checkout, no commits)."""
    try:
        out = subprocess.run(
            ["git", "rev-parse", "HEAD"], check=False, cwd=repo, capture_output=True, text=True, timeout=10
        )
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    commit = out.stdout.strip()
    return commit if out.returncode == 0 and commit else "unknown"


def _methodology_versions(con: duckdb.DuckDBPyConnection) -> list[str]:
    tables = con.execute(
        """
        select table_name from information_schema.columns
        where table_schema = 'marts' and column_name = 'methodology_version'
          and table_name in (select table_name from information_schema.tables
                             where table_schema = 'marts' and table_type = 'BASE TABLE')
        """
    ).fetchall()
    versions: set[str] = set()
    for (table,) in tables:
        rows = con.execute(f'select distinct methodology_version from marts."{table}"').fetchall()
        versions.update(str(v) for (v,) in rows if v is not None)
    return sorted(versions)


def write_build_info(con: duckdb.DuckDBPyConnection, info: BuildInfo) -> None:
    con.execute("create schema if not exists marts")
    con.execute(BUILD_INFO_DDL)
    con.execute(
        "insert into marts.build_info values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            info.build_id,
            info.built_at,
            info.git_commit,
            info.dbt_version,
            info.duckdb_version,
            info.storage_version,
            json.dumps(info.inputs),
            info.dbt.tests_passed,
            info.dbt.tests_failed,
            info.dbt.tests_total,
            info.dbt.models_built,
            round(info.duration_seconds, 3),
            json.dumps(_methodology_versions(con)),
            info.inputs_fingerprint,
            json.dumps(info.inputs_components, sort_keys=True) if info.inputs_components else None,
            info.engine,
        ],
    )
    log.info("wrote marts.build_info for %s", info.build_id)


def read_published_info(release: Path) -> dict | None:
    """``marts.build_info`` of a release as a dict (read-only), or None when unreadable."""
    try:
        con = duckdb.connect(str(release), read_only=True)
    except duckdb.Error as exc:
        log.warning("cannot open %s read-only: %s", release, exc)
        return None
    try:
        cursor = con.execute("select * from marts.build_info")
        names = [d[0] for d in cursor.description]
        row = cursor.fetchone()
    except duckdb.Error as exc:
        log.warning("no readable marts.build_info in %s: %s", release, exc)
        return None
    finally:
        con.close()
    if row is None:
        return None
    info = dict(zip(names, row, strict=True))
    for key in ("inputs", "inputs_components"):
        if isinstance(info.get(key), str):
            try:
                info[key] = json.loads(info[key])
            except ValueError:
                pass
    return info
