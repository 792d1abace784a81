"""Releases, the published pointer and retention.

Layout under ``OUT`` (default ``warehouse/``; the rest of it: ``cpi.layout``)::

    releases/.<build_id>.partial/cpi.duckdb   being written and verified (never read by anyone)
    releases/<build_id>/cpi.duckdb            complete, verified releases
    cpi.duckdb -> releases/<build_id>/cpi.duckdb   relative symlink = the published release

Every release file is named ``cpi.duckdb``: DuckDB names a database's catalog after its file
(symlinks resolved), so BI tools see the same catalog ``cpi`` in every release; the build id is
the folder. A partial folder is renamed to its final name only after verification (atomic).
Publishing never opens a release for writing: it only renames and swaps a symlink with
``os.replace`` (atomic on POSIX), so a reader sees either the old or the new release, never a mix.
Releases of older versions (``releases/<build_id>.duckdb``) are still listed and pruned.
"""

from __future__ import annotations

import logging
import os
import re
import secrets
import shutil
from datetime import UTC, datetime
from pathlib import Path

from cpi.checksums import sha256_file
from cpi.errors import PublishError

log = logging.getLogger(__name__)

POINTER_NAME = "cpi.duckdb"
RELEASES_DIR = "releases"
PARTIAL_SUFFIX = ".partial"
RELEASE_NAME = "cpi.duckdb"
BUILD_ID_RE = re.compile(r"^\d{8}T\d{6}Z-[0-9a-f]{6}$")
CHECKSUM_SUFFIX = ".sha256"  # releases/<id>/cpi.duckdb.sha256: written before the release gets its name


def new_build_id(now: datetime | None = None) -> str:
    """``20261127T171500Z-1a2b3c``: sortable by time, unique thanks to the random suffix."""
    now = now or datetime.now(UTC)
    return f"{now.strftime('%Y%m%dT%H%M%SZ')}-{secrets.token_hex(3)}"


def published_path(out_dir: Path) -> Path:
    """``OUT/cpi.duckdb``: the stable path readers open (read-only)."""
    return Path(out_dir) / POINTER_NAME


def releases_dir(out_dir: Path) -> Path:
    return Path(out_dir) / RELEASES_DIR


def new_release_path(out_dir: Path, build_id: str) -> Path:
    """Final path of a release; the build writes into ``partial_path(<this>)`` first."""
    if not BUILD_ID_RE.match(build_id):
        raise PublishError(f"build id '{build_id}' does not look like 20261127T171500Z-1a2b3c.")
    return releases_dir(out_dir) / build_id / RELEASE_NAME


def partial_path(release: Path) -> Path:
    """``releases/.<id>.partial/cpi.duckdb`` for ``releases/<id>/cpi.duckdb``."""
    return release.parent.with_name(f".{release.parent.name}{PARTIAL_SUFFIX}") / release.name


def release_id(release: Path) -> str:
    """The build id of a release path (new layout: its folder; older releases: the file name)."""
    return release.parent.name if release.name == RELEASE_NAME else release.name.removesuffix(".duckdb")


def published_release(out_dir: Path) -> Path | None:
    """The release file the pointer currently names, or None when nothing is published."""
    pointer = published_path(out_dir)
    if not pointer.is_symlink():
        return None
    target = pointer.parent / os.readlink(pointer)
    return target.resolve() if target.exists() else None


def published_build_id(out_dir: Path) -> str | None:
    release = published_release(out_dir)
    return release_id(release) if release else None


def list_releases(out_dir: Path) -> list[Path]:
    """Complete releases, oldest first (build ids start with a UTC timestamp)."""
    folder = releases_dir(out_dir)
    if not folder.is_dir():
        return []
    found = [p for p in folder.glob(f"*/{RELEASE_NAME}") if BUILD_ID_RE.match(p.parent.name)]
    found += [p for p in folder.glob("*.duckdb") if BUILD_ID_RE.match(p.stem)]  # older layout
    return sorted(found, key=release_id)


def remove_stale_partials(out_dir: Path) -> list[Path]:
    """Delete partial releases left by killed builds. Call only while holding the build lock."""
    removed: list[Path] = []
    folder = releases_dir(out_dir)
    if not folder.is_dir():
        return removed
    for path in sorted(folder.glob(f"*{PARTIAL_SUFFIX}*")):
        remove_release_files(path)
        removed.append(path)
        log.warning("removed stale partial release %s (an earlier build was interrupted)", path)
    return removed


def finalize_release(partial: Path, release: Path) -> Path:
    """Rename the partial release folder to its final name (same parent folder, atomic)."""
    if release.parent.exists():
        raise PublishError(f"{release.parent} already exists; build ids must be unique. Fix: rerun the build.")
    wal = partial.with_name(partial.name + ".wal")
    if wal.exists():
        raise PublishError(f"{wal} exists: the release was not checkpointed and closed. Fix: rerun the build.")
    os.replace(partial.parent, release.parent)
    return release


