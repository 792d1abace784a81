"""Browser fixtures: the release to serve (session build or ``CPI_APP_TEST_WAREHOUSE``)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def served_warehouse(request: pytest.FixtureRequest) -> Path:
    override = os.environ.get("CPI_APP_TEST_WAREHOUSE")
    if override:
        return Path(override)
    return request.getfixturevalue("built_warehouse")
