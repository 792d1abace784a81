"""``cpi build``: validate → load raw → dbt build → build_info → verify → publish → retention.

Write-audit-publish: everything is written into ``releases/<id>.duckdb.partial``; only a release
that passed the gate, every dbt model and test, and a read-only sanity check is renamed and
published by swapping the ``cpi.duckdb`` symlink. The published file is never opened for writing.
"""

from __future__ import annotations

import logging
import os
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from ingest import publish
from ingest.build_info import BuildInfo, describe_inputs, git_commit, write_build_info
from ingest.build_lock import build_lock
from ingest.dbt_runner import DbtSummary, dbt_build, dbt_version
from ingest.errors import (
    BuildError,
    CpiError,
    PublishError,
    ReadError,
    ValidationFailed,
)
from ingest.gate import ValidationReport, validate_wave
from ingest.headline import Headline, read_headline
from ingest.loader import load_waves
from ingest.salt import load_or_create_salt
from ingest.stages import Reporter, StageClock, StageTiming
from ingest.validation_log import record_validation
from ingest.waves import WaveSource, discover_waves

log = logging.getLogger(__name__)

# Oldest on-disk format DuckDB 2.0 can still write; readable by DuckDB >= 0.10 (see docs/publishing.md).
DEFAULT_STORAGE_VERSION = os.environ.get("CPI_STORAGE_VERSION", "v1.0.0")
BUILDS_DIR = "builds"


@dataclass
class BuildResult:
    build_id: str
    release: Path
    published: Path
    dbt: DbtSummary
    duration_seconds: float
    storage_version: str | None
    reports: list[ValidationReport] = field(default_factory=list)
    removed_releases: list[Path] = field(default_factory=list)
    headline: Headline | None = None
    stages: dict[str, StageTiming] = field(default_factory=dict)


def build_dir(out_dir: Path, build_id: str) -> Path:
    return Path(out_dir) / BUILDS_DIR / build_id


def discover_sources(raw_dir: Path) -> list[WaveSource]:
    sources = discover_waves(raw_dir)
    if not sources:
        raise ReadError(
            f"no waves found in {raw_dir}. Fix: add one folder per wave with codebook.yml and its "
            "data file, or run `cpi demo-data` for synthetic waves."
        )
    return sources


def _storage_version(con: duckdb.DuckDBPyConnection) -> str | None:
    row = con.execute(
        "select tags['storage_version'] from duckdb_databases() where database_name = current_database()"
    ).fetchone()
    return row[0] if row and row[0] else None


def _create_release(
    partial: Path,
    sources: list[WaveSource],
    reports: list[ValidationReport],
    *,
    salt: bytes,
    build_id: str,
    storage_version: str | None,
) -> None:
    config = {"storage_compatibility_version": storage_version} if storage_version else {}
    try:
        con = duckdb.connect(str(partial), config=config)
        try:
            load_waves(con, sources, salt=salt, build_id=build_id, reports=reports)
            con.execute("checkpoint")
        finally:
            con.close()
    except BaseException:
        publish.remove_release_files(partial)  # nothing half-loaded stays behind
        raise


def _finish_release(partial: Path, info: BuildInfo) -> str | None:
    """Write build_info, checkpoint and close; return the file's storage version."""
    try:
        con = duckdb.connect(str(partial))
        try:
            storage = _storage_version(con)
            write_build_info(con, BuildInfo(**{**info.__dict__, "storage_version": storage}))
            con.execute("checkpoint")
        finally:
            con.close()
    except BaseException:
        publish.remove_release_files(partial)
        raise
    wal = partial.with_name(partial.name + ".wal")
    if wal.exists():
        raise PublishError(f"{wal} left after CHECKPOINT and close. Fix: rerun the build.")
    return storage


def verify_release(release: Path, build_id: str, n_waves: int) -> None:
    """Open the finished release read-only and check it is complete."""
    try:
        con = duckdb.connect(str(release), read_only=True)
        try:
            ids = con.execute("select build_id from marts.build_info").fetchall()
            waves = con.execute("select count(*) from raw.waves").fetchone()[0]
        finally:
            con.close()
    except duckdb.Error as exc:
        raise PublishError(f"{release} cannot be read back read-only: {exc}. Fix: rerun the build.") from exc
    if ids != [(build_id,)] or waves != n_waves:
        raise PublishError(
            f"{release} failed the sanity check: build_info={ids}, raw.waves has {waves} rows "
            f"(expected {build_id} and {n_waves}). Fix: rerun the build; report it if it repeats."
        )


