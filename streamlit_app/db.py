"""The dashboard's door to the published release: ``release_data`` plus Streamlit's cache.

Every read resolves the pointer's REAL path first (``os.path.realpath`` of the ``cpi.duckdb``
symlink) and the cache is keyed by it: releases are immutable files, so a newly published
release is a new key and is picked up on the next rerun without a restart, while a build writing
a different file never blocks the app. The SQL, the read-only connection (one per release file,
a cursor per read) and the check that the file is a published release live in ``release_data``;
this module only caches each read's result per release file (``st.cache_data``).
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

import pandas as pd
import streamlit as st

from release_data import meta as release_meta
from release_data.connection import Release
from release_data.errors import ReleaseUnavailable
from streamlit_app.settings import warehouse_path

T = TypeVar("T")
WarehouseUnavailable = ReleaseUnavailable  # the name the dashboard used before release_data


@st.cache_data(show_spinner=False, max_entries=1024)
def _read(real_path: str, mtime_ns: int, sql: str, params: tuple) -> pd.DataFrame:
    return Release(real_path).read(sql, params)


class CachedRelease(Release):
    """A ``Release`` whose reads are cached per release file and parameters."""

    def query(self, sql: str, params: Sequence[object] = ()) -> pd.DataFrame:
        self.connection()  # checked to be a release before anything is cached
        return _read(str(self.path), self.mtime_ns, sql, tuple(params)).copy()


def release() -> CachedRelease:
    """The published release to read now (raises ReleaseUnavailable with the fix)."""
    return CachedRelease(warehouse_path())


def release_path() -> str:
    """Real path of the published release; raises ReleaseUnavailable with the fix."""
    return str(release().path)


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
    return release_meta.has_table(release(), name, schema)


def release_file() -> Path:
    return Path(release_path())
