"""End to end: the dashboard in headless Debian chromium, every page, numbers vs the marts."""

from __future__ import annotations

import os
import re
from pathlib import Path

import duckdb
import pytest
from browser_helpers import (
    CHROMIUM,
    PAGES,
    chromium_page,
    page_url,
    running_app,
    screenshot_full,
    wait_rendered,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason=f"{CHROMIUM} missing (CI installs Debian chromium)",
    ),
]

INDICATORS = ["composite", "general", "geopolitical", "economic", "cultural"]


def _expected(warehouse: Path) -> dict[str, object]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        year = con.execute(
            "select max(year) from marts.fct_indicators where not is_interpolated"
        ).fetchone()[0]
        values = dict(
            con.execute(
                "select indicator_code, value from marts.fct_indicators where year = ?",
                [year],
            ).fetchall()
        )
        build_id = con.execute(
            "select build_id from marts.build_info order by built_at desc limit 1"
        ).fetchone()[0]
        synthetic = con.execute(
            "select count(*) from marts.dim_waves where is_synthetic"
        ).fetchone()[0]
    finally:
        con.close()
    return {
        "year": year,
        "values": [values[c] for c in INDICATORS],
        "build_id": str(build_id),
        "synthetic": bool(synthetic),
    }


def test_every_page_in_chromium(served_warehouse: Path, tmp_path: Path) -> None:
    expected = _expected(served_warehouse)
    shots = Path(os.environ.get("CPI_SCREENSHOT_DIR", tmp_path / "screenshots"))
    shots.mkdir(parents=True, exist_ok=True)
    with (
        running_app(served_warehouse, tmp_path / "app.log") as url,
        chromium_page() as page,
    ):
        for path, title in PAGES.items():
            page.goto(page_url(url, path))
            wait_rendered(page, title)
            assert page.locator("h1").first.inner_text().strip() == title
            assert page.locator('[data-testid="stException"]').count() == 0, (
                f"exception on {path}"
            )
            main = page.locator('[data-testid="stMain"]').inner_text()
            assert not re.search(r"\bError\b|Traceback", main), f"error text on {path}"
            banner = (
                page.locator('[data-testid="stAlert"]').first.inner_text()
                if expected["synthetic"]
                else ""
            )
            assert ("Synthetic" in banner) == expected["synthetic"]
            screenshot_full(page, shots / f"{path}.png")
            metrics = [
                m.inner_text()
                for m in page.locator('[data-testid="stMetricValue"]').all()
            ]
            if path == "overview":
                assert [float(m) for m in metrics] == pytest.approx(
                    expected["values"], abs=0.005
                )
                assert f"{expected['year']}" in main
            if path == "methodology":
                assert expected["build_id"] in metrics
