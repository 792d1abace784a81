"""The report states the settings of its release, as the dashboard does: the intervals'
confidence level (from ``ci_z``) and the Table 36 p threshold come from ``marts.dim_thresholds``,
the interpolated year from the marts; a copy of the release with other settings gets a report
that says the other numbers, the very strings the dashboard prints for that release."""

# ruff: noqa: F811  (the fixtures are imported from report_helpers, then named as arguments)
from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import duckdb
import pytest

from cpi.report import generate
from presentation.i18n import translate
from presentation.thresholds import placeholders
from release_data import meta as release_meta
from release_data.connection import open_release
from tests.report.report_helpers import report_release  # noqa: F401 (fixture)


def _report_text(release: Path, out: Path, lang: str) -> str:
    written = generate(release, out, [lang], formats=["html"])
    raw = written[0].path.read_text(encoding="utf-8")
    return html.unescape(re.sub(r"<[^>]+>", " ", raw))


def _other_settings(release: Path, copy: Path) -> Path:
    shutil.copyfile(release, copy)
    con = duckdb.connect(str(copy))
    con.execute("update marts.dim_thresholds_v1 set value = value * 1.3 where setting = 'ci_z'")
    con.execute("update marts.dim_thresholds_v1 set value = value / 5 where setting = 'influence_max_p'")
    con.close()
    return copy


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_report_says_its_release_settings(report_release, tmp_path: Path, lang: str) -> None:
    releases = {"as_built": report_release, "other": _other_settings(report_release, tmp_path / "other.duckdb")}
    said = {}
    for name, release in releases.items():
        text = " ".join(_report_text(release, tmp_path / name, lang).split())
        values = placeholders(release_meta.thresholds(open_release(release)), lang)  # as the dashboard fills them
        assert " ".join(translate("report.col.ci", lang, **values).split()) in text
        assert " ".join(translate("report.note.integral", lang, **values).split()) in text
        assert not re.search(r"\{[a-z_]+\}", text), "a placeholder left unfilled"
        said[name] = (values["ci_pct"], values["influence_max_p"])
    assert said["as_built"][0] != said["other"][0]
    assert said["as_built"][1] != said["other"][1]


def test_the_report_names_the_interpolated_year_of_its_data(report_release, tmp_path: Path) -> None:
    con = duckdb.connect(str(report_release), read_only=True)
    years = [
        y
        for (y,) in con.execute(
            "select distinct year from marts.fct_indicators_v2 where is_interpolated order by year"
        ).fetchall()
    ]
    con.close()
    assert years, "the demo release has an interpolated year (the case this checks)"
    text = " ".join(_report_text(report_release, tmp_path, "en").split())
    expected = translate("report.methodology_note", "en", years=", ".join(map(str, years)))
    assert " ".join(expected.split()) in text
