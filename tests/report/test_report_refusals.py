"""Bad requests to `cpi report` are refused with a message that names the value and the fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from cpi.report import ReportError, generate
from cpi.report.locate import locate_release
from tests.report.report_helpers import catalogue_langs

LANGS = catalogue_langs()


def _release(tmp_path: Path) -> Path:
    path = tmp_path / "warehouse" / "releases" / "20260101T000000Z-abc123" / "cpi.duckdb"
    path.parent.mkdir(parents=True)
    path.write_bytes(b"")  # only its name matters to the checks below
    return path


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        (
            lambda r: generate(r, r.parent, ["xx"]),
            f"Unknown report language xx. Fix: use one of {', '.join(sorted(LANGS, key=lambda c: c != 'en'))}",
        ),
        (lambda r: generate(r, r.parent, ["en"], ["docx"]), "Unknown report format docx. Fix: use pdf and/or html"),
        (lambda r: generate(r.parent / "missing.duckdb", r.parent, ["en"]), "No release file at"),
        (lambda r: locate_release(r.parents[2], "20990101T000000Z-ffffff"), "No release '20990101T000000Z-ffffff' in"),
        (lambda r: locate_release(r.parents[2], None), "No published release at"),
    ],
)
def test_refusals_name_the_value_and_the_fix(tmp_path, call, expected) -> None:
    release = _release(tmp_path)
    with pytest.raises(ReportError) as refused:
        call(release)
    assert expected in str(refused.value)
    assert "Fix:" in str(refused.value)
