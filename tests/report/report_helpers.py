"""Fixtures and helpers of the report tests (imported by each test module: no conftest, so that
nothing shadows another folder's `conftest`). The report of the session's demo build (written by the build itself, beside its release).

``report_release`` is the published release file; ``report_files[lang]`` = (pdf, html) paths in
its folder. ``CPI_TEST_REPORT_WAREHOUSE=DIR`` reads an existing warehouse folder instead of the
session build (for working on the report without a build; its release must have its reports).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

REPO = Path(__file__).resolve().parents[2]
LOCALES = REPO / "presentation" / "locales"


def catalogue_langs() -> list[str]:
    return sorted(p.name for p in LOCALES.iterdir() if (p / "LC_MESSAGES" / "report.po").is_file())


def catalogue(lang: str) -> dict[str, str]:
    with (LOCALES / lang / "LC_MESSAGES" / "report.po").open("rb") as handle:
        return {str(m.id): str(m.string) for m in read_po(handle) if m.id}


@pytest.fixture(scope="session")
def report_release(request: pytest.FixtureRequest) -> Path:
    override = os.environ.get("CPI_TEST_REPORT_WAREHOUSE")
    pointer = Path(override) / "cpi.duckdb" if override else request.getfixturevalue("built_warehouse")
    return Path(os.path.realpath(pointer))


@pytest.fixture(scope="session")
def report_files(report_release: Path) -> dict[str, tuple[Path, Path]]:
    folder = report_release.parent
    return {lang: (folder / f"report-{lang}.pdf", folder / f"report-{lang}.html") for lang in catalogue_langs()}
