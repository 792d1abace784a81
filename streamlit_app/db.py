"""Read-only access to the published release.

Every query resolves the pointer's REAL path first (``os.path.realpath`` of the
``cpi.duckdb`` symlink) and the caches are keyed by it: releases are immutable files, so a
newly published release is a new key and is picked up on the next rerun without a restart,
while a build writing a different file never blocks the app. One read-only connection is kept
per release file (opening the file costs more than most queries); each query runs on its own
cursor, so sessions in different threads never share one. Queries are parameterised and their
results cached per release.
"""

from __future__ import annotations

import functools
import logging
import os
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

import duckdb
import pandas as pd
import streamlit as st

from streamlit_app.settings import ENV_VAR, warehouse_path

log = logging.getLogger(__name__)
T = TypeVar("T")


class WarehouseUnavailable(Exception):
    """The published release cannot be opened (the message names the file and the fix)."""


def release_path() -> str:
    """Real path of the published release; raises WarehouseUnavailable with the fix."""
    pointer = warehouse_path()
    real = os.path.realpath(pointer)
    if not os.path.isfile(real):
        raise WarehouseUnavailable(
            f"No published warehouse at {pointer} (resolves to {real}). "
            f"Run `make build` (or `cpi build`) first, or set {ENV_VAR} / `cpi app --warehouse PATH` "
            "to an existing release file."
        )
    return real


_CURSOR_LOCK = threading.Lock()


@st.cache_resource(show_spinner=False, max_entries=4)
def _connection(real_path: str, mtime_ns: int) -> duckdb.DuckDBPyConnection:
    log.debug("opening release %s", real_path)
    return duckdb.connect(real_path, read_only=True)


@st.cache_data(show_spinner=False, max_entries=1024)
def _query(real_path: str, mtime_ns: int, sql: str, params: tuple) -> pd.DataFrame:
    log.debug("query %s on %s", sql, real_path)
    with _CURSOR_LOCK:
        cursor = _connection(real_path, mtime_ns).cursor()
    try:
        return cursor.execute(sql, list(params)).df()
    finally:
        cursor.close()


def query(sql: str, params: Sequence[object] = ()) -> pd.DataFrame:
    """Run a parameterised read-only query on the current release (cached per release file)."""
    real = release_path()
    try:
        mtime = os.stat(real).st_mtime_ns
        return _query(real, mtime, sql, tuple(params)).copy()
    except duckdb.Error as exc:
        raise WarehouseUnavailable(
            f"Query failed on release {real}: {exc}. The release may predate the marts contract "
            "(docs/architecture.md); rebuild with `make build`."
        ) from exc


def per_release(fn: Callable[..., T]) -> Callable[..., T]:
    """Keep a small value derived from the release (labels, the waves) per release file and
    arguments, so a page run does not rebuild it for every figure. Callers must not mutate it."""
    store: dict[tuple, T] = {}
    lock = threading.Lock()

    @functools.wraps(fn)
    def wrapper(*args: object) -> T:
        key = (release_path(), *args)
        with lock:
            if key in store:
                return store[key]
        value = fn(*args)
        with lock:
            if len(store) > 512:
                store.clear()
            store[key] = value
        return value

    return wrapper


@per_release
def has_table(name: str, schema: str = "marts") -> bool:
    df = query(
        "select count(*) as n from information_schema.tables where table_schema = ? and table_name = ?",
        (schema, name),
    )
    return bool(df.iloc[0, 0])


def release_file() -> Path:
    return Path(release_path())
