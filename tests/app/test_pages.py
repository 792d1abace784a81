"""Every page opens against a built release, speaks the reader's language and shows the marts' numbers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from app_helpers import charts, headers, table_with

from streamlit_app.catalog import REPORT
from streamlit_app.labels import COLUMN_KINDS as COLUMNS
from streamlit_app.labels import YEAR_SUFFIX

PAGES = (
    "overview",
    "information",
    "indicators",
    "projects",
    "dynamics",
    "factors",
    "regions",
    "foreign",
    "concerns",
    "crosstab",
    "sample",
    "methodology",
)
INDICATORS = ["composite", "general", "geopolitical", "economic", "cultural"]
SNAKE = re.compile(r"^[a-z0-9]+(_[a-z0-9]+)+$")
CYRILLIC = re.compile(r"[а-яА-ЯёЁ]")
LATIN_OK = {"SHA-256", "·", "p", ""}


def _number(text: str) -> float:
    return float(text.replace("−", "-").replace("+", ""))


def _titles(node: object, out: list[str]) -> list[str]:
    """Every axis / legend / tooltip title in a Vega-Lite spec."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "title" and isinstance(value, str):
                out.append(value)
            elif key != "data" and key != "datasets":
                _titles(value, out)
    elif isinstance(node, list):
        for value in node:
            _titles(value, out)
    return out


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
@pytest.mark.parametrize("page", PAGES)
def test_every_page_speaks_people(open_page, marts, page: str, lang: str) -> None:
    at = open_page(page, lang=lang)
    synthetic = marts.execute("select count(*) from marts.dim_waves where is_synthetic").fetchone()[0]
    banners = [w.value for w in at.warning]
    assert bool(synthetic) == any(re.search("ynthetic|интетич|интетик", b) for b in banners)
    for column, header in headers(at):
        assert not SNAKE.match(header), f"{page}/{lang}: header {header!r} of {column}"
        assert column in COLUMNS or YEAR_SUFFIX.match(column), f"{page}: {column} has no label"
        if lang != "en" and header not in LATIN_OK:
            assert CYRILLIC.search(header), f"{page}: English header {header!r} in {lang} mode"
    for key, spec in charts(at).items():
        for title in _titles(spec, []):
            assert not SNAKE.match(title), f"{page}/{key}: chart title {title!r}"
            if lang != "en" and title not in LATIN_OK and re.search("[A-Za-z]{3}", title):
                assert CYRILLIC.search(title), f"{page}/{key}: English chart title {title!r}"
    if lang != "en":
        assert CYRILLIC.search(at.title[0].value)


def test_codes_only_when_asked(open_page) -> None:
    hidden = {c for c, _ in headers(open_page("indicators"))}
    shown = dict(headers(open_page("indicators", lang="ru", codes="1")))
    assert "item_code" not in hidden
    assert shown["item_code"] == "Вопрос — код"


# every report figure and table: the page with its parameters draws the figure
CATALOG_CASES = sorted({(page, tuple(sorted(params.items()))) for _, page, _, params in REPORT})


@pytest.mark.parametrize(("page", "params"), CATALOG_CASES)
def test_report_figures_are_drawn(open_page, page: str, params: tuple) -> None:
    at = open_page(page, **dict(params))
    drawn = charts(at)
    wanted = {key for _, p, key, q in REPORT if p == page and tuple(sorted(q.items())) == params}
    assert wanted <= set(drawn), f"{page} {params}: missing {wanted - set(drawn)}"
    assert not at.info or all("link" not in i.value for i in at.info)


def test_overview_metrics_equal_fct_indicators(open_page, marts) -> None:
    at = open_page("overview")
    year = marts.execute("select max(year) from marts.fct_indicators where not is_interpolated").fetchone()[0]
    expected = dict(
        marts.execute(
            "select indicator_code, value from marts.fct_indicators where year = ?",
            [year],
        ).fetchall()
    )
    shown = [_number(m.value) for m in at.metric]
    assert shown == pytest.approx([expected[c] for c in INDICATORS], abs=0.005)


