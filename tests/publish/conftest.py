"""Fixtures for the publish tests: a tiny raw folder and one build of it (shared, read-only)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from ingest.build import BuildResult, run_build

KEEP = 2


@pytest.fixture(scope="session")
def tiny_raw(
    tmp_path_factory: pytest.TempPathFactory, tiny_wave_factory: Callable[..., Path]
) -> Path:
    raw = tmp_path_factory.mktemp("tiny_raw")
    tiny_wave_factory(raw, "tiny_2021_11", 2021, n=200, seed=21)
    tiny_wave_factory(raw, "tiny_2023_11", 2023, n=240, seed=23)
    return raw


@pytest.fixture(scope="session")
def tiny_build(tmp_path_factory: pytest.TempPathFactory, tiny_raw: Path) -> BuildResult:
    """One successful build of ``tiny_raw``. Tests must not modify its folder: copy it first."""
    out = tmp_path_factory.mktemp("tiny_out")
    return run_build(tiny_raw, out, keep=KEEP)
