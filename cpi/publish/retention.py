"""Retention (``--keep N``) over everything a build leaves, and the failed-build folder.

Kept: the newest N releases, always the published one, and the release a build has just
replaced (until the next build: readers may be opening it; ``cpi.publish.pointer.apply_retention``);
the work file, log folder and validation record of every kept release; the newest N failed
builds (work file + log + validation record); the logs and validation records of the newest N
runs whatever their outcome; raw-store folders used by the current inputs or by a kept work file
(as recorded in the run history). Everything else is deleted. Run only under the build lock.
"""

from __future__ import annotations

import logging
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cpi.layout import Layout, private_dir
from cpi.publish import pointer as publish

log = logging.getLogger(__name__)


@dataclass
class Pruned:
    releases: list[Path] = field(default_factory=list)
    other: list[Path] = field(default_factory=list)


def _ids(folder: Path, pattern: str) -> list[str]:
    if not folder.is_dir():
        return []
    names = (p.name.split(".")[0] for p in folder.glob(pattern))
    return sorted({n for n in names if publish.BUILD_ID_RE.match(n)})


def _remove(path: Path, pruned: Pruned) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    elif path.exists() or path.is_symlink():
        path.unlink(missing_ok=True)
    else:
        return
    pruned.other.append(path)
    log.info("retention: removed %s", path)


def move_work_to_failed(layout: Layout, build_id: str) -> Path | None:
    """Keep a failed build's work file (restricted: 0700 folders, 0600 file) for tracing."""
    work = layout.work_file(build_id)
    if not work.exists():
        return None
    private_dir(layout.failed)
    target = layout.failed / build_id
    os.replace(work.parent, target)
    return target / work.name


def referenced_raw_folders(records: list[dict[str, Any]], build_ids: set[str]) -> set[str] | None:
    """Raw folders named by the history records of ``build_ids``; None when one has no record."""
    folders: set[str] = set()
    seen: set[str] = set()
    for record in records:
        build_id = record.get("build_id")
        if build_id in build_ids and record.get("outcome") in ("published", "failed"):
            folders.update(record.get("raw_folders") or [])
            seen.add(build_id)
    return folders if seen >= build_ids else None


def apply_all(
    layout: Layout,
    keep: int,
    *,
    current_run: str,
    current_raw_folders: list[str],
    records: list[dict[str, Any]],
    spare: Path | None = None,
) -> Pruned:
    keep = max(keep, 1)
    pruned = Pruned(releases=publish.apply_retention(layout.out, keep, spare=spare))
    releases = {publish.release_id(p) for p in publish.list_releases(layout.out)}
    failed = _ids(layout.failed, "*")
    for build_id in failed[:-keep]:
        _remove(layout.failed / build_id, pruned)
    kept_failed = set(failed[-keep:])
    work_ids = releases | kept_failed | {current_run}
    for build_id in _ids(layout.work, "*"):
        if build_id not in work_ids:  # an old release's, or a killed build's
            _remove(layout.work / build_id, pruned)
    runs = _ids(layout.logs, "*") + _ids(layout.validation, "*.json")
    recent = set(sorted(set(runs))[-keep:])
    keep_records = work_ids | recent
    for build_id in _ids(layout.logs, "*"):
        if build_id not in keep_records:
            _remove(layout.log_dir(build_id), pruned)
    for build_id in _ids(layout.validation, "*.json"):
        if build_id not in keep_records:
            _remove(layout.validation / f"{build_id}.json", pruned)
    used = referenced_raw_folders(records, (releases | kept_failed) - {current_run})
    if used is None:
        log.info("retention: raw store left as is (a kept build has no history record)")
    elif layout.raw_store.is_dir():
        used |= set(current_raw_folders)
        for folder in layout.raw_store.iterdir():
            if folder.is_dir() and not folder.name.startswith(".") and folder.name not in used:
                _remove(folder, pruned)
    return pruned
