"""The dashboard shows what it is given as text (issue 16 item 6).

The probe's links (``?year=[Data withdrawn](https://evil.example/login)``, a remote image, a
fake heading) reach the "the link asks for …" notices of every page; each notice must render as
literal text: no link, no image, no heading, the value itself readable. And the app refuses any
file that is not a published release, naming the file.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import duckdb
import pytest
from markdown_it import MarkdownIt
from streamlit.testing.v1 import AppTest

from streamlit_app.app import PAGES
from streamlit_app.plain_text import WORD_JOINER

APP = Path(__file__).resolve().parents[2] / "streamlit_app" / "app.py"
PROBES = (
    "[Data withdrawn](https://evil.example/login)",
    "![x](http://127.0.0.1:9/pixel.png)",
    "x\n\n# OFFICIAL: the index was withdrawn, see www.evil.example",
)
# every URL parameter a page reads (state.choice); pages ignore those they do not have
PARAMS = ("year", "indicator", "factor", "level", "q", "question", "share", "project", "pair", "change")
ACTIVE = re.compile(r"<(a|img|h[1-6]|script|iframe)\b", re.IGNORECASE)
SCHEME = re.compile(r"(?<!\\)://|(?i:\bwww\.)")
# anywhere on the page: no image, no top-level heading, no link that leaves the app (the
# figures' own titles are h4, the methodology page's deep links are relative: ./page?…)
FOREIGN = re.compile(r"<img\b|<h[1-3]\b|href=\"(?!\./)", re.IGNORECASE)


def rendered_text(markdown: str) -> tuple[str, str]:
    """(HTML, visible text) of a markdown string as CommonMark renders it."""
    out = MarkdownIt("commonmark").enable("strikethrough").render(markdown)
    return out, html.unescape(re.sub(r"<[^>]+>", "", out)).replace(WORD_JOINER, "")


def assert_literal(notice: str, probe: str) -> None:
    out, text = rendered_text(notice)
    assert not ACTIVE.search(out), f"notice renders markup: {out}"
    assert not SCHEME.search(notice), f"notice would autolink: {notice}"
    assert " ".join(probe.split()) in " ".join(text.split()), (probe, text)


def arrive(warehouse: Path, page: str, **params: str) -> AppTest:
    """A link opened afresh on ``page`` with ``params`` (the notices are shown on arrival)."""
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.query_params["lang"] = "en"
    for key, value in params.items():
        at.query_params[key] = value
    at.switch_page(f"views/{page}.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize("page", [p[0].removeprefix("views/").removesuffix(".py") for p in PAGES])
def test_url_values_render_as_literal_text_on_every_page(
    app_warehouse: Path, monkeypatch: pytest.MonkeyPatch, page: str
) -> None:
    monkeypatch.setenv("CPI_WAREHOUSE", str(app_warehouse))
    k = [p[0] for p in PAGES].index(f"views/{page}.py")
    probe = PROBES[k % len(PROBES)]
    at = arrive(app_warehouse, page, weighting=probe, **{p: probe for p in PARAMS})
    notices = [i.value for i in at.info if i.value.startswith("The link asks for")]
    assert notices, f"{page}: no notice about the link's values"
    for notice in notices:
        assert_literal(notice, probe)
    for block in [m.value for m in at.markdown] + [c.value for c in at.caption]:
        assert not FOREIGN.search(rendered_text(block)[0]), block


@pytest.mark.parametrize("probe", PROBES)
def test_an_unknown_weighting_is_quoted_literally(
    app_warehouse: Path, monkeypatch: pytest.MonkeyPatch, probe: str
) -> None:
    monkeypatch.setenv("CPI_WAREHOUSE", str(app_warehouse))
    notices = [i.value for i in arrive(app_warehouse, "overview", weighting=probe).info]
    assert len(notices) == 1
    assert_literal(notices[0], probe)


def _empty(tmp: Path) -> Path:
    path = tmp / "empty.duckdb"
    duckdb.connect(str(path)).close()
    return path


@pytest.mark.parametrize(
    ("make", "says"),
    [
        (lambda tmp: Path("/etc/passwd"), "not a DuckDB database file"),
        (_empty, "empty DuckDB file"),
    ],
    ids=["etc-passwd", "empty-duckdb"],
)
def test_a_file_that_is_not_a_release_is_refused_by_name(tmp_path: Path, monkeypatch, make, says: str) -> None:
    path = make(tmp_path)
    monkeypatch.setenv("CPI_WAREHOUSE", str(path))
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.run()
    assert not at.exception
    message = " ".join(e.value for e in at.error).replace("\\", "")
    assert str(path) in message and says in message
    assert not at.metric  # nothing of the file is shown
