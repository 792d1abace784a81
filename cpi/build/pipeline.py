"""The steps of one build, in order: discover and decide (skip?), raw store, work file, dbt,
release. ``cpi.build.run.run_build`` runs them under the build lock and records the outcome.

Write-audit-publish with two files: dbt builds into the restricted work file
``OUT/restricted/work/<id>/work.duckdb``; the aggregates are then copied into
``OUT/releases/.<id>.partial/cpi.duckdb``, verified read-only, renamed to
``OUT/releases/<id>/cpi.duckdb`` and published by swapping the ``cpi.duckdb`` symlink.
"""

from __future__ import annotations

import logging
import os
import shutil
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

from cpi import settings
from cpi.build.fingerprint import describe_changes, fingerprint, input_components
from cpi.build.incremental import WavePlan, plan_waves, write_build_waves
from cpi.dbt.runner import DbtSummary, dbt_build, dbt_version
from cpi.duckdb_helpers import memory_limit
from cpi.errors import BuildError, PublishError, ReadError, ValidationFailed
from cpi.ingest.raw_keys import ingest_fingerprint, wave_inputs
from cpi.ingest.salt import load_or_create_salt, salt_fingerprint
from cpi.ingest.seed_files import normalise_seeds
from cpi.ingest.validation_log import record_validation
from cpi.ingest.wave_set import check_wave_set
from cpi.ingest.waves import WaveSource, discover_waves, skipped_folders
from cpi.layout import PRIVATE_FILE, Layout, private_dir
from cpi.project import REPO_ROOT
from cpi.publish import pointer as publish
from cpi.publish import retention
from cpi.publish.build_info import (
    BuildInfo,
    describe_inputs,
    git_commit,
    read_published_info,
)
from cpi.publish.headline import Headline, read_headline
from cpi.publish.history import now_iso, read_records, rolled_back_fingerprints
from cpi.publish.release import expected_relations, verify_release, write_release
from cpi.stages import StageClock, StageTiming

if TYPE_CHECKING:  # the gate and the raw store import pandas: only needed when building
    from cpi.ingest.gate import ValidationReport
    from cpi.ingest.raw_store import StoredWave

log = logging.getLogger(__name__)
ENGINES = ("duckdb", "spark")


@dataclass
class BuildResult:
    build_id: str  # this run's id (for a skipped run: not a release)
    outcome: str  # published | skipped
    release: Path  # the release now published (a skipped run: the unchanged one)
    published: Path
    dbt: DbtSummary
    duration_seconds: float
    storage_version: str | None
    reason: str = ""
    message: str = ""
    reports: list[ValidationReport] = field(default_factory=list)
    removed_releases: list[Path] = field(default_factory=list)
    headline: Headline | None = None
    stages: dict[str, StageTiming] = field(default_factory=dict)
    cached_waves: list[str] = field(default_factory=list)
    engine: str = "duckdb"


@dataclass
class RunState:
    """What the run knows so far (filled in as it goes; written to the history at the end)."""

    run_id: str
    raw_dir: Path
    layout: Layout
    keep: int
    storage_version: str | None
    force: bool
    clock: StageClock
    started_at: str = field(default_factory=now_iso)
    started: float = field(default_factory=time.monotonic)
    fingerprint: str | None = None
    components: dict[str, Any] | None = None
    reason: str = ""
    raw_folders: list[str] = field(default_factory=list)
    work_created: bool = False
    published: bool = False  # the pointer names this run's release (set right after the swap)
    release_sha256: str | None = None  # the published file's checksum (also beside it in releases/)
    engine: str = "duckdb"  # what builds the marts: duckdb | spark (ENGINES)
    plan: WavePlan | None = None  # which waves are recomputed, which reused (cpi.build.incremental)
    reports: bool = False  # write report-<lang>.pdf/.html into the release before it is published
    allow_outside_raw: bool = False  # read wave folders/files that resolve outside raw_dir

    def record(self, outcome: str, message: str, build_id: str | None) -> dict[str, Any]:
        return {
            "run_id": self.run_id,
            "build_id": build_id,
            "outcome": outcome,
            "started_at": self.started_at,
            "ended_at": now_iso(),
            "reason": self.reason,
            "message": message,
            "stages": self.clock.as_dicts(),
            "inputs_fingerprint": self.fingerprint,
            "raw_folders": self.raw_folders,
            **(self.plan.as_record() if self.plan else {}),
            "release_sha256": self.release_sha256,
        }


