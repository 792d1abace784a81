"""Pieces every figure relies on: number formats, column labels, exports with their furniture."""

from __future__ import annotations

import pandas as pd
import pytest

from presentation import vl
from presentation.formats import fmt as presentation_fmt
from streamlit_app.figure import Figure, display_frame, export_spec, to_png, to_svg
from streamlit_app.formats import fmt
from streamlit_app.labels import column_kind, column_label


@pytest.mark.parametrize(
    ("value", "kind", "text"),
    [
        (0.391, "score", "+0.39"),
        (-0.0589, "score", "−0.06"),
        (0.08, "points", "+0.08"),
        (47.849, "share", "47.8 %"),
        (1616, "count", "1,616"),
        (12.9333, "ratio", "12.93"),
        (-3.54, "pp", "−3.5"),
        (None, "share", "—"),
        (float("nan"), "score", "—"),
    ],
)
def test_one_format_per_kind(value, kind, text) -> None:
    assert fmt(value, kind) == text


@pytest.mark.parametrize("lang", ["ru", "kk"])
@pytest.mark.parametrize(
    ("value", "kind", "text"),
    [
        (0.391, "score", "+0,39"),
        (-0.0589, "score", "−0,06"),
        (47.849, "share", "47,8 %"),
        (1616, "count", "1\u00a0616"),
        (12.9333, "ratio", "12,93"),
    ],
)
def test_locale_formats_from_cldr(lang, value, kind, text) -> None:
    """Russian and Kazakh write a decimal comma and group thousands with a (no-break) space."""
    assert presentation_fmt(value, kind, lang) == text


def test_labels_and_kinds() -> None:
    assert column_label("pct_positive") == "Positive, %"
    assert column_kind("pct_positive") == "share"
    assert column_label("score_2021") == "Score (−1…+1), 2021"
    assert column_kind("score_2021") == "score"
    assert column_label("item_code") == "Question — code"


def test_booleans_are_text_and_codes_hidden() -> None:
    shown = display_frame(pd.DataFrame({"item": ["A"], "item_code": ["a"], "is_small_base": [True]}))
    assert list(shown.columns) == ["item", "is_small_base"]
    assert shown["is_small_base"].tolist() == ["yes"]


def _figure() -> Figure:
    df = pd.DataFrame({"cat": ["Trade", "Agriculture"], "value": [82.9, 56.6]})
    df["lbl"] = df["value"].map(lambda v: fmt(v, "share"))
    return Figure(
        key="test",
        title="Support for cooperation by area",
        spec=vl.hbar(df, kind="share", value_title="Share of respondents, %", cat_title=""),
        table=df,
        question="Should Kazakhstan develop cooperation with China in …",
        base="Base: all respondents, n = 1,616",
        fieldwork="Fieldwork 5 Dec 2023 – 27 Dec 2023",
        source="Source: test release 42.",
        notes=["⚠ SYNTHETIC DEMO DATA"],
    )


def test_export_carries_title_question_base_and_source() -> None:
    spec = export_spec(_figure())
    assert spec["title"]["text"] == "Support for cooperation by area"
    assert "Base: all respondents, n = 1,616" in spec["title"]["subtitle"]
    footer = [row["t"] for row in spec["vconcat"][1]["data"]["values"]]
    assert footer == ["Source: test release 42.", "⚠ SYNTHETIC DEMO DATA"]
    assert spec["vconcat"][0]["width"] == 760  # no "container" width outside the browser


def test_png_and_svg_are_drawn_server_side() -> None:
    fig = _figure()
    png = to_png(fig)
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 5_000
    svg = to_svg(fig)
    for text in (
        "Support for cooperation by area",
        "n = 1,616",
        "Source: test release 42.",
        "82.9 %",
    ):
        assert text in svg


def test_every_report_figure_and_table_has_a_place() -> None:
    """The catalog and the docs table cover Figures 1–41, the threat map and Tables 1–38."""
    from pathlib import Path

    from streamlit_app.catalog import REPORT

    wanted = {f"Figure {k}" for k in range(1, 42)} | {f"Table {k}" for k in range(1, 39)}
    wanted.add("Threat map")
    assert {ref for ref, *_ in REPORT} == wanted
    docs = Path(__file__).resolve().parents[2] / "docs" / "dashboard.md"
    rows = [line for line in docs.read_text(encoding="utf-8").splitlines() if line.startswith("| ")]
    documented = {line.split("|")[1].strip() for line in rows}
    assert wanted <= documented
    assert not any("missing" in line.lower() for line in rows if line.split("|")[1].strip() in wanted)


def test_intervals_only_when_the_mart_gives_them() -> None:
    """v2 marts' ci_low / ci_high become error bars; without them nothing is invented."""
    df = pd.DataFrame({"cat": ["A", "B"], "value": [40.0, 60.0], "lbl": ["40.0 %", "60.0 %"]})

    def has_interval(spec: dict) -> bool:
        return any("ci_low" in str(layer.get("encoding", {})) for layer in spec["layer"])

    assert not has_interval(vl.hbar(df, kind="share", value_title="%", cat_title=""))
    with_ci = df.assign(ci_low=[35.0, 55.0], ci_high=[45.0, 65.0])
    assert has_interval(vl.hbar(with_ci, kind="share", value_title="%", cat_title=""))


def test_a_year_shows_its_annual_wave_then_the_latest() -> None:
    """The wave chosen for a year: annual before omnibus, then the later fieldwork (v1's rule)."""
    from streamlit_app.meta import Wave, choose

    def wave(wave_id: str, kind: str, start: str) -> Wave:
        ts = pd.Timestamp(start)
        return Wave(wave_id, ts.year, kind, ts, ts, 100, True)

    waves = [
        wave("omnibus_2023_02", "omnibus", "2023-02-06"),
        wave("cpi_2023_12", "annual", "2023-12-05"),
        wave("omnibus_2023_10", "omnibus", "2023-10-01"),
        wave("monthly_2024_01", "annual", "2024-01-10"),
        wave("monthly_2024_03", "annual", "2024-03-10"),
        wave("omnibus_2022_05", "omnibus", "2022-05-01"),
    ]
    chosen = {year: w.wave_id for year, w in choose(waves).items()}
    assert chosen == {
        2022: "omnibus_2022_05",
        2023: "cpi_2023_12",
        2024: "monthly_2024_03",
    }


@pytest.mark.parametrize(
    ("low", "high", "kind", "text"),
    [
        (0.367, 0.4047, "score", "+0.37 … +0.40"),
        (-0.0853, -0.0314, "score", "−0.09 … −0.03"),
        (36.4956, 41.9341, "share", "36.5 … 41.9 %"),
        (None, 0.4, "score", ""),
    ],
)
def test_interval_text(low, high, kind, text) -> None:
    from streamlit_app.uncertainty import interval_text

    assert interval_text(low, high, kind) == text
