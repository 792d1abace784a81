"""``cpi build``: one run of the pipeline (``cpi.build.pipeline``) under the build lock, and its outcome.

Every run, whatever its outcome (published, skipped, failed, interrupted), leaves one record in
``OUT/runs/history.jsonl``; a failed or interrupted run calls the ``--on-failure`` command.
Ctrl-C and SIGTERM (as KeyboardInterrupt) clean up and end as ``BuildInterrupted`` (exit 130);
filesystem failures become one-line ``FilesystemError``s.
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import duckdb

from cpi import settings
from cpi.build.pipeline import ENGINES, BuildResult, RunState, build_steps
from cpi.engines.spark.settings import SparkCluster
from cpi.errors import BuildError, BuildInterrupted, CpiError
from cpi.layout import Layout
from cpi.oserrors import filesystem_error
from cpi.publish import pointer as publish
from cpi.publish.history import append_record
from cpi.publish.lock import build_lock
from cpi.publish.notify import notify_failure
from cpi.stages import Reporter, StageClock

log = logging.getLogger(__name__)

__all__ = ["BuildResult", "log_file", "run_build"]


def log_file(out_dir: Path, build_id: str) -> Path:
    return Layout(Path(out_dir)).log_dir(build_id) / "build.log"


def run_build(
    raw_dir: Path,
    out_dir: Path,
    *,
    keep: int = 5,
    build_id: str | None = None,
    storage_version: str | None = "",
    reporter: Reporter | None = None,
    force: bool = False,
    on_failure: str | None = None,
    engine: str = "duckdb",
    reports: bool = False,
    spark_shared: str | None = None,
    allow_outside_raw: bool = False,
) -> BuildResult:
    """The whole pipeline. Raises ``CpiError`` subclasses; publishes only on full success.

    Returns outcome ``skipped`` without building when the inputs fingerprint equals the published
    release's (unless ``force``). Ctrl-C/SIGTERM (as KeyboardInterrupt) → ``BuildInterrupted``.
    ``engine``: ``duckdb`` (default) or ``spark`` (docs/scale-out.md); the release is the same kind.
    ``reports``: also write the report in every language (docs/report.md) into the release before
    it is published; a report that fails fails the build and nothing is published.
    ``spark_shared``: the Spark cluster's shared storage (default: ``CPI_SPARK_SHARED``).
    ``storage_version``: the release's DuckDB on-disk format; ``""`` = the settings'
    (``CPI_STORAGE_VERSION``, default v1.0.0: readable by DuckDB >= 1.1), ``None`` = DuckDB's latest.
    """
    if storage_version == "":
        storage_version = settings.current().storage_version
    if storage_version == "latest":
        storage_version = None
    if engine not in ENGINES:
        raise BuildError(f"unknown engine {engine!r}. Fix: use one of {', '.join(ENGINES)}.")
    layout = Layout(Path(out_dir))
    run = RunState(
        run_id=build_id or publish.new_build_id(),
        raw_dir=Path(raw_dir),
        layout=layout,
        keep=keep,
        storage_version=storage_version,
        force=force,
        clock=StageClock(reporter),
        engine=engine,
        reports=reports,
        spark=SparkCluster.current(shared=spark_shared) if engine == "spark" else None,
        allow_outside_raw=allow_outside_raw,
    )
    log.info(
        "run %s: raw=%s out=%s keep=%d force=%s engine=%s", run.run_id, run.raw_dir, layout.out, keep, force, engine
    )
    outcome, message = "failed", ""
    try:
        try:
            layout.prepare()
            with build_lock(layout.out, run.run_id):
                result = build_steps(run)
        except KeyboardInterrupt:
            if run.published:  # interrupted during retention or the headline: the release is out
                raise BuildInterrupted(
                    f"build interrupted after publishing {run.run_id}; retention was not applied "
                    "(the next build applies it)."
                ) from None
            raise BuildInterrupted("build interrupted; nothing was published.") from None
        except (OSError, duckdb.Error) as exc:
            converted = filesystem_error(exc)
            if converted is None:
                raise
            raise converted from exc
    except BuildInterrupted as exc:
        outcome, message = ("published" if run.published else "interrupted"), str(exc)
        if not run.published:
            _cleanup_unfinished(run)
        raise
    except CpiError as exc:
        message = str(exc)
        raise
    except BaseException as exc:
        message = f"{type(exc).__name__}: {exc}"
        raise
    else:
        outcome, message = result.outcome, result.message
        return result
    finally:
        published = publish.published_build_id(layout.out) if outcome in ("published", "skipped") else None
        record = run.record(outcome, message.splitlines()[0] if message else "", published)
        append_record(layout.history, record)
        if outcome in ("failed", "interrupted"):
            notify_failure(
                on_failure,
                outcome=outcome,
                message=message,
                run_id=run.run_id,
                out_dir=layout.out,
                log_file=log_file(layout.out, run.run_id),
                history_file=layout.history,
            )


def _cleanup_unfinished(run: RunState) -> None:
    """After an interruption: no partial release and no half-built work file stay behind."""
    try:
        publish.discard_partial(publish.partial_path(publish.new_release_path(run.layout.out, run.run_id)))
        if run.work_created:
            shutil.rmtree(run.layout.work_file(run.run_id).parent, ignore_errors=True)
    except OSError as exc:  # the next build removes leftovers under its lock
        log.warning("could not clean up after the interruption: %s", exc)
