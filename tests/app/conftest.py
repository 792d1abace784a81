"""Fixtures for the dashboard tests: the release to read and a page opener.

The release is the session build (``built_warehouse``). ``CPI_APP_TEST_WAREHOUSE`` points the
tests at an existing release instead (fast iteration on the app without a build).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from streamlit_app.figure import TABLE_KEY

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
def open_page(app_warehouse: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., AppTest]:
    """``open_page(name, lang="en", tables=True, **params)`` -> AppTest after running that page.

    ``params`` are URL query parameters (a deep link), e.g. ``year="2021"``. With ``tables``
    every figure's table expander is opened (one more run), so its table is on the page.
    """
    monkeypatch.setenv("CPI_WAREHOUSE", str(app_warehouse))

    def _open(name: str, lang: str = "en", *, tables: bool = True, **params: object) -> AppTest:
        at = AppTest.from_file(str(APP), default_timeout=120)
        at.query_params["lang"] = lang
        for arrival in ("codes", "weighting"):  # read on arrival, like a fresh link
            if arrival in params:
                at.query_params[arrival] = str(params[arrival])
        at.run()
        at.switch_page(f"views/{name}.py")
        at.query_params["lang"] = lang
        for key, value in params.items():
            at.query_params[key] = str(value)
        at.run()
        keys = [e.key for e in at.expander if str(e.key).startswith(TABLE_KEY)]
        if tables and keys:  # figure tables are made only when opened: open them all
            for key in keys:
                at.session_state[key] = True
            at.run()
        assert not at.exception, f"page {name} raised: {[e.value for e in at.exception]}"
        return at

    return _open
