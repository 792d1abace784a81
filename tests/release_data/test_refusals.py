"""Only a published release is read: every other file is refused with a message that names the
file and says what it is (issue 16: /etc/passwd, the restricted work file with a build_info, an
empty DuckDB file)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest

from release_data.connection import open_release
from release_data.errors import NotARelease, ReleaseUnavailable


def _copy(src: Path, dst: Path) -> Path:
    shutil.copyfile(os.path.realpath(src), dst)
    return dst


def _edit(path: Path, *statements: str) -> Path:
    con = duckdb.connect(str(path))
    for sql in statements:
        con.execute(sql)
    con.close()
    return path


def _empty(tmp: Path, release: Path) -> Path:
    return _edit(tmp / "empty.duckdb")


def _missing(tmp: Path, release: Path) -> Path:
    return tmp / "nowhere" / "cpi.duckdb"


def _text_file(tmp: Path, release: Path) -> Path:
    return Path("/etc/passwd")


def _no_marker(tmp: Path, release: Path) -> Path:
    return _edit(_copy(release, tmp / "unmarked.duckdb"), "drop table marts.release_marker")


def _wrong_marker(tmp: Path, release: Path) -> Path:
    return _edit(_copy(release, tmp / "other.duckdb"), "update marts.release_marker set release_format = 'x'")


def _extra_schema(tmp: Path, release: Path) -> Path:
    return _edit(_copy(release, tmp / "extra.duckdb"), "create schema scratch", "create table scratch.t (x int)")


def _work_file_with_build_info(tmp: Path, release: Path, work_file: Path) -> Path:
    """The probe's case: the restricted work file, with the release's build_info and marker
    copied in so that neither is missing."""
    path = _copy(work_file, tmp / "work.duckdb")
    con = duckdb.connect(str(path))
    con.execute(f"attach '{os.path.realpath(release)}' as rel (read_only)")
    con.execute("create schema if not exists marts")
    for table in ("build_info", "release_marker"):
        con.execute(f"create or replace table marts.{table} as select * from rel.marts.{table}")
    con.close()
    return path


CASES: list[tuple[str, Callable, type, tuple[str, ...]]] = [
    ("missing", _missing, ReleaseUnavailable, ("No published warehouse", "make build")),
    ("a text file", _text_file, NotARelease, ("/etc/passwd", "not a DuckDB database file")),
    ("an empty DuckDB file", _empty, NotARelease, ("empty.duckdb", "empty DuckDB file")),
    ("no marker", _no_marker, NotARelease, ("unmarked.duckdb", "no publisher's marker")),
    ("another marker", _wrong_marker, NotARelease, ("other.duckdb", "no publisher's marker")),
    ("an extra schema", _extra_schema, NotARelease, ("extra.duckdb", "other data", "scratch")),
]


@pytest.mark.parametrize(("case", "make", "error", "says"), CASES, ids=[c[0] for c in CASES])
def test_a_file_that_is_not_a_release_is_refused(
    release_file: Path, tmp_path: Path, case: str, make: Callable, error: type, says: tuple[str, ...]
) -> None:
    path = make(tmp_path, release_file)
    with pytest.raises(error) as caught:
        open_release(path)
    message = str(caught.value)
    assert all(part in message for part in says), message
    assert "Fix:" in message


def test_the_work_file_with_a_build_info_is_refused(release_file: Path, built_work_file: Path, tmp_path: Path) -> None:
    path = _work_file_with_build_info(tmp_path, release_file, built_work_file)
    with pytest.raises(NotARelease) as caught:
        open_release(path)
    message = str(caught.value)
    assert "work.duckdb" in message and "restricted work file" in message and "raw" in message


def test_the_published_release_opens(release_file: Path) -> None:
    release = open_release(release_file)
    assert release.path == Path(os.path.realpath(release_file))
    marker = release.read("select * from marts.release_marker")
    assert marker.to_dict("records") == [{"release_format": "cpi-release", "format_version": 1}]
