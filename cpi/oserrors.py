"""Filesystem failures as one line: what could not be done, where, the OS's reason, and the fix.

A read-only output folder, a full disk or a missing permission surface in several shapes: an
``OSError`` from Python, or a DuckDB ``IOException`` whose text carries the OS message. Both
become a ``FilesystemError`` (exit 1, no traceback).
"""

from __future__ import annotations

import errno
import re

import duckdb

from cpi.errors import FilesystemError

FIXES = {
    errno.EROFS: "remount the filesystem read-write, or pass another --out",
    errno.ENOSPC: "free space on that disk (e.g. a lower --keep), or pass an --out on a larger disk",
    errno.EDQUOT: "free space within the quota, or pass another --out",
    errno.EFBIG: "raise the file size limit (ulimit -f), or pass another --out",
    errno.EACCES: "give the user running cpi write access to it, or pass another --out",
    errno.EPERM: "give the user running cpi write access to it, or pass another --out",
}
# How DuckDB (and the C library) spell the same causes inside their own messages.
MESSAGE_ERRNO = (
    ("read-only file system", errno.EROFS),
    ("no space left on device", errno.ENOSPC),
    ("disk quota exceeded", errno.EDQUOT),
    ("file too large", errno.EFBIG),
    ("permission denied", errno.EACCES),
    ("operation not permitted", errno.EPERM),
)
_QUOTED_PATH = re.compile(r'"(/[^"]+)"')


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else text


def filesystem_error(exc: BaseException, doing: str = "write") -> FilesystemError | None:
    """A one-line ``FilesystemError`` for a filesystem failure, or None for anything else."""
    if isinstance(exc, OSError) and exc.errno is not None:
        path = exc.filename or "?"
        cause = exc.strerror or errno.errorcode.get(exc.errno, str(exc.errno))
        fix = FIXES.get(exc.errno, "check that the path exists and is writable, then rerun")
        name = errno.errorcode.get(exc.errno, str(exc.errno))
        return FilesystemError(f"cannot {doing} {path}: {cause} ({name}). Fix: {fix}.")
    if isinstance(exc, duckdb.Error):  # IOException, FatalException (failed checkpoint), ...
        text = str(exc)
        lowered = text.lower()
        for needle, code in MESSAGE_ERRNO:
            if needle in lowered:
                match = _QUOTED_PATH.search(text)
                path = match.group(1) if match else "the DuckDB file"
                return FilesystemError(
                    f"cannot {doing} {path}: {needle} ({errno.errorcode[code]}; DuckDB: "
                    f"{_first_line(text)[:160]}). Fix: {FIXES[code]}."
                )
        if isinstance(exc, duckdb.IOException):
            return FilesystemError(
                f"DuckDB could not read or write a file: {_first_line(text)[:200]}. "
                "Fix: check the path, free space and permissions, then rerun."
            )
    return None
