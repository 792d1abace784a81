"""Each dashboard figure names its place in the report: a key of presentation/report_contents.csv
that the report's HTML carries as an anchor, linked from the figure's caption."""

from __future__ import annotations

import csv

import pytest
from app_helpers import charts

from cpi.report.blocks import Document, Figure, Table
from cpi.report.render_html import render
from presentation.report_refs import CONTENTS, contents_keys, href, keys_of
from streamlit_app.catalog import REPORT


def _rows() -> list[dict[str, str]]:
    with CONTENTS.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize(
    ("ref", "keys"),
    [
        ("Figure 5", ["figure-5"]),
        ("Table 13", ["table-13"]),
        ("Figure 1, Table 1", ["figure-1", "table-1"]),
        ("Tables 12, 13", ["table-12", "table-13"]),
        ("Figure 34, Table 38", ["figure-34", "table-38"]),
        ("Threat map", ["figure-question_map"]),
        (None, []),
        ("", []),
    ],
)
def test_a_reference_names_its_keys(ref, keys) -> None:
    assert keys_of(ref) == keys


def test_every_contents_row_has_one_key() -> None:
    rows = _rows()
    assert len(set(contents_keys())) == len(rows)
    numbered = {f"{r['kind']}-{r['number']}" for r in rows if r["number"]}
    assert numbered <= set(contents_keys())


def test_every_report_reference_of_the_dashboard_exists_in_the_report() -> None:
    """Both ways: each figure the dashboard maps to the report has keys that the report's
    contents hold, and every figure and table of the contents is somewhere in the dashboard."""
    named = {ref: keys_of(ref) for ref, *_ in REPORT}
    assert all(named.values()), [ref for ref, keys in named.items() if not keys]
    shown = {key for keys in named.values() for key in keys}
    assert shown <= set(contents_keys()), sorted(shown - set(contents_keys()))
    assert set(contents_keys()) <= shown, sorted(set(contents_keys()) - shown)


def test_the_html_report_anchors_each_figure_and_table_by_its_key() -> None:
    doc = Document(
        "ru",
        "t",
        "s",
        [],
        "",
        [Figure(5, "F", {}, "no data", key="figure-5"), Table(13, "T", ["a"], [["1"]], key="table-13")],
    )
    page = render(doc, {"figure": "Рисунок", "table": "Таблица"}, {}).decode()
    assert '<figure id="figure-5">' in page
    assert 'id="table-13">Таблица 13. T<' in page


@pytest.mark.parametrize(
    ("page", "params"),
    [("indicators", {"indicator": "economic"}), ("regions", {"question": "china_threat", "level": "macro_region"})],
)
def test_each_figure_on_a_page_carries_report_keys_of_the_contents(open_page, page, params) -> None:
    drawn = charts(open_page(page, tables=False, **params))
    wanted = {key: keys_of(ref) for ref, p, key, q in REPORT if p == page and q.items() <= params.items()}
    for key, spec in drawn.items():
        keys = spec["usermeta"]["report"]
        assert set(keys) <= set(contents_keys()), (key, keys)
        if key in wanted:
            assert set(wanted[key]) & set(keys), (key, keys, wanted[key])


def test_the_caption_links_the_figure_in_the_readers_report(open_page, monkeypatch) -> None:
    monkeypatch.setenv("CPI_REPORT_URL", "https://reports.example/cpi/")
    at = open_page("indicators", lang="ru", tables=False, indicator="economic")
    captions = " ".join(c.value for c in at.caption)
    assert f"]({href('https://reports.example/cpi/', 'ru', 'figure-5')})" in captions, captions
    assert "https://reports.example/cpi/report-ru.html#figure-5" in captions


def test_without_a_report_address_the_caption_only_names_the_figure(open_page, monkeypatch) -> None:
    monkeypatch.delenv("CPI_REPORT_URL", raising=False)
    at = open_page("indicators", lang="en", tables=False, indicator="economic")
    captions = " ".join(c.value for c in at.caption)
    assert "Report: Figure 5." in captions and "](" not in captions
