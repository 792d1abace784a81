"""Builds shared by the whole test run, even when pytest-xdist runs the tests in several processes.

``once(tmp_path_factory, name, produce)`` calls ``produce(folder)`` in the first process that
asks and keeps its (pickled) result in ``folder``; every other process that asks -- at the same
time or later -- waits on a file lock and gets that result. The folder is shared by the whole run:
the run's base temporary folder (``pytest-of-<user>/pytest-<n>/``), of which each xdist worker
has its own subfolder. A ``produce`` that raises is not retried by the other processes: they fail
with the first one's message.
"""

from __future__ import annotations

import fcntl
import os
import pickle
import shutil
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import pytest

T = TypeVar("T")


def run_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The temporary folder every process of this test run shares."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)  # blocks until the process holding it is done
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def once(tmp_path_factory: pytest.TempPathFactory, name: str, produce: Callable[[Path], T]) -> T:
    folder = run_folder(tmp_path_factory) / f"once-{name}"
    folder.mkdir(exist_ok=True)
    result, failure = folder / "result.pickle", folder / "failure.txt"
    with _locked(folder / ".lock"):
        if result.exists():
            return pickle.loads(result.read_bytes())
        if failure.exists():
            pytest.fail(f"{name} failed in another test process:\n{failure.read_text()}", pytrace=False)
        try:
            value = produce(folder)
        except pytest.skip.Exception:
            raise
        except BaseException:
            failure.write_text(traceback.format_exc())
            raise
        result.write_bytes(pickle.dumps(value))
        return value


def copy_out_dir(src: Path, dst: Path) -> Path:
    """A copy of a finished ``OUT`` folder (``cpi.duckdb`` stays a relative symlink; the build
    lock is left out). Releases, work files, the raw store and dbt's saved parse come along: a
    build into the copy reuses the stored waves and parses partially."""
    shutil.copytree(src, dst, symlinks=True, ignore=shutil.ignore_patterns(".build.lock"))
    return dst
