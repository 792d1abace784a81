"""Which release file a report reads, and the release before it (for revisions)."""

from __future__ import annotations

import os
import re
from pathlib import Path

RELEASE_FILE = "cpi.duckdb"
BUILD_ID = re.compile(r"^\d{8}T\d{6}Z-[0-9a-f]+$")


def _releases(warehouse: Path) -> list[Path]:
    folder = warehouse / "releases"
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob(f"*/{RELEASE_FILE}") if BUILD_ID.match(p.parent.name))


def locate_release(warehouse: Path, release: str | None) -> Path:
    """The published release (``release`` None), a build id under ``warehouse``, or a file path."""
    from cpi.report import ReportError

    if release is None:
        pointer = warehouse / RELEASE_FILE
        real = Path(os.path.realpath(pointer))
        if not real.is_file():
            raise ReportError(
                f"No published release at {pointer}. Fix: run `cpi build` first, or pass "
                "--warehouse DIR / --release ID."
            )
        return real
    candidate = Path(release)
    if candidate.is_file():
        return candidate.resolve()
    by_id = warehouse / "releases" / release / RELEASE_FILE
    if by_id.is_file():
        return by_id.resolve()
    known = ", ".join(p.parent.name for p in _releases(warehouse)) or "none"
    raise ReportError(
        f"No release {release!r} in {warehouse / 'releases'} (known: {known}). Fix: pick an id from `cpi releases`."
    )


def previous_release(warehouse: Path, release: Path) -> Path | None:
    """The release built just before ``release`` in the same warehouse (None when first)."""
    earlier = [p for p in _releases(warehouse) if p.parent.name < release.parent.name]
    return earlier[-1].resolve() if earlier else None
