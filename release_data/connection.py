"""Open a published release read-only, check that it is one, and run parameterised reads.

``Release(path)`` resolves ``path`` (the ``OUT/cpi.duckdb`` pointer or a release file) to the
real file once: releases are immutable, so a newly published release is a new ``Release``. One
read-only DuckDB connection is kept per release file (opening costs more than most reads); every
read runs on its own cursor, so threads never share one. Before the first read the file is
checked (``check_release``): the publisher's marker (``marts.release_marker``, written only by
the release writer) and no schema but ``marts`` and ``reference``. Anything else -- a text file,
an empty DuckDB file, a build's work file with respondent-level schemas -- is refused with a
message that names the file and what it is.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from pathlib import Path

import duckdb
import pandas as pd

from release_data import marker
from release_data.errors import NotARelease, ReleaseUnavailable

MARKER_TABLE = marker.TABLE  # in schema marts; written by the release writer only
RELEASE_FORMAT = marker.RELEASE_FORMAT
PUBLISHED_SCHEMAS = frozenset(marker.PUBLISHED_SCHEMAS)
_KEEP_OPEN = 4  # connections kept (one per release file)
FIX = (
    "Fix: point the reader at a published release -- OUT/cpi.duckdb, which `cpi build` writes "
    "(`cpi app --warehouse PATH`, or CPI_WAREHOUSE for the dashboard)."
)

_lock = threading.Lock()
_connections: dict[tuple[str, int], duckdb.DuckDBPyConnection] = {}
_checked: set[tuple[str, int]] = set()


def _connect(real: str, mtime_ns: int) -> duckdb.DuckDBPyConnection:
    key = (real, mtime_ns)
    with _lock:
        con = _connections.get(key)
        if con is not None:
            return con
    try:
        con = duckdb.connect(real, read_only=True)
    except duckdb.Error as exc:
        raise NotARelease(
            f"{real} is not a DuckDB database file ({str(exc).splitlines()[0]}), so not a published release. {FIX}"
        ) from exc
    with _lock:
        if key in _connections:  # another thread won the race
            con.close()
            return _connections[key]
        if len(_connections) >= _KEEP_OPEN:
            old_key = next(iter(_connections))
            _connections.pop(old_key)  # closed when no reader holds a cursor on it any more
            _checked.discard(old_key)
        _connections[key] = con
        return con


def _run(con: duckdb.DuckDBPyConnection, sql: str, params: Sequence[object]) -> pd.DataFrame:
    with _lock:
        cursor = con.cursor()
    try:
        return cursor.execute(sql, list(params)).df()
    finally:
        cursor.close()


def check_release(con: duckdb.DuckDBPyConnection, real: str) -> None:
    """Refuse a file that is not a published release (see the module docstring)."""
    schemas = sorted(
        set(
            _run(
                con,
                "select distinct schema_name from duckdb_tables() where database_name = current_database() "
                "union select distinct schema_name from duckdb_views() "
                "where database_name = current_database() and not internal",
                (),
            )["schema_name"]
        )
    )
    extra = [s for s in schemas if s not in PUBLISHED_SCHEMAS]
    if extra:
        what = (
            "a build's restricted work file (it holds respondent-level data and is never served)"
            if {"raw", "staging", "intermediate"} & set(extra)
            else "a DuckDB file with other data"
        )
        raise NotARelease(
            f"{real} is {what}: it has schema(s) {', '.join(extra)}, and a published release has "
            f"only {' and '.join(sorted(PUBLISHED_SCHEMAS))}. {FIX}"
        )
    if not schemas:
        raise NotARelease(f"{real} is an empty DuckDB file, not a published release. {FIX}")
    marker = _run(
        con,
        "select count(*) as n from duckdb_tables() where database_name = current_database() "
        "and schema_name = 'marts' and table_name = ?",
        (MARKER_TABLE,),
    )
    formats = (
        _run(con, f"select release_format from marts.{MARKER_TABLE}", ())["release_format"].tolist()
        if int(marker.iloc[0, 0])
        else []
    )
    if formats != [RELEASE_FORMAT]:
        raise NotARelease(
            f"{real} is a DuckDB file with schema(s) {', '.join(schemas)} but no publisher's marker "
            f"(one row '{RELEASE_FORMAT}' in marts.{MARKER_TABLE}), so not a release published by "
            f"`cpi build` (a release published before markers existed needs `cpi build --force`). {FIX}"
        )


class Release:
    """A published release file, opened read-only on first use."""

    def __init__(self, path: str | os.PathLike[str]):
        self.pointer = Path(path)
        real = os.path.realpath(path)
        if not os.path.isfile(real):
            raise ReleaseUnavailable(
                f"No published warehouse at {self.pointer} (resolves to {real}). Run `make build` "
                f"(or `cpi build`) first. {FIX}"
            )
        self.path = Path(real)
        self.mtime_ns = os.stat(real).st_mtime_ns

    @property
    def key(self) -> tuple[str, int]:
        """What identifies this release for caches: its real path and modification time."""
        return (str(self.path), self.mtime_ns)

    def connection(self) -> duckdb.DuckDBPyConnection:
        """The shared read-only connection, after the file was checked to be a release."""
        con = _connect(*self.key)
        if self.key not in _checked:
            try:
                check_release(con, str(self.path))
            except duckdb.Error as exc:  # opens, but its catalogue cannot be read (a damaged file)
                raise NotARelease(f"{self.path} cannot be read as a release ({exc}). {FIX}") from exc
            with _lock:
                _checked.add(self.key)
        return con

    def query(self, sql: str, params: Sequence[object] = ()) -> pd.DataFrame:
        """Run one parameterised read-only query (override to cache around it)."""
        return self.read(sql, params)

    def read(self, sql: str, params: Sequence[object] = ()) -> pd.DataFrame:
        """Run one parameterised read-only query on the file itself (never cached)."""
        con = self.connection()
        try:
            return _run(con, sql, params)
        except duckdb.Error as exc:
            raise ReleaseUnavailable(
                f"Query failed on release {self.path}: {exc}. The release may predate the marts "
                "contract (docs/architecture.md); rebuild with `make build`."
            ) from exc


def open_release(path: str | os.PathLike[str]) -> Release:
    """A checked ``Release`` (raises ``ReleaseUnavailable`` / ``NotARelease`` with the fix)."""
    release = Release(path)
    release.connection()
    return release
