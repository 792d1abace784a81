"""Fixtures for the data layer's tests: the release to read (no Streamlit anywhere).

The release is the session build (``built_warehouse``); ``CPI_APP_TEST_WAREHOUSE`` points these
tests, like the dashboard's, at an existing release instead.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from release_data.connection import Release, open_release


@pytest.fixture(scope="session")
def release_file(request: pytest.FixtureRequest) -> Path:
    override = os.environ.get("CPI_APP_TEST_WAREHOUSE")
    if override:
        return Path(override)
    return request.getfixturevalue("built_warehouse")


@pytest.fixture(scope="session")
def release(release_file: Path) -> Release:
    return open_release(release_file)
