# ruff: noqa: F811  (the fixtures are imported from report_helpers, then named as arguments)
"""Every table and figure of the report, by its number and title, in every language; the
report exists beside its release for every language and format."""

from __future__ import annotations

import csv
import re
from html import unescape
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.report.report_helpers import REPO, catalogue, catalogue_langs, report_files, report_release  # noqa: F401 (fixtures)

CONTENTS = REPO / "presentation" / "report_contents.csv"


def pdf_text(path: Path) -> str:
    text = "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)
    return re.sub(r"\s+", " ", text.replace("\u2060", ""))


def numbered(kind: str) -> set[int]:
    with CONTENTS.open(encoding="utf-8", newline="") as handle:
        return {int(r["number"]) for r in csv.DictReader(handle) if r["kind"] == kind and r["number"]}


@pytest.mark.parametrize("kind", ["table", "figure"])
def test_contents_lists_each_numbered_artefact_once_and_the_catalogue_titles_it(kind) -> None:
    numbers = numbered(kind)
    assert numbers == set(range(1, max(numbers) + 1)), f"{kind} numbers have gaps: {sorted(numbers)}"
    for lang in catalogue_langs():
        titled = {int(k.rsplit(".", 1)[1]) for k in catalogue(lang) if k.startswith(f"report.{kind}.")}
        assert titled == numbers, f"{lang}: {kind}s without a title: {sorted(numbers - titled)}"


@pytest.mark.parametrize("lang", catalogue_langs())
def test_each_table_and_figure_appears_by_number_and_title(report_files, lang) -> None:
    pdf, html = report_files[lang]
    assert pdf.is_file() and html.is_file(), f"the build wrote no report-{lang} beside its release"
    assert pdf.read_bytes()[:5] == b"%PDF-"
    text = pdf_text(pdf)
    page = re.sub(r"\s+", " ", unescape(html.read_text(encoding="utf-8")))
    strings = catalogue(lang)
    words = {"table": strings["report.word.table"], "figure": strings["report.word.figure"]}
    missing = []
    for kind in ("table", "figure"):
        for number in sorted(numbered(kind)):
            caption = f"{words[kind]} {number}. {strings[f'report.{kind}.{number}']}"
            caption = re.sub(r"\s+", " ", caption)
            if caption not in text:
                missing.append(f"PDF: {caption}")
            if caption not in page:
                missing.append(f"HTML: {caption}")
    assert not missing, f"{lang}: {len(missing)} captions missing, e.g. {missing[:3]}"


@pytest.mark.parametrize("lang", catalogue_langs())
def test_the_html_report_anchors_every_figure_and_table_the_dashboard_links_to(report_files, lang) -> None:
    """Each row of the contents is an anchor (``id``) of the HTML report: the dashboard's links
    (``report-<lang>.html#figure-5``) land on the figure."""
    from presentation.report_refs import contents_keys

    page = report_files[lang][1].read_text(encoding="utf-8")
    ids = set(re.findall(r'\bid="([^"]+)"', page))
    assert set(contents_keys()) <= ids, sorted(set(contents_keys()) - ids)[:5]
