"""Fixtures for the mart tests: a read-only connection to the session build's release."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pandas as pd
import pytest


@pytest.fixture(scope="session")
def marts(built_warehouse: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    con = duckdb.connect(str(built_warehouse), read_only=True)
    yield con
    con.close()


@pytest.fixture(scope="session")
def q(marts: duckdb.DuckDBPyConnection):
    """Run SQL against the release and return a DataFrame."""

    def run(sql: str, params: list | None = None) -> pd.DataFrame:
        return marts.execute(sql, params or []).df()

    return run
