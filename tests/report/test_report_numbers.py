# ruff: noqa: F811  (the fixtures are imported from report_helpers, then named as arguments)
"""Every number of the generated sentences and of the tables is a value of the release's marts,
rounded as printed; the PDF prints the same sentences; the rules say what the numbers say.

The allowed values come from this test's own queries of every mart (not from the report code):
a number printed with d decimals must equal some mart value rounded to d decimals (signs are
compared as magnitudes: "rose by 0.11" prints |change|); dates count by their parts.
"""

from __future__ import annotations

import math
import re
from html.parser import HTMLParser
from pathlib import Path

import duckdb
import pytest
from pypdf import PdfReader

from tests.report.report_helpers import catalogue_langs, report_files, report_release  # noqa: F401 (fixtures)

# a number as Babel prints it: en 1,616 / 0.39 ; ru, kk 1 616 / 0,39 (no-break space groups)
NUMBER = {
    "en": re.compile(r"(?<![\w.,\d])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d\w])|(?<![\w.,\d])\d+(?:\.\d+)?(?![\d\w])"),
    "comma": re.compile(r"(?<![\w,\d])\d{1,3}(?:\u00a0\d{3})+(?:,\d+)?(?![\d\w])|(?<![\w,\d])\d+(?:,\d+)?(?![\d\w])"),
}


class Collect(HTMLParser):
    """Generated paragraphs (``p.generated``) and the cells of the report's tables."""

    def __init__(self) -> None:
        super().__init__()
        self.sentences: list[str] = []
        self.cells: list[str] = []
        self._in: str | None = None
        self._buf: list[str] = []

    def handle_starttag(self, tag, attrs):
        css = dict(attrs).get("class", "")
        if tag == "p" and css == "generated" or tag == "td":
            self._in, self._buf = tag, []

    def handle_endtag(self, tag):
        if self._in == tag:
            (self.sentences if tag == "p" else self.cells).append("".join(self._buf))
            self._in = None

    def handle_data(self, data):
        if self._in:
            self._buf.append(data)


def parse(html: Path) -> Collect:
    c = Collect()
    c.feed(html.read_text(encoding="utf-8"))
    return c


def numbers(text: str, lang: str) -> list[tuple[float, int]]:
    """(magnitude, decimals) of every number in ``text``."""
    pattern = NUMBER["en" if lang == "en" else "comma"]
    out = []
    for token in pattern.findall(text):
        plain = token.replace(",", "") if lang == "en" else token.replace("\u00a0", "").replace(",", ".")
        decimals = len(plain.split(".")[1]) if "." in plain else 0
        out.append((float(plain), decimals))
    return out


@pytest.fixture(scope="module")
def mart_values(report_release: Path) -> dict[int, set[float]]:
    """Every numeric value of every mart, rounded to 0–4 decimals, as magnitudes; date parts."""
    rounded: dict[int, set[float]] = {d: set() for d in range(5)}
    con = duckdb.connect(str(report_release), read_only=True)
    try:
        columns = con.execute(
            "select table_name, column_name, data_type from information_schema.columns where table_schema = 'marts'"
        ).fetchall()
        for table, column, dtype in columns:
            if dtype in ("DATE", "TIMESTAMP", "TIMESTAMP WITH TIME ZONE"):
                parts = con.execute(
                    f'select distinct day("{column}"), month("{column}"), year("{column}") from marts."{table}"'
                ).fetchall()
                rounded[0].update(float(v) for row in parts for v in row if v is not None)
            elif any(k in dtype for k in ("INT", "DOUBLE", "FLOAT", "DECIMAL", "REAL")):
                for (value,) in con.execute(f'select distinct "{column}" from marts."{table}"').fetchall():
                    if value is None or (isinstance(value, float) and math.isnan(value)):
                        continue
                    for d in range(5):
                        rounded[d].add(round(abs(float(value)), d))
    finally:
        con.close()
    return rounded


def pdf_text(path: Path) -> str:
    text = " ".join(page.extract_text() or "" for page in PdfReader(path).pages)
    return re.sub(r"\s+", " ", text.replace("\u2060", "").replace("\u00a0", " "))


def _flat(text: str) -> str:
    """Text without spaces and hyphens (a line may break at either; extraction may drop them)."""
    return re.sub(r"[\s\u00a0\u2060\-\u2010]", "", text)


@pytest.mark.parametrize("lang", catalogue_langs())
def test_every_number_in_sentences_and_tables_is_a_mart_value(report_files, mart_values, lang) -> None:
    found = parse(report_files[lang][1])
    assert len(found.sentences) >= 10 and len(found.cells) > 1000, "the report lost its text or tables"
    strays = []
    for where, texts in (("sentence", found.sentences), ("table", found.cells)):
        for text in texts:
            for value, decimals in numbers(text, lang):
                if round(value, decimals) not in mart_values[min(decimals, 4)]:
                    strays.append(f"{where}: {value} in {text[:90]!r}")
    assert not strays, f"{lang}: {len(strays)} numbers are no mart value, e.g. {strays[:5]}"


@pytest.mark.parametrize("lang", catalogue_langs())
def test_the_pdf_prints_the_generated_sentences(report_files, lang) -> None:
    pdf, html = report_files[lang]
    text = _flat(pdf_text(pdf))
    sentences = parse(html).sentences
    missing = [s for s in sentences if _flat(s) not in text]
    assert not missing, f"{lang}: {len(missing)} sentences not in the PDF, e.g. {missing[:2]}"


def test_a_change_within_its_interval_reads_unchanged_and_a_significant_one_does_not(
    report_files, report_release
) -> None:
    """The rule, checked on the release's own changes: every not-significant change of the latest
    wave is written with the catalogue's "unchanged" wording, every significant one without it."""
    con = duckdb.connect(str(report_release), read_only=True)
    try:
        rows = con.execute(
            "select c.indicator_code, i.name_en, c.is_significant, c.value from marts.fct_indicator_changes c "
            "join reference.ref_indicators i using (indicator_code) where c.weighting = 'unweighted' "
            "and c.year = (select max(year) from marts.fct_indicator_changes)"
        ).fetchall()
    finally:
        con.close()
    sentences = parse(report_files["en"][1]).sentences
    assert rows, "the release has no change to write about"
    for _, name, significant, value in rows:
        mine = [s for s in sentences if s.startswith((f"{name}:", f"{name} rose", f"{name} fell"))]
        assert mine, f"no sentence on the change of {name}"
        value_text = f"{value:+.2f}".replace("-", "−")
        assert any(value_text in s for s in mine), f"{name}: the value {value_text} is not in {mine}"
        assert all(
            ("unchanged" in s) != bool(significant) for s in mine if "since" in s or "rose" in s or "fell" in s
        ), f"{name} (significant={significant}): {mine}"