def discover_sources(raw_dir: Path, *, allow_outside: bool = False) -> list[WaveSource]:
    sources = discover_waves(raw_dir, allow_outside=allow_outside)
    if not sources:
        raise ReadError(
            f"no waves found in {raw_dir}. Fix: add one folder per wave with codebook.yml and its "
            "data file, or run `cpi demo-data` for synthetic waves."
        )
    return sources


def _discover(run: RunState) -> tuple[list, bytes]:
    with run.clock.stage("discover", "discovering waves and checking what changed"):
        for fix in normalise_seeds(settings.current().dbt_project_dir / "seeds"):  # before anything reads a seed
            log.warning("%s", fix.message())
            run.clock.message(f"note: {fix.message()}")
        sources = discover_sources(run.raw_dir, allow_outside=run.allow_outside_raw)
        if skipped := skipped_folders(run.raw_dir):
            run.clock.message(
                f"skipped folders in {run.raw_dir} (names starting with '_' or '.'): {', '.join(skipped)}"
            )
        check_wave_set(sources)
        salt = load_or_create_salt(run.layout.salt)
        waves = wave_inputs(sources, ingest_fp=ingest_fingerprint(), salt_fp=salt_fingerprint(salt))
        run.components = input_components(
            waves,
            project_dir=settings.current().dbt_project_dir,
            code_root=REPO_ROOT,
            storage_version=run.storage_version,
            engine=run.engine,
        )
        run.fingerprint = fingerprint(run.components)
    return waves, salt


def _skip_reason(run: RunState) -> tuple[str | None, str]:
    """(message, reason): message is set when the build should be skipped."""
    current = publish.published_release(run.layout.out)
    if current is not None:
        state, detail = publish.integrity(current)
        if state == "corrupt":
            build_id = publish.release_id(current)
            if not run.force:
                raise PublishError(
                    f"the published release {build_id} is corrupt: {detail}; nothing was built. "
                    + publish.corrupt_fix(build_id)
                )
            run.clock.message(f"the published release {build_id} is corrupt ({detail}); building a new one (--force)")
    info = read_published_info(current) if current else None
    old_components = info.get("inputs_components") if info else None
    changes = describe_changes(old_components if isinstance(old_components, dict) else None, run.components or {})
    if run.force:
        return None, f"forced (--force); {changes}"
    if info and info.get("inputs_fingerprint") == run.fingerprint:
        return f"nothing changed since {info['build_id']}; the published release is current.", "inputs unchanged"
    rolled = rolled_back_fingerprints(read_records(run.layout.history))
    if run.fingerprint in rolled:
        message = (
            f"the inputs are those of {rolled[run.fingerprint]}, which was rolled back; nothing "
            "built. Fix: correct the inputs, or rebuild them anyway with --force."
        )
        return message, "inputs of a rolled-back release"
    return None, changes


def build_steps(run: RunState) -> BuildResult:
    layout, clock = run.layout, run.clock
    publish.remove_stale_partials(layout.out)
    waves, salt = _discover(run)
    skip, run.reason = _skip_reason(run)
    if skip:
        clock.message(skip)
        log.info("run %s skipped: %s", run.run_id, skip)
        current = publish.published_release(layout.out)
        return BuildResult(
            build_id=run.run_id,
            outcome="skipped",
            release=current or publish.published_path(layout.out),
            published=publish.published_path(layout.out),
            dbt=DbtSummary(returncode=0),
            duration_seconds=time.monotonic() - run.started,
            storage_version=None,
            reason=run.reason,
            message=skip,
            stages=clock.totals,
        )

    run.plan = _plan_waves(run)
    clock.message(run.plan.describe())
    log.info("run %s: %s", run.run_id, run.plan.describe())
    if run.engine == "spark":  # before any wave is read: pyspark, dbt-spark and Java are there
        from cpi.engines.spark.settings import require_spark_stack

        require_spark_stack()
    from cpi.ingest.raw_store import store_waves

    try:
        stored = store_waves(waves, layout.raw_store, salt=salt, clock=clock)
    except ValidationFailed as exc:
        record_validation(layout.validation, run.run_id, run.raw_dir, exc.reports)
        raise
    reports = [s.report for s in stored]
    record_validation(layout.validation, run.run_id, run.raw_dir, reports)
    run.raw_folders = [s.folder.name for s in stored]

    with clock.stage("load", "creating the work file (raw views)"):
        work = _create_work_file(run, stored)
    summary, manifest = _run_dbt(run, work, stored)
    _seal(layout.dbt_database)
    if not summary.ok:
        kept = retention.move_work_to_failed(layout, run.run_id)
        details = "\n".join(f"  - {f}" for f in summary.failures[:20]) or "  (see the log)"
        raise BuildError(
            f"dbt build failed (exit {summary.returncode}; {summary.models_failed} model(s), "
            f"{summary.tests_failed} test(s) failed):\n{details}\nNothing was published. "
            f"Work file kept at {kept}; dbt log in {layout.log_dir(run.run_id)}."
        )

    with clock.stage("publish", "writing, verifying and publishing the release"):
        release, storage, removed = _publish(run, work, stored, summary, manifest)
    duration = time.monotonic() - run.started
    log.info("build %s published in %.1fs", run.run_id, duration)
    return BuildResult(
        build_id=run.run_id,
        outcome="published",
        release=release,
        published=publish.published_path(layout.out),
        dbt=summary,
        duration_seconds=duration,
        storage_version=storage,
        reason=run.reason,
        message=f"published {run.run_id} ({run.reason})",
        reports=reports,
        removed_releases=removed,
        headline=_headline(layout),
        stages=clock.totals,
        cached_waves=[s.wave.source.wave_id for s in stored if s.cached],
        engine=run.engine,
    )


