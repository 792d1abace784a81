"""Fixtures for the operations tests (helpers: ops_helpers.py; publish_helpers.py is shared)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "publish"))  # publish_helpers

from ops_helpers import build_ids
from publish_helpers import fake_release

from cpi.publish import pointer as publish


@pytest.fixture
def releases(tmp_path: Path) -> Callable[..., list[str]]:
    """``releases(n, published=k)``: n fake releases in ``tmp_path`` (fingerprints fp0..), the
    k-th (default: last) published. Returns their build ids, oldest first."""

    def make(n: int, published: int = -1) -> list[str]:
        ids = build_ids(n)
        for i, build_id in enumerate(ids):
            fake_release(tmp_path, build_id, fingerprint=f"fp{i}")
        publish.swap_pointer(tmp_path, publish.new_release_path(tmp_path, ids[published]))
        return ids

    return make
