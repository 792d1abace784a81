"""Charts speak the reader's number format: a chart defined once (presentation/) and drawn for
Russian or Kazakh writes the language's decimal and grouping signs on its axes, as Babel (CLDR)
gives them — in the dashboard (config.locale in the spec the browser draws) and in the report.

The expected signs are read from Babel here, never typed in."""

from __future__ import annotations

import re

import pandas as pd
import pytest
import vl_convert as vlc
from app_helpers import charts
from babel.numbers import format_decimal, get_decimal_symbol, get_group_symbol

from cpi.report.charts import to_svg
from presentation import vl

OTHER_LANGS = ["ru", "kk"]
TEXT = re.compile(r"<text[^>]*>([^<]*)</text>")


def _bars() -> dict:
    """A real figure definition (presentation.vl.hbar) over values that need a decimal sign on
    the axis (a ratio axis 0 … 2.4: ticks 0.2, 0.4 …) and a grouping sign (a count axis)."""
    frame = pd.DataFrame({"cat": ["a", "b", "c"], "value": [0.6, 1.5, 2.1], "lbl": ["", "", ""]})
    return vl.hbar(frame, kind="ratio", value_title="ratio", cat_title="")


def _counts() -> dict:
    frame = pd.DataFrame({"cat": ["a", "b"], "value": [1200.0, 5400.0], "lbl": ["", ""]})
    return vl.hbar(frame, kind="count", value_title="n", cat_title="")


def _ticks(svg: str) -> list[str]:
    return [t for t in TEXT.findall(svg) if re.search(r"\d", t)]


@pytest.mark.parametrize("lang", OTHER_LANGS)
def test_chart_config_carries_the_languages_signs_from_babel(lang: str) -> None:
    number = vl.config(lang)["locale"]["number"]
    assert number["decimal"] == get_decimal_symbol(lang)
    assert number["thousands"] == get_group_symbol(lang)
    assert number["decimal"] != get_decimal_symbol("en")  # the test means something for ru/kk


@pytest.mark.parametrize("lang", OTHER_LANGS)
def test_a_chart_drawn_for_the_language_writes_its_decimal_and_grouping_signs(lang: str) -> None:
    decimal, group = get_decimal_symbol(lang), get_group_symbol(lang)
    ticks = _ticks(vlc.vegalite_to_svg({**_bars(), "config": vl.config(lang)}))
    decimals = [t for t in ticks if not t.isdigit()]
    assert decimals, ticks
    assert all(decimal in t and "." not in t for t in decimals), ticks
    counts = _ticks(vlc.vegalite_to_svg({**_counts(), "config": vl.config(lang)}))
    assert format_decimal(1000, locale=lang) in counts, counts  # "1 000" with Babel's group sign
    assert all("," not in t for t in counts), counts
    assert group in format_decimal(1000, locale=lang)


def test_english_charts_keep_the_decimal_point() -> None:
    ticks = _ticks(vlc.vegalite_to_svg({**_bars(), "config": vl.config("en")}))
    assert any("." in t for t in ticks) and not any("," in t for t in ticks), ticks


@pytest.mark.parametrize("lang", OTHER_LANGS)
def test_the_report_draws_the_same_definition_with_the_same_signs(lang: str) -> None:
    """The report's SVG of the same definition (no config of its own) has the language's signs."""
    ticks = _ticks(to_svg(_bars(), lang))
    decimals = [t for t in ticks if not t.isdigit()]
    assert decimals and all(get_decimal_symbol(lang) in t for t in decimals), ticks


@pytest.mark.parametrize("lang", OTHER_LANGS)
def test_every_dashboard_chart_carries_the_readers_number_signs(open_page, lang: str) -> None:
    drawn = charts(open_page("indicators", lang=lang, tables=False))
    assert drawn
    for key, spec in drawn.items():
        number = spec["config"]["locale"]["number"]
        assert (number["decimal"], number["thousands"]) == (get_decimal_symbol(lang), get_group_symbol(lang)), key