def test_item_answers_equal_fct_item_scores(open_page, marts) -> None:
    at = open_page("indicators", indicator="cultural", year="2021", codes="1")
    expected = marts.execute(
        "select item_code, pct_positive, pct_negative, pct_neutral from marts.fct_item_scores "
        "where year = 2021 and indicator_code = 'cultural' order by item_code"
    ).df()
    shown = table_with(at, "item_code", "pct_positive").sort_values("item_code").reset_index(drop=True)
    assert shown["item_code"].tolist() == expected["item_code"].tolist()
    for col in ("pct_positive", "pct_negative", "pct_neutral"):
        assert shown[col].tolist() == pytest.approx(expected[col].tolist())
    texts = dict(marts.execute("select item_code, text_en from marts.dim_items").fetchall())
    assert shown["item"].tolist() == [texts[c] for c in shown["item_code"]]


def test_change_is_in_points_not_a_ratio(open_page, marts) -> None:
    """2023 vs 2021 as score differences (a ratio across a sign change would mislead)."""
    at = open_page("dynamics", indicator="cultural", codes="1")
    expected = dict(
        marts.execute(
            "select a.item_code, a.score - b.score from marts.fct_item_scores a join marts.fct_item_scores b "
            "using (item_code) where a.year = 2023 and b.year = 2021 and a.indicator_code = 'cultural'"
        ).fetchall()
    )
    shown = table_with(at, "item_code", "change", "score_2023")
    assert dict(zip(shown["item_code"], shown["change"])) == pytest.approx(expected)
    assert shown["change"].is_monotonic_decreasing


def test_deep_link_reproduces_the_regions_view(open_page, marts) -> None:
    at = open_page(
        "regions",
        lang="ru",
        year="2021",
        indicator="cultural",
        level="macro_region",
        codes="1",
    )
    assert at.session_state["w.regions.year"] == 2021
    assert at.session_state["w.regions.indicator"] == "cultural"
    expected = dict(
        marts.execute(
            "select geo_code, value from marts.fct_indicators_by_region "
            "where year = 2021 and geo_level = 'macro_region' and indicator_code = 'cultural'"
        ).fetchall()
    )
    shown = table_with(at, "geo_code", "value")
    assert dict(zip(shown["geo_code"], shown["value"])) == pytest.approx(expected)
    assert "2021" in " ".join(m.value for m in at.markdown)  # the figure titles name the year
    assert at.query_params["year"] == "2021"


def test_unknown_url_value_falls_back_with_a_notice(open_page, marts) -> None:
    at = open_page("regions", tables=False, year="1999", indicator="nonsense")
    latest = marts.execute("select max(year) from marts.fct_indicators_by_region").fetchone()[0]
    assert at.session_state["w.regions.year"] == latest
    assert at.session_state["w.regions.indicator"] == "composite"
    notices = " ".join(i.value for i in at.info)
    assert "1999" in notices and "nonsense" in notices


def test_map_scales_are_fixed(open_page) -> None:
    """The colour domain is −1…+1 for scores and 0…100 for shares whatever the data."""
    specs = charts(open_page("regions", year="2021", indicator="cultural"))
    score = specs["indicator_map"]["layer"][0]["encoding"]["color"]["scale"]
    share = specs["question_map"]["layer"][0]["encoding"]["color"]["scale"]
    assert score["domain"] == [-1, 1] and score["domainMid"] == 0
    assert share["domain"] == [0, 100]


def test_crosstab_row_and_column_shares(open_page, marts) -> None:
    params = {"q": "china_threat", "factor": "home_language", "year": "2023"}
    at = open_page("crosstab", share="col", codes="1", **params)
    rows = marts.execute(
        "select group_code, answer_code, n, pct, "
        "100.0 * n / sum(n) over (partition by answer_code) as col_pct "
        "from marts.fct_answer_distribution where year = 2023 and question_code = 'china_threat' "
        "and factor = 'home_language'"
    ).df()
    shown = table_with(at, "group_code", "answer_code", "row_pct", "col_pct", "n_base")
    merged = shown.merge(rows, on=["group_code", "answer_code"])
    assert len(merged) == len(rows)
    assert merged["row_pct"].tolist() == pytest.approx(merged["pct"].tolist())
    assert merged["col_pct_x"].tolist() == pytest.approx(merged["col_pct_y"].tolist())
    col_sums = shown.groupby("answer_code")["col_pct"].sum()  # every column adds up to 100
    assert col_sums.tolist() == pytest.approx([100.0] * len(col_sums))


