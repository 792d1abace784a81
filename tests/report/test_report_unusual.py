"""A release unlike the demo one (two tiny waves of 240 respondents, whatever blocks they lack)
still gets its whole report: every caption, with "no data in this release" where the release
lacks a table's or figure's data, instead of a failed build."""

from __future__ import annotations

from pathlib import Path

from cpi.report import generate
from tests.report.report_helpers import catalogue
from tests.report.test_report_contents import numbered, pdf_text


def test_a_release_without_some_blocks_gets_every_caption(tiny_build, tmp_path) -> None:
    release = Path(tiny_build.published).resolve()
    written = generate(release, tmp_path, ["en"])
    pdf = next(w.path for w in written if w.fmt == "pdf")
    text = pdf_text(pdf)
    strings = catalogue("en")
    for kind, word in (("table", "Table"), ("figure", "Figure")):
        for number in numbered(kind):
            assert f"{word} {number}. {strings[f'report.{kind}.{number}']}" in text
