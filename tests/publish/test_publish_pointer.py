"""Unit tests of ``cpi.publish.pointer`` and the build lock: pointer swap, retention, partials, lock."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from publish_helpers import fake_release, read_build_id, run_cpi

from cpi.errors import PublishError
from cpi.publish import pointer as publish
from cpi.publish.lock import BuildLocked, build_lock


def _ids(n: int) -> list[str]:
    start = datetime(2026, 1, 1, tzinfo=UTC)
    return [publish.new_build_id(start + timedelta(minutes=i)) for i in range(n)]


def test_build_ids_are_sortable_and_unique() -> None:
    ids = _ids(3) + [publish.new_build_id(datetime(2026, 1, 1, tzinfo=UTC)) for _ in range(20)]
    assert all(publish.BUILD_ID_RE.match(i) for i in ids)
    assert len(set(ids)) == len(ids)
    assert ids[:3] == sorted(ids[:3])


def test_publish_swaps_a_relative_symlink(tmp_path: Path) -> None:
    first, second = _ids(2)
    pointer = publish.publish(tmp_path, fake_release(tmp_path, first), keep=5)
    assert pointer == tmp_path / "cpi.duckdb"
    assert pointer.is_symlink() and not os.path.isabs(os.readlink(pointer))
    assert os.readlink(pointer) == f"releases/{first}/cpi.duckdb"
    assert read_build_id(pointer) == first

    publish.publish(tmp_path, fake_release(tmp_path, second), keep=5)
    assert read_build_id(pointer) == second
    # the folder can be moved: the relative link still resolves
    moved = tmp_path.parent / (tmp_path.name + "-moved")
    tmp_path.rename(moved)
    assert read_build_id(moved / "cpi.duckdb") == second
    # no temporary symlinks are left behind
    assert sorted(p.name for p in moved.iterdir()) == ["cpi.duckdb", "releases"]


def test_retention_keeps_the_newest_n(tmp_path: Path) -> None:
    ids = _ids(6)
    for build_id in ids:
        publish.publish(tmp_path, fake_release(tmp_path, build_id), keep=3)
    remaining = [publish.release_id(p) for p in publish.list_releases(tmp_path)]
    assert remaining == ids[-3:]
    assert publish.published_build_id(tmp_path) == ids[-1]


def test_retention_never_removes_the_published_release(tmp_path: Path) -> None:
    ids = _ids(4)
    publish.publish(tmp_path, fake_release(tmp_path, ids[0]), keep=1)
    for build_id in ids[1:]:
        fake_release(tmp_path, build_id)  # newer releases exist but are not published
    removed = publish.apply_retention(tmp_path, keep=1)
    remaining = [publish.release_id(p) for p in publish.list_releases(tmp_path)]
    assert ids[0] in remaining, "the published release was deleted"
    assert remaining == [ids[0], ids[-1]]
    assert sorted(publish.release_id(p) for p in removed) == ids[1:-1]
    assert read_build_id(tmp_path / "cpi.duckdb") == ids[0]


def test_stale_partials_are_removed(tmp_path: Path) -> None:
    (old,) = _ids(1)
    partial = publish.partial_path(publish.new_release_path(tmp_path, old))
    partial.parent.mkdir(parents=True)
    partial.write_bytes(b"half a database")
    partial.with_name(partial.name + ".wal").write_bytes(b"wal")
    removed = publish.remove_stale_partials(tmp_path)
    assert removed == [partial.parent]
    assert list((tmp_path / "releases").iterdir()) == []


def test_publish_refuses_a_regular_file_pointer(tmp_path: Path) -> None:
    (build_id,) = _ids(1)
    release = fake_release(tmp_path, build_id)
    (tmp_path / "cpi.duckdb").write_bytes(b"someone's own database")
    with pytest.raises(PublishError, match="not a symlink"):
        publish.publish(tmp_path, release, keep=5)
    assert (tmp_path / "cpi.duckdb").read_bytes() == b"someone's own database"


def test_finalize_refuses_a_release_with_wal(tmp_path: Path) -> None:
    (build_id,) = _ids(1)
    release = publish.new_release_path(tmp_path, build_id)
    partial = publish.partial_path(release)
    partial.parent.mkdir(parents=True)
    partial.write_bytes(b"x")
    partial.with_name(partial.name + ".wal").write_bytes(b"y")
    with pytest.raises(PublishError, match="checkpointed"):
        publish.finalize_release(partial, release)
    assert not release.exists()


def test_second_build_gets_a_clear_lock_error(tmp_path: Path) -> None:
    with build_lock(tmp_path, "first"):
        with (
            pytest.raises(BuildLocked, match="another build is running"),
            build_lock(tmp_path, "second"),
        ):
            pass
        # a separate process (the real CLI) is refused too, with exit code 1 and the reason
        result = run_cpi("build", "--raw", str(tmp_path / "raw"), "--out", str(tmp_path))
        assert result.returncode == 1, result.stdout + result.stderr
        assert "another build is running" in result.stderr
        assert "Traceback" not in result.stderr + result.stdout
    with build_lock(tmp_path, "third"):  # released when the holder exits the block
        pass