def test_factor_indicators_equal_mart(open_page, marts) -> None:
    at = open_page("factors", factor="welfare", year="2023", codes="1")
    expected = marts.execute(
        "select group_code, indicator_code, value from marts.fct_indicators_by_group "
        "where year = 2023 and factor = 'welfare'"
    ).df()
    shown = table_with(at, "group_code", "indicator_code", "value")
    merged = shown.merge(expected, on=["group_code", "indicator_code"], suffixes=("", "_mart"))
    assert len(merged) == len(expected)
    assert merged["value"].tolist() == pytest.approx(merged["value_mart"].tolist())


def test_foreign_links_equal_mart(open_page, marts) -> None:
    at = open_page("foreign", codes="1")
    expected = marts.execute(
        "select country_code, links_one_way, links_two_way from marts.fct_friendly_country_links "
        "where year = (select max(year) from marts.fct_friendly_country_links) order by country_code"
    ).df()
    shown = table_with(at, "country_code", "links_two_way").sort_values("country_code")
    assert shown["links_two_way"].tolist() == expected["links_two_way"].tolist()
    assert shown["links_one_way"].tolist() == expected["links_one_way"].tolist()


def test_methodology_shows_build_and_synthetic_notice(open_page, marts) -> None:
    at = open_page("methodology")
    build_id, passed, total = marts.execute(
        "select build_id, tests_passed, tests_total from marts.build_info order by built_at desc limit 1"
    ).fetchone()
    values = [m.value for m in at.metric]
    assert str(build_id) in values
    assert f"{passed} / {total}" in values
    synthetic = [w for (w,) in marts.execute("select wave_id from marts.dim_waves where is_synthetic").fetchall()]
    notice = " ".join(e.value for e in at.error)
    assert all(w in notice for w in synthetic)


def test_methodology_lists_the_releases_revisions(open_page, marts) -> None:
    """The revisions section says what marts.release_revisions holds: none for a first build,
    else one row per revised wave (issue 15: a re-delivered file leaves a trace readers find)."""
    at = open_page("methodology")
    headers = [h.value for h in at.subheader]
    assert any("Revisions" in h for h in headers), headers
    (n,) = marts.execute("select count(*) from marts.release_revisions").fetchone()
    captions = " ".join(c.value for c in at.caption)
    if n == 0:
        assert "No wave was corrected, added or removed" in captions
    else:
        shown = [df.value for df in at.dataframe if "Revision" in df.value.columns]
        assert shown and len(shown[0]) == n


def test_crosstab_offers_every_question_in_words(open_page, marts) -> None:
    """Every question × subject of the mart is offered, each named by its wording, not its code."""
    at = open_page("crosstab", lang="ru")
    options = at.selectbox[0].options
    pairs = marts.execute(
        "select count(*) from (select distinct question_code, subject from marts.fct_answer_distribution)"
    ).fetchone()[0]
    assert len(options) == pairs
    subjects = [
        s
        for (s,) in marts.execute(
            "select distinct subject from marts.fct_answer_distribution where subject <> ''"
        ).fetchall()
    ]
    for subject in subjects:
        humanised = subject.replace("_", " ").capitalize()
        assert not any(o.endswith(humanised) for o in options), subject
    assert all(CYRILLIC.search(o) for o in options)


def test_selections_come_back_after_leaving_a_page(open_page) -> None:
    at = open_page("factors", factor="welfare", year="2021")
    at.switch_page("views/overview.py")
    at.run()
    assert "factor" not in at.query_params  # the overview's URL does not carry the factor
    at.switch_page("views/factors.py")
    at.run()  # no URL parameters this time: the session remembers the page's choices
    assert at.session_state["w.factors.factor"] == "welfare"
    assert at.session_state["w.factors.year"] == 2021
    assert at.query_params["factor"] == "welfare"


def test_methodology_offers_the_releases_report(open_page, app_warehouse) -> None:
    """Every report file written beside the published release is one download button."""
    import os

    folder = Path(os.path.realpath(app_warehouse)).parent
    files = sorted(p.name for p in folder.glob("report-*.*") if p.suffix in (".pdf", ".html"))
    at = open_page("methodology")
    buttons = [b for b in at.get("download_button") if str(b.key).startswith("report-")]
    assert len(buttons) == len(files) and files, f"report files {files}, buttons {len(buttons)}"