def run_build(
    raw_dir: Path,
    out_dir: Path,
    *,
    keep: int = 5,
    build_id: str | None = None,
    storage_version: str | None = DEFAULT_STORAGE_VERSION,
    reporter: Reporter | None = None,
) -> BuildResult:
    """The whole pipeline. Raises ``CpiError`` subclasses; publishes only on full success."""
    started = time.monotonic()
    raw_dir, out_dir = Path(raw_dir), Path(out_dir)
    build_id = build_id or publish.new_build_id()
    clock = StageClock(reporter)
    work = build_dir(out_dir, build_id)
    work.mkdir(parents=True, exist_ok=True)
    log.info("build %s: raw=%s out=%s keep=%d", build_id, raw_dir, out_dir, keep)

    with build_lock(out_dir, build_id):
        publish.remove_stale_partials(out_dir)

        reports: list[ValidationReport] = []
        try:
            with clock.stage("discover", "discovering waves"):
                sources = discover_sources(raw_dir)
            with clock.stage("validate", f"validating {len(sources)} wave(s)"):
                reports = [validate_wave(source) for source in sources]
            if not all(r.ok for r in reports):
                raise ValidationFailed(reports)
        except ValidationFailed as exc:
            record_validation(out_dir, build_id, raw_dir, exc.reports)
            raise
        except CpiError as exc:
            record_validation(out_dir, build_id, raw_dir, reports, error=str(exc))
            raise
        record_validation(out_dir, build_id, raw_dir, reports)

        release = publish.new_release_path(out_dir, build_id)
        partial = publish.partial_path(release)
        release.parent.mkdir(parents=True, exist_ok=True)

        with clock.stage("load", f"loading {len(sources)} wave(s) into {partial.name}"):
            _create_release(
                partial, sources, reports,
                salt=load_or_create_salt(out_dir), build_id=build_id, storage_version=storage_version,
            )  # fmt: skip

        summary = dbt_build(
            partial, target_path=work / "target", log_path=work / "logs", on_line=clock.dbt_line
        )
        for key, timing in summary.stages.items():
            clock.record(key, key.replace("_", " "), timing)
        if not summary.ok:
            kept = publish.move_to_failed(out_dir, partial, keep)
            details = "\n".join(f"  - {f}" for f in summary.failures[:20]) or "  (see the log)"
            raise BuildError(
                f"dbt build failed (exit {summary.returncode}; {summary.models_failed} model(s), "
                f"{summary.tests_failed} test(s) failed):\n{details}\n"
                f"Nothing was published. Failed release kept at {kept}; dbt log in {work / 'logs'}."
            )

        with clock.stage("publish", "writing build_info, verifying and publishing"):
            info = BuildInfo(
                build_id=build_id,
                built_at=datetime.now(UTC),
                git_commit=git_commit(),
                dbt_version=dbt_version(),
                duckdb_version=duckdb.__version__,
                storage_version=None,
                inputs=describe_inputs(sources, raw_dir),
                dbt=summary,
                duration_seconds=time.monotonic() - started,
            )
            storage = _finish_release(partial, info)
            publish.finalize_release(partial, release)
            try:
                verify_release(release, build_id, len(sources))
            except PublishError:
                os.replace(release, partial)  # never leave an unverified release among the good ones
                publish.move_to_failed(out_dir, partial, keep)
                raise
            before = set(publish.list_releases(out_dir))
            pointer = publish.publish(out_dir, release, keep)
            removed = sorted(before - set(publish.list_releases(out_dir)))

    headline = read_headline(pointer)
    duration = time.monotonic() - started
    log.info("build %s published in %.1fs", build_id, duration)
    return BuildResult(
        build_id=build_id,
        release=release,
        published=pointer,
        dbt=summary,
        duration_seconds=duration,
        storage_version=storage,
        reports=reports,
        removed_releases=removed,
        headline=headline,
        stages=clock.totals,
    )