def _plan_waves(run: RunState) -> WavePlan:
    current = publish.published_release(run.layout.out)
    info = read_published_info(current) if current else None
    base = run.layout.work_file(str(info["build_id"])) if info and info.get("build_id") else None
    return plan_waves(run.components or {}, info, base, force=run.force)


def _run_dbt(run: RunState, work: Path, stored: list[StoredWave]) -> tuple[DbtSummary, Path]:
    """dbt build on the run's engine; returns its summary and the manifest of what it built."""
    layout, clock = run.layout, run.clock
    if run.engine == "spark":
        from cpi.engines.spark.build_step import dbt_on_spark

        try:
            summary, manifest = dbt_on_spark(layout, run.run_id, work, stored, clock)
        except BuildError:
            retention.move_work_to_failed(layout, run.run_id)
            raise
        return summary, manifest or layout.dbt_target / "manifest.json"
    summary = dbt_build(
        layout.dbt_database,
        target_path=layout.dbt_target,
        log_path=layout.log_dir(run.run_id),
        on_line=clock.dbt_line,
    )
    for key, timing in summary.stages.items():
        clock.record(key, key.replace("_", " "), timing)
    _keep_dbt_artifacts(layout, run.run_id)
    return summary, layout.dbt_target / "manifest.json"


def _headline(layout: Layout) -> Headline | None:
    try:
        return read_headline(publish.published_path(layout.out))
    except duckdb.Error as exc:  # published already; a headline that cannot be read is no failure
        log.warning("no headline: %s", exc)
        return None


def _create_work_file(run: RunState, stored: list[StoredWave]) -> Path:
    layout = run.layout
    work = layout.work_file(run.run_id)
    shutil.rmtree(work.parent, ignore_errors=True)
    private_dir(work.parent)
    run.work_created = True
    from cpi.ingest.raw_store import create_raw_views

    plan = run.plan or WavePlan(
        recomputed=[s.wave.source.wave_id for s in stored],
        why_full="no plan",
        keys={s.wave.source.wave_id: s.wave.key for s in stored},
    )
    if plan.base:  # the unchanged waves' rows come with the previous build's work file
        shutil.copyfile(layout.work_file(plan.base), work)
    con = duckdb.connect(str(work), config={"memory_limit": memory_limit()})
    try:
        create_raw_views(con, stored, build_id=run.run_id)
        write_build_waves(con, plan)
        con.execute("checkpoint")
    finally:
        con.close()
    os.chmod(work, PRIVATE_FILE)
    # dbt's profile always sees the same path, so dbt can reuse its parse (partial parsing).
    # A WAL or spill folder left there by a killed dbt belongs to another work file: drop it.
    for leftover in (".wal", ".tmp"):
        publish.remove_release_files(layout.dbt_database.with_name(layout.dbt_database.name + leftover))
    publish.replace_symlink(layout.dbt_database, work)
    return work


def _engine_versions(engine: str) -> str:
    if engine == "spark":
        from cpi.engines.spark.build_step import spark_dbt_version

        return spark_dbt_version()
    return dbt_version()


def _seal(db_path: Path) -> None:
    """Checkpoint a database dbt wrote, through the same path dbt used (its WAL lives there)."""
    wal = db_path.with_name(db_path.name + ".wal")
    if not wal.exists():
        return
    con = duckdb.connect(str(db_path), config={"memory_limit": memory_limit()})
    try:
        con.execute("checkpoint")
    finally:
        con.close()


