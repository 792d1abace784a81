"""One build at a time per output folder: an ``fcntl`` lock on ``OUT/.build.lock``.

The kernel drops the lock when the holding process dies (even on SIGKILL), so a killed build
never leaves a stale lock behind; the file itself may stay and is harmless.
"""

from __future__ import annotations

import fcntl
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from cpi.errors import BuildError

log = logging.getLogger(__name__)

LOCK_NAME = ".build.lock"


class BuildLocked(BuildError):
    """Another build holds the lock on the same output folder."""


@contextmanager
def build_lock(out_dir: Path, build_id: str) -> Iterator[Path]:
    path = Path(out_dir) / LOCK_NAME
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _read_holder(fd)
            raise BuildLocked(
                f"another build is running on {out_dir} (lock {path} held by {holder}). "
                "Fix: wait for it to finish, or build into another folder with --out."
            ) from None
        os.ftruncate(fd, 0)
        os.write(fd, f"pid={os.getpid()} build_id={build_id}\n".encode())
        log.debug("acquired %s", path)
        yield path
    finally:
        os.close(fd)  # closing releases the flock


def _read_holder(fd: int) -> str:
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        text = os.read(fd, 200).decode(errors="replace").strip()
    except OSError:
        text = ""
    return text or "an unknown process"
