"""Operator commands on finished releases: list them, and roll the pointer back to one.

A rollback only swaps the ``cpi.duckdb`` symlink (atomically, under the build lock) to a release
that passes the same read-only checks as a new one: its build_info names it, no test failed,
nothing respondent-level is in it. It is recorded in the run history; a later build whose inputs
equal the release rolled back from is skipped until the inputs change or ``--force`` is given.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path

import duckdb

from cpi.errors import PublishError
from cpi.layout import Layout
from cpi.publish import pointer as publish
from cpi.publish.build_info import read_published_info
from cpi.publish.history import append_record, now_iso
from cpi.publish.lock import build_lock
from cpi.publish.release import RESPONDENT_COLUMNS, published_columns

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ReleaseSummary:
    build_id: str
    path: Path
    published: bool
    built_at: str
    waves: list[str]
    tests_passed: int | None
    tests_total: int | None
    size_bytes: int
    readable: bool
    inputs_fingerprint: str | None = None
    integrity: str = "unrecorded"  # ok | corrupt | unrecorded (publish.integrity)
    integrity_detail: str = ""
    reports: tuple[str, ...] = ()  # report-<lang>.pdf / .html files beside the release (names)


REPORT_GLOB = "report-*.*"


def _reports(path: Path) -> tuple[str, ...]:
    """The report files written beside a release (``cpi report`` / ``cpi build``), sorted."""
    return tuple(sorted(p.name for p in path.parent.glob(REPORT_GLOB) if p.suffix in (".pdf", ".html")))


def _summary(path: Path, current: Path | None) -> ReleaseSummary:
    state, detail = publish.integrity(path)
    info = (read_published_info(path) or {}) if state != "corrupt" else {}
    inputs = info.get("inputs") if isinstance(info.get("inputs"), list) else []
    built_at = info.get("built_at")
    return ReleaseSummary(
        build_id=publish.release_id(path),
        path=path,
        published=current is not None and path.resolve() == current,
        built_at=built_at.isoformat(timespec="seconds") if hasattr(built_at, "isoformat") else "?",
        waves=[str(i.get("wave_id")) for i in inputs if isinstance(i, dict)],
        tests_passed=info.get("tests_passed"),
        tests_total=info.get("tests_total"),
        size_bytes=path.stat().st_size,
        readable=bool(info),
        inputs_fingerprint=info.get("inputs_fingerprint"),
        reports=_reports(path) if path.name == publish.RELEASE_NAME else (),
        integrity=state,
        integrity_detail=detail,
    )


def release_summaries(out_dir: Path) -> list[ReleaseSummary]:
    """Every finished release, oldest first."""
    current = publish.published_release(out_dir)
    return [_summary(path, current) for path in publish.list_releases(out_dir)]


def check_release(path: Path, build_id: str) -> None:
    """The checks a release must pass before the pointer may name it again."""
    state, detail = publish.integrity(path)
    if state == "corrupt":
        raise PublishError(f"release {build_id} is corrupt: {detail}. Fix: choose another release (cpi verify).")
    info = read_published_info(path)
    if not info:
        raise PublishError(f"{path} has no readable marts.build_info. Fix: choose another release (cpi releases).")
    problems = []
    if info.get("build_id") != build_id:
        problems.append(f"its build_info names {info.get('build_id')}")
    if info.get("tests_failed"):
        problems.append(f"{info['tests_failed']} dbt test(s) failed in it")
    con = duckdb.connect(str(path), read_only=True)
    try:
        leaks = [f"{s}.{t}.{c}" for s, t, c in published_columns(con) if c.lower() in RESPONDENT_COLUMNS]
    finally:
        con.close()
    if leaks:
        problems.append(
            f"it holds respondent-level columns ({', '.join(leaks[:5])}); it predates the "
            "split into published and work files"
        )
    if problems:
        raise PublishError(
            f"release {build_id} cannot be published again: {'; '.join(problems)}. "
            "Fix: choose another release (cpi releases)."
        )


def rollback(out_dir: Path, build_id: str | None = None) -> tuple[str | None, str]:
    """Point ``cpi.duckdb`` at ``build_id`` (default: the release before the published one).

    Returns (previous build id, new build id)."""
    layout = Layout(Path(out_dir))
    run_id = publish.new_build_id()
    with build_lock(layout.out, run_id):
        started = now_iso()
        current = publish.published_build_id(layout.out)
        paths = {publish.release_id(p): p for p in publish.list_releases(layout.out)}
        ids = list(paths)
        if build_id is None:
            older = [i for i in ids if current is None or i < current]
            if not older:
                raise PublishError(
                    f"there is no release older than the published {current} in {layout.releases}. "
                    "Fix: name the release to publish (cpi releases lists them)."
                )
            build_id = older[-1]
        if build_id not in ids:
            raise PublishError(
                f"no release {build_id} in {layout.releases} (there are: {', '.join(ids) or 'none'}). "
                "Fix: pick one from `cpi releases`."
            )
        if build_id == current:
            raise PublishError(f"{build_id} is already the published release; nothing to do.")
        release = paths[build_id]
        check_release(release, build_id)
        old_info = read_published_info(publish.published_release(layout.out)) if current else None
        message = f"rolled back from {current or 'nothing'} to {build_id}"
        record = {
            "run_id": run_id,
            "build_id": build_id,
            "outcome": "rolling_back",
            "started_at": started,
            "ended_at": None,
            "reason": "cpi rollback",
            "message": f"rolling back from {current or 'nothing'} to {build_id}",
            "stages": {},
            "from_build_id": current,
            "from_inputs_fingerprint": (old_info or {}).get("inputs_fingerprint"),
        }
        # Recorded before the pointer moves: a kill between the two lines leaves this trace, which
        # the next build reads (history.rolled_back_fingerprints) instead of re-publishing the inputs.
        if not append_record(layout.history, record):
            raise PublishError(f"cannot write {layout.history}; nothing was rolled back. Fix: make it writable.")
        publish.swap_pointer(layout.out, release)
        append_record(layout.history, {**record, "outcome": "rolled_back", "ended_at": now_iso(), "message": message})
    log.info("%s", message)
    return current, build_id


def verify_all(out_dir: Path) -> tuple[list[ReleaseSummary], list[tuple[Path, str]]]:
    """Every release's integrity and every raw-store folder whose files fail their checksums."""
    from cpi.ingest.raw_store import verify_store

    return release_summaries(out_dir), verify_store(Layout(Path(out_dir)).raw_store)


def summaries_json(summaries: list[ReleaseSummary]) -> str:
    return json.dumps([{**s.__dict__, "path": str(s.path)} for s in summaries], indent=2, ensure_ascii=False)