def _keep_dbt_artifacts(layout: Layout, run_id: str) -> None:
    for name in ("run_results.json",):
        source = layout.dbt_target / name
        if source.is_file():
            shutil.copyfile(source, layout.log_dir(run_id) / name)


def _with_rows(plan: WavePlan | None, inputs: list[dict[str, str]]) -> list[dict[str, str]]:
    """build_info inputs with, per wave, whether its rows were recomputed or reused."""
    reused = set(plan.reused) if plan else set()
    return [{**row, "rows": "reused" if row["wave_id"] in reused else "recomputed"} for row in inputs]


def _report_revisions(run: RunState, release: Path) -> None:
    """Name in the console what the release records: waves corrected or removed, figures moved."""
    con = duckdb.connect(str(release), read_only=True)
    try:
        waves = con.execute(
            "select wave_id, change, previous_build_id from marts.release_revisions order by wave_id"
        ).fetchall()
        moved, beyond = con.execute(
            "select count(*), count(*) filter (where is_beyond_old_interval) from marts.release_figure_revisions"
        ).fetchone()
    finally:
        con.close()
    if waves:
        listed = "; ".join(f"{wave} {change}" for wave, change, _ in waves)
        run.clock.message(
            f"since the published release {waves[0][2]}: {listed}; {moved} published figure(s) moved "
            f"({beyond} beyond their old interval). Recorded in marts.release_revisions and "
            "marts.release_figure_revisions (cpi diff shows them)."
        )


def _publish(
    run: RunState, work: Path, stored: list[StoredWave], summary: DbtSummary, manifest: Path
) -> tuple[Path, str | None, list[Path]]:
    layout = run.layout
    release = publish.new_release_path(layout.out, run.run_id)
    partial = publish.partial_path(release)
    info = BuildInfo(
        build_id=run.run_id,
        built_at=datetime.now(UTC),
        git_commit=git_commit(),
        dbt_version=_engine_versions(run.engine),
        duckdb_version=duckdb.__version__,
        storage_version=None,
        inputs=_with_rows(
            run.plan,
            describe_inputs(
                [s.wave.source for s in stored],
                run.raw_dir,
                {s.wave.source.wave_id: (s.wave.data_sha256, s.wave.codebook_sha256) for s in stored},
            ),
        ),
        dbt=summary,
        duration_seconds=time.monotonic() - run.started,
        inputs_fingerprint=run.fingerprint,
        inputs_components=run.components,
        engine=run.engine,
    )
    history = [*read_records(layout.history), run.record("published", "", run.run_id)]
    previous = publish.published_release(layout.out)
    previous_info = read_published_info(previous) if previous else None
    publish.discard_partial(partial)
    partial.parent.mkdir(parents=True)
    try:
        storage = write_release(
            partial,
            work,
            info=info,
            history=history,
            storage_version=run.storage_version,
            previous=previous,
            previous_info=previous_info,
        )
        _report_revisions(run, partial)
        verify_release(partial, run.run_id, expected_relations(manifest))
        if run.reports:
            with run.clock.stage("report", "writing the reports (PDF, HTML) beside the release"):
                write_reports(partial, previous=publish.published_release(layout.out))
        run.release_sha256 = publish.write_checksum(partial)  # the file is closed: its bytes are final
    except KeyboardInterrupt:
        publish.discard_partial(partial)
        raise
    except BaseException:
        publish.discard_partial(partial)
        retention.move_work_to_failed(layout, run.run_id)
        raise
    publish.finalize_release(partial, release)  # only verified files ever get a release name
    before = set(publish.list_releases(layout.out))
    replaced = publish.published_release(layout.out)
    publish.swap_pointer(layout.out, release)
    run.published = True
    try:  # the release is out: clean-up problems are reported, they do not fail the build
        retention.apply_all(
            layout,
            run.keep,
            current_run=run.run_id,
            current_raw_folders=run.raw_folders,
            records=history,
            spare=replaced,
        )
    except OSError as exc:
        log.warning("retention could not finish (%s); the next build tries again", exc)
    removed = sorted(before - set(publish.list_releases(layout.out)))
    return release, storage, removed


def write_reports(release_file: Path, previous: Path | None) -> None:
    """The report in every catalogue language, PDF and HTML, beside ``release_file``."""
    from cpi.report import ReportError, generate
    from presentation.i18n import languages

    try:
        generate(release_file, release_file.parent, list(languages()), previous=previous)
    except ReportError as exc:
        raise BuildError(f"the report could not be written: {exc}") from exc
