"""Fixtures for the dashboard tests: the release to read and a page opener.

The release is the session build (``built_warehouse``). ``CPI_APP_TEST_WAREHOUSE`` points the
tests at an existing release instead (fast iteration on the app without a build).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

APP = Path(__file__).resolve().parents[2] / "streamlit_app" / "app.py"


@pytest.fixture(scope="session")
def app_warehouse(request: pytest.FixtureRequest) -> Path:
    override = os.environ.get("CPI_APP_TEST_WAREHOUSE")
    if override:
        return Path(override)
    return request.getfixturevalue("built_warehouse")


@pytest.fixture()
def marts(app_warehouse: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    con = duckdb.connect(str(app_warehouse), read_only=True)
    yield con
    con.close()


@pytest.fixture()
def open_page(
    app_warehouse: Path, monkeypatch: pytest.MonkeyPatch
) -> Callable[..., AppTest]:
    """``open_page(name, lang="en", **params)`` -> AppTest after running that page.

    ``params`` are URL query parameters (a deep link), e.g. ``year="2021"``.
    """
    monkeypatch.setenv("CPI_WAREHOUSE", str(app_warehouse))

    def _open(name: str, lang: str = "en", **params: object) -> AppTest:
        at = AppTest.from_file(str(APP), default_timeout=120)
        at.query_params["lang"] = lang
        if "codes" in params:
            at.query_params["codes"] = str(params["codes"])
        at.run()
        at.switch_page(f"views/{name}.py")
        at.query_params["lang"] = lang
        for key, value in params.items():
            at.query_params[key] = str(value)
        at.run()
        assert not at.exception, (
            f"page {name} raised: {[e.value for e in at.exception]}"
        )
        return at

    return _open


def charts(at: AppTest) -> dict[str, dict]:
    """Vega-Lite specs drawn on the page, keyed by their figure key (usermeta.figure)."""
    out = {}
    for chart in at.get("vega_lite_chart"):
        spec = json.loads(chart.proto.spec)
        out[spec.get("usermeta", {}).get("figure", "")] = spec
    return out


def headers(at: AppTest) -> list[tuple[str, str]]:
    """(column, shown header) of every table on the page."""
    out = []
    for frame in at.dataframe:
        config = json.loads(frame.proto.columns or "{}")
        for column in frame.value.columns:
            label = config.get(str(column), {}).get("label")
            out.append((str(column), label if label is not None else str(column)))
    return out


def table_with(at: AppTest, *columns: str) -> pd.DataFrame:
    """The first table on the page that has all ``columns``."""
    for frame in at.dataframe:
        if set(columns) <= set(frame.value.columns):
            return frame.value.reset_index(drop=True)
    raise AssertionError(f"no table with columns {columns}")