def checksum_path(release: Path) -> Path:
    return release.with_name(release.name + CHECKSUM_SUFFIX)


def write_checksum(release: Path) -> str:
    """Record the sha256 of a finished (closed, verified) release file beside it; returns it."""
    digest = sha256_file(release)
    checksum_path(release).write_text(f"{digest}  {release.name}\n", encoding="utf-8")
    return digest


def recorded_checksum(release: Path) -> str | None:
    try:
        text = checksum_path(release).read_text(encoding="utf-8").split()
    except OSError:
        return None
    return text[0] if text else None


def integrity(release: Path) -> tuple[str, str]:
    """('ok' | 'corrupt' | 'unrecorded', detail) of a release file against its recorded checksum."""
    recorded = recorded_checksum(release)
    if recorded is None:
        return "unrecorded", f"no {checksum_path(release).name} beside it (a release of an older version)"
    try:
        actual = sha256_file(release)
    except OSError as exc:
        return "corrupt", f"cannot be read ({exc.strerror})"
    if actual != recorded:
        return "corrupt", f"its sha256 is {actual[:12]}…, recorded {recorded[:12]}… when it was published"
    return "ok", f"sha256 {recorded[:12]}… as recorded"


def corrupt_fix(build_id: str) -> str:
    return (
        f"Fix: `cpi rollback` publishes an intact earlier release (`cpi verify` lists them), or "
        f"`cpi build --force` builds a new one from the inputs; keep {build_id}'s file for a look or delete it."
    )


def discard_partial(partial: Path) -> None:
    """Delete a partial release and its folder."""
    shutil.rmtree(partial.parent, ignore_errors=True)


def remove_release(release: Path) -> None:
    """Delete a finished release (its folder; an older-layout file and its WAL)."""
    if release.name == RELEASE_NAME:
        shutil.rmtree(release.parent, ignore_errors=True)
    else:
        remove_release_files(release)


def swap_pointer(out_dir: Path, release: Path) -> None:
    pointer = published_path(out_dir)
    if pointer.exists() and not pointer.is_symlink():
        raise PublishError(
            f"{pointer} is a regular file, not a symlink to a release. "
            f"Fix: move it away (it is not managed by cpi) and rerun the build."
        )
    replace_symlink(pointer, release)
    log.info("published %s -> %s", pointer, os.readlink(pointer))


def replace_symlink(link: Path, target: Path) -> None:
    """Point ``link`` at ``target`` (relative) atomically: a new symlink renamed over the old."""
    relative = os.path.relpath(target, link.parent)
    tmp = link.with_name(f".{link.name}.{secrets.token_hex(4)}.tmp")
    os.symlink(relative, tmp)
    try:
        os.replace(tmp, link)
    except OSError:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_dir(link.parent)


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def apply_retention(out_dir: Path, keep: int, *, spare: Path | None = None) -> list[Path]:
    """Keep the newest ``keep`` releases and always the published one; delete the rest.

    ``spare``: a release to keep this time as well. A build spares the release it has just
    replaced: a reader that resolved ``cpi.duckdb`` a moment before the swap may still be about
    to open that file (DuckDB resolves the symlink, then opens the target).
    """
    keep = max(keep, 1)
    current = published_release(out_dir)
    releases = list_releases(out_dir)
    kept = {p.resolve() for p in (current, spare) if p is not None}
    doomed = [p for p in releases[:-keep] if p.resolve() not in kept]
    for path in doomed:
        # Readers that still have it open keep reading (POSIX unlink semantics).
        remove_release(path)
        log.info("retention: removed old release %s", release_id(path))
    return doomed


def publish(out_dir: Path, release: Path, keep: int) -> Path:
    """Point ``OUT/cpi.duckdb`` at ``release`` atomically, then apply release retention.

    Returns the pointer. (``cpi.publish.retention`` prunes the rest of what builds leave.)"""
    release = Path(release)
    if not release.is_file() or release.resolve() not in {p.resolve() for p in list_releases(out_dir)}:
        raise PublishError(f"{release} is not a finished release in {releases_dir(out_dir)}.")
    swap_pointer(Path(out_dir), release)
    apply_retention(Path(out_dir), keep)
    return published_path(out_dir)


def remove_release_files(path: Path) -> None:
    """Delete a release (or partial) and its WAL, if any."""
    for candidate in (path, path.with_name(path.name + ".wal")):
        if candidate.is_dir():
            shutil.rmtree(candidate)
        else:
            candidate.unlink(missing_ok=True)
